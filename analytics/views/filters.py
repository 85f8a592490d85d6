"""The dashboard's global filters: one frozen :class:`Filters`, applied the same way everywhere.

Every setting has its default, its help text and its URL query key in one place (the field's
metadata), so the sidebar, the URL, the report command and the tests read the same definition.

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
import math
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from ..threads import activity, replies, timeline
from ..columns import mapped
from ..model.checks import require_columns
from ..columns.arrow_keys import codes, is_in, row_positions, taken_column
from ..model.analysis import Analysis, FilteredAnalysis, _rows_of, _ViewColumns
from ..model.schema import EXCLUDED_BY_DEFAULT, flagged_rows
from ..scoring.sentiment import ENGINES
from ..model.text import CaseSearch

__all__ = ["Filters", "FilteredAnalysis", "STATUSES", "apply_filters", "comment_column_names", "comment_columns",
           "comment_count", "contiguous", "for_views", "filter_mask", "filters_to_query", "filters_from_query",
           "help_text", "query_key", "describe_filters", "reply_columns", "reply_count", "with_comments"]

#: Values of :attr:`Filters.status`.
STATUSES: tuple[str, ...] = ("all", "guest", "registered")

def _setting(default, *, help: str, query: str):
    return field(default=default, metadata={"help": help, "query": query})


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. The defaults select everything (except flagged comments).

    Examples:
        >>> Filters()
        Filters(articles=(), commenters=(), start=None, end=None, sentiment=(-1.0, 1.0), engine='textblob', min_toxicity=0.0, search='', status='all', include_flagged=False)
        >>> Filters(commenters=("geha",)).is_default
        False
    """
    articles: tuple[str, ...] = _setting(
        (), query="article",
        help="Only comments under these articles (all articles when none is chosen).")
    commenters: tuple[str, ...] = _setting(
        (), query="commenter",
        help="Only comments written by these commenters, by the name shown (everyone when none is chosen).")
    start: datetime | None = _setting(
        None, query="from",
        help="Only comments posted at or after this time. Once a time range is set, comments "
             "without a timestamp are left out.")
    end: datetime | None = _setting(
        None, query="to",
        help="Only comments posted at or before this time. Once a time range is set, comments "
             "without a timestamp are left out.")
    sentiment: tuple[float, float] = _setting(
        (-1.0, 1.0), query="sentiment",
        help="Only comments whose score from the chosen engine lies in this range, ends included. "
             "At the full range [-1, 1] nothing is filtered; a narrower range leaves out comments "
             "without a score (not English, or empty).")
    engine: str = _setting(
        "textblob", query="engine",
        help="The sentiment engine whose score the sentiment range applies to and the charts "
             "show first (textblob: polarity; vader: compound score).")
    min_toxicity: float = _setting(
        0.0, query="toxicity",
        help="Only comments whose toxicity (0 harmless to 1 toxic) is at least this. At 0 nothing is "
             "filtered; above 0, comments without a toxicity score (not English, or empty) are left out.")
    search: str = _setting(
        "", query="q",
        help="Only comments whose text contains this text, ignoring case (plain text, not a pattern).")
    status: str = _setting(
        "all", query="who",
        help="all; guest: only comments posted as guest (unregistered); registered: only comments "
             "by registered users.")
    include_flagged: bool = _setting(
        False, query="flagged",
        help="Include comments the input marks deleted, spam or pingback (left out by default).")

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles", tuple(self.articles))
        object.__setattr__(self, "commenters", tuple(self.commenters))
        low, high = (float(v) for v in self.sentiment)
        if math.isnan(low) or math.isnan(high) or low > high:
            raise ValueError(f"sentiment range must be (low, high) with low <= high, got {self.sentiment}")
        object.__setattr__(self, "sentiment", (low, high))
        toxicity = float(self.min_toxicity)
        if not 0.0 <= toxicity <= 1.0:  # NaN fails too
            raise ValueError(f"min_toxicity must be in [0, 1], got {self.min_toxicity}")
        object.__setattr__(self, "min_toxicity", toxicity)
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, pd.Timestamp(value).to_pydatetime())
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered beyond the default exclusion of flagged comments."""
        return self == Filters()

    def replace(self, **changes) -> "Filters":
        """A copy with ``changes`` applied."""
        return replace(self, **changes)


def help_text(name: str) -> str:
    """The help text of the setting called ``name``.

    Examples:
        >>> help_text("search")
        'Only comments whose text contains this text, ignoring case (plain text, not a pattern).'
    """
    return _field(name).metadata["help"]


def query_key(name: str) -> str:
    """The URL query key of the setting called ``name``.

    Examples:
        >>> query_key("commenters")
        'commenter'
    """
    return _field(name).metadata["query"]


def _field(name: str):
    for f in fields(Filters):
        if f.name == name:
            return f
    raise ValueError(f"no filter setting named {name!r}; settings: {[f.name for f in fields(Filters)]}")


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
        mask &= comments["text"].str.contains(filters.search, case=False, regex=False, na=False) \
            .to_numpy(dtype=bool)
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
            columns[name] = pd.Series(pd.array(chunked.combine_chunks(), dtype=frame[name].dtype), index=frame.index,
                                      name=name)
    return frame.assign(**columns) if columns else frame


def contiguous(analysis: Analysis, *, pieces_kept: tuple[str, ...] = ()) -> Analysis:
    """The same analysis with each Arrow-backed column in one piece (values, dtypes and index
    unchanged), but the comment columns named in ``pieces_kept``.

    Columns read from Parquet come in many chunks, and Arrow takes a few rows of a chunked
    column many times slower than of one piece (25 ms instead of 0.4 for 1,000 texts of a
    million comments). Done once per analysis, it makes every filter change cheaper. Joining
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
    return dataclasses.replace(analysis, **{name: _one_chunk(getattr(analysis, name),
                                                             keep=pieces_kept if name == "comments" else ())
                                            for name in tables})


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
    whose ``to_numpy`` makes a string per row (70 MB per column of a million comments, not 8).
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
    held = {name: _python_strings(comments[name]) for name in PYTHON_STRING_COLUMNS
            if name in comments and pd.api.types.is_string_dtype(comments[name].dtype)
            and not mapped.is_mapped(comments[name])}
    if "mentions" in comments and comments["mentions"].dtype == object:
        # A list per comment is a million objects the garbage collector walks on every full
        # collection (0.1 s each, and the dashboard runs one per new view); most are empty or repeat.
        held["mentions"] = _shared_lists(comments["mentions"])
    # The comments stay in their pieces: joining them would hold them twice for a while (half a GB
    # more at the dashboard's peak of memory for a million comments), and views take their rows
    # piece by piece (comment_columns). The summaries are joined.
    laid = contiguous(dataclasses.replace(analysis, comments=comments.assign(**held)),
                      pieces_kept=tuple(comments.columns))
    _remember(laid, _made_keys(laid, search_text))
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
        return Analysis(articles=articles.reset_index(drop=True), comments=analysis.comments.copy(deep=False),
                        commenters=analysis.commenters.copy(deep=False), replies=analysis.replies.copy(deep=False),
                        threads=analysis.threads.copy(deep=False), report=analysis.report, settings=settings)
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
        commenters=lambda: _commenters_passing(columns, keys, mask, positions),
        replies=lambda: reply_columns_.frame(edges.columns),
        threads=lambda: _threads_passing(columns, keys, mask, positions),
        report=analysis.report,
        settings=settings,
        columns=columns,
        reply_columns=reply_columns_,
    )


