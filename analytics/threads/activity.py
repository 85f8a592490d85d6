"""Commenter activity: who comments, how much, how they feel and whom they answer.

Commenters are identified by their displayed name within one corpus (a site's user names are
unique; guests can pick any name, which is why alias suspects get their own analysis). A comment
without a name (:data:`ANONYMOUS`: a table without an author column, such as SFU's) has no
commenter: it is counted everywhere but in the commenter tables, which leave it out rather than
show one nameless commenter who wrote them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns.arrow_keys import codes, row_positions
from ..model.checks import require_columns
from .replies import addressed_names

#: The author of a comment whose input names none: not a commenter (see :func:`anonymous_comments`).
ANONYMOUS = ""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ACTIVITY_COLUMNS = (
    "author",
    "comments",
    "articles",
    "words",
    "first_seen",
    "last_seen",
    "mean_polarity",
    "median_polarity",
    "share_negative",
    "replies_made",
    "replies_received",
    "mentions_received",
    "status",
)


def commenter_activity(comments: pd.DataFrame) -> pd.DataFrame:
    """One row per commenter, most active first.

    Columns: ``author``; ``comments``; ``articles`` (distinct articles commented on); ``words``;
    ``first_seen`` / ``last_seen`` (timestamps, missing where none known); ``mean_polarity`` /
    ``median_polarity`` (TextBlob, over scored comments only); ``share_negative`` (share of
    labelled comments labelled negative); ``replies_made`` (comments found to answer someone,
    any method but ``none``); ``replies_received`` (comments by others answering this author);
    ``mentions_received`` (names addressed by others to this author, exactly, ignoring case: the
    ``@handles`` of the text and the input's ``addressed_to``, a name both give counted once);
    ``status``: ``guest``, ``registered`` or ``both`` (the name was used both ways).

    Needs the enriched columns (``analytics.enrich``).

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({
        ...     "comment_id": ["c1", "c2", "c3"], "article_id": ["a", "a", "a"],
        ...     "author": ["geha", "realist", "geha"], "is_guest": [False, False, False],
        ...     "timestamp": pd.to_datetime(["2013-02-20 18:18", "2013-02-20 18:20", "2013-02-20 19:11"]),
        ...     "n_words": [10, 5, 7], "mentions": [[], ["Geha"], []],
        ...     "polarity": [0.5, -0.5, None], "sentiment_label": ["positive", "negative", None],
        ...     "reply_method": ["none", "mention", "none"], "reply_to_author": [None, "geha", None]})
        >>> commenter_activity(frame)[["author", "comments", "words", "replies_received", "mentions_received"]]
            author  comments  words  replies_received  mentions_received
        0     geha         2     17                 1                  1
        1  realist         1      5                 0                  0
    """
    require_columns(
        comments,
        (
            "author",
            "article_id",
            "is_guest",
            "timestamp",
            "n_words",
            "mentions",
            "polarity",
            "sentiment_label",
            "reply_method",
            "reply_to_author",
        ),
        what="commenter_activity",
        hint="run analytics.enrich first",
    )
    if comments.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ACTIVITY_COLUMNS})
    c = comments
    # Grouped by integer codes (in order of first appearance, as a group-by without sorting
    # orders them), not by the name strings: pandas groups Arrow-backed strings through
    # Python objects, seconds for a million comments.
    authors, names = codes(c["author"])
    return activity_of_codes(
        c, authors, names, codes(c["article_id"])[0], row_positions(c["reply_to_author"], pd.Series(names))
    )


_FACT_COLUMNS = ("sentiment_label", "reply_to_author", "author", "reply_method", "is_guest")  # read by CommentFacts.of


@dataclass(frozen=True)
class CommentFacts:
    """Per comment, the yes/no facts that commenter activity counts: one boolean array each."""

    labelled: np.ndarray  #: has a sentiment label
    negative: np.ndarray  #: labelled negative
    replied: np.ndarray  #: found to answer someone (any reply method but ``none``)
    guest: np.ndarray  #: posted as guest
    answers_other: np.ndarray  #: answers a known author other than its own

    @classmethod
    def of(cls, comments: pd.DataFrame) -> CommentFacts:
        """The facts of ``comments`` (enriched)."""
        require_columns(comments, _FACT_COLUMNS, what="CommentFacts.of")
        label, target = comments["sentiment_label"], comments["reply_to_author"]
        labelled = label.notna().to_numpy()
        return cls(
            labelled=labelled,
            negative=label.eq("negative").fillna(False).to_numpy(dtype=bool) & labelled,
            replied=comments["reply_method"].ne("none").fillna(True).to_numpy(dtype=bool),
            guest=comments["is_guest"].fillna(False).to_numpy(dtype=bool),
            answers_other=(target.notna() & target.ne(comments["author"]).fillna(True)).to_numpy(dtype=bool),
        )

    def at(self, positions: np.ndarray) -> CommentFacts:
        """The facts of the comments at ``positions``."""
        return CommentFacts(**{f.name: getattr(self, f.name)[positions] for f in fields(self)})


def activity_of_codes(
    comments: pd.DataFrame,
    authors: np.ndarray,
    names,
    articles: np.ndarray,
    answered: np.ndarray,
    *,
    facts: CommentFacts | None = None,
    articles_visited: np.ndarray | None = None,
    mentions_received: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`commenter_activity` of non-empty ``comments`` from integer codes, one per comment:
    ``authors`` index ``names`` in order of first appearance, ``articles`` any coding of the
    article ids, ``answered`` the position in ``names`` of the author answered (-1: none or
    someone without a comment here); -1 where missing. Every name has a comment. Made once for
    many subsets (the dashboard's filtered views), the :class:`CommentFacts` of ``comments``
    and, per name, the distinct articles visited and the mentions received (:class:`Mentions`)
    may be given; ``comments`` then need only ``polarity``, ``timestamp`` and ``n_words``."""
    require_columns(
        comments,
        dict.fromkeys(
            (
                "polarity",
                "timestamp",
                "n_words",
                *(_FACT_COLUMNS if facts is None else ()),
                *(("author", "mentions") if mentions_received is None else ()),
            )
        ),
        what="activity_of_codes",
    )
    c = comments
    k = len(names)
    by, own = _named(authors)

    def count(flags: np.ndarray) -> np.ndarray:
        return np.bincount(by, weights=own(flags), minlength=k)

    facts = CommentFacts.of(c) if facts is None else facts
    if articles_visited is None:
        article_codes = own(articles)
        width = article_codes.max(initial=0) + 2
        pairs = pd.unique(by.astype(np.int64) * width + article_codes + 1)
        visited = pairs[pairs % width != 0]  # a missing article is not one
        articles_visited = np.bincount(visited // width, minlength=k)
    comment_counts = np.bincount(by, minlength=k).astype("int64")
    # Word counts (integers) are summed exactly in float64 up to 2**53 words per commenter.
    words = np.bincount(by, weights=own(c["n_words"].to_numpy(dtype="int64")), minlength=k).astype("int64")
    first_seen, last_seen = _first_and_last(by, own(c["timestamp"].to_numpy()), k)
    # pandas, not bincount, for the mean (it sums with Kahan's compensation: bincount's plain
    # sums differ in the last bits) and the median; grouped by the codes as a Categorical,
    # which pandas takes as they are instead of hashing them again.
    polarity = pd.Series(own(c["polarity"].astype("float64").to_numpy()), copy=False).groupby(
        pd.Categorical.from_codes(by, categories=pd.RangeIndex(k)), observed=False
    )
    n_labelled = count(facts.labelled)
    # Replies received: by others only; a self-reply is not attention received.
    answered = answered[facts.answers_other]
    return _most_active_first(
        {
            "author": names,
            "comments": comment_counts,
            "articles": articles_visited.astype("int64"),
            "words": words,
            "first_seen": first_seen,
            "last_seen": last_seen,
            "mean_polarity": polarity.mean().to_numpy(),
            "median_polarity": polarity.median().to_numpy(),
            "share_negative": count(facts.negative) / np.where(n_labelled > 0, n_labelled, np.nan),
            "replies_made": count(facts.replied).astype("int64"),
            "replies_received": np.bincount(answered[answered >= 0], minlength=k).astype("int64"),
            "mentions_received": (
                _mentions_received(c["author"], names_addressed(c), names)
                if mentions_received is None
                else mentions_received
            ),
            "status": _status(count(facts.guest).astype("int64"), comment_counts),
        }
    )


def _named(authors: np.ndarray) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """``(by, own)``: the codes of the comments that have an author (``authors`` >= 0), and a
    function taking those comments' values from an array of one per comment. Usually every
    comment has one: the arrays are then read in place, not copied."""
    named = authors >= 0
    if named.all():
        return authors, lambda values: values
    return authors[named], lambda values: values[named]


def _first_and_last(by: np.ndarray, stamps: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per code of ``by`` (0 to ``k`` - 1), the earliest and latest of ``stamps`` (datetime64),
    NaT where it has none: as a grouped min and max, without grouping."""
    ticks = stamps.view(np.int64)
    nat = np.iinfo(np.int64).min  # how NaT is held
    last = np.full(k, nat)
    np.maximum.at(last, by, ticks)  # NaT is the smallest: never the latest of any other
    first = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first, by, np.where(ticks == nat, np.iinfo(np.int64).max, ticks))
    first[last == nat] = nat  # no time known
    return first.view(stamps.dtype), last.view(stamps.dtype)


_STATUSES = pa.array(["guest", "registered", "both"])


def _status(guest_comments: np.ndarray, comments: np.ndarray) -> pd.api.extensions.ExtensionArray:
    # Decoded from codes by Arrow: pandas turns a numpy array of strings into its str dtype
    # string by string.
    code = np.where(guest_comments == comments, 0, np.where(guest_comments == 0, 1, 2)).astype(np.int8)
    return pd.array(pa.DictionaryArray.from_arrays(code, _STATUSES).dictionary_decode(), dtype="str")


def anonymous_comments(authors: pd.Series) -> bool:
    """Whether the comments of ``authors`` name no commenter at all (every author empty or
    missing): the input is anonymous, and commenter views say so instead of showing one
    nameless commenter.

    Examples:
        >>> anonymous_comments(pd.Series(["", "", None])), anonymous_comments(pd.Series(["", "geha"]))
        (True, False)
        >>> anonymous_comments(pd.Series([], dtype="str"))  # no comments: nothing to say of them
        False
    """
    return len(authors) > 0 and not (authors.fillna(ANONYMOUS) != ANONYMOUS).any()


def _most_active_first(columns: dict) -> pd.DataFrame:
    """The table of ``columns`` (one value per commenter, ``author`` first), sorted by
    ``comments`` then ``words``, most first; ties keep their order. The :data:`ANONYMOUS`
    comments' row, if any, is left out: they have no commenter."""
    named = np.asarray(pd.Index(columns["author"]) != ANONYMOUS, dtype=bool)
    if not named.all():
        columns = {
            name: np.asarray(values)[named] if name != "author" else pd.Index(values)[named]
            for name, values in columns.items()
        }
    order = np.lexsort((-columns["words"], -columns["comments"]))  # stable: ties keep their order
    return pd.DataFrame(
        {
            name: (pd.Index(values).take(order) if name == "author" else values.take(order))
            for name, values in columns.items()
        }
    )


COUNT_COLUMNS = ("author", "comments", "words", "status")


def commenter_counts(comments: pd.DataFrame) -> pd.DataFrame:
    """The columns :data:`COUNT_COLUMNS` of :func:`commenter_activity`, same rows in the same
    order (most active first), counted from ``author``, ``n_words`` and ``is_guest`` alone.

    For a page that shows how many commenters there are and who is most active: a tenth of
    the work of the whole activity table (no polarity statistics, replies or mentions).

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"author": ["geha", "realist", "geha", None], "n_words": [10, 5, 7, 3],
        ...                       "is_guest": [False, True, False, True]})
        >>> commenter_counts(frame)
            author  comments  words      status
        0     geha         2     17  registered
        1  realist         1      5       guest
    """
    require_columns(comments, ("author", "n_words", "is_guest"), what="commenter_counts")
    if comments.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COUNT_COLUMNS})
    authors, names = codes(comments["author"])
    by, own = _named(authors)
    k = len(names)
    counts = np.bincount(by, minlength=k).astype("int64")
    guests = np.bincount(by, weights=own(comments["is_guest"].fillna(False).to_numpy(dtype=bool)), minlength=k)
    # Word counts (integers) are summed exactly in float64 up to 2**53 words per commenter.
    words = np.bincount(by, weights=own(comments["n_words"].to_numpy(dtype="int64")), minlength=k).astype("int64")
    return _most_active_first({"author": names, "comments": counts, "words": words, "status": _status(guests, counts)})


def names_addressed(comments: pd.DataFrame) -> pd.Series:
    """Per comment, the names it addresses: its ``addressed_to`` (where the frame has it), then
    its ``mentions`` that are none of those (:func:`analytics.threads.replies.addressed_names`).

    Examples:
        >>> names_addressed(pd.DataFrame({"mentions": [["geha"], []], "addressed_to": [["Geha"], ["@ann"]]})).tolist()
        [['Geha'], ['ann']]
    """
    addressed_to = comments["addressed_to"] if "addressed_to" in comments.columns else None
    return pd.Series(addressed_names(comments["mentions"], addressed_to), index=comments.index, dtype=object)


def _mentions_received(authors: pd.Series, mentions: pd.Series, names) -> np.ndarray:
    """Per name of ``names``: ``@handles`` by others naming it exactly, ignoring case."""
    return mentions_by_others(authors, mentions, names).received(np.ones(len(authors), dtype=bool))


@dataclass(frozen=True)
class Mentions:
    """The ``@handles`` of some comments that name someone other than their writer (ignoring
    case), as codes: counted for any subset of those comments without reading a string."""

    rows: np.ndarray  #: per handle, the position of its comment
    handles: np.ndarray  #: per handle, its code among the lower-cased handles
    of_name: np.ndarray  #: per name, the code of its lower-cased form among the handles (-1: never named)

    def received(self, passing: np.ndarray) -> np.ndarray:
        """Per name, the handles naming it in the comments where ``passing`` (a boolean per comment) holds."""
        counts = np.bincount(self.handles[passing[self.rows]], minlength=int(self.of_name.max(initial=-1)) + 1)
        return np.where(self.of_name >= 0, counts[np.maximum(self.of_name, 0)] if len(counts) else 0, 0)


def mentions_by_others(authors: pd.Series, mentions: pd.Series, names) -> Mentions:
    """The :class:`Mentions` of these comments (``authors`` and ``mentions`` columns), coded
    against ``names``: a handle counts for every name equal to it ignoring case."""
    lengths = np.fromiter(map(len, mentions.to_numpy(dtype=object)), dtype=np.int64, count=len(mentions))
    rows = np.repeat(np.arange(len(mentions)), lengths)  # only comments that mention someone
    handles = pd.Series([h for m in mentions.to_numpy(dtype=object)[lengths > 0] for h in m], dtype="str").str.lower()
    writers = authors.iloc[rows].astype("str").str.lower().reset_index(drop=True)
    by_others = (
        handles.ne(writers).fillna(True).to_numpy(dtype=bool) & handles.notna().to_numpy() & writers.notna().to_numpy()
    )
    found, distinct = codes(handles[by_others])
    lowered = pd.Series(names).astype("str").str.lower()
    return Mentions(
        rows=rows[by_others], handles=found, of_name=row_positions(lowered, pd.Series(distinct, dtype="str"))
    )


def activity_by_hour_weekday(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments per weekday and hour of day: all 7 x 24 cells, long form, zeros included.

    Columns ``weekday`` (Monday first, an ordered categorical), ``hour`` (0-23) and ``comments``.
    Comments without a timestamp are not counted (the load report counts them).

    Examples:
        >>> import pandas as pd
        >>> grid = activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime(
        ...     ["2013-02-20 18:18", "2013-02-20 18:40", None])}))
        >>> len(grid), int(grid["comments"].sum())
        (168, 2)
        >>> grid.query("comments > 0").to_dict("records")
        [{'weekday': 'Wednesday', 'hour': 18, 'comments': 2}]
    """
    require_columns(comments, ("timestamp",), what="activity_by_hour_weekday")
    # Hours since 1970-01-01 00:00, a Thursday (weekday 3), with integers: pandas' .dt accessors
    # take several times longer on a million comments. Hour h falls in cell (h + 3 * 24) mod 168
    # of the week (Monday 00:00 is 0), computed in place: one array of a million, not eight.
    hours = comments["timestamp"].to_numpy().astype("datetime64[h]").view(np.int64)
    known = hours != np.iinfo(np.int64).min  # NaT
    if not known.all():
        hours = hours[known]
    hours += 3 * 24
    hours %= 7 * 24
    cells = np.bincount(hours, minlength=7 * 24)
    return pd.DataFrame(
        {
            "weekday": pd.Categorical.from_codes(np.repeat(np.arange(7), 24), categories=list(WEEKDAYS), ordered=True),
            "hour": np.tile(np.arange(24, dtype=np.int32), 7),  # the dtype of .dt.hour
            "comments": cells.astype("int64"),
        }
    )
