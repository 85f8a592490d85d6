"""The one entry point from a loaded corpus to everything the dashboard and the CLI show."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import activity, replies, sentiment, timeline
from .loaders import Corpus, LoadReport
from .schema import EXCLUDED_BY_DEFAULT


@dataclass
class Analysis:
    """A corpus with all analysis applied.

    ``comments`` has the contract's columns plus the enriched ones documented in
    ``docs/data-contract.md``; ``commenters`` is :func:`analytics.activity.commenter_activity`,
    ``replies`` :func:`analytics.replies.reply_edges` (one row per reply edge, with latency) and
    ``threads`` :func:`analytics.timeline.thread_summary`.

    ``comments`` keeps every loaded comment, flagged ones included (deleted, spam, pingbacks:
    ``analytics.schema.EXCLUDED_BY_DEFAULT``); the summaries leave flagged comments out unless
    ``enrich(..., include_flagged=True)``, as the dashboard's filters do by default.
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
           label_engine: str = "textblob", thresholds: sentiment.Thresholds | None = None,
           include_flagged: bool = False, progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Score sentiment, reconstruct replies and summarise commenters and threads.

    The same call serves the dashboard, the command line and notebooks, so all three show the
    same numbers. The corpus is not changed.

    ``progress(done, total)``, if given, follows the sentiment scoring, by far the longest step
    (:func:`analytics.sentiment.score_comments`: ``total`` English comments, ``(0, total)``
    first and ``(total, total)`` last); large corpora are scored on every core.

    Examples:
        >>> import analytics
        >>> result = analytics.enrich(analytics.load(analytics.SAMPLE))
        >>> result.commenters[["author", "comments"]].to_dict("records")[:2]
        [{'author': 'geha', 'comments': 3}, {'author': 'trueself', 'comments': 2}]
    """
    thresholds = thresholds or sentiment.Thresholds()
    scored = sentiment.score_comments(corpus.comments, engines=engines, label_engine=label_engine,
                                      thresholds=thresholds, progress=progress)
    # Replies are reconstructed over every comment, so an answer to a deleted post still
    # points at it; the summaries then count only what analysis keeps.
    replied = replies.reconstruct_replies(scored, articles=corpus.articles)
    flags = [f for f in EXCLUDED_BY_DEFAULT if f in replied.columns]
    flagged = replied[flags].fillna(False).any(axis=1).to_numpy(dtype=bool) if flags else None
    kept = replied if include_flagged or flagged is None or not flagged.any() else replied[~flagged]
    edges = replies.reply_edges(replied)
    if kept is not replied:  # a set, not pandas' isin, which is slow on Arrow strings
        kept_ids = set(kept["comment_id"].tolist())
        keep = np.fromiter((child in kept_ids for child in edges["child_id"].tolist()), dtype=bool, count=len(edges))
        edges = edges[keep].reset_index(drop=True)
    return Analysis(
        articles=corpus.articles.copy(),
        comments=replied,
        commenters=activity.commenter_activity(kept),
        replies=edges,
        threads=timeline.thread_summary(kept),
        report=corpus.report,
        settings={"engines": list(engines), "label_engine": label_engine, "thresholds": thresholds,
                  "include_flagged": include_flagged},
    )
