"""The dashboard's long tables (one row per thread, per comment of a commenter), built from row
positions and numpy sorts: with a million comments, merging or sorting on id strings costs
seconds where positions cost milliseconds.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ._checks import require_columns
from .arrow_keys import arrow_strings, codes, row_positions

__all__ = ["largest_first", "thread_listing"]


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
    start = threads["start"].to_numpy()
    stamp = start.view("int64")
    stamp = np.where(np.isnat(start), np.iinfo(np.int64).max, stamp)
    return np.lexsort((stamp, -threads["size"].to_numpy(dtype="int64")))


def _root_rows(thread_ids: pd.Series, comments: pd.DataFrame) -> np.ndarray:
    """Row of each thread's root comment (the comment whose id is the thread's); -1 where not in ``comments``.

    Only the roots are looked through (a comment starting a thread has its own id as
    ``thread_id``), so the hash table holds a fraction of the ids.
    """
    ids = comments["comment_id"]
    roots = np.flatnonzero(pc.equal(arrow_strings(ids), arrow_strings(comments["thread_id"]))
                           .to_numpy(zero_copy_only=False).astype(bool, copy=False)) \
        if len(comments) else np.zeros(0, dtype=np.int64)
    found = row_positions(thread_ids, ids.iloc[roots])
    return np.where(found >= 0, roots[np.maximum(found, 0)] if len(roots) else -1, -1)


def thread_listing(threads: pd.DataFrame, comments: pd.DataFrame,
                   article_titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The threads of :func:`analytics.timeline.thread_summary` largest first (see
    :func:`largest_first`), with the article's title, who started each thread and its first
    comment (missing where the root comment is not among ``comments``).

    Columns: ``article``, ``start``, ``end``, ``size``, ``depth``, ``participants``,
    ``started by``, ``first comment``, ``thread_id``.

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
    require_columns(threads, ("thread_id", "article_id", "start", "end", "size", "depth", "participants"),
                    what="thread_listing")
    require_columns(comments, ("comment_id", "thread_id", "author", "text"), what="thread_listing")
    titles = article_titles or {}
    threads = threads.iloc[largest_first(threads)]
    at = _root_rows(threads["thread_id"], comments)
    articles, ids = codes(threads["article_id"])
    named = pd.array([titles.get(a) for a in ids], dtype="str")
    # Columns taken by position (-1: a missing cell): no round trip of a million texts through Python.
    out = threads.assign(article=named.take(articles, allow_fill=True),
                         **{"started by": comments["author"].array.take(at, allow_fill=True),
                            "first comment": comments["text"].array.take(at, allow_fill=True)})
    return out[["article", "start", "end", "size", "depth", "participants", "started by", "first comment",
                "thread_id"]]
