"""Reply timelines: threads over time, comment volume, how soon comments and replies come.

Times are as printed on the page (no time zone). Missing timestamps never drop a comment:
they count in sizes and totals and give missing times and latencies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from pandas.tseries.frequencies import to_offset

from ..columns.arrow_keys import arrow_strings, codes, row_positions
from ..columns.orders import radix_order, time_offsets_in_place

__all__ = [
    "thread_summary",
    "threads_of_codes",
    "depths_of",
    "comment_volume",
    "article_timing",
    "time_since_publication",
    "response_latency_by_commenter",
]

_TIME = "datetime64[us]"
_SPAN = "timedelta64[us]"
_NAT = np.iinfo(np.int64).min  # NaT as int64


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing required columns {missing}")


def _depths(comment_id: pd.Series, reply_to: pd.Series) -> np.ndarray:
    """Links from each comment up to its root (0 for a root), by pointer doubling.

    A ``reply_to`` that names no comment in the frame counts as top-level.
    """
    return depths_of(row_positions(reply_to, comment_id))


def depths_of(target: np.ndarray) -> np.ndarray:
    """:func:`_depths` from ``target``, each comment's parent position in the frame (-1: none)."""
    n = len(target)
    linked = target >= 0
    depth = linked.astype(np.int64)
    # Pointer doubling over the replies still climbing only (not every comment on every step):
    # ``up`` is the farthest ancestor each has reached, ``depth`` the links up to it; a reply is
    # done once that ancestor is a root. Positions as int32 where they fit: half the fresh memory.
    up = target.astype(np.int32 if n < np.iinfo(np.int32).max else np.int64)
    climbing = np.flatnonzero(linked)
    for _ in range(max(n, 1).bit_length() + 1):
        reached = up[climbing]
        beyond = up[reached]
        going = beyond >= 0
        if not going.all():
            climbing, reached, beyond = climbing[going], reached[going], beyond[going]
        if not len(climbing):
            return depth
        depth[climbing] += depth[reached]  # both read before either is written: one step for all
        up[climbing] = beyond
    if (up[up[climbing]] >= 0).any():
        raise ValueError(
            "reply_to links form a cycle; use analytics.threads.replies.reconstruct_replies, which breaks cycles"
        )
    return depth


def thread_summary(replied: pd.DataFrame) -> pd.DataFrame:
    """One row per thread of :func:`analytics.threads.replies.reconstruct_replies`' output.

    Columns: ``thread_id`` (its root comment), ``article_id``, ``start`` and ``end`` (first and
    last known comment time; missing when no comment of the thread has one), ``size``
    (comments), ``depth`` (longest chain of replies below the root: 0 for a lone comment) and
    ``participants`` (distinct authors). Sorted by article, then start.

    Examples:
        >>> import pandas as pd
        >>> replied = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "article_id": "a1",
        ...     "author": ["ann", "bob", "ann"], "reply_to": [None, "c1", "c2"], "thread_id": "c1",
        ...     "timestamp": pd.to_datetime(["2013-02-20 18:00", "2013-02-20 18:25", None])})
        >>> thread_summary(replied).to_dict("records")[0]
        {'thread_id': 'c1', 'article_id': 'a1', 'start': Timestamp('2013-02-20 18:00:00'), 'end': Timestamp('2013-02-20 18:25:00'), 'size': 3, 'depth': 2, 'participants': 2}
    """
    _require(replied, ("comment_id", "article_id", "author", "timestamp", "reply_to", "thread_id"), "replied comments")
    # Grouped by integer codes, not by the id strings: pandas groups and sorts Arrow-backed
    # strings through Python objects, seconds for a million comments.
    threads, thread_ids = codes(replied["thread_id"], sort=True)  # codes in id order, -1 missing
    articles, article_ids = codes(replied["article_id"], sort=True)
    return threads_of_codes(
        threads,
        thread_ids,
        articles,
        article_ids,
        codes(replied["author"])[0],
        replied["timestamp"],
        _depths(replied["comment_id"], replied["reply_to"]),
    )


