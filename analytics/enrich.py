"""The one entry point from a loaded corpus to everything the dashboard and the CLI show."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import activity, replies, sentiment, timeline
from .loaders import Corpus, LoadReport


@dataclass
class Analysis:
    """A corpus with all analysis applied.

    ``comments`` has the contract's columns plus the enriched ones documented in
    ``docs/data-contract.md``; ``commenters`` is :func:`analytics.activity.commenter_activity`,
    ``replies`` :func:`analytics.replies.reply_edges` (one row per reply edge, with latency) and
    ``threads`` :func:`analytics.timeline.thread_summary`.
    """
    articles: pd.DataFrame
    comments: pd.DataFrame
    commenters: pd.DataFrame
    replies: pd.DataFrame
    threads: pd.DataFrame
    report: LoadReport
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables ``python -m analytics export`` writes, by file stem."""
        return {"articles": self.articles, "comments": self.comments, "commenters": self.commenters,
                "replies": self.replies, "threads": self.threads}


def enrich(corpus: Corpus, *, engines: tuple[str, ...] = ("textblob", "vader"),
           label_engine: str = "textblob", thresholds: sentiment.Thresholds | None = None) -> Analysis:
    """Score sentiment, reconstruct replies and summarise commenters and threads.

    The same call serves the dashboard, the command line and notebooks, so all three show the
    same numbers. The corpus is not changed.

    Examples:
        >>> import analytics
        >>> result = analytics.enrich(analytics.load(analytics.SAMPLE))
        >>> result.commenters[["author", "comments"]].to_dict("records")[:2]
        [{'author': 'geha', 'comments': 3}, {'author': 'trueself', 'comments': 2}]
    """
    thresholds = thresholds or sentiment.Thresholds()
    scored = sentiment.score_comments(corpus.comments, engines=engines, label_engine=label_engine,
                                      thresholds=thresholds)
    replied = replies.reconstruct_replies(scored, articles=corpus.articles)
    return Analysis(
        articles=corpus.articles.copy(),
        comments=replied,
        commenters=activity.commenter_activity(replied),
        replies=replies.reply_edges(replied),
        threads=timeline.thread_summary(replied),
        report=corpus.report,
        settings={"engines": list(engines), "label_engine": label_engine, "thresholds": thresholds},
    )
