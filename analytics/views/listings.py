"""The dashboard's long tables (one row per thread, per comment of a commenter), built from row
positions and numpy sorts: with a million comments, merging or sorting on id strings costs
seconds where positions cost milliseconds.

A listing of threads comes in two steps, so that a page of a long listing looks up the root
comments of its own rows only: :func:`largest_threads` orders every thread, then
:func:`with_root_comments` names who started the rows shown. :func:`thread_listing` is both.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..columns.arrow_keys import arrow_strings, codes
from ..columns.orders import radix_order
from ..model.checks import require_columns

__all__ = ["largest_first", "largest_threads", "with_root_comments", "thread_listing"]

#: The columns of :func:`thread_listing`, in order.
LISTING_COLUMNS = [
    "article",
    "start",
    "end",
    "size",
    "depth",
    "participants",
    "started by",
    "first comment",
    "thread_id",
]
_THREAD_COLUMNS = ("thread_id", "article_id", "start", "end", "size", "depth", "participants")
_COMMENT_COLUMNS = ("comment_id", "thread_id", "author", "text")


def largest_first(threads: pd.DataFrame) -> np.ndarray:
    """Row positions of ``threads`` by size (largest first), then start (earliest first, a
    missing start last), ties in their order: ``sort_values(["size", "start"], ascending=[False,
    True], kind="stable")`` as one numpy lexsort.

    Examples:
        >>> threads = pd.DataFrame({"size": [1, 3, 3, 3],
        ...     "start": pd.to_datetime(["2013-02-20", None, "2013-02-21", "2013-02-20"])})
        >>> largest_first(threads).tolist()
        [3, 2, 1, 0]
    """
    require_columns(threads, ("size", "start"), what="largest_first")
    start = threads["start"].to_numpy()
    stamp = np.where(np.isnat(start), np.iinfo(np.int64).max, start.view("int64"))
    # By start with timsort (fast on the runs of a summary sorted by article, then start), then
    # by size with numpy's linear radix sort. As uint64, the largest size minus any is exact.
    by_start = np.argsort(stamp, kind="stable")
    size = threads["size"].to_numpy(dtype="int64")[by_start]
    return by_start[radix_order(np.subtract(size.max(initial=0), size, out=size).view(np.uint64))]


def _root_rows(thread_ids: pd.Series, comments: pd.DataFrame) -> np.ndarray:
    """Row of each thread's root comment (the first comment whose id and ``thread_id`` are the
    thread's); -1 where not in ``comments``.

    For a few ``thread_ids`` (a page of a listing), only those ids are hashed and only the
    comments carrying one compared with their thread, not the hundreds of thousands of roots
    of a large view.
    """
    if not len(comments) or not len(thread_ids):
        return np.full(len(thread_ids), -1, dtype=np.int64)
    ids, wanted = arrow_strings(comments["comment_id"]), arrow_strings(thread_ids)
    threads = arrow_strings(comments["thread_id"])
    if 16 * len(wanted) < len(ids):  # a page: the comments whose id is one of its ids, then which are roots
        rows = pc.indices_nonzero(pc.is_in(ids, value_set=wanted))
        is_root = pc.equal(ids.take(rows), threads.take(rows))
    else:
        rows, is_root = None, pc.equal(ids, threads)
    roots = np.flatnonzero(is_root.fill_null(False).to_numpy(zero_copy_only=False))
    if rows is not None:
        roots = rows.to_numpy()[roots].astype(np.int64)
    found = pc.index_in(wanted, value_set=ids.take(roots)).fill_null(-1).to_numpy(zero_copy_only=False)
    return np.where(found >= 0, roots[np.maximum(found, 0)] if len(roots) else -1, -1)


def largest_threads(threads: pd.DataFrame, article_titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The threads of :func:`analytics.threads.timeline.thread_summary` largest first (see
    :func:`largest_first`), with the title of their article (missing where ``article_titles``
    has none): the columns of :func:`thread_listing` but ``started by`` and ``first comment``.

    Examples:
        >>> threads = pd.DataFrame({"thread_id": ["c1", "c3"], "article_id": "a1", "size": [1, 2], "depth": [0, 1],
        ...     "start": pd.to_datetime(["2013-02-20", "2013-02-20"]), "end": pd.NaT, "participants": [1, 2]})
        >>> largest_threads(threads, {"a1": "Lavrov"})[["article", "size", "thread_id"]]
          article  size thread_id
        1  Lavrov     2        c3
        0  Lavrov     1        c1
    """
    require_columns(threads, _THREAD_COLUMNS, what="largest_threads")
    titles = article_titles or {}
    order = largest_first(threads)
    articles, ids = codes(threads["article_id"])
    named = pd.array([titles.get(a) for a in ids.to_numpy(dtype=object)], dtype="str")  # Arrow iterates slowly
    # Built column by column from the rows in order (not threads.iloc[order], which copies the
    # frame's blocks once more), the article ids never reordered: 650,000 strings in a large view.
    listed = {"article": named.take(articles[order], allow_fill=True)}
    listed.update(
        (c, threads[c].array.take(order)) for c in ("start", "end", "size", "depth", "participants", "thread_id")
    )
    return pd.DataFrame(listed, index=threads.index.take(order), copy=False)


