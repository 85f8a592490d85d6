"""Reply reconstruction: who answers whom, found from explicit parents, ``@handles`` and quotes.

Saved pages do not say which comment answers which; :func:`reconstruct_replies` recovers the
links the text itself states and nothing more (no guessing from "you" or from adjacency).
Methods, tried in this order for each comment, the first that applies wins:

``parent``
    The input names a ``parent_id`` that is a comment of the same article in the frame.
    A ``parent_id`` that is not (a deleted comment, another article) makes the comment an
    *orphan*: top-level (``none``), no further guessing, and counted in a :class:`ReplyWarning`.
``mention``
    The first name the comment addresses that names an author who commented *earlier*
    in the same article: the link goes to that author's latest earlier comment. Names match
    case-insensitively; a handle that is a prefix of exactly one candidate name matches it
    (``@andre`` -> ``andre.jabbour``), of several none. An exact name wins over prefixes, even
    when that author only comments later. Candidates are the authors with an earlier comment
    plus the commenter; a handle resolving to the commenter (a self-mention) is skipped, as is
    one naming an author who only comments later (the text may address their comment, but no
    earlier comment exists to link to). The names addressed are those the input states
    (``addressed_to``: a ``reply_to_author`` or ``mentions`` field of the export, a leading ``@``
    dropped) first, then the ``@handles`` of the text (``mentions``) in the order written, each
    name once (ignoring case): see :func:`addressed_names`.
``mention-external``
    No name resolves, but one names nobody in the article (not even by prefix):
    ``reply_to`` stays missing and ``reply_to_author`` is that handle as written, so the
    network shows the absent participant (a deleted comment, a user from another thread).
``quote``
    A quoted span (between straight or curly quotes, at least 2 words and 10 characters) that
    appears, as whole words, case- and whitespace-insensitively, in an earlier comment by
    another author: the link goes to the earliest such comment, where the words come from, and
    the span goes to ``quotes_comment``. A span that appears in the article's text (its title
    or its body, which holds the lead) is a quote of the article instead: the first such span
    goes to ``quotes_article`` (whatever the method) and is no evidence of a reply, even when
    an earlier commenter quoted the same headline.
``none``
    Top-level.

Explicit parents are authoritative. Where the input states parents (an export's parent field,
a table's parent column), a comment whose parent is blank is top-level: no ``mention`` or
``quote`` guess is made for it; a quote of an earlier comment it holds is recorded in
``quotes_comment`` and nothing more. An article is taken to state parents when any comment
of any article read from the same file (``source``) has a ``parent_id`` or
``source_parent_id`` (see :func:`explicitly_threaded`): a file whose every comment is
top-level states nothing this can see, and is read like a saved page.

"Earlier" compares timestamps where both comments have one (display position breaks ties),
else display positions: pages show threaded order, not time order. With timestamps missing for
some comments only, this is not a strict total order; "latest" then compares positions.

``thread_id`` is the root of the chain of ``reply_to`` links. A cycle (possible with explicit
parents, or in odd mixes of known and missing times) is broken at its earliest member, which
becomes top-level; broken cycles are counted in a :class:`ReplyWarning`.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = [
    "CONFIDENCE",
    "METHODS",
    "ReplyWarning",
    "addressed_names",
    "explicitly_threaded",
    "reconstruct_replies",
    "reply_edges",
    "quoted_spans",
]

#: Confidence of a reply link, fixed per method, and why:
#:
#: - ``parent`` 1.0: the input format itself states the parent.
#: - ``mention`` 0.8: an ``@handle`` addresses its author near certainly; which of that
#:   author's comments is answered is inferred (the latest earlier one), and a mention can
#:   also talk *about* someone rather than to them.
#: - ``quote`` 0.6: whole words repeated in quote marks usually answer the comment they come
#:   from, but two commenters can quote the same outside source or a stock phrase.
#: - ``mention-external`` 0.5: the addressed author is stated, but no comment of theirs is in
#:   the thread, so the link names a person, not a comment.
#: - ``none`` 0.0: no link.
CONFIDENCE: dict[str, float] = {"parent": 1.0, "mention": 0.8, "quote": 0.6, "mention-external": 0.5, "none": 0.0}
METHODS: tuple[str, ...] = tuple(CONFIDENCE)

COMMENT_COLUMNS = ("comment_id", "article_id", "position", "author", "timestamp", "text", "mentions", "parent_id")
ARTICLE_COLUMNS = ("article_id", "body")
REPLIED_COLUMNS = (
    "comment_id",
    "article_id",
    "position",
    "author",
    "timestamp",
    "reply_to",
    "reply_to_author",
    "reply_method",
    "reply_confidence",
    "thread_id",
)

# A quoted span. An apostrophe is not a quote mark: an opening mark follows no letter or digit
# and a closing one is followed by none, so "doesn't", "Assad's" and "doesn’t" never open or
# close a span, while 'mutual destruction' does. Spans stay on one line.
QUOTE = re.compile(
    r"(?<!\w)(?:['‘](?=\S)(?P<single>[^\n]+?)(?<=\S)['’]"
    r"|[\"“](?=\S)(?P<double>[^\n\"“”]+?)(?<=\S)[\"”])(?!\w)"
)
_QUOTE_CHAR = r"['\"‘’“”]"
_FOLD = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'))
MIN_QUOTE_WORDS = 2
MIN_QUOTE_CHARS = 10


class ReplyWarning(UserWarning):
    """Reply links the input states but that cannot be kept (orphans, cycles)."""


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing required columns {missing}")


def _normalize(text: str) -> str:
    """Case-folded, curly quotes made straight, runs of whitespace made one space."""
    for curly, straight in _FOLD:
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.casefold().split())


def _without_quote_marks(norm: str) -> str:
    """Normalized text without quote marks: headlines quote words themselves ("approve 'no
    means no' law"), and a comment quoting the headline rarely keeps those marks."""
    if "'" in norm or '"' in norm:
        norm = " ".join(norm.replace("'", "").replace('"', "").split())
    return norm


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def quoted_spans(text: str) -> list[str]:
    """The quoted spans of ``text`` long enough to count as quotes (2 words, 10 characters).

    Examples:
        >>> quoted_spans("would lavrov talk about 'mutual destruction' if he doesn't win?")
        ['mutual destruction']
        >>> quoted_spans("Assad's men said “enough is enough” and 'no'")
        ['enough is enough']
    """
    spans = []
    for m in QUOTE.finditer(text):
        span = m["single"] if m["single"] is not None else m["double"]
        if len(span.split()) >= MIN_QUOTE_WORDS and len(_normalize(span)) >= MIN_QUOTE_CHARS:
            spans.append(span)
    return spans


def _contains_words(haystack: str, needle: str) -> bool:
    """Whether normalized ``needle`` occurs in normalized ``haystack`` as whole words."""
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        if not (start and _is_word_char(haystack[start - 1])) and not (
            end < len(haystack) and _is_word_char(haystack[end])
        ):
            return True
        start = haystack.find(needle, start + 1)
    return False


def addressed_names(mentions: pd.Series, addressed_to: pd.Series | None = None) -> np.ndarray:
    """Per comment, the names it addresses: its ``addressed_to`` names (what the input states, a
    leading ``@`` dropped, each once ignoring case) first, then the ``mentions`` (``@handles`` of
    the text, as written) that are none of those; an object array of lists. A name both sources
    give counts once; the text's own repeats stay, as ``mentions`` has them. Without
    ``addressed_to`` (or with every list empty) the ``mentions`` as they are.

    Examples:
        >>> addressed_names(pd.Series([["ann"], [], ["Bob", "cy", "cy"]]), pd.Series([[], ["@ann"], ["bob", "BOB"]])).tolist()
        [['ann'], ['ann'], ['bob', 'cy', 'cy']]
    """
    handles = mentions.to_numpy(dtype=object)
    if addressed_to is None:
        return handles
    stated = addressed_to.to_numpy(dtype=object)
    try:  # the contract's lists: their lengths at C speed (a million comments, most naming nobody)
        lengths = np.fromiter(map(len, stated), dtype=np.int64, count=len(stated))
    except TypeError:  # a missing value in a frame built by hand
        lengths = np.fromiter(
            (len(v) if isinstance(v, (str, list, tuple, np.ndarray)) else 0 for v in stated), np.int64
        )
    given = np.flatnonzero(lengths)
    if not len(given):
        return handles
    out = handles.copy()
    for row in given.tolist():
        names: list[str] = []
        seen: set[str] = set()
        for name in [stated[row]] if isinstance(stated[row], str) else stated[row]:
            name = str(name).lstrip("@").strip()
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        out[row] = names + [h for h in handles[row] if h.casefold() not in seen]
    return out


def explicitly_threaded(comments: pd.DataFrame, articles: pd.DataFrame) -> np.ndarray:
    """Per comment, whether its input states parents: some comment of an article read from the
    same file (``source``; the same article where ``articles`` has no ``source``) has a
    ``parent_id`` or ``source_parent_id``. There a blank parent means top-level.

    Examples:
        >>> arts = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "source": ["x.csv", "x.csv", "page.txt"]})
        >>> coms = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "parent_id": [None, None, None],
        ...                      "source_parent_id": ["t1_c9", None, None]})
        >>> explicitly_threaded(coms, arts).tolist()
        [True, True, False]
    """
    stated = comments["parent_id"].notna().to_numpy(dtype=bool)
    if "source_parent_id" in comments.columns:
        stated = stated | comments["source_parent_id"].notna().to_numpy(dtype=bool)
    if not stated.any():
        return stated
    article = comments["article_id"]
    if "source" in articles.columns:
        source_of = pd.Series(articles["source"].to_numpy(dtype=object), index=articles["article_id"].to_numpy())
        source_of = source_of[~source_of.index.duplicated()]
        key = article.map(source_of).to_numpy(dtype=object)
        key = np.where(pd.isna(key), article.to_numpy(dtype=object), key)  # an article not listed: itself
    else:
        key = article.to_numpy(dtype=object)
    return np.isin(key, pd.unique(key[stated]))


class _Order:
    """ "Earlier" between comments: by time where both are known, else by display position."""

    def __init__(self, timestamp: pd.Series, position: pd.Series):
        self.known = timestamp.notna().to_numpy()
        self.time = timestamp.to_numpy().astype("datetime64[us]").view("i8")  # us: no overflow
        self.pos = position.to_numpy(dtype="int64")

    def earlier(self, a: int, b: int) -> bool:
        if self.known[a] and self.known[b]:
            return (self.time[a], self.pos[a]) < (self.time[b], self.pos[b])
        return self.pos[a] < self.pos[b]

    def earliest(self, rows: list[int]) -> int:
        best = rows[0]
        for r in rows[1:]:
            if self.earlier(r, best):
                best = r
        return best


# Outcomes of resolving one handle, besides a comment row.
_SELF, _LATER, _ABSENT, _AMBIGUOUS = "self", "later", "absent", "ambiguous"


class _Authors:
    """The comments of one article by author name (case-folded), for "latest earlier" lookups.

    Per-author sorted lists are built on the first look-up of that author only.
    """

    def __init__(self, rows: np.ndarray, keys: np.ndarray, order: _Order):
        self.order = order
        self.rows: dict[str, list[int]] = defaultdict(list)
        for r, k in zip(rows.tolist(), keys[rows].tolist()):
            self.rows[k].append(r)
        self.names = sorted(self.rows)
        self._sorted: dict[str, tuple[list, list, list]] = {}

    def _lists(self, key: str) -> tuple[list, list, list]:
        """``key``'s comments: timed ones by (time, position), untimed and all by position."""
        if key not in self._sorted:
            o = self.order
            rows = self.rows[key]
            self._sorted[key] = (
                sorted((o.time[r], o.pos[r], r) for r in rows if o.known[r]),
                sorted((o.pos[r], r) for r in rows if not o.known[r]),
                sorted((o.pos[r], r) for r in rows),
            )
        return self._sorted[key]

    def latest_before(self, key: str, c: int) -> int | None:
        """``key``'s latest comment earlier than row ``c``, or None."""
        o = self.order
        timed, untimed, by_pos = self._lists(key)
        if not o.known[c]:
            i = bisect_left(by_pos, (o.pos[c], -1))
            return by_pos[i - 1][1] if i else None
        i = bisect_left(timed, (o.time[c], o.pos[c], -1))
        k = timed[i - 1][2] if i else None
        j = bisect_left(untimed, (o.pos[c], -1))
        u = untimed[j - 1][1] if j else None
        if k is None or u is None:
            return k if u is None else u
        return k if o.pos[k] > o.pos[u] else u  # one time unknown: compare positions

    def resolve(self, handle: str, c: int, own: str) -> int | str:
        """The row ``@handle`` in row ``c`` (written by ``own``) answers, or why there is none."""
        h = handle.casefold()
        if h in self.rows:
            if h == own:
                return _SELF
            found = self.latest_before(h, c)
            return _LATER if found is None else found
        i = bisect_left(self.names, h)
        named = []
        while i < len(self.names) and self.names[i].startswith(h):
            named.append(self.names[i])
            i += 1
        if not named:
            return _ABSENT
        candidates = [k for k in named if k == own or self.latest_before(k, c) is not None]
        if not candidates:
            return _LATER
        if len(candidates) > 1:
            return _AMBIGUOUS
        return _SELF if candidates[0] == own else self.latest_before(candidates[0], c)


class _Texts:
    """The normalized comment texts of one article, joined, for finding quoted spans.

    A scan per span: linear in the article's text (articles are searched one at a time).
    """

    def __init__(self, rows: np.ndarray, texts: list[str]):
        norms = [_normalize(t) for t in texts]
        self.rows = rows.tolist()
        self.starts = []
        at = 0
        for norm in norms:
            self.starts.append(at)
            at += len(norm) + 1
        self.joined = "\n".join(norms)  # normalized text holds no newline: spans never cross it

    def containing(self, span: str) -> list[int]:
        """Rows whose text holds ``span`` (normalized) as whole words, each once, in row order."""
        found: list[int] = []
        start = self.joined.find(span)
        while start != -1:
            end = start + len(span)
            if not (start and _is_word_char(self.joined[start - 1])) and not (
                end < len(self.joined) and _is_word_char(self.joined[end])
            ):
                row = self.rows[bisect_right(self.starts, start) - 1]
                if not found or found[-1] != row:
                    found.append(row)
            start = self.joined.find(span, start + 1)
        return found


class _TextsByRow:
    """The texts of some rows, as Python strings, read from the column's Arrow chunks (Arrow's
    take on a chunked array first joins every chunk into one: a copy of all texts per call)."""

    def __init__(self, column: pd.Series):
        arrow = pa.array(column)
        self.chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
        self.bounds = np.cumsum([0] + [len(chunk) for chunk in self.chunks])

    def __call__(self, rows: np.ndarray) -> list:
        if len(rows) and not (np.diff(rows) > 0).all():
            order = np.argsort(rows, kind="stable")
            texts = self(rows[order])
            out = [None] * len(rows)
            for k, text in zip(order.tolist(), texts):
                out[k] = text
            return out
        out: list = []
        cuts = np.searchsorted(rows, self.bounds)
        for i in np.flatnonzero(cuts[1:] > cuts[:-1]).tolist():
            mine = rows[cuts[i] : cuts[i + 1]] - self.bounds[i]
            out += self.chunks[i].take(pa.array(mine)).to_pylist()
        return out


def _break_cycles(link: np.ndarray, order: _Order) -> tuple[np.ndarray, int, list[int]]:
    """Roots of the ``link`` forest (-1 = top-level), breaking each cycle at its earliest member."""
    n = len(link)
    broken: list[int] = []
    while True:
        up = np.where(link >= 0, link, np.arange(n))
        for _ in range(max(n, 1).bit_length() + 1):  # pointer doubling: log2(depth) rounds
            up = up[up]
        stuck = np.flatnonzero(link[up] >= 0)  # in a cycle, or leading into one
        if not len(stuck):
            return up, len(broken), broken
        state = np.zeros(n, dtype=np.int8)  # 0 unseen, 1 on the current walk, 2 done
        state[link[up] < 0] = 2
        for start in stuck:
            path = []
            r = int(start)
            while r >= 0 and state[r] == 0:
                state[r] = 1
                path.append(r)
                r = int(link[r])
            if r >= 0 and state[r] == 1:  # closed a new cycle
                cycle = path[path.index(r) :]
                first = order.earliest(cycle)
                link[first] = -1
                broken.append(first)
            for p in path:
                state[p] = 2


def _link_mentions(
    has_handles: np.ndarray,
    art: np.ndarray,
    groups: dict,
    handles: np.ndarray,
    keys: np.ndarray,
    order: _Order,
    link: np.ndarray,
    method: np.ndarray,
    named: np.ndarray,
) -> None:
    """Step 2 of :func:`reconstruct_replies`: each comment of ``has_handles`` answers the comment
    its first resolved @handle points to (``mention``), else names the first handle of someone
    who never commented (``mention-external``). Fills ``link``, ``method`` and ``named``."""
    for article in pd.unique(art[has_handles]):
        rows = groups[article]
        by_author = _Authors(rows, keys, order)
        for c in rows[has_handles[rows]]:
            external = None
            for handle in handles[c]:
                found = by_author.resolve(handle, c, keys[c])
                if not isinstance(found, str):
                    link[c], method[c] = found, "mention"
                    break
                if found == _ABSENT and external is None:
                    external = handle
            else:
                if external is not None:
                    method[c], named[c] = "mention-external", external


def _link_quotes(
    quoting: np.ndarray,
    open_: np.ndarray,
    recording: np.ndarray,
    art: np.ndarray,
    groups: dict,
    article_texts: dict,
    texts_of: _TextsByRow,
    keys: np.ndarray,
    order: _Order,
    found: dict[str, np.ndarray],
) -> None:
    """Step 3 of :func:`reconstruct_replies`: the first quoted span of the article's text a
    comment of ``quoting`` holds goes to ``quotes_article``; a ``recording`` comment quoting an
    earlier comment by someone else gets the span in ``quotes_comment``, and, where it is also
    ``open_``, answers the earliest such comment (``quote``). Fills ``found``'s arrays
    (``link``, ``method``, ``quotes_article``, ``quotes_comment``) and ``open_``."""
    link, method = found["link"], found["method"]
    quotes_article, quotes_comment = found["quotes_article"], found["quotes_comment"]
    for article in pd.unique(art[quoting]):
        rows = groups[article]
        title, body = (
            _without_quote_marks(_normalize(t)) if isinstance(t, str) else ""
            for t in article_texts.get(article, ("", ""))
        )
        texts = texts_of(rows)
        at = {row: k for k, row in enumerate(rows.tolist())}
        earlier_texts = None  # built on the first span that needs it
        for c in rows[quoting[rows]]:
            for span in quoted_spans(texts[at[c]]):
                norm = _normalize(span)
                bare = _without_quote_marks(norm)
                if _contains_words(title, bare) or _contains_words(body, bare):
                    if quotes_article[c] is None:
                        quotes_article[c] = span
                    continue
                if not recording[c] or quotes_comment[c] is not None:
                    continue
                earlier_texts = earlier_texts or _Texts(rows, texts)
                sources = [r for r in earlier_texts.containing(norm) if keys[r] != keys[c] and order.earlier(r, c)]
                if sources:
                    quotes_comment[c] = span
                    if open_[c]:
                        link[c], method[c] = order.earliest(sources), "quote"
                        open_[c] = False


def _link_parents(
    parent_id: pd.Series, ids: np.ndarray, art: np.ndarray, link: np.ndarray, method: np.ndarray
) -> tuple[np.ndarray, int]:
    """Step 1 of :func:`reconstruct_replies`: a stated ``parent_id`` that is a comment of the same
    article is the link (``parent``). Fills ``link`` and ``method``; returns whether each comment
    states a parent, and how many of those are orphans."""
    stated = parent_id.notna().to_numpy()
    target = pd.Index(ids).get_indexer(parent_id)
    valid = stated & (target >= 0)
    valid[valid] = art[target[valid]] == art[valid]
    link[valid] = target[valid]
    method[valid] = "parent"
    return stated, int((stated & ~valid).sum())


def reconstruct_replies(comments: pd.DataFrame, *, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``comments`` with the reply columns of the data contract.

    Adds ``reply_to``, ``reply_to_author``, ``reply_method``, ``reply_confidence``,
    ``thread_id``, ``quotes_article`` and ``quotes_comment`` (see the module docstring for the methods and
    :data:`CONFIDENCE`). Work is per article and near linear in its comments. Orphan parents
    and broken cycles are reported with a :class:`ReplyWarning`; both remain visible in the
    result as a ``parent_id`` on a comment whose ``reply_method`` is ``none``.

    Examples:
        >>> import pandas as pd
        >>> from analytics.model import schema
        >>> arts = schema.articles_frame([{"article_id": "a1", "title": "T", "source": "s",
        ...     "body": "A path to mutual destruction.", "parsed_comments": 3}])
        >>> rows = [("c1", "andre.jabbour", "Talks now."), ("c2", "geha", "@andre never"),
        ...         ("c3", "realist", "What 'mutual destruction' exactly?")]
        >>> coms = schema.comments_frame([{"comment_id": i, "article_id": "a1", "position": k,
        ...     "author": a, "is_guest": False, "timestamp": None, "text": t,
        ...     "mentions": [t[1:].split()[0]] if t.startswith("@") else [], "n_words": len(t.split())}
        ...     for k, (i, a, t) in enumerate(rows)])
        >>> out = reconstruct_replies(coms, articles=arts)
        >>> out[["author", "reply_to", "reply_to_author", "reply_method", "thread_id"]].values.tolist()
        [['andre.jabbour', nan, nan, 'none', 'c1'], ['geha', 'c1', 'andre.jabbour', 'mention', 'c1'], ['realist', nan, nan, 'none', 'c3']]
        >>> out.loc[2, "quotes_article"]
        'mutual destruction'
    """
    _require(comments, COMMENT_COLUMNS, "comments")
    _require(articles, ARTICLE_COLUMNS, "articles")
    n = len(comments)
    ids = comments["comment_id"].to_numpy(dtype=object)
    art = comments["article_id"].to_numpy(dtype=object)
    authors = comments["author"].to_numpy(dtype=object)
    keys = np.array([a.casefold() for a in authors], dtype=object)
    # Texts become Python strings one article at a time: all at once they take too much memory.
    texts_of = _TextsByRow(comments["text"])
    handles = addressed_names(comments["mentions"], comments["addressed_to"] if "addressed_to" in comments else None)
    order = _Order(comments["timestamp"], comments["position"])

    link = np.full(n, -1, dtype=np.int64)
    method = np.full(n, "none", dtype=object)
    named = np.full(n, None, dtype=object)  # reply_to_author of mention-external links
    quotes_article = np.full(n, None, dtype=object)
    quotes_comment = np.full(n, None, dtype=object)

    # 1. explicit parents; where the input states parents, a blank one means top-level
    stated, orphans = _link_parents(comments["parent_id"], ids, art, link, method)
    recording = ~stated  # orphans stay top-level: their reply was to a comment we do not have
    open_ = recording & ~explicitly_threaded(comments, articles)

    groups = pd.Series(np.arange(n)).groupby(art, sort=False).indices if n else {}

    # 2. names addressed: the input's addressees and the text's @handles
    has_handles = open_ & np.fromiter((len(h) > 0 for h in handles), dtype=bool, count=n)
    _link_mentions(has_handles, art, groups, handles, keys, order, link, method, named)
    open_ &= method == "none"
    recording &= method == "none"

    # 3. quotes, of the article (title and body) and of earlier comments
    quoting = comments["text"].str.contains(_QUOTE_CHAR, regex=True).to_numpy(dtype=bool)
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    article_texts = dict(zip(articles["article_id"], zip(titles, articles["body"])))
    found = {"link": link, "method": method, "quotes_article": quotes_article, "quotes_comment": quotes_comment}
    _link_quotes(quoting, open_, recording, art, groups, article_texts, texts_of, keys, order, found)

    # 4. threads
    roots, cycles, broken = _break_cycles(link, order)
    method[broken] = "none"
    if orphans or cycles:
        warnings.warn(
            f"{orphans} comments name a parent_id that is not a comment of their article "
            f"(orphans) and {cycles} reply cycles were broken; those comments are top-level",
            ReplyWarning,
            stacklevel=2,
        )

    out = _with_reply_columns(comments, ids, authors, link, method, named, roots, quotes_article)
    out["quotes_comment"] = pd.Series(quotes_comment, index=out.index, dtype="str")
    return out


def _with_reply_columns(
    comments: pd.DataFrame,
    ids: np.ndarray,
    authors: np.ndarray,
    link: np.ndarray,
    method: np.ndarray,
    named: np.ndarray,
    roots: np.ndarray,
    quotes_article: np.ndarray,
) -> pd.DataFrame:
    """A copy of ``comments`` with the reply columns: the id and author of the comment each
    links to (``named`` where it links to none), the method and its confidence, the thread."""
    n = len(comments)
    linked = link >= 0
    reply_to = np.where(linked, ids[np.where(linked, link, 0)] if n else ids, None)
    reply_author = np.where(linked, authors[np.where(linked, link, 0)] if n else authors, named)
    out = comments.copy()
    index = out.index
    out["reply_to"] = pd.Series(reply_to, index=index, dtype="str")
    out["reply_to_author"] = pd.Series(reply_author, index=index, dtype="str")
    out["reply_method"] = pd.Series(method, index=index, dtype="str")
    out["reply_confidence"] = out["reply_method"].map(CONFIDENCE).astype("float64")
    out["thread_id"] = pd.Series(ids[roots], index=index, dtype="str")
    out["quotes_article"] = pd.Series(quotes_article, index=index, dtype="str")
    return out


def reply_edges(replied: pd.DataFrame) -> pd.DataFrame:
    """One row per reply link of :func:`reconstruct_replies`' output, with its latency.

    Columns: ``article_id``, ``thread_id``, ``child_id``, ``child_author``, ``child_position``,
    ``child_time``, ``parent_id``, ``parent_author``, ``parent_position``, ``parent_time``,
    ``method``, ``confidence``, ``latency`` (child time minus parent time; missing where either
    is unknown) and ``latency_negative`` (True where the answer is timed before what it
    answers: kept, not dropped). ``mention-external`` links have no parent comment: their
    ``parent_id``, position and time are missing and ``parent_author`` is the handle.

    Examples:
        >>> import pandas as pd
        >>> replied = pd.DataFrame({"comment_id": ["c1", "c2"], "article_id": "a1", "position": [0, 1],
        ...     "author": ["ann", "bob"], "timestamp": pd.to_datetime(["2013-02-20 18:00", "2013-02-20 18:25"]),
        ...     "reply_to": [None, "c1"], "reply_to_author": [None, "ann"], "reply_method": ["none", "mention"],
        ...     "reply_confidence": [0.0, 0.8], "thread_id": ["c1", "c1"]})
        >>> reply_edges(replied)[["child_author", "parent_author", "latency", "latency_negative"]]
          child_author parent_author         latency  latency_negative
        0          bob           ann 0 days 00:25:00             False
    """
    _require(replied, REPLIED_COLUMNS, "replied comments")
    # Only the columns used: a filtered copy of every column would copy the texts too.
    edges = replied.loc[(replied["reply_method"] != "none").to_numpy(), list(REPLIED_COLUMNS)]
    target = pd.Index(replied["comment_id"]).get_indexer(edges["reply_to"])
    found = target >= 0
    take = np.where(found, target, 0)

    def parent_value(column: str) -> pd.Series:
        values = replied[column].iloc[take] if len(replied) else replied[column].iloc[[]]
        return pd.Series(values.to_numpy(), index=edges.index).where(found)

    child_time = edges["timestamp"]
    parent_time = parent_value("timestamp").astype(child_time.dtype)
    latency = child_time - parent_time
    out = pd.DataFrame(
        {
            "article_id": edges["article_id"],
            "thread_id": edges["thread_id"],
            "child_id": edges["comment_id"],
            "child_author": edges["author"],
            "child_position": edges["position"],
            "child_time": child_time,
            "parent_id": edges["reply_to"],
            "parent_author": edges["reply_to_author"],
            "parent_position": parent_value("position").astype("Int64"),
            "parent_time": parent_time,
            "method": edges["reply_method"],
            "confidence": edges["reply_confidence"],
            "latency": latency,
            "latency_negative": (latency < pd.Timedelta(0)).fillna(False).astype(bool),
        }
    )
    return out.reset_index(drop=True)
