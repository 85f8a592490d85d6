"""Integer codes of an analysis's comments (:class:`CommentKeys`), made once per analysis and kept,
from which a filtered view recomputes the commenters and threads of the comments that pass
(:func:`commenters_passing`, :func:`threads_passing`); and the comments' text as Arrow strings for
the search filter.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns.arrow_keys import codes, row_positions
from ..model.analysis import Analysis, _ViewColumns
from ..model.text import CaseSearch
from ..threads import activity, timeline

__all__ = ["CommentKeys", "commenters_passing", "keep_keys", "keys_of", "threads_passing"]


@dataclasses.dataclass(frozen=True)
class CommentKeys:
    """Integer codes of an analysis's comments (one per comment, -1 where missing), made once.

    A filter change then recomputes the commenters and threads of the comments that pass from
    slices of these codes, with no hashing or sorting of id strings (slow for many comments).
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
    mentions: (
        activity.Mentions
    )  #: the names the comments address to others (@handles, addressed_to), coded against ``names``
    thread_authors: np.ndarray  #: per comment, the code of its (thread, author) pair (-1: either missing)
    pair_threads: np.ndarray  #: per (thread, author) pair, its thread (index into ``thread_ids``)
    author_articles: np.ndarray  #: per comment, the code of its (author, article) pair (-1: either missing)
    pair_authors: np.ndarray  #: per (author, article) pair, its author (index into ``names``)
    facts: activity.CommentFacts  #: what commenter activity counts, per comment
    arrow_text: _ArrowText  #: gives :attr:`text`

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
    well, for as long as the string lives.
    """
    chunks = []
    for start in range(0, len(values), step):
        # A lone surrogate (hostile input) cannot be UTF-8: it becomes "?" here, in the search only.
        encoded = [v.encode("utf-8", "replace") if isinstance(v, str) else None for v in values[start : start + step]]
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


def keep_keys(analysis: Analysis, text: pa.ChunkedArray | None = None) -> CommentKeys:
    """Make the :class:`CommentKeys` of ``analysis`` now and keep them (as :func:`keys_of` would on
    first use); ``text``: the comments' text as Arrow strings, when the analysis holds Python strings."""
    return _remember(analysis, _made_keys(analysis, text))


def _made_keys(analysis: Analysis, text: pa.ChunkedArray | None = None) -> CommentKeys:
    comments, edges = analysis.comments, analysis.replies
    threads, thread_ids = codes(comments["thread_id"], sort=True)
    articles, article_ids = codes(comments["article_id"], sort=True)
    authors, names = codes(comments["author"])
    thread_authors, pair_threads = _pairs(threads, authors, len(names))
    author_articles, pair_authors = _pairs(authors, articles, len(article_ids))
    return CommentKeys(
        parent=row_positions(comments["reply_to"], comments["comment_id"]),
        threads=threads,
        thread_ids=thread_ids,
        articles=articles,
        article_ids=article_ids,
        authors=authors,
        names=names,
        answered=row_positions(comments["reply_to_author"], pd.Series(names)),
        children=row_positions(edges["child_id"], comments["comment_id"]),
        mentions=activity.mentions_by_others(comments["author"], activity.names_addressed(comments), names),
        thread_authors=thread_authors,
        pair_threads=pair_threads,
        author_articles=author_articles,
        pair_authors=pair_authors,
        facts=activity.CommentFacts.of(comments),
        arrow_text=_ArrowText(comments["text"] if "text" in comments else None, text),
    )


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


def commenters_passing(
    columns: _ViewColumns, keys: CommentKeys, mask: np.ndarray, positions: np.ndarray
) -> pd.DataFrame:
    """``activity.commenter_activity(comments)``, the comments at ``positions`` (where ``mask``), from the keys."""
    if not len(columns):
        return activity.commenter_activity(columns.frame(columns.names))
    # What activity_of_codes reads of the comments when the keys give it the rest.
    comments = columns.frame(["polarity", "timestamp", "n_words"])
    authors = keys.authors[positions]
    present = pd.unique(authors[authors >= 0])  # in order of first appearance among these comments
    renumber = np.full(len(keys.names), -1, dtype=np.int64)
    renumber[present] = np.arange(len(present))
    return activity.activity_of_codes(
        comments,
        _renumbered(authors, renumber),
        keys.names.take(present),
        keys.articles[positions],
        _renumbered(keys.answered[positions], renumber),
        facts=keys.facts.at(positions),
        articles_visited=_pair_counts(keys.author_articles[positions], keys.pair_authors, len(keys.names))[present],
        mentions_received=keys.mentions.received(mask)[present],
    )


def _pair_counts(pairs: np.ndarray, pair_firsts: np.ndarray, n_firsts: int) -> np.ndarray:
    """Per first element, how many distinct pairs of ``pairs`` (codes; -1 none) it is in."""
    seen = np.zeros(len(pair_firsts), dtype=bool)
    seen[pairs[pairs >= 0]] = True
    return np.bincount(pair_firsts[seen], minlength=n_firsts)


def threads_passing(columns: _ViewColumns, keys: CommentKeys, mask: np.ndarray, positions: np.ndarray) -> pd.DataFrame:
    """``timeline.thread_summary(comments)``, the comments at ``positions``, from the keys: a
    reply whose parent does not pass counts as top-level, as it would among these comments."""
    parent = keys.parent[positions]
    kept = (parent >= 0) & mask[np.maximum(parent, 0)]
    target = np.where(kept, (np.cumsum(mask) - 1)[np.maximum(parent, 0)], -1)
    participants = _pair_counts(keys.thread_authors[positions], keys.pair_threads, len(keys.thread_ids))
    stamps = columns.frame(["timestamp"])["timestamp"]
    return timeline.threads_of_codes(
        keys.threads[positions],
        keys.thread_ids,
        keys.articles[positions],
        keys.article_ids,
        None,
        stamps,
        timeline.depths_of(target),
        participants,
    )