def _start_and_end(stamps: np.ndarray, threads: np.ndarray, slots: int) -> tuple[np.ndarray, np.ndarray]:
    """Per slot of ``threads``, the earliest and latest of its comments' times (int64, NaT where
    missing): the largest int64 and NaT where no comment has a time."""
    # Per-thread minima and maxima by numpy's unbuffered ufuncs over the codes (no group-by).
    if stamps.min(initial=0) == _NAT:  # some comment has no time
        timed = stamps != _NAT
        timed_threads, stamps = threads[timed], stamps[timed]
    else:
        timed_threads = threads
    start = np.full(slots, np.iinfo(np.int64).max)  # stays the largest where no comment has a time
    end = np.full(slots, _NAT)  # stays NaT where no comment has a time
    np.minimum.at(start, timed_threads, stamps)
    np.maximum.at(end, timed_threads, stamps)
    return start, end


def _article_of_slots(articles: np.ndarray, threads: np.ndarray, slots: int, all_used: bool) -> tuple[np.ndarray, bool]:
    """Per slot of ``threads``, the article code of its first comment with a known article (-1
    where none), and whether every slot has one (``all_used``: every slot is a thread in use)."""
    every_known = articles.min(initial=0) >= 0  # "first" of a group: its first known article
    rows = np.int32 if len(articles) < np.iinfo(np.int32).max else np.int64  # half the fresh memory of int64
    first_row = np.full(slots, len(articles), dtype=rows)
    if every_known:
        np.minimum.at(first_row, threads, np.arange(len(articles), dtype=rows))
    else:
        known = articles >= 0
        np.minimum.at(first_row, threads[known], np.flatnonzero(known).astype(rows))
    # Each thread has an article when every comment has one and every slot is a thread in use.
    all_placed = every_known and all_used
    if len(articles):
        article = articles.take(first_row, mode="clip").astype(np.int64, copy=False)
        if not all_placed:
            article[first_row == len(articles)] = -1
    else:
        article = np.full(slots, -1, dtype=np.int64)
    return article, all_placed


