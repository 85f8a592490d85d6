"""Alias suspects: pairs of handles that may be one person writing under two names.

Guests can type any name, so one person can appear as ``trieself`` and ``trueself``. Nothing
here proves that two handles are one person; it ranks pairs by evidence a moderator can check,
and the user decides (a merge is applied with :mod:`analytics.signals.merges`).

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
    case-folded, every run of characters that are not letters or digits made one space, with a
    space at either end, cut into overlapping 2-, 3- and 4-character grams (so word starts and
    ends count: " th", "ing "); term frequency ``1 + log(count)``, smoothed idf
    ``1 + log((1 + n) / (1 + df))`` over the ``n`` handles whose writing is compared, vectors of
    length 1 (grams are kept as 64-bit hash codes; a collision is vanishingly rare). Missing
    where either handle wrote no word. Computed only for pairs whose other measures leave
    ``min_score`` within reach.

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
shared by that many names, such as the numbered ``user123`` kind, says nothing) are left out of
that blocking, and each handle keeps only its :data:`MAX_PAIRS_PER_HANDLE` closest handles. So
on a large corpus a pair with unrelated handles is not suggested, however alike its writing,
and the work grows with the number of handles, not its square.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd

from ..model.checks import require_columns

__all__ = ["ALIAS_COLUMNS", "WEIGHTS", "alias_suspects", "edit_distance", "handle_similarity"]

#: Weights of the combined score; they add up to 1.
WEIGHTS: dict[str, float] = {
    "handle_similarity": 0.45,
    "writing_similarity": 0.25,
    "hour_profile_similarity": 0.15,
    "both_guests": 0.15,
}
#: Compare every pair of handles up to this many handles; block by handle above it.
ALL_PAIRS_UP_TO = 200
#: A blocking key shared by more handles than this is skipped.
MAX_BLOCK = 20
#: Above ALL_PAIRS_UP_TO, each handle keeps its this many most similar blocked handles.
MAX_PAIRS_PER_HANDLE = 5
#: Characters of each handle's text used for writing similarity.
MAX_TEXT_CHARS = 5_000
#: Character n-gram sizes for writing similarity.
NGRAM_SIZES = (2, 3, 4)

ALIAS_COLUMNS: tuple[str, ...] = (
    "author_a",
    "author_b",
    "score",
    "handle_similarity",
    "edit_distance",
    "both_guests",
    "hour_profile_similarity",
    "writing_similarity",
    "shared_articles",
    "min_gap_minutes",
    "comments_a",
    "comments_b",
    "evidence",
)

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


def _blocked_pairs(handles: list[str]) -> set[tuple[int, int]]:
    """Index pairs whose normalised handles share a form after deleting at most one character."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, handle in enumerate(handles):
        form = _normal(handle)
        if len(form) < 3:
            continue
        for key in {form} | {form[:k] + form[k + 1 :] for k in range(len(form))}:
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(set(members)), 2))
    return pairs


def _closest(pairs: list[tuple[int, int]], similarity: list[float], n: int) -> list[int]:
    """Positions of the pairs among the :data:`MAX_PAIRS_PER_HANDLE` most similar of either handle."""
    by_handle: dict[int, list[int]] = defaultdict(list)
    for k, (i, j) in enumerate(pairs):
        by_handle[i].append(k)
        by_handle[j].append(k)
    keep: set[int] = set()
    for ks in by_handle.values():
        keep.update(sorted(ks, key=lambda k: -similarity[k])[:n])
    return sorted(keep)


