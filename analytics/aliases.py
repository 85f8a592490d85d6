"""Alias suspects: pairs of handles that may be one person writing under two names.

Guests can type any name, so one person can appear as ``trieself`` and ``trueself``. Nothing
here proves that two handles are one person; it ranks pairs by evidence a moderator can check,
and the user decides (a merge is applied with :mod:`analytics.merges`).

Evidence, per pair (columns of :func:`alias_suspects`):

``handle_similarity``
    ``1 - edit_distance / length of the longer handle``, on handles case-folded with
    everything but letters and digits removed (``Geha`` and ``geha_`` are 1.0; ``trieself``
    and ``trueself``, one letter apart, 0.875). ``edit_distance`` is the Levenshtein distance
    of those forms.
``both_guests``
    Both handles were used by guests (a guest comment under the handle). Guests choose a name
    per comment; registered names are owned.
``hour_profile_similarity``
    Cosine similarity of the two hour-of-day profiles (each comment adds 1 to its hour and 0.5
    to the hours either side, so 17:55 and 18:05 are alike); missing where either handle has no
    timestamp. One person keeps one daily rhythm.
``shared_articles`` and ``min_gap_minutes``
    Articles both commented on, and the shortest time between a comment of one and a comment of
    the other on the same article (missing where there is none). Shown as evidence, not scored:
    a sock puppet may answer its other name within a minute or never appear in its threads.
``writing_similarity``
    Cosine similarity of character n-gram tf-idf vectors of the two handles' texts: the texts
    of each handle joined (at most :data:`MAX_TEXT_CHARS` characters, earliest comments first),
    case-folded, cut into words, each word padded with a space either side and cut into 2-, 3-
    and 4-character grams; term frequency ``1 + log(count)``, smoothed idf
    ``1 + log((1 + n) / (1 + df))`` over the ``n`` handles compared, vectors of length 1.
    Missing where either handle wrote no word.

The combined ``score`` in [0, 1] is the weighted sum in :data:`WEIGHTS`::

    score = 0.45 * handle_similarity + 0.25 * writing_similarity
          + 0.15 * hour_profile_similarity + 0.15 * both_guests

with a missing measure counting 0. The handle weighs most because it is the only evidence
a pair of names gives by itself; writing style is next (character n-grams recognise spelling
habits and favourite words across topics); the two weaker signals break ties.

Which pairs are compared: every pair when a corpus has at most :data:`ALL_PAIRS_UP_TO`
handles. Above that, comparing every pair would be quadratic, so pairs are first blocked by
handle: two handles are compared when their normalised forms are equal or become equal after
deleting one character from each (this finds every pair at edit distance 1 and many at 2).
Handles of fewer than 3 characters and blocks of more than :data:`MAX_BLOCK` handles (a key
shared by that many names says nothing) are left out of that blocking. So on a large corpus a
pair with unrelated handles is not suggested, however alike its writing.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
import pandas as pd

from ._checks import require_columns

__all__ = ["ALIAS_COLUMNS", "WEIGHTS", "alias_suspects", "edit_distance", "handle_similarity"]

#: Weights of the combined score; they add up to 1.
WEIGHTS: dict[str, float] = {"handle_similarity": 0.45, "writing_similarity": 0.25,
                             "hour_profile_similarity": 0.15, "both_guests": 0.15}
#: Compare every pair of handles up to this many handles; block by handle above it.
ALL_PAIRS_UP_TO = 300
#: A blocking key shared by more handles than this is skipped.
MAX_BLOCK = 50
#: Characters of each handle's text used for writing similarity.
MAX_TEXT_CHARS = 20_000
#: Character n-gram sizes for writing similarity.
NGRAM_SIZES = (2, 3, 4)

ALIAS_COLUMNS: tuple[str, ...] = (
    "author_a", "author_b", "score", "handle_similarity", "edit_distance", "both_guests",
    "hour_profile_similarity", "writing_similarity", "shared_articles", "min_gap_minutes",
    "comments_a", "comments_b", "evidence")

_NOT_ALNUM = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")


def _normal(handle: str) -> str:
    return _NOT_ALNUM.sub("", handle.casefold())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the fewest single-character insertions, deletions and substitutions.

    Examples:
        >>> edit_distance("trieself", "trueself"), edit_distance("geha", ""), edit_distance("ab", "ba")
        (1, 4, 2)
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def handle_similarity(a: str, b: str) -> float:
    """``1 - edit distance / longer length`` of the normalised handles, in [0, 1].

    Handles are case-folded and stripped of everything but letters and digits first; two
    handles with nothing left (``"--"``, ``"!"``) have similarity 0.

    Examples:
        >>> handle_similarity("trieself", "trueself")
        0.875
        >>> handle_similarity("Geha", "geha_"), handle_similarity("geha", "realist")
        (1.0, 0.1428571428571429)
    """
    na, nb = _normal(a), _normal(b)
    longest = max(len(na), len(nb))
    if not na or not nb:
        return 0.0
    return 1.0 - edit_distance(na, nb) / longest


def _candidate_pairs(handles: list[str]) -> set[tuple[int, int]]:
    """Index pairs to compare: all of them for a small corpus, else blocked by handle."""
    n = len(handles)
    if n <= ALL_PAIRS_UP_TO:
        return set(combinations(range(n), 2))
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, handle in enumerate(handles):
        form = _normal(handle)
        if len(form) < 3:
            continue
        keys = {form} | {form[:k] + form[k + 1:] for k in range(len(form))}
        for key in keys:
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(set(members)), 2))
    return pairs


def _ngram_vectors(texts: list[str]) -> list[dict[str, float]]:
    """Unit-length character n-gram tf-idf vectors (see the module docstring)."""
    counts = []
    for text in texts:
        grams: Counter[str] = Counter()
        for word in _WORD.findall(text.casefold()):
            padded = f" {word} "
            for size in NGRAM_SIZES:
                grams.update(padded[k:k + size] for k in range(len(padded) - size + 1))
        counts.append(grams)
    df: Counter[str] = Counter()
    for grams in counts:
        df.update(grams.keys())
    n = len(texts)
    vectors = []
    for grams in counts:
        weights = {g: (1 + math.log(c)) * (1 + math.log((1 + n) / (1 + df[g]))) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({g: w / norm for g, w in weights.items()} if norm else {})
    return vectors


def _cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if not u or not v:
        return math.nan
    if len(u) > len(v):
        u, v = v, u
    return min(1.0, sum(w * v.get(g, 0.0) for g, w in u.items()))


def _hour_profiles(hours: pd.Series) -> np.ndarray | None:
    """Smoothed, unit-length 24-hour profile of one handle's comment hours; None without hours."""
    values = hours.dropna().astype(int).to_numpy()
    if not len(values):
        return None
    profile = np.bincount(values, minlength=24).astype("float64")
    profile = profile + 0.5 * (np.roll(profile, 1) + np.roll(profile, -1))
    return profile / np.linalg.norm(profile)


