"""Distinctive terms: the words a commenter or a period uses more than everyone else.

Scored by the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
Quinn 2008, "Fightin' Words", section 3.5). For a word ``w`` and a group ``g`` (one
commenter, or one period) against the rest of the comments::

    delta = log((y_g + a) / (n_g + a0 - y_g - a)) - log((y_r + a) / (n_r + a0 - y_r - a))
    z     = delta / sqrt(1 / (y_g + a) + 1 / (y_r + a))

where ``y_g`` / ``y_r`` count the word in the group / the rest, ``n_g`` / ``n_r`` all words
in each, and the prior ``a`` is the word's count in all the comments (so ``a0`` is the number
of words in all the comments). The prior shrinks rare words: a word a commenter used once
and nobody else did does not outrank a word they used five times, while frequent words
everyone uses get a delta near 0. ``z`` ranks the terms.

Words come from :func:`words` (one text) or :func:`word_table` (many, vectorised with pyarrow's
compute functions, which are a runtime dependency already): links, e-mail addresses and
``@handles`` removed, lower-cased, cut at every character that is not a letter, a combining
mark or an apostrophe, apostrophes trimmed from either end, English clitics cut off, then
single letters and the shipped English :data:`STOPWORDS` dropped. No NLTK data is needed; text
in other scripts is cut into words the same way (its stopwords are kept: the list is English).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..model.checks import require_columns

__all__ = ["STOPWORDS", "TERM_COLUMNS", "PERIOD_FREQS", "words", "distinctive_terms"]

#: English function words and a few comment-thread fillers, left out of the terms. Contractions
#: are listed without their apostrophe part because :func:`words` cuts clitics off.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all almost also although always am among an and another
    any anyone anything are around as at be because been before being below between both but
    by can cannot could did do does doing done down during each either else enough etc even
    ever every few for from further get gets getting go goes going gone got had has have having
    he her here hers herself him himself his how however i if in into is it its itself just
    least less let like made make many may me might more most much must my myself neither no
    nor not now of off often on once one only or other others otherwise our ours ourselves out
    over own per perhaps quite rather really said same say says see seem seems shall she should
    since so some something still such than that the their theirs them themselves then there
    these they thing things this those though through thus to too toward towards under until
    up upon us very via was way we well were what whatever when whenever where whether which
    while who whoever whom whose why will with within without would yet you your yours
    yourself yourselves u ur im dont doesnt didnt isnt wasnt arent cant wont
    lol yes yeah ok okay oh mr mrs ms don doesn didn isn wasn aren weren haven hasn hadn couldn
    wouldn shouldn mustn ain
""".split()
)
_STOPWORD_ARRAY = pa.array(sorted(STOPWORDS), type=pa.large_string())

_SKIP = r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|@[\p{L}\p{N}_.\-]+"
_SPLIT = r"[^\p{L}\p{M}'’]+"
_CLITIC = r"['’](?:s|t|re|ve|ll|d|m)$"
_CHUNK = 200_000  # comments tokenised at a time, to bound memory on large corpora


def word_table(texts: Sequence[str | None], *, keep_stopwords: bool = False) -> tuple[pa.Array, np.ndarray]:
    """All the words of ``texts`` at once: a pyarrow string array and, per word, the position of
    its text in ``texts`` (rules in the module docstring; a missing text has no words).

    Examples:
        >>> words, where = word_table(["Hezbollah wins", None, "the regime's men"])
        >>> words.to_pylist(), where.tolist()
        (['hezbollah', 'wins', 'regime', 'men'], [0, 0, 2, 2])
    """
    texts = pa.array([t if isinstance(t, str) else "" for t in texts], type=pa.large_string())
    cleaned = pc.utf8_lower(pc.replace_substring_regex(texts, _SKIP, " "))
    lists = pc.split_pattern_regex(cleaned, _SPLIT)
    flat = pc.replace_substring_regex(pc.utf8_trim(pc.list_flatten(lists), "'’"), _CLITIC, "")
    parent = pc.list_parent_indices(lists).to_numpy()
    keep = pc.greater_equal(pc.utf8_length(flat), 2)
    if not keep_stopwords:
        keep = pc.and_(keep, pc.invert(pc.is_in(flat, value_set=_STOPWORD_ARRAY)))
    return flat.filter(keep), parent[keep.to_numpy(zero_copy_only=False)]


# The same rules in Python's re, for one text at a time (pyarrow compiles its patterns anew on
# every call, which costs more than the words of a sentence). Combining marks of Latin and
# Arabic script are kept inside words, as \p{M} keeps them in word_table.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
_PY_SKIP = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|@[\w.\-]+")
_PY_SPLIT = re.compile(rf"(?:[^\w'’{_MARKS}]|[\d_])+")
_PY_CLITIC = re.compile(_CLITIC)