def with_root_comments(listed: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`largest_threads` (all or a page) with who started each thread and its first
    comment (``started by``, ``first comment``: missing where the root comment is not among
    ``comments``), placed before ``thread_id`` as in :func:`thread_listing`.

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "thread_id": ["c1", "c1", "c3"],
        ...     "author": ["ann", "bob", "<cy>"], "text": ["hi", "yo", "hey"]})
        >>> with_root_comments(pd.DataFrame({"size": [1, 2], "thread_id": ["c3", "c1"]}), comments)
           size started by first comment thread_id
        0     1       <cy>           hey        c3
        1     2        ann            hi        c1
    """
    require_columns(listed, ("thread_id",), what="with_root_comments")
    require_columns(comments, _COMMENT_COLUMNS, what="with_root_comments")
    at = _root_rows(listed["thread_id"], comments)
    # Cells taken by position (-1: a missing cell): no round trip of the texts through Python.
    out = listed.assign(
        **{
            "started by": comments["author"].array.take(at, allow_fill=True),
            "first comment": comments["text"].array.take(at, allow_fill=True),
        }
    )
    return out[[c for c in listed.columns if c != "thread_id"] + ["started by", "first comment", "thread_id"]]


def thread_listing(
    threads: pd.DataFrame, comments: pd.DataFrame, article_titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The threads of :func:`analytics.threads.timeline.thread_summary` largest first (see
    :func:`largest_first`), with the article's title, who started each thread and its first
    comment (missing where the root comment is not among ``comments``).

    Columns: ``article``, ``start``, ``end``, ``size``, ``depth``, ``participants``,
    ``started by``, ``first comment``, ``thread_id`` (:data:`LISTING_COLUMNS`).

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "thread_id": ["c1", "c1", "c3"],
        ...     "author": ["ann", "bob", "<cy>"], "text": ["hi", "yo", "hey"]})
        >>> threads = pd.DataFrame({"thread_id": ["c1", "c3"], "article_id": "a1", "size": [2, 1], "depth": [1, 0],
        ...     "start": pd.to_datetime(["2013-02-20", "2013-02-20"]), "end": pd.NaT, "participants": [2, 1]})
        >>> thread_listing(threads, comments, {"a1": "Lavrov"})[["article", "size", "started by", "first comment"]]
          article  size started by first comment
        0  Lavrov     2        ann            hi
        1  Lavrov     1       <cy>           hey
    """
    require_columns(threads, _THREAD_COLUMNS, what="thread_listing")
    require_columns(comments, _COMMENT_COLUMNS, what="thread_listing")
    return with_root_comments(largest_threads(threads, article_titles), comments)