def _joined_text(texts: pd.Series) -> str:
    out, size = [], 0
    for text in texts:
        if size >= MAX_TEXT_CHARS:
            break
        piece = text[:MAX_TEXT_CHARS - size]
        out.append(piece)
        size += len(piece) + 1
    return "\n".join(out)


def _min_gap(a: pd.DataFrame, b: pd.DataFrame) -> tuple[int, float]:
    """Shared articles and the shortest gap in minutes between the two handles' comments."""
    shared = set(a["article_id"]) & set(b["article_id"])
    best = math.inf
    for article in shared:
        ta = np.sort(a.loc[a["article_id"] == article, "timestamp"].dropna().to_numpy())
        tb = np.sort(b.loc[b["article_id"] == article, "timestamp"].dropna().to_numpy())
        if not len(ta) or not len(tb):
            continue
        # For each of b's times, the nearest of a's: a sorted search, not every pair.
        where = np.searchsorted(ta, tb)
        for side in (np.clip(where - 1, 0, len(ta) - 1), np.clip(where, 0, len(ta) - 1)):
            gaps = np.abs((tb - ta[side]).astype("timedelta64[s]").astype("int64"))
            best = min(best, float(gaps.min()) / 60)
    return len(shared), (best if best < math.inf else math.nan)


def _evidence(row: dict) -> str:
    parts = [f"handles {row['edit_distance']} edit{'s' if row['edit_distance'] != 1 else ''} apart"]
    if row["both_guests"]:
        parts.append("both guests")
    if not math.isnan(row["writing_similarity"]):
        parts.append(f"writing similarity {row['writing_similarity']:.2f}")
    if not math.isnan(row["hour_profile_similarity"]):
        parts.append(f"hour-of-day similarity {row['hour_profile_similarity']:.2f}")
    if row["shared_articles"]:
        gap = row["min_gap_minutes"]
        parts.append(f"{row['shared_articles']} shared article{'s' if row['shared_articles'] != 1 else ''}"
                     + ("" if math.isnan(gap) else f", closest comments {gap:.0f} min apart"))
    return "; ".join(parts)