def _passing(comments: pd.DataFrame, filters: Filters, keys: "CommentKeys") -> np.ndarray:
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


def _unmade(analysis: Analysis, table: str) -> "_ViewColumns | None":
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
    given = {f.name: analysis.__dict__[f.name] if f.name in ("commenters", "replies", "threads")
             else getattr(analysis, f.name) for f in dataclasses.fields(analysis) if f.name != "comments"}
    return FilteredAnalysis(**{**given, "comments": comments}, reply_columns=analysis._view_columns["replies"])


@dataclasses.dataclass(frozen=True)
class CommentKeys:
    """Integer codes of an analysis's comments (one per comment, -1 where missing), made once.

    A filter change then recomputes the commenters and threads of the comments that pass from
    slices of these codes, with no hashing or sorting of id strings (seconds for a million).
    """
    parent: np.ndarray  #: position of the comment's ``reply_to`` among the comments
    threads: np.ndarray  #: index into ``thread_ids`` (sorted)
    thread_ids: object
    articles: np.ndarray  #: index into ``article_ids`` (sorted)
    article_ids: object
    authors: np.ndarray  #: index into ``names`` (in order of first appearance)
    names: object
    answered: np.ndarray  #: index into ``names`` of ``reply_to_author``
    children: np.ndarray  #: per reply edge of the analysis, position of its child comment
    mentions: activity.Mentions  #: the comments' ``@handles`` naming others, coded against ``names``
    thread_authors: np.ndarray  #: per comment, the code of its (thread, author) pair (-1: either missing)
    pair_threads: np.ndarray  #: per (thread, author) pair, its thread (index into ``thread_ids``)
    author_articles: np.ndarray  #: per comment, the code of its (author, article) pair (-1: either missing)
    pair_authors: np.ndarray  #: per (author, article) pair, its author (index into ``names``)
    facts: activity.CommentFacts  #: what commenter activity counts, per comment
    arrow_text: "_ArrowText"  #: gives :attr:`text`

    @property
    def text(self) -> pa.ChunkedArray | None:
        """The text as Arrow strings, for the search filter (None when the comments have no text);
        made from Python strings on first read, then kept."""
        return self.arrow_text.get()

    @property
    def search_marks(self) -> CaseSearch | None:
        """What a search of :attr:`text` ignoring case needs, made on first read, then kept
        (the sidebar's search filter and the Comments page's "find" share it)."""
        return self.arrow_text.marks()