def threads_of_codes(
    threads: np.ndarray,
    thread_ids,
    articles: np.ndarray,
    article_ids,
    authors: np.ndarray | None,
    timestamps: pd.Series,
    depth: np.ndarray,
    participants: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`thread_summary` from integer codes, one per comment: ``threads`` and ``articles``
    index sorted ``thread_ids`` and ``article_ids`` (-1 where missing; ids nobody uses are left
    out), ``authors`` any coding of the authors (-1 missing), ``depth`` from :func:`depths_of`.
    ``participants``, per thread of ``thread_ids``, when already counted (then ``authors`` is not
    read and may be None).
    """
    if authors is None and participants is None:
        raise ValueError("threads_of_codes: give the authors' codes or the participants counted")
    # Arrays are selected only where some rows drop out, and masks made only where some value is
    # missing: each array of a million rows is fresh memory, and in the dashboard's script thread
    # fresh memory costs page faults (system time).
    every = threads.min(initial=0) >= 0  # the usual case: every comment is in a thread
    keep = None if every else threads >= 0

    def kept(values: np.ndarray) -> np.ndarray:
        return values if every else values[keep]

    threads = kept(threads)
    sizes = np.bincount(threads, minlength=len(thread_ids))
    n_used = int(np.count_nonzero(sizes))
    used = None  # the used thread ids, in id order: made when needed
    # Figures are gathered per slot: per thread id while most ids are in use (the unused are
    # sorted last and never picked: cheaper than renumbering a million comments), else per used thread.
    slots = len(thread_ids)
    if 2 * n_used < len(thread_ids):
        used = np.flatnonzero(sizes)
        renumber = np.full(len(thread_ids), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        threads, sizes, slots = renumber[threads], sizes[used], len(used)
        participants = None if participants is None else participants[used]
    depth, articles = kept(depth), kept(articles)
    start, end = _start_and_end(kept(timestamps.astype(_TIME).to_numpy()).view(np.int64), threads, slots)
    deepest = np.zeros(slots, dtype=np.int64)
    np.maximum.at(deepest, threads, depth)
    article, all_placed = _article_of_slots(articles, threads, slots, n_used == slots)
    if participants is None:
        authors = kept(authors)
        named = authors >= 0
        width = int(authors.max(initial=0)) + 1
        pairs = pd.unique(threads[named].astype(np.int64) * width + authors[named])
        participants = np.bincount(pairs // width, minlength=slots)
    # By article (missing after all, unused ids after those), then start (missing last), ties in
    # id order. Starts are counted from their article's first: fewer digits to sort than from the
    # earliest of all (an article's threads start within weeks, in 16 bits to the minute).
    untimed = end == _NAT
    by_article = article if all_placed else np.where(article >= 0, article, len(article_ids))  # not written to
    if n_used < slots:
        by_article[sizes == 0] = len(article_ids) + 1
    first = np.full(len(article_ids) + 2, np.iinfo(np.int64).max)
    np.minimum.at(first, by_article, start)
    offsets = first[by_article]
    np.subtract(start, offsets, out=offsets)
    pick = radix_order(time_offsets_in_place(offsets, untimed), by_article)[:n_used]
    start[untimed] = _NAT
    return pd.DataFrame(
        {
            "thread_id": thread_ids.take(pick if used is None else used[pick]),
            "article_id": article_ids.take(article[pick], allow_fill=True),
            "start": start[pick].view(_TIME),
            "end": end[pick].view(_TIME),
            "size": sizes[pick],
            "depth": deepest[pick],
            "participants": participants[pick].astype("int64", copy=False),
        },
        copy=False,
    )


def comment_volume(comments: pd.DataFrame, *, freq: str = "1h") -> pd.DataFrame:
    """Comments per article and period, long form for plotting (``article_id, period, comments``).

    ``freq`` is a pandas frequency (``"15min"``, ``"1h"``, ``"1D"``, ``"W"``). Periods run
    from each article's first to its last dated comment, empty ones counted 0 so lines drop to
    zero. Comments with no timestamp are counted in a row whose ``period`` is missing, so the
    counts always add up to the comments given.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"article_id": "a1", "timestamp": pd.to_datetime(
        ...     ["2013-02-20 17:45", "2013-02-20 17:51", "2013-02-20 19:11", None])})
        >>> comment_volume(comments, freq="1h")
          article_id              period  comments
        0         a1 2013-02-20 17:00:00         2
        1         a1 2013-02-20 18:00:00         0
        2         a1 2013-02-20 19:00:00         1
        3         a1                 NaT         1
    """
    _require(comments, ("article_id", "timestamp"), "comments")
    try:
        to_offset(freq)
    except ValueError as err:
        raise ValueError(f"freq {freq!r} is not a pandas frequency such as '1h' or '1D' ({err})") from None
    width = _fixed_width(freq)
    if width is not None:
        return _fixed_periods(comments, width)
    # A comment with no article is in no row (grouping drops it; with no other, resample fails).
    dated = comments.loc[comments["timestamp"].notna() & comments["article_id"].notna(), ["article_id", "timestamp"]]
    parts = []
    if len(dated):  # calendar periods ("W", "MS"): pandas' resample, article by article
        counts = dated.set_index("timestamp").groupby("article_id", sort=True).resample(freq).size()
        parts.append(counts.rename("comments").rename_axis(["article_id", "period"]).reset_index())
    undated = comments.loc[comments["timestamp"].isna(), "article_id"].value_counts()
    if len(undated):
        parts.append(
            pd.DataFrame({"article_id": undated.index.to_numpy(), "period": pd.NaT, "comments": undated.to_numpy()})
        )
    columns = {"article_id": "str", "period": _TIME, "comments": "int64"}
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    out = pd.concat([p.astype(columns) for p in parts], ignore_index=True)
    return out.sort_values(["article_id", "period"], na_position="last", kind="stable").reset_index(drop=True)


def _fixed_width(freq: str) -> pd.Timedelta | None:
    """The length of ``freq``'s periods when fixed ("15min", "1h", "7D"; times carry no time zone,
    so a day is 24 hours); None for calendar periods ("W", "MS")."""
    try:
        return pd.Timedelta(to_offset(freq))
    except ValueError:
        return None


def _fixed_periods(comments: pd.DataFrame, step: pd.Timedelta) -> pd.DataFrame:
    """:func:`comment_volume` for periods of a fixed length, counted with numpy over the codes of
    the articles, in the order it returns (no copy of the dated rows, no sort of the rows out).

    As ``groupby("article_id").resample(step).size()`` does, each article's periods start at
    midnight of its first comment's day (``origin="start_day"``) and run to its last comment,
    empty ones counted 0; a period is named by its start. An article's undated comments follow
    its periods in one row with no period. Resampling article by article takes seconds for
    thousands of articles.
    """
    articles, article_ids = _grouped_codes(comments["article_id"])
    stamps = comments["timestamp"].astype(_TIME).to_numpy().view(np.int64)  # microseconds
    n = len(article_ids)
    known = articles >= 0  # a comment with no article is in no row
    dated = stamps != _NAT
    undated = np.bincount(articles[known & ~dated], minlength=n)
    counted = known & dated
    if not counted.all():
        articles, stamps = articles[counted], stamps[counted]
    width = step.value // 1000
    day = 86_400_000_000
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, articles, stamps)
    origin = first - first % day  # midnight (floor, also before 1970)
    period = (stamps - origin[articles]) // width
    low = np.full(n, np.iinfo(np.int64).max)
    high = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(low, articles, period)
    np.maximum.at(high, articles, period)
    spans = np.where(low <= high, high - low + 1, 0)
    rows = spans + (undated > 0)
    starts = np.cumsum(rows) - rows
    counts = np.bincount(starts[articles] + period - low[articles], minlength=int(rows.sum()))
    which = np.repeat(np.arange(n), rows)
    k = np.arange(len(which)) - starts[which]  # the row's place among its article's
    periods = np.where(k < spans[which], origin[which] + (low[which] + k) * width, _NAT)
    undated_rows = starts[undated > 0] + spans[undated > 0]
    counts[undated_rows] = undated[undated > 0]
    return pd.DataFrame(
        {
            "article_id": article_ids.take(which),
            "period": periods.view(_TIME),
            "comments": counts.astype("int64", copy=False),
        }
    )


def _grouped_codes(values: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """``codes(values, sort=True)``, from the runs of equal neighbours when the values come grouped
    (comments are stored article by article): comparing neighbours costs less than hashing a
    million ids. Values scattered in many runs are hashed."""
    strings = arrow_strings(values)
    n = len(strings)
    if n < 2:
        return codes(values, sort=True)
    changes = pc.not_equal(strings.slice(1), strings.slice(0, n - 1)).fill_null(True)  # around a missing value too
    heads = pc.indices_nonzero(changes).to_numpy().astype(np.int64) + 1
    if 8 * len(heads) > n:
        return codes(values, sort=True)
    head_codes, uniques = codes(pd.Series(strings.take(np.concatenate(([0], heads))), dtype="str"), sort=True)
    runs = np.zeros(n, dtype=np.int64)
    runs[heads] = 1
    return head_codes[np.cumsum(runs, out=runs)], uniques


def _lookup(keys: pd.Series, values: pd.Series, dtype: str) -> pd.Series:
    """``values[key]`` for each of ``keys`` (missing where absent), as ``dtype``."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index).astype(dtype)