def _empty() -> pd.DataFrame:
    dtypes = {"author_a": "str", "author_b": "str", "score": "float64", "handle_similarity": "float64",
              "edit_distance": "int64", "both_guests": "bool", "hour_profile_similarity": "float64",
              "writing_similarity": "float64", "shared_articles": "int64", "min_gap_minutes": "float64",
              "comments_a": "int64", "comments_b": "int64", "evidence": "str"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in ALIAS_COLUMNS})


def alias_suspects(comments: pd.DataFrame, *, min_score: float = 0.35) -> pd.DataFrame:
    """Pairs of handles that may be one person, strongest suspicion first.

    One row per pair with ``score >= min_score`` (the rule and every evidence column are in the
    module docstring). ``author_a`` is the handle with more comments (on a tie, the first in
    alphabetical order), the one a merge would keep; ``comments_a`` / ``comments_b`` count their
    comments; ``evidence`` says the same in words. Ranked by score, then handle similarity,
    then names, so the order is stable. Pass ``min_score=0`` to see every pair compared.

    Examples:
        >>> frame = pd.DataFrame({
        ...     "comment_id": ["c1", "c2", "c3"], "article_id": ["a"] * 3,
        ...     "author": ["trieself", "trueself", "geha"], "is_guest": [True, True, False],
        ...     "timestamp": pd.to_datetime(["2013-02-20 12:45", "2013-02-20 17:45", "2013-02-20 18:18"]),
        ...     "text": ["Is he sane?", "Assad should go.", "looks like Russia is loosing ground"]})
        >>> alias_suspects(frame)[["author_a", "author_b", "handle_similarity", "both_guests"]]
           author_a  author_b  handle_similarity  both_guests
        0  trieself  trueself              0.875         True
    """
    require_columns(comments, ("author", "article_id", "is_guest", "timestamp", "text"), what="alias_suspects")
    if not 0 <= min_score <= 1:
        raise ValueError(f"min_score must be in [0, 1], got {min_score}")
    frame = comments[["author", "article_id", "is_guest", "timestamp", "text"]].copy()
    frame["author"] = frame["author"].astype("str")
    frame["text"] = frame["text"].fillna("").astype("str")
    if frame.empty:
        return _empty()
    frame = frame.sort_values("timestamp", kind="stable", na_position="last")
    groups = dict(tuple(frame.groupby("author", sort=True)))
    handles = sorted(groups)
    pairs = sorted(_candidate_pairs(handles))
    if not pairs:
        return _empty()
    involved = sorted({i for pair in pairs for i in pair})
    vectors = dict(zip(involved, _ngram_vectors([_joined_text(groups[handles[i]]["text"]) for i in involved])))
    profiles = {i: _hour_profiles(groups[handles[i]]["timestamp"].dt.hour) for i in involved}
    guest = {i: bool(groups[handles[i]]["is_guest"].any()) for i in involved}
    size = {i: len(groups[handles[i]]) for i in involved}

    rows = []
    for i, j in pairs:
        a, b = (i, j) if (size[i], handles[j]) >= (size[j], handles[i]) else (j, i)
        na, nb = _normal(handles[a]), _normal(handles[b])
        distance = edit_distance(na, nb)
        similarity = 1.0 - distance / max(len(na), len(nb)) if na and nb else 0.0
        pa, pb = profiles[a], profiles[b]
        hours = float(np.clip(pa @ pb, 0.0, 1.0)) if pa is not None and pb is not None else math.nan
        writing = _cosine(vectors[a], vectors[b])
        both = guest[a] and guest[b]
        measures = {"handle_similarity": similarity, "writing_similarity": writing,
                    "hour_profile_similarity": hours, "both_guests": float(both)}
        score = sum(w * (0.0 if math.isnan(measures[k]) else measures[k]) for k, w in WEIGHTS.items())
        if score < min_score:
            continue
        shared, gap = _min_gap(groups[handles[a]], groups[handles[b]])
        row = {"author_a": handles[a], "author_b": handles[b], "score": score,
               "handle_similarity": similarity, "edit_distance": distance, "both_guests": both,
               "hour_profile_similarity": hours, "writing_similarity": writing,
               "shared_articles": shared, "min_gap_minutes": gap,
               "comments_a": size[a], "comments_b": size[b]}
        row["evidence"] = _evidence(row)
        rows.append(row)
    if not rows:
        return _empty()
    out = pd.DataFrame(rows, columns=list(ALIAS_COLUMNS)).astype(_empty().dtypes.to_dict())
    out = out.sort_values(["score", "handle_similarity", "author_a", "author_b"],
                          ascending=[False, False, True, True], kind="stable")
    return out.reset_index(drop=True)