_NON_WORD = re.compile(r"\W+")
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _gram_codes(text: str) -> np.ndarray:
    """64-bit codes of the character 2-, 3- and 4-grams of ``text`` (see the module docstring)."""
    if not _WORD.search(text):
        return np.zeros(0, dtype=np.uint64)
    line = " " + _NON_WORD.sub(" ", text.casefold()).strip() + " "
    chars = np.frombuffer(line.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    codes = []
    with np.errstate(over="ignore"):
        for size in NGRAM_SIZES:
            count = len(chars) - size + 1
            if count <= 0:
                continue
            code = np.full(count, size, dtype=np.uint64)
            for k in range(size):
                code = code * _MIX + chars[k : k + count]
            codes.append(code)
    return np.concatenate(codes)


def _ngram_vectors(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text, its sorted n-gram codes and their unit-length tf-idf weights (empty for no words)."""
    counted = [np.unique(_gram_codes(text), return_counts=True) for text in texts]
    every, df = np.unique(
        np.concatenate([grams for grams, _ in counted] + [np.zeros(0, np.uint64)]), return_counts=True
    )
    idf = 1 + np.log((1 + len(texts)) / (1 + df))
    vectors = []
    for grams, counts in counted:
        weights = (1 + np.log(counts)) * idf[np.searchsorted(every, grams)]
        norm = np.sqrt(weights @ weights) if len(weights) else 0.0
        vectors.append((grams, weights / norm if norm else weights))
    return vectors


def _cosine(u: tuple[np.ndarray, np.ndarray], v: tuple[np.ndarray, np.ndarray]) -> float:
    (gu, wu), (gv, wv) = u, v
    if not len(gu) or not len(gv):
        return math.nan
    if len(gu) < len(gv):
        (gu, wu), (gv, wv) = (gv, wv), (gu, wu)
    where = np.minimum(np.searchsorted(gu, gv), len(gu) - 1)
    hit = gu[where] == gv
    return float(min(1.0, max(0.0, wu[where[hit]] @ wv[hit])))


def _hour_profiles(hours: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Smoothed unit-length 24-hour profiles, one row per handle; a row of NaN without hours."""
    profiles = np.zeros((n, 24))
    known = ~np.isnan(hours)
    np.add.at(profiles, (owner[known], hours[known].astype(int)), 1.0)
    profiles = profiles + 0.5 * (np.roll(profiles, 1, axis=1) + np.roll(profiles, -1, axis=1))
    norms = np.linalg.norm(profiles, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return profiles / np.where(norms > 0, norms, np.nan)


def _hour_similarity(
    timestamps: pd.Series, codes: np.ndarray, n: int, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """The hour-of-day profile similarity of each pair (``left[k]``, ``right[k]``) of the ``n``
    handles (``codes``: each comment's), NaN where either handle has no timestamp."""
    hours = timestamps.dt.hour.to_numpy(dtype="float64", na_value=np.nan)
    profiles = _hour_profiles(hours, codes, n)
    return np.clip(np.einsum("ij,ij->i", profiles[left], profiles[right]), 0.0, 1.0)


def _joined_text(texts: Iterable[str]) -> str:
    out, size = [], 0
    for text in texts:
        if size >= MAX_TEXT_CHARS:
            break
        piece = text[: MAX_TEXT_CHARS - size]
        out.append(piece)
        size += len(piece) + 1
    return "\n".join(out)


def _min_gap(a: dict[int, np.ndarray], b: dict[int, np.ndarray]) -> tuple[int, float]:
    """Shared articles and the shortest gap in minutes between two handles' comments on one of them.

    ``a`` and ``b`` map each article to the sorted comment times (seconds) of one handle."""
    shared = a.keys() & b.keys()
    best = math.inf
    for article in shared:
        ta, tb = a[article], b[article]
        if not len(ta) or not len(tb):
            continue
        # For each of b's times, the nearest of a's: a sorted search, not every pair.
        where = np.searchsorted(ta, tb)
        for side in (np.clip(where - 1, 0, len(ta) - 1), np.clip(where, 0, len(ta) - 1)):
            best = min(best, float(np.abs(tb - ta[side]).min()) / 60)
    return len(shared), (best if best < math.inf else math.nan)


def _times_by_article(article: np.ndarray, seconds: np.ndarray) -> dict[int, np.ndarray]:
    """One handle's comment times (seconds, sorted) per article code; empty where none is dated."""
    out = {int(a): np.zeros(0, dtype="int64") for a in np.unique(article)}
    dated = seconds != _NO_TIME
    order = np.lexsort((seconds[dated], article[dated]))
    arts, secs = article[dated][order], seconds[dated][order]
    starts = np.flatnonzero(np.r_[True, arts[1:] != arts[:-1]]) if len(arts) else np.zeros(0, dtype=int)
    for begin, end in zip(starts, np.r_[starts[1:], len(arts)]):
        out[int(arts[begin])] = secs[begin:end]
    return out


_NO_TIME = np.iinfo("int64").min


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
        parts.append(
            f"{row['shared_articles']} shared article{'s' if row['shared_articles'] != 1 else ''}"
            + ("" if math.isnan(gap) else f", closest comments {gap:.0f} min apart")
        )
    return "; ".join(parts)


def _empty() -> pd.DataFrame:
    dtypes = {
        "author_a": "str",
        "author_b": "str",
        "score": "float64",
        "handle_similarity": "float64",
        "edit_distance": "int64",
        "both_guests": "bool",
        "hour_profile_similarity": "float64",
        "writing_similarity": "float64",
        "shared_articles": "int64",
        "min_gap_minutes": "float64",
        "comments_a": "int64",
        "comments_b": "int64",
        "evidence": "str",
    }
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in ALIAS_COLUMNS})


def _compared_pairs(handles: list[str]) -> tuple[list[tuple[int, int]], list[float]]:
    """The pairs of handle positions compared, and their handle similarity: every pair up to
    :data:`ALL_PAIRS_UP_TO` handles, else the blocked pairs, the closest per handle."""
    if len(handles) <= ALL_PAIRS_UP_TO:
        pairs = list(combinations(range(len(handles)), 2))
        return pairs, [handle_similarity(handles[i], handles[j]) for i, j in pairs]
    pairs = sorted(_blocked_pairs(handles))
    similarity = [handle_similarity(handles[i], handles[j]) for i, j in pairs]
    keep = _closest(pairs, similarity, MAX_PAIRS_PER_HANDLE)
    return [pairs[k] for k in keep], [similarity[k] for k in keep]


def _writing_similarity(
    texts: np.ndarray, rows_of: dict, hopeful: np.ndarray, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """The writing similarity of the ``hopeful`` pairs (``left[k]``, ``right[k]``), NaN for the others:
    the cosine of their character n-gram vectors, each handle's texts joined."""
    involved = sorted({int(h) for k in hopeful for h in (left[k], right[k])})
    vectors = dict(zip(involved, _ngram_vectors([_joined_text(texts[rows_of[h]]) for h in involved])))
    writing = np.full(len(left), np.nan)
    for k in hopeful:
        writing[k] = _cosine(vectors[left[k]], vectors[right[k]])
    return writing


def _time_ordered(comments: pd.DataFrame) -> pd.DataFrame:
    """The columns compared, names and texts as strings (no text: empty), earliest comment first
    and undated last, on a fresh index."""
    frame = comments[["author", "article_id", "is_guest", "timestamp", "text"]].copy()
    frame["author"] = frame["author"].astype("str")
    frame["text"] = frame["text"].fillna("").astype("str")
    return frame.sort_values("timestamp", kind="stable", na_position="last").reset_index(drop=True)


def _article_times(frame: pd.DataFrame, rows_of: dict, handles: Iterable[int]) -> dict[int, dict[int, np.ndarray]]:
    """For each of ``handles`` (codes; ``rows_of`` their rows of ``frame``), its comment times per
    article, as :func:`_times_by_article`: what :func:`_min_gap` compares."""
    article_codes = pd.factorize(frame["article_id"])[0]
    seconds = frame["timestamp"].astype("datetime64[s]").astype("int64").to_numpy()  # NaT -> int64 min
    return {h: _times_by_article(article_codes[rows_of[h]], seconds[rows_of[h]]) for h in handles}


def _ranked_suspects(rows: list[dict]) -> pd.DataFrame:
    """The suspect rows as a frame of :data:`ALIAS_COLUMNS`, by score, then handle similarity, then names."""
    out = pd.DataFrame(rows, columns=list(ALIAS_COLUMNS)).astype(_empty().dtypes.to_dict())
    out = out.sort_values(
        ["score", "handle_similarity", "author_a", "author_b"], ascending=[False, False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)


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
    frame = _time_ordered(comments)
    codes, handles_index = pd.factorize(frame["author"], sort=True)
    handles = list(handles_index)
    n = len(handles)
    if n < 2:
        return _empty()
    pairs, similarity = _compared_pairs(handles)
    if not pairs:
        return _empty()
    size = np.bincount(codes, minlength=n)
    guest = np.bincount(codes, weights=frame["is_guest"].to_numpy(dtype=float), minlength=n) > 0
    left = np.array([i for i, _ in pairs])
    right = np.array([j for _, j in pairs])
    hour_similarity = _hour_similarity(frame["timestamp"], codes, n, left, right)
    both = guest[left] & guest[right]
    cheap = (
        WEIGHTS["handle_similarity"] * np.array(similarity)
        + WEIGHTS["both_guests"] * both
        + WEIGHTS["hour_profile_similarity"] * np.nan_to_num(hour_similarity)
    )
    # Writing similarity is the costly measure: only for pairs it could lift over min_score.
    hopeful = np.flatnonzero(cheap + WEIGHTS["writing_similarity"] >= min_score)
    if not len(hopeful):
        return _empty()
    rows_of = frame.groupby(codes).indices
    writing = _writing_similarity(frame["text"].to_numpy(), rows_of, hopeful, left, right)
    score = cheap + WEIGHTS["writing_similarity"] * np.nan_to_num(writing)
    passed = [k for k in hopeful if score[k] >= min_score]
    if not passed:
        return _empty()
    times = _article_times(frame, rows_of, {int(h) for k in passed for h in (left[k], right[k])})
    rows = []
    for k in passed:
        i, j = int(left[k]), int(right[k])
        a, b = (i, j) if (size[i], handles[j]) >= (size[j], handles[i]) else (j, i)
        shared, gap = _min_gap(times[a], times[b])
        row = {
            "author_a": handles[a],
            "author_b": handles[b],
            "score": float(score[k]),
            "handle_similarity": similarity[k],
            "edit_distance": edit_distance(_normal(handles[a]), _normal(handles[b])),
            "both_guests": bool(both[k]),
            "hour_profile_similarity": float(hour_similarity[k]),
            "writing_similarity": float(writing[k]),
            "shared_articles": shared,
            "min_gap_minutes": gap,
            "comments_a": int(size[a]),
            "comments_b": int(size[b]),
        }
        row["evidence"] = _evidence(row)
        rows.append(row)
    return _ranked_suspects(rows)