def words(text: str | None, *, keep_stopwords: bool = False) -> list[str]:
    """The words of one text, in order, by the rules of :func:`word_table`.

    Examples:
        >>> words("@geha Assad's men? See https://x.org, 70K died!")
        ['assad', 'men', 'died']
        >>> words("يسقط النظام")
        ['يسقط', 'النظام']
    """
    if not isinstance(text, str):
        return []
    out = []
    for word in _PY_SPLIT.split(_PY_SKIP.sub(" ", text).lower()):
        if "'" in word or "’" in word:
            word = _PY_CLITIC.sub("", word.strip("'’"))
        if len(word) >= 2 and (keep_stopwords or word not in STOPWORDS):
            out.append(word)
    return out


TERM_COLUMNS: tuple[str, ...] = (
    "by",
    "group",
    "rank",
    "term",
    "count",
    "count_rest",
    "log_odds",
    "z",
    "group_comments",
    "group_words",
)

#: Period lengths :func:`distinctive_terms` chooses from, shortest first, with the label format.
PERIOD_FREQS: tuple[tuple[str, str], ...] = (
    ("15min", "%Y-%m-%d %H:%M"),
    ("1h", "%Y-%m-%d %H:%M"),
    ("3h", "%Y-%m-%d %H:%M"),
    ("6h", "%Y-%m-%d %H:%M"),
    ("1D", "%Y-%m-%d"),
    ("7D", "%Y-%m-%d"),
    ("30D", "%Y-%m-%d"),
    ("365D", "%Y-%m-%d"),
)
NO_TIME = "no timestamp"


def _pick_freq(stamps: pd.Series, most: int) -> tuple[str, str]:
    span = (stamps.max() - stamps.min()) if len(stamps) else pd.Timedelta(0)
    for freq, fmt in PERIOD_FREQS:
        if span / pd.Timedelta(freq) < most:
            return freq, fmt
    return PERIOD_FREQS[-1]


def _groups(comments: pd.DataFrame, by: str, freq: str | None) -> tuple[pd.Series, list[str]]:
    """Each comment's group label, and the groups in display order."""
    if by == "author":
        labels = comments["author"].astype("str")
        order = labels.value_counts(sort=False)
        first = {g: k for k, g in enumerate(pd.unique(labels))}
        return labels, sorted(order.index, key=lambda g: (-order[g], first[g]))
    stamps = comments["timestamp"]
    if freq is None:
        freq, fmt = _pick_freq(stamps.dropna(), 12)
    else:
        fmt = "%Y-%m-%d %H:%M" if pd.Timedelta(freq) < pd.Timedelta("1D") else "%Y-%m-%d"
    floors = stamps.dt.floor(freq)
    labels = floors.dt.strftime(fmt).where(stamps.notna(), NO_TIME).astype("str")
    ordered = [floor.strftime(fmt) for floor in sorted(floors.dropna().unique())]
    return labels, list(dict.fromkeys(ordered)) + ([NO_TIME] if stamps.isna().any() else [])


def _empty() -> pd.DataFrame:
    dtypes = {
        "by": "str",
        "group": "str",
        "rank": "int64",
        "term": "str",
        "count": "int64",
        "count_rest": "int64",
        "log_odds": "float64",
        "z": "float64",
        "group_comments": "int64",
        "group_words": "int64",
    }
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in TERM_COLUMNS})