class _ArrowText:
    """A text column as Arrow strings: the Arrow array given, or made once from Python strings."""

    def __init__(self, text: pd.Series | None, given: pa.ChunkedArray | None = None) -> None:
        chunked = getattr(getattr(text, "array", None), "_pa_array", None)
        self._made = given if given is not None else chunked if isinstance(chunked, pa.ChunkedArray) else None
        # The values only (not the Series): the keys must not keep the comments frame alive.
        python = text is not None and self._made is None and pd.api.types.is_string_dtype(text.dtype)
        self._values = text.array if python else None
        self._marks: CaseSearch | None = None
        self._lock = threading.Lock()

    def get(self) -> pa.ChunkedArray | None:
        if self._made is None and self._values is not None:
            with self._lock:
                if self._made is None:  # not made by another thread meanwhile
                    self._made = _arrow_strings(self._values.to_numpy(dtype=object, na_value=None))
                    self._values = None
        return self._made

    def marks(self) -> CaseSearch | None:
        text = self.get()
        if self._marks is None and text is not None:
            with self._lock:
                if self._marks is None:
                    self._marks = CaseSearch.of(text)
        return self._marks


def _arrow_strings(values: np.ndarray, *, step: int = 1 << 16) -> pa.ChunkedArray:
    """Python strings (or None) as Arrow strings, encoded a slice at a time.

    Not ``pa.array(values)``: it leaves each string beyond ASCII holding its UTF-8 bytes as
    well, for as long as the string lives (0.1 GB more for a million comments, for good).
    """
    chunks = []
    for start in range(0, len(values), step):
        # A lone surrogate (hostile input) cannot be UTF-8: it becomes "?" here, in the search only.
        encoded = [v.encode("utf-8", "replace") if isinstance(v, str) else None for v in values[start:start + step]]
        chunks.append(pa.array(encoded, type=pa.large_binary()).view(pa.large_string()))
    return pa.chunked_array(chunks, type=pa.large_string())


_KEYS: dict[int, tuple[weakref.ref, weakref.ref, CommentKeys]] = {}


def keys_of(analysis: Analysis) -> CommentKeys:
    """The :class:`CommentKeys` of ``analysis``, made on first use and kept as long as its
    comments and replies frames live (the dashboard keeps one analysis for many filter changes)."""
    held = _KEYS.get(id(analysis.comments))
    if held is not None and held[0]() is analysis.comments and held[1]() is analysis.replies:
        return held[2]
    return _remember(analysis, _made_keys(analysis))


def _made_keys(analysis: Analysis, text: pa.ChunkedArray | None = None) -> CommentKeys:
    comments, edges = analysis.comments, analysis.replies
    threads, thread_ids = codes(comments["thread_id"], sort=True)
    articles, article_ids = codes(comments["article_id"], sort=True)
    authors, names = codes(comments["author"])
    thread_authors, pair_threads = _pairs(threads, authors, len(names))
    author_articles, pair_authors = _pairs(authors, articles, len(article_ids))
    return CommentKeys(parent=row_positions(comments["reply_to"], comments["comment_id"]),
                       threads=threads, thread_ids=thread_ids, articles=articles, article_ids=article_ids,
                       authors=authors, names=names,
                       answered=row_positions(comments["reply_to_author"], pd.Series(names)),
                       children=row_positions(edges["child_id"], comments["comment_id"]),
                       mentions=activity.mentions_by_others(comments["author"], comments["mentions"], names),
                       thread_authors=thread_authors, pair_threads=pair_threads, author_articles=author_articles,
                       pair_authors=pair_authors, facts=activity.CommentFacts.of(comments),
                       arrow_text=_ArrowText(comments["text"] if "text" in comments else None, text))


