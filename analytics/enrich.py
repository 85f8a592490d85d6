"""The one entry point from a loaded corpus to everything the dashboard and the CLI show."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa

from .model.analysis import Analysis
from .model.corpus import Corpus
from .model.schema import flagged_rows
from .scoring import sentiment, toxicity
from .scoring.fastscore.parallel import PARALLEL_MIN_TEXTS, Progress, distinct_texts, map_chunks
from .threads import activity, replies, timeline

#: The toxicity model whose score ``enrich`` stores (one of ``analytics.scoring.toxicity.MODELS``).
TOXICITY_MODEL = "combined"
#: Separator of the reasons in ``toxicity_reasons`` (a reason is a word or a phrase, never holding it).
REASON_SEPARATOR = "; "


@cache
def toxicity_model_version() -> str:
    """The toxicity model in use: its name and the SHA-256 of its weights and lexicon (part of
    the cache key, so stored toxicity is never that of other weights)."""
    digest = hashlib.sha256(TOXICITY_MODEL.encode() + b"\0")
    for name in ("toxicity.npz", "toxicity_lexicon.tsv"):
        digest.update((resources.files("analytics.scoring") / "models" / name).read_bytes())
    return f"{TOXICITY_MODEL}-{digest.hexdigest()[:16]}"


def _toxicity_chunk(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Toxicity and joined reasons of English texts (module level: run in worker processes)."""
    scored = toxicity.toxicity_scores(pd.DataFrame({"text": texts, "language": "en"}), model=TOXICITY_MODEL)
    return scored["toxicity"].to_numpy(dtype="float64"), [REASON_SEPARATOR.join(r) for r in scored["toxicity_reasons"]]


def toxicity_columns(
    comments: pd.DataFrame,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    min_parallel: int = PARALLEL_MIN_TEXTS,
) -> pd.DataFrame:
    """``toxicity`` (float in [0, 1]) and ``toxicity_reasons`` (the words and phrases that drove
    it, joined by ``"; "``, strongest first; empty where none) of each comment, on the index of
    ``comments``.

    Only comments whose ``language`` is ``en`` are scored (as sentiment is); the others, empty
    ones included, get missing values in both, never 0. Identical texts are scored once, on
    every core for large inputs (:func:`analytics.scoring.fastscore.parallel.map_chunks`; ``workers``,
    ``progress`` and ``min_parallel`` as there).

    Examples:
        >>> comments = pd.DataFrame({"text": ["Shut up, you idiot.", "يسقط النظام", ""],
        ...                          "language": ["en", "ar", "empty"]})
        >>> out = toxicity_columns(comments)
        >>> out["toxicity"].notna().tolist(), out["toxicity_reasons"].tolist()
        ([True, False, False], ['shut up; idiot', nan, nan])
    """
    english = (comments["language"] == "en").to_numpy(dtype=bool)
    # Arrow strings stay Arrow and are picked where they lie (see distinct_texts): neither a
    # copy of the English texts nor a Python string per comment is made here.
    codes, distinct = distinct_texts(comments["text"], where=english)
    parts = map_chunks(_toxicity_chunk, distinct, workers=workers, progress=progress, min_parallel=min_parallel)
    scores = np.concatenate([p[0] for p in parts]) if parts else np.empty(0)
    reasons = np.array([r for p in parts for r in p[1]], dtype=object)
    values = np.full(len(comments), np.nan)
    values[english] = scores[codes]
    why = np.full(len(comments), np.nan, dtype=object)
    why[english] = reasons[codes]
    return pd.DataFrame({"toxicity": values, "toxicity_reasons": pd.array(why, dtype="str")}, index=comments.index)


#: The sentiment scoring's share of the scoring time in ``progress`` (toxicity takes the rest):
#: the two measured side by side on one core on the benchmark corpus (``bench/``), rounded up.
SENTIMENT_SHARE = 0.1


def _step(progress: Progress | None, start: float, share: float, total: int | None = None) -> Progress | None:
    """``progress`` for one scoring step: its own ``(done, of)`` drawn on ``[start, start + share]``
    of ``total`` (the step's own total where not given)."""
    if progress is None:
        return None

    def report(done: int, of: int) -> None:
        whole = of if total is None else total
        progress(int(whole * (start + share * (done / of if of else 1.0))), whole)

    return report


def enrich(
    corpus: Corpus,
    *,
    engines: tuple[str, ...] = ("textblob", "vader"),
    label_engine: str = "textblob",
    thresholds: sentiment.Thresholds | None = None,
    include_flagged: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Score sentiment and toxicity, reconstruct replies and summarise commenters and threads.

    The same call serves the dashboard, the command line and notebooks, so all three show the
    same numbers. The corpus is not changed.

    ``progress(done, total)``, if given, follows the scoring, by far the longest part: ``total``
    is the number of comments scored (English ones; emoji-only ones too where vader is chosen), ``done`` grows from 0 to it, through
    the sentiment scoring (:func:`analytics.scoring.sentiment.score_comments`, the first
    :data:`SENTIMENT_SHARE` of the way) and then the toxicity scoring (the rest); ``(0, total)``
    first, ``(total, total)`` last. Large corpora are scored on every core.

    Examples:
        >>> import analytics
        >>> result = analytics.enrich(analytics.load(analytics.SAMPLE))
        >>> result.commenters[["author", "comments"]].to_dict("records")[:2]
        [{'author': 'geha', 'comments': 3}, {'author': 'trueself', 'comments': 2}]
    """
    thresholds = thresholds or sentiment.Thresholds()
    scored = sentiment.score_comments(
        corpus.comments,
        engines=engines,
        label_engine=label_engine,
        thresholds=thresholds,
        progress=_step(progress, 0.0, SENTIMENT_SHARE),
    )
    # Arrow's allocator keeps what a step freed (the English texts copied, the distinct ones) for
    # reuse; handed back now, the next step's peak does not stack on it.
    pa.default_memory_pool().release_unused()
    flags = scored["language"].to_numpy(dtype=object)
    to_score = int(np.logical_or.reduce([sentiment.scored_rows(sentiment.ENGINES[e], flags) for e in engines]).sum())
    toxic = toxicity_columns(scored, progress=_step(progress, SENTIMENT_SHARE, 1.0 - SENTIMENT_SHARE, to_score))
    pa.default_memory_pool().release_unused()
    if progress is not None:
        progress(to_score, to_score)
    # by position: the corpus's index may repeat labels
    scored = scored.assign(toxicity=toxic["toxicity"].to_numpy(), toxicity_reasons=toxic["toxicity_reasons"].array)
    # Replies are reconstructed over every comment, so an answer to a deleted post still
    # points at it; the summaries then count only what analysis keeps.
    replied = replies.reconstruct_replies(scored, articles=corpus.articles)
    flagged = flagged_rows(replied)
    kept = replied if include_flagged or not flagged.any() else replied[~flagged]
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
        settings={
            "engines": list(engines),
            "label_engine": label_engine,
            "thresholds": thresholds,
            "include_flagged": include_flagged,
        },
    )
