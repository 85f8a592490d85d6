"""The dashboard's global filters applied the same way everywhere: which comments pass
(:func:`filter_mask`) and the filtered views of an analysis (:func:`apply_filters`).

The settings themselves, each described once, are :class:`~analytics.views.settings.Filters`
(re-exported here); how to add one is told in :mod:`analytics.views.settings`. Their URL query
string and their descriptions are in :mod:`analytics.views.codec`.

The filtering rule
------------------
1. **Filter comments.** A comment passes when it passes every filter that is set (see each
   field's help). Settings left at their default filter nothing: unscored or undated comments
   are kept until a sentiment or time range is narrowed or a minimum toxicity above 0 is set,
   since they cannot be placed in one (a comment without a toxicity score never reaches a
   threshold).
2. **Recompute from the comments that pass.** ``commenters`` and ``threads`` are recomputed
   from the filtered comments (so "only geha" shows 3 comments everywhere: in activity, in
   volumes, in threads). ``replies`` keeps the reply edges whose *child* comment passes: the
   parent may be filtered out, and the edge keeps its parent author and latency as analysed on
   the whole corpus. Counts that look at the other side of an edge (``replies_received`` in
   ``commenters``) therefore count only replies that pass the filters.
3. ``articles`` keeps the articles chosen by the article filter (all when none is chosen),
   whether or not any of their comments pass the other filters.

Comments flagged deleted, spam or pingback (``analytics.model.schema.EXCLUDED_BY_DEFAULT``) are left
out unless ``include_flagged`` is set; then their reply edges are rebuilt if the analysis
(``enrich(include_flagged=False)``, the default) left them out of ``replies``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns import mapped
from ..columns.arrow_keys import is_in
from ..model.analysis import Analysis, FilteredAnalysis, _rows_of, _ViewColumns
from ..model.checks import require_columns
from ..model.schema import EXCLUDED_BY_DEFAULT, flagged_rows
from ..scoring.sentiment import ENGINES
from ..threads import replies
from .keys import CommentKeys, commenters_passing, keep_keys, keys_of, threads_passing
from .settings import Filters

__all__ = [
    "Filters",
    "FilteredAnalysis",
    "apply_filters",
    "comment_column_names",
    "comment_columns",
    "comment_count",
    "contiguous",
    "for_views",
    "filter_mask",
    "reply_columns",
    "reply_count",
    "with_comments",
]


def _score_column(engine: str) -> str:
    """The score column the sentiment range reads for ``engine`` (its label column)."""
    if engine in ENGINES:
        return ENGINES[engine].label_column
    raise ValueError(f"unknown sentiment engine {engine!r}; registered: {sorted(ENGINES)}")


def _required(filters: Filters) -> list[str]:
    needed = ["comment_id", "article_id", "author", "timestamp", "text", "is_guest"]
    if filters.sentiment != (-1.0, 1.0):
        needed.append(_score_column(filters.engine))
    if filters.min_toxicity > 0:
        needed.append("toxicity")
    if not filters.include_flagged:
        needed += list(EXCLUDED_BY_DEFAULT)
    return needed


def filter_mask(comments: pd.DataFrame, filters: Filters) -> pd.Series:
    """Boolean Series over ``comments``: True for the comments that pass ``filters``.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2"], "article_id": "a",
        ...     "author": ["geha", "realist"], "is_guest": [False, True], "text": ["Yes", "no WAY"],
        ...     "timestamp": pd.to_datetime(["2013-02-20 18:18", None]),
        ...     "is_deleted": False, "is_spam": False, "is_pingback": False})
        >>> filter_mask(comments, Filters(search="way")).tolist()
        [False, True]
        >>> filter_mask(comments, Filters(start=pd.Timestamp("2013-02-20"))).tolist()
        [True, False]
    """
    require_columns(comments, _required(filters), what="filter_mask")
    # One rule per setting of the table (analytics.views.settings.SETTINGS), in its order: a new setting adds its own.
    mask = np.ones(len(comments), dtype=bool)
    if filters.articles:
        mask &= comments["article_id"].isin(filters.articles).to_numpy()
    if filters.commenters:
        mask &= comments["author"].isin(filters.commenters).to_numpy()
    if filters.start is not None or filters.end is not None:
        stamps = comments["timestamp"]
        inside = stamps.notna()
        if filters.start is not None:
            inside &= stamps >= pd.Timestamp(filters.start)
        if filters.end is not None:
            inside &= stamps <= pd.Timestamp(filters.end)
        mask &= inside.fillna(False).to_numpy(dtype=bool)
    if filters.sentiment != (-1.0, 1.0):
        score = comments[_score_column(filters.engine)].astype("float64")
        low, high = filters.sentiment
        mask &= ((score >= low) & (score <= high)).fillna(False).to_numpy(dtype=bool)
    if filters.min_toxicity > 0:
        # A missing score (not English, or empty) is never >= the threshold: left out.
        mask &= comments["toxicity"].to_numpy(dtype="float64", na_value=np.nan) >= filters.min_toxicity
    if filters.search:
        mask &= comments["text"].str.contains(filters.search, case=False, regex=False, na=False).to_numpy(dtype=bool)
    if filters.status != "all":
        guest = comments["is_guest"].astype(bool).to_numpy()
        mask &= guest if filters.status == "guest" else ~guest
    if not filters.include_flagged:
        mask &= ~flagged_rows(comments)
    return pd.Series(mask, index=comments.index, name="passes")


def _one_chunk(frame: pd.DataFrame, *, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    columns = {}
    for name in frame.columns.difference(keep, sort=False):
        array = frame[name].array
        chunked = getattr(array, "_pa_array", None)  # Arrow-backed (strings, lists)
        if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 1:
            columns[name] = pd.Series(
                pd.array(chunked.combine_chunks(), dtype=frame[name].dtype), index=frame.index, name=name
            )
    return frame.assign(**columns) if columns else frame


def contiguous(analysis: Analysis, *, pieces_kept: tuple[str, ...] = ()) -> Analysis:
    """The same analysis with each Arrow-backed column in one piece (values, dtypes and index
    unchanged), but the comment columns named in ``pieces_kept``.

    Columns read from Parquet come in many chunks, and Arrow takes a few rows of a chunked
    column many times slower than of one piece (docs/performance.md#views-and-serving-memory).
    Done once per analysis, it makes every filter change cheaper. Joining
    holds a column twice for a while: columns that are taken a few rows at a time piece by piece
    (as :func:`comment_columns` does) may be worth keeping in their pieces.

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> result = enrich(analytics.load(analytics.SAMPLE))
        >>> contiguous(result).comments.equals(result.comments)
        True
    """
    tables = ("articles", "comments", "commenters", "replies", "threads")
    return dataclasses.replace(
        analysis,
        **{
            name: _one_chunk(getattr(analysis, name), keep=pieces_kept if name == "comments" else ()) for name in tables
        },
    )


#: How a served analysis holds its few-valued string columns: Python strings, so that a view
#: takes one pointer per comment and equal values share one object.
PYTHON_STRINGS = pd.StringDtype("python", na_value=np.nan)
#: Columns held as Python strings in a served analysis: few distinct values, and never a key
#: that ``analytics.columns.arrow_keys`` looks up (that wants Arrow strings). Not the text: see :func:`for_views`;
#: nor one a corpus directory maps (``avatar``, ``toxicity_reasons``, ``quotes_article``: pages read a few rows).
PYTHON_STRING_COLUMNS = ("avatar", "language", "sentiment_label", "toxicity_reasons", "reply_method", "quotes_article")


def _python_strings(column: pd.Series) -> pd.Series:
    chunked = getattr(column.array, "_pa_array", None)
    if chunked is None or column.dtype == PYTHON_STRINGS:
        return column.astype(PYTHON_STRINGS)
    return pd.Series(_distinct_objects(chunked), index=column.index, name=column.name, dtype=PYTHON_STRINGS)


def _distinct_objects(chunked: pa.ChunkedArray) -> np.ndarray:
    """The values as an object array holding one Python string per distinct value (NaN where missing).

    Not ``to_pandas(deduplicate_objects=True)``: under pandas 3 it hands back Arrow strings,
    whose ``to_numpy`` makes a string per row, not one per distinct value.
    """
    encoded = chunked.combine_chunks().dictionary_encode()
    distinct = np.asarray(encoded.dictionary.to_pylist() + [np.nan], dtype=object)
    codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy()
    return distinct[codes]


def _shared_lists(column: pd.Series) -> pd.Series:
    """``column`` (lists, or missing values) with equal lists held once: one object per distinct list."""
    distinct: dict[tuple, list] = {}
    values = np.empty(len(column), dtype=object)
    values[:] = [distinct.setdefault(tuple(v), v) if isinstance(v, list) else v for v in column.to_numpy()]
    return pd.Series(values, index=column.index, name=column.name, dtype=column.dtype)


def for_views(analysis: Analysis, *, search_text: pa.ChunkedArray | None = None) -> Analysis:
    """The same analysis laid out for many filtered views (:func:`apply_filters`): what the
    dashboard holds. Values and index are unchanged; the few-valued string columns
    (:data:`PYTHON_STRING_COLUMNS`) are held as Python strings, and the keys the views need
    are made now.

    Equal lists of ``mentions`` are held once (most comments mention nobody): a list of a
    served analysis may be shared by many rows, so a caller edits it by replacing it, never in place.

    The text stays as it is: Arrow strings as read (a third less memory than Python strings,
    and what the search filter reads: ``keys_of(served).text``), or Python strings, made into
    Arrow strings for the search on the first search. A view takes a column of its comments
    only when asked (:func:`comment_columns`), and pages take the text of the rows they show,
    so a view of a million comments never copies every text. ``search_text`` gives the Arrow
    text of an analysis derived from a served one row for row whose text is Python strings.

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> result = enrich(analytics.load(analytics.SAMPLE))
        >>> served = for_views(result)
        >>> served.comments["text"].tolist() == result.comments["text"].tolist(), served.comments["text"].dtype == "str"
        (True, True)
    """
    comments = analysis.comments
    if search_text is not None and len(search_text) != len(comments):
        raise ValueError(f"search_text holds {len(search_text):,} texts for {len(comments):,} comments")
    # A column mapped from its file (analytics.columns.mapped) stays there: pages read a few of its rows.
    held = {
        name: _python_strings(comments[name])
        for name in PYTHON_STRING_COLUMNS
        if name in comments
        and pd.api.types.is_string_dtype(comments[name].dtype)
        and not mapped.is_mapped(comments[name])
    }
    if "mentions" in comments and comments["mentions"].dtype == object:
        # A list per comment is an object the garbage collector walks on every full collection
        # (the dashboard runs one per new view); most are empty or repeat, so they are shared.
        held["mentions"] = _shared_lists(comments["mentions"])
    # The comments stay in their pieces: joining them would hold them twice for a while, at the
    # dashboard's peak of memory, and views take their rows piece by piece (comment_columns).
    # The summaries are joined.
    laid = contiguous(
        dataclasses.replace(analysis, comments=comments.assign(**held)), pieces_kept=tuple(comments.columns)
    )
    keep_keys(laid, search_text)
    # The pieces joined and the columns replaced are freed; hand their memory back to the system
    # (Arrow's allocator keeps it for reuse otherwise: most of a GB for a million comments).
    pa.default_memory_pool().release_unused()
    return laid


def apply_filters(analysis: Analysis, filters: Filters) -> Analysis:
    """A new :class:`~analytics.enrich.Analysis` holding only what passes ``filters``.

    Follows the module's filtering rule: comments are filtered, then ``commenters`` and
    ``threads`` are recomputed from them and ``replies`` keeps the edges whose child comment
    passes. ``settings["filters"]`` records ``filters``. The input is not changed.

    ``commenters``, ``replies`` and ``threads`` of a narrowed view are made when first read (a
    page that shows none of them never pays for them); the result is the same either way.

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> result = apply_filters(enrich(analytics.load(analytics.SAMPLE)), Filters(commenters=("geha",)))
        >>> len(result.comments), result.commenters["comments"].tolist(), int(result.threads["size"].sum())
        (3, [3], 3)
    """
    require_columns(analysis.replies, ("child_id",), what="apply_filters (replies)")
    keys = keys_of(analysis)
    mask = _passing(analysis.comments, filters, keys)
    articles = analysis.articles
    if filters.articles:
        articles = articles[articles["article_id"].isin(filters.articles)]
    settings = {**analysis.settings, "filters": filters}
    flagged = bool(flagged_rows(analysis.comments).any())
    summarised_flagged = bool(analysis.settings.get("include_flagged", False))
    edges = analysis.replies
    if filters.include_flagged and flagged and not summarised_flagged:
        # The analysis left flagged comments out of its edges: rebuild them over every comment.
        edges = replies.reply_edges(analysis.comments)
    if mask.all() and (not flagged or summarised_flagged):
        # Everything passes and the summaries were made from exactly these comments. Shallow
        # copies: pandas' copy-on-write copies a frame's data only when one side changes it,
        # so the caller may edit these without touching the input (a deep copy of a million
        # comments would cost a second and their memory again).
        return Analysis(
            articles=articles.reset_index(drop=True),
            comments=analysis.comments.copy(deep=False),
            commenters=analysis.commenters.copy(deep=False),
            replies=analysis.replies.copy(deep=False),
            threads=analysis.threads.copy(deep=False),
            report=analysis.report,
            settings=settings,
        )
    positions = np.flatnonzero(mask)
    columns = _ViewColumns(analysis.comments, positions)  # the input is not changed: columns are taken, not cut
    if edges is analysis.replies:
        passing = (keys.children >= 0) & mask[np.maximum(keys.children, 0)]
    else:
        passing = is_in(edges["child_id"], columns.frame(["comment_id"])["comment_id"])
    links = np.flatnonzero(passing)
    reply_columns_ = _ViewColumns(edges, links, index=pd.RangeIndex(len(links)))
    return FilteredAnalysis(
        articles=articles.reset_index(drop=True),
        comments=lambda: columns.frame(analysis.comments.columns),
        commenters=lambda: commenters_passing(columns, keys, mask, positions),
        replies=lambda: reply_columns_.frame(edges.columns),
        threads=lambda: threads_passing(columns, keys, mask, positions),
        report=analysis.report,
        settings=settings,
        columns=columns,
        reply_columns=reply_columns_,
    )


def _passing(comments: pd.DataFrame, filters: Filters, keys: CommentKeys) -> np.ndarray:
    """:func:`filter_mask` of an analysis's comments, searched in the Arrow text kept in its keys.

    The search ignores case by pandas' rules (``text.CaseSearch``), not Arrow's own: Arrow's
    folds "ß", "ı" or the Kelvin sign otherwise, and the dashboard would then keep other
    comments than a notebook's ``filter_mask`` for the same search.
    """
    if not filters.search or keys.text is None:
        return filter_mask(comments, filters).to_numpy()
    searched = keys.search_marks.contains(keys.text, filters.search, originals=comments["text"])
    return filter_mask(comments, filters.replace(search="")).to_numpy() & searched


def comment_columns(analysis: Analysis, columns: Sequence[str], *, rows: np.ndarray | None = None) -> pd.DataFrame:
    """``analysis.comments[columns]`` (``.take(rows)`` when ``rows`` are given: positions among
    the comments), without the other columns of a view's comments being made.

    Pages and analytics that read a few columns of a large view ask for them here: a view made
    by :func:`apply_filters` takes only these from the analysis it was cut from, and keeps them
    for the next caller (except when ``rows`` are given: a few rows are taken for the caller
    alone). Unknown columns raise ``KeyError``, as ``comments[columns]`` does.

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> view = apply_filters(enrich(analytics.load(analytics.SAMPLE)), Filters(commenters=("geha",)))
        >>> comment_columns(view, ["author", "polarity"]).equals(view.comments[["author", "polarity"]])
        True
        >>> comment_columns(view, ["author"], rows=[2, 0]).index.equals(view.comments.index[[2, 0]])
        True
    """
    return _columns_of(analysis, "comments", columns, None if rows is None else np.asarray(rows, dtype=np.intp))


def comment_count(analysis: Analysis) -> int:
    """``len(analysis.comments)``, without a view's comments being made."""
    held = _unmade(analysis, "comments")
    return len(analysis.comments) if held is None else len(held)


def comment_column_names(analysis: Analysis) -> pd.Index:
    """``analysis.comments.columns``, without a view's comments being made."""
    held = _unmade(analysis, "comments")
    return analysis.comments.columns if held is None else held.names


def reply_columns(analysis: Analysis, columns: Sequence[str]) -> pd.DataFrame:
    """``analysis.replies[columns]``, without the other columns of a view's replies being made
    (as :func:`comment_columns` for the comments).

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> view = apply_filters(enrich(analytics.load(analytics.SAMPLE)), Filters(commenters=("geha",)))
        >>> reply_columns(view, ["child_author", "latency"]).equals(view.replies[["child_author", "latency"]])
        True
    """
    return _columns_of(analysis, "replies", columns)


def reply_count(analysis: Analysis) -> int:
    """``len(analysis.replies)``, without a view's replies being made."""
    held = _unmade(analysis, "replies")
    return len(analysis.replies) if held is None else len(held)


def _unmade(analysis: Analysis, table: str) -> _ViewColumns | None:
    """The columns a view hands out of its frame ``table`` while that frame is not made; None otherwise."""
    held = getattr(analysis, "_view_columns", {}).get(table)
    return held if held is not None and callable(analysis.__dict__.get(table)) else None


def _columns_of(analysis: Analysis, table: str, columns: Sequence[str], rows: np.ndarray | None = None) -> pd.DataFrame:
    columns = list(columns)
    held = _unmade(analysis, table)
    if held is None:
        chosen = getattr(analysis, table)[columns]
        return chosen if rows is None else _rows_of(chosen, rows)
    unknown = [c for c in columns if c not in held.names]
    if unknown:
        raise KeyError(f"{unknown} not in the {table}' columns")
    return held.frame(columns, rows)


def with_comments(analysis: Analysis, comments: pd.DataFrame) -> Analysis:
    """``analysis`` with ``comments`` in place of its comments and the rest as it is, like
    ``dataclasses.replace(analysis, comments=comments)``, but the commenters, replies and
    threads of a view not read yet are left to be made when read: ``replace`` makes them all
    (a third of a GB for a view of a million comments), even when only the comments are read
    (a sample of a view, say).

    Examples:
        >>> import analytics
        >>> from analytics.enrich import enrich
        >>> view = apply_filters(enrich(analytics.load(analytics.SAMPLE)), Filters(sentiment=(0, 1)))
        >>> few = with_comments(view, view.comments.head(2))
        >>> len(few.comments), few.threads.equals(view.threads)
        (2, True)
    """
    if not isinstance(analysis, FilteredAnalysis):
        return dataclasses.replace(analysis, comments=comments)
    given = {
        f.name: analysis.__dict__[f.name]
        if f.name in ("commenters", "replies", "threads")
        else getattr(analysis, f.name)
        for f in dataclasses.fields(analysis)
        if f.name != "comments"
    }
    return FilteredAnalysis(**{**given, "comments": comments}, reply_columns=analysis._view_columns["replies"])