def _pairs(first: np.ndarray, second: np.ndarray, n_second: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the code of its (first, second) pair (-1 when either is missing); per pair, its first."""
    both = (first >= 0) & (second >= 0)
    pairs, distinct = pd.factorize(np.where(both, first * (n_second + 1) + second, -1))
    return np.where(both, pairs, -1), distinct // (n_second + 1)


def _remember(analysis: Analysis, keys: CommentKeys) -> CommentKeys:
    comments, slot = analysis.comments, id(analysis.comments)
    _KEYS[slot] = (weakref.ref(comments, lambda _: _KEYS.pop(slot, None)), weakref.ref(analysis.replies), keys)
    return keys


def _renumbered(codes_: np.ndarray, table: np.ndarray) -> np.ndarray:
    return np.where(codes_ >= 0, table[np.maximum(codes_, 0)], -1)


def _commenters_passing(columns: _ViewColumns, keys: CommentKeys, mask: np.ndarray,
                        positions: np.ndarray) -> pd.DataFrame:
    """``activity.commenter_activity(comments)``, the comments at ``positions`` (where ``mask``), from the keys."""
    if not len(columns):
        return activity.commenter_activity(columns.frame(columns.names))
    # What activity_of_codes reads of the comments when the keys give it the rest.
    comments = columns.frame(["polarity", "timestamp", "n_words"])
    authors = keys.authors[positions]
    present = pd.unique(authors[authors >= 0])  # in order of first appearance among these comments
    renumber = np.full(len(keys.names), -1, dtype=np.int64)
    renumber[present] = np.arange(len(present))
    return activity.activity_of_codes(comments, _renumbered(authors, renumber), keys.names.take(present),
                                      keys.articles[positions], _renumbered(keys.answered[positions], renumber),
                                      facts=keys.facts.at(positions),
                                      articles_visited=_pair_counts(keys.author_articles[positions], keys.pair_authors,
                                                                    len(keys.names))[present],
                                      mentions_received=keys.mentions.received(mask)[present])


def _pair_counts(pairs: np.ndarray, pair_firsts: np.ndarray, n_firsts: int) -> np.ndarray:
    """Per first element, how many distinct pairs of ``pairs`` (codes; -1 none) it is in."""
    seen = np.zeros(len(pair_firsts), dtype=bool)
    seen[pairs[pairs >= 0]] = True
    return np.bincount(pair_firsts[seen], minlength=n_firsts)


def _threads_passing(columns: _ViewColumns, keys: CommentKeys, mask: np.ndarray,
                     positions: np.ndarray) -> pd.DataFrame:
    """``timeline.thread_summary(comments)``, the comments at ``positions``, from the keys: a
    reply whose parent does not pass counts as top-level, as it would among these comments."""
    parent = keys.parent[positions]
    kept = (parent >= 0) & mask[np.maximum(parent, 0)]
    target = np.where(kept, (np.cumsum(mask) - 1)[np.maximum(parent, 0)], -1)
    participants = _pair_counts(keys.thread_authors[positions], keys.pair_threads, len(keys.thread_ids))
    stamps = columns.frame(["timestamp"])["timestamp"]
    return timeline.threads_of_codes(keys.threads[positions], keys.thread_ids, keys.articles[positions],
                                     keys.article_ids, None, stamps, timeline.depths_of(target), participants)


# --- the URL query string ---------------------------------------------------------------------

def _join(values: Sequence[str]) -> str:
    """Comma-separated, with ``\\`` and ``,`` inside a value escaped by a backslash."""
    return ",".join(v.replace("\\", "\\\\").replace(",", "\\,") for v in values)


def _split(text: str) -> tuple[str, ...]:
    values, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
    values.append("".join(current))
    return tuple(dict.fromkeys(v for v in values if v))


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def filters_to_query(filters: Filters) -> dict[str, str]:
    """The URL query parameters of ``filters``: only settings that differ from the default.

    Lists are comma-separated (a comma or backslash inside a name is escaped with a backslash),
    times ISO 8601, the sentiment range ``low,high``, the minimum toxicity a number, ``flagged=1`` to include flagged comments.

    Examples:
        >>> filters_to_query(Filters())
        {}
        >>> filters_to_query(Filters(commenters=("geha", "a,b"), sentiment=(-0.5, 1), search="war"))
        {'commenter': 'geha,a\\\\,b', 'sentiment': '-0.5,1', 'q': 'war'}
    """
    default = Filters()
    query: dict[str, str] = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if value == getattr(default, f.name):
            continue
        key = f.metadata["query"]
        if f.name in ("articles", "commenters"):
            query[key] = _join(value)
        elif f.name in ("start", "end"):
            query[key] = pd.Timestamp(value).isoformat()
        elif f.name == "sentiment":
            query[key] = ",".join(_number(v) for v in value)
        elif f.name == "min_toxicity":
            query[key] = _number(value)
        elif f.name == "include_flagged":
            query[key] = "1"
        else:
            query[key] = str(value)
    return query


def _first(value: str | Sequence[str]) -> str:
    if isinstance(value, str):
        return value
    return value[-1] if len(value) else ""


def filters_from_query(params: Mapping[str, str | Sequence[str]]) -> Filters:
    """The :class:`Filters` a URL's query parameters describe (see :func:`filters_to_query`).

    Tolerant, since URLs are edited by hand: a parameter that cannot be read keeps its default,
    unknown parameters are ignored. A key given several times (``?commenter=a&commenter=b``)
    adds up for lists; for other settings the last one counts.

    Examples:
        >>> filters_from_query({"commenter": "geha,realist", "who": "registered", "sentiment": "oops"})
        Filters(articles=(), commenters=('geha', 'realist'), start=None, end=None, sentiment=(-1.0, 1.0), engine='textblob', min_toxicity=0.0, search='', status='registered', include_flagged=False)
        >>> filters_from_query(filters_to_query(Filters(commenters=("a,b",)))).commenters
        ('a,b',)
    """
    values: dict[str, object] = {}
    for f in fields(Filters):
        key = f.metadata["query"]
        if key not in params:
            continue
        raw = params[key]
        try:
            if f.name in ("articles", "commenters"):
                parts = [raw] if isinstance(raw, str) else list(raw)
                values[f.name] = tuple(dict.fromkeys(v for p in parts for v in _split(p)))
                continue
            text = _first(raw).strip() if f.name != "search" else _first(raw)
            if f.name in ("start", "end"):
                stamp = pd.Timestamp(text)
                if pd.isna(stamp):
                    continue
                if stamp.tzinfo is not None:
                    stamp = stamp.tz_convert("UTC").tz_localize(None)
                values[f.name] = stamp.to_pydatetime()
            elif f.name == "sentiment":
                low, high = (float(v) for v in text.split(","))
                if not (-1.0 <= low <= high <= 1.0):
                    continue
                values[f.name] = (low, high)
            elif f.name == "min_toxicity":
                threshold = float(text)
                if 0.0 <= threshold <= 1.0:
                    values[f.name] = threshold
            elif f.name == "include_flagged":
                values[f.name] = text.lower() in ("1", "true", "yes")
            elif f.name == "status":
                if text in STATUSES:
                    values[f.name] = text
            elif f.name == "engine":
                try:
                    _score_column(text)
                except ValueError:
                    continue
                values[f.name] = text
            else:
                values[f.name] = text
        except (ValueError, TypeError):
            continue
    if values.get("start") and values.get("end") and values["start"] > values["end"]:
        values.pop("start"), values.pop("end")
    return Filters(**values)


def describe_filters(filters: Filters, *, article_titles: Mapping[str, str] | None = None) -> list[str]:
    """One plain-text line per setting that filters something, for captions and reports.

    Examples:
        >>> describe_filters(Filters(commenters=("geha",), status="registered"))
        ['commenters: geha', 'registered users only']
        >>> describe_filters(Filters())
        []
    """
    titles = article_titles or {}
    lines: list[str] = []
    if filters.articles:
        lines.append("articles: " + "; ".join(titles.get(a, a) for a in filters.articles))
    if filters.commenters:
        lines.append("commenters: " + ", ".join(filters.commenters))
    if filters.start is not None or filters.end is not None:
        start = "…" if filters.start is None else pd.Timestamp(filters.start).strftime("%Y-%m-%d %H:%M")
        end = "…" if filters.end is None else pd.Timestamp(filters.end).strftime("%Y-%m-%d %H:%M")
        lines.append(f"posted {start} to {end}")
    if filters.sentiment != (-1.0, 1.0):
        lines.append(f"{filters.engine} score {filters.sentiment[0]:+.2f} to {filters.sentiment[1]:+.2f}")
    if filters.min_toxicity > 0:
        lines.append(f"toxicity {filters.min_toxicity:.2f} or more")
    if filters.search:
        lines.append(f"text contains: {filters.search}")
    if filters.status != "all":
        lines.append("guests only" if filters.status == "guest" else "registered users only")
    if filters.include_flagged:
        lines.append("deleted, spam and pingback comments included")
    return lines