def _group_word_counts(texts: np.ndarray, group_code: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How often each group uses each word: the distinct keys ``(group code + 1) * 2**32 + word
    code`` in order, their counts, and the words by code."""
    # Count (group, word) pairs chunk by chunk: words as codes of one growing vocabulary.
    vocabulary: dict[str, int] = {}
    keys: list[np.ndarray] = []
    for start in range(0, len(texts), _CHUNK):
        tokens, parent = word_table(texts[start : start + _CHUNK])
        encoded = pc.dictionary_encode(tokens)
        local = encoded.dictionary.to_pylist()
        remap = np.array([vocabulary.setdefault(w, len(vocabulary)) for w in local], dtype="int64")
        codes = remap[encoded.indices.to_numpy(zero_copy_only=False)] if len(local) else np.zeros(0, "int64")
        keys.append((group_code[start : start + _CHUNK][parent] + 1) * (1 << 32) + codes)
    unique, count = np.unique(np.concatenate(keys + [np.zeros(0, "int64")]), return_counts=True)
    return unique, count, np.array(list(vocabulary), dtype=object)


def distinctive_terms(
    comments: pd.DataFrame,
    *,
    by: str = "author",
    top: int = 10,
    freq: str | None = None,
    max_groups: int | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """The ``top`` most distinctive terms of each commenter (``by="author"``) or period (``by="period"``).

    Long form, one row per group and term: ``by``, ``group`` (the author, or the period's
    start as text; comments without a timestamp form the group ``"no timestamp"``), ``rank``
    (1 = most distinctive), ``term``, ``count`` (in the group), ``count_rest`` (in all other
    comments), ``log_odds`` (delta) and ``z`` (see the module docstring), ``group_comments``
    and ``group_words``. Only terms used at least ``min_count`` times by the group and with
    ``z > 0`` (used more than the rest) are listed, so a group may have fewer than ``top`` (a
    group that wrote every comment has none: there is nothing to stand out from).

    Groups come most active first (authors) or in time order (periods). ``freq`` is the period
    length (a pandas frequency such as ``"1h"`` or ``"1D"``); by default the shortest of
    :data:`PERIOD_FREQS` that cuts the time span into fewer than 12 periods. ``max_groups``
    keeps only that many groups (the first in that order); the others still count as "the
    rest" for every group listed.

    Examples:
        >>> frame = pd.DataFrame({"author": ["ana", "bo", "ana"], "timestamp": pd.NaT,
        ...                       "text": ["Hezbollah again", "the regime, the regime", "hezbollah!"]})
        >>> distinctive_terms(frame, top=1)[["group", "term", "count", "count_rest"]]
          group       term  count  count_rest
        0   ana  hezbollah      2           0
        1    bo     regime      2           0
    """
    if by not in ("author", "period"):
        raise ValueError(f"by must be 'author' or 'period', got {by!r}")
    require_columns(comments, ("text", "author" if by == "author" else "timestamp"), what="distinctive_terms")
    if top < 1 or min_count < 1:
        raise ValueError(f"top and min_count must be at least 1, got top={top}, min_count={min_count}")
    if comments.empty:
        return _empty()
    labels, order = _groups(comments, by, freq)
    if max_groups is not None:
        order = order[:max_groups]
    # Per comment, the number of its group among those listed, or -1 ("the rest" only).
    group_code = pd.Series(range(len(order)), index=order).reindex(labels.to_numpy()).fillna(-1)
    group_code = group_code.to_numpy(dtype="int64")
    unique, count, terms = _group_word_counts(comments["text"].to_numpy(), group_code)
    if not len(unique):
        return _empty()
    frame = pd.DataFrame({"g": unique // (1 << 32) - 1, "term": terms[unique % (1 << 32)], "count": count})
    frame["term"] = frame["term"].astype("str")
    total = frame.groupby("term")["count"].sum()
    a0 = float(total.sum())
    frame = frame[frame["g"] >= 0].copy()
    n_g = frame.groupby("g")["count"].sum()
    y = frame["count"].to_numpy(dtype="float64")
    a = total.reindex(frame["term"]).to_numpy(dtype="float64")
    y_r = a - y
    ng = n_g.reindex(frame["g"]).to_numpy(dtype="float64")
    nr = a0 - ng
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y + a) / (ng + a0 - y - a)) - np.log((y_r + a) / (nr + a0 - y_r - a))
        z = delta / np.sqrt(1 / (y + a) + 1 / (y_r + a))
    frame = frame.assign(count_rest=y_r.astype("int64"), log_odds=delta, z=z)
    frame = frame[(frame["count"] >= min_count) & np.isfinite(frame["z"]) & (frame["z"] > 0)]
    if frame.empty:
        return _empty()
    frame = frame.sort_values(["g", "z", "count", "term"], ascending=[True, False, False, True], kind="stable")
    frame = frame.groupby("g", sort=False).head(top).copy()
    frame["rank"] = frame.groupby("g", sort=False).cumcount() + 1
    groups = np.array(order, dtype=object)
    frame["group"] = groups[frame["g"].to_numpy()]
    n_comments = labels.value_counts()
    frame["group_comments"] = [int(n_comments.get(g, 0)) for g in frame["group"]]
    frame["group_words"] = n_g.reindex(frame["g"]).to_numpy().astype("int64")
    frame["by"] = by
    return frame[list(TERM_COLUMNS)].reset_index(drop=True).astype(_empty().dtypes.to_dict())


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Counts of :func:`words` over ``texts``.

    Examples:
        >>> vocabulary(["Russia, Russia", "russia and Iran"]).most_common(1)
        [('russia', 3)]
    """
    tokens, _ = word_table(list(texts))
    return Counter(tokens.to_pylist())