def _reference(articles: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Per article: ``reference`` time and whether it was ``reference_inferred``."""
    first = comments.groupby("article_id")["timestamp"].min()
    out = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "published": articles["published"].to_numpy()})
    out["first_comment"] = _lookup(out["article_id"], first, _TIME)
    out["reference_inferred"] = out["published"].isna()
    out["reference"] = out["published"].astype(_TIME).fillna(out["first_comment"])
    return out


def article_timing(articles: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """One row per article: when its discussion starts, relative to publication.

    ``comments`` is the output of :func:`analytics.threads.replies.reconstruct_replies` (it needs
    ``reply_to``). Columns: ``article_id``, ``reference`` (``published`` where known, else the
    first comment's time), ``reference_inferred`` (True where the article has no ``published``
    time), ``comments``, ``first_comment``, ``first_comment_delay`` (first comment minus
    publication; missing where the reference is inferred, as it would be 0 by construction),
    ``first_reply`` (time of the first comment that answers another) and
    ``time_to_first_reply`` (first reply minus reference). Articles without comments are kept.

    Examples:
        >>> import pandas as pd
        >>> articles = pd.DataFrame({"article_id": ["a1"], "published": pd.to_datetime([None])})
        >>> comments = pd.DataFrame({"article_id": "a1", "reply_to": [None, "c1"],
        ...     "timestamp": pd.to_datetime(["2013-02-20 17:45", "2013-02-20 18:18"])})
        >>> row = article_timing(articles, comments).iloc[0]
        >>> row["reference"], bool(row["reference_inferred"]), row["time_to_first_reply"]
        (Timestamp('2013-02-20 17:45:00'), True, Timedelta('0 days 00:33:00'))
    """
    _require(articles, ("article_id", "published"), "articles")
    _require(comments, ("article_id", "timestamp", "reply_to"), "comments")
    out = _reference(articles, comments)
    counts = comments["article_id"].value_counts()
    replies = comments[comments["reply_to"].notna()].groupby("article_id")["timestamp"].min()
    out["comments"] = _lookup(out["article_id"], counts, "float64").fillna(0).astype("int64")
    out["first_comment_delay"] = (
        (out["first_comment"] - out["reference"]).where(~out["reference_inferred"]).astype(_SPAN)
    )
    out["first_reply"] = _lookup(out["article_id"], replies, _TIME)
    out["time_to_first_reply"] = (out["first_reply"] - out["reference"]).astype(_SPAN)
    out = out.astype({"article_id": "str", "reference_inferred": "bool"})
    return out[
        [
            "article_id",
            "reference",
            "reference_inferred",
            "comments",
            "first_comment",
            "first_comment_delay",
            "first_reply",
            "time_to_first_reply",
        ]
    ]


def time_since_publication(comments: pd.DataFrame, *, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``comments`` with ``time_since_publication`` and ``reference_inferred``.

    ``time_since_publication`` is the comment's time minus its article's reference time (see
    :func:`article_timing`); missing where either is unknown. ``reference_inferred`` is True
    where the article has no ``published`` time and the first comment stands in for it.

    Examples:
        >>> import pandas as pd
        >>> articles = pd.DataFrame({"article_id": ["a1"], "published": pd.to_datetime(["2013-02-20 12:00"])})
        >>> comments = pd.DataFrame({"article_id": "a1", "timestamp": pd.to_datetime(["2013-02-20 12:45", None])})
        >>> time_since_publication(comments, articles=articles)["time_since_publication"].tolist()
        [Timedelta('0 days 00:45:00'), NaT]
    """
    _require(comments, ("article_id", "timestamp"), "comments")
    _require(articles, ("article_id", "published"), "articles")
    ref = _reference(articles, comments).set_index("article_id")
    out = comments.copy()
    reference = _lookup(out["article_id"], ref["reference"], _TIME)
    out["time_since_publication"] = (out["timestamp"].astype(_TIME) - reference).astype(_SPAN)
    out["reference_inferred"] = (
        _lookup(out["article_id"], ref["reference_inferred"], "object").fillna(True).astype(bool)
    )
    return out


def response_latency_by_commenter(edges: pd.DataFrame) -> pd.DataFrame:
    """Per replying author, how fast they answer, from :func:`analytics.threads.replies.reply_edges`.

    Columns: ``author``, ``replies`` (links they made, ``mention-external`` included),
    ``timed_replies`` (those with a latency), ``median_latency`` (over timed replies, negative
    ones included: they are kept, and counted in ``negative_latencies``). Most replies first.

    Examples:
        >>> import pandas as pd
        >>> edges = pd.DataFrame({"child_author": ["bob", "bob", "ann"],
        ...     "latency": pd.to_timedelta(["10min", "30min", None]), "latency_negative": False})
        >>> response_latency_by_commenter(edges)
          author  replies  timed_replies  median_latency  negative_latencies
        0    bob        2              2 0 days 00:20:00                   0
        1    ann        1              0             NaT                   0
    """
    _require(edges, ("child_author", "latency", "latency_negative"), "edges")
    # Counted over integer codes of the names, numbered in name order (hundreds of thousands of
    # links): bincounts, and for the median a Categorical (pandas then groups by its codes
    # without hashing them), not a group-by over the strings.
    authors, names = codes(edges["child_author"], sort=True)
    latency = edges["latency"].astype(_SPAN).to_numpy()
    named = authors >= 0

    def per_author(rows: np.ndarray) -> np.ndarray:
        return np.bincount(authors[rows & named], minlength=len(names))

    replies = np.bincount(authors if named.all() else authors[named], minlength=len(names))
    median = (
        pd.Series(latency)
        .groupby(pd.Categorical.from_codes(authors, categories=np.arange(len(names))), observed=False)
        .median()
    )
    order = radix_order((replies.max(initial=0) - replies).view(np.uint64))  # most replies first, then by name
    out = pd.DataFrame(
        {
            "author": names.take(order),
            "replies": replies[order],
            "timed_replies": per_author(~np.isnat(latency))[order],
            "median_latency": median.to_numpy().astype(_SPAN)[order],
            "negative_latencies": per_author(edges["latency_negative"].astype(bool).to_numpy())[order],
        }
    )
    # Replies by comments naming no one (activity.ANONYMOUS) have no commenter: no row for them.
    return out[out["author"] != ""].reset_index(drop=True) if (out["author"] == "").any() else out
