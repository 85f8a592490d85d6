"""Texts read into pieces (whitespace-separated, lower-cased), each piece read once and cached,
and the lexicon phrases found in them."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import chain, compress
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from .lexicon_terms import _may_end_phrase, _Term, _terms_starting, _word_matches
from .model import _model

_KERAS_FILTERS = str.maketrans({c: " " for c in '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'})
_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class _Piece(NamedTuple):
    """What one whitespace-separated piece of a lower-cased text gives each part of the model.
    It depends on the piece alone, so it is cached (most pieces are common words)."""

    lstm: tuple[int, ...]  # BiLSTM word ids (the Keras tokenizer's words, unknown ones dropped)
    vectors: tuple[int, ...]  # word-vector rows (``_WORD`` words)
    apc: tuple[int, ...]  # profanity-model columns (scikit-learn's tokens)
    runs: tuple[str, ...]  # maximal runs of word characters and apostrophes (lexicon matching)
    terms: tuple[tuple[_Term, ...], ...] | None  # per run, the terms it may begin; None: none
    open_start: bool  # the piece begins with a run (a phrase may continue into it)
    open_end: bool  # the piece ends with a run (a phrase may continue out of it)


_TERMS = itemgetter(_Piece._fields.index("terms"))
_CACHE_LIMIT = 200_000
# The piece cache is shared by the threads of one process (the dashboard's sessions): one reads
# while no other learns or clears it, or a text could get another cache generation's ids.
_CACHE_LOCK = threading.Lock()
_PIECES: dict[str, _Piece] = {}
# Which texts need the lexicon matcher, decided without a loop over their pieces: a term of one
# word needs a piece in _SINGLES, a phrase a piece in _STARTERS and one in _ENDERS.
_SINGLES: set[str] = set()  # the cached pieces with a run that is a one-word term
_STARTERS: set[str] = set()  # ... with a run that may begin a phrase
_ENDERS: set[str] = set()  # ... whose first run may end a phrase
# The ids each cached piece gives the three parts, as flat lists: piece k's ids of a part are
# ids[start[k]:start[k + 1]] (so a batch's ids are gathered by NumPy, not by a loop per text).
_PIECE_NUMBER: dict[str, int] = {}
_PARTS = ("lstm", "vectors", "apc")
_IDS: dict[str, list[int]] = {part: [] for part in _PARTS}
_STARTS: dict[str, list[int]] = {part: [0] for part in _PARTS}
_ARRAYS: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # NumPy copies of _STARTS and _IDS
_RUN = re.compile(r"[\w']+")


def clear_caches() -> None:
    """Forget the cached pieces (results never depend on them; benchmarks start cold)."""
    with _CACHE_LOCK:
        _clear_pieces()


def _clear_pieces() -> None:
    _PIECES.clear()
    _SINGLES.clear()
    _STARTERS.clear()
    _ENDERS.clear()
    _PIECE_NUMBER.clear()
    _ARRAYS.clear()
    for part in _PARTS:
        _IDS[part].clear()
        del _STARTS[part][1:]


def _learn(pieces: set[str]) -> None:
    """Fill the piece cache for the pieces not seen yet (emptied when it grows too large)."""
    new = pieces.difference(_PIECES)
    if len(_PIECES) + len(new) > _CACHE_LIMIT:
        _clear_pieces()
        new = pieces
    m = _model()
    for piece in new:
        runs = tuple(_RUN.findall(piece))
        terms = tuple(_terms_starting(r) for r in runs)
        cached = _PIECES[piece] = _Piece(
            tuple(m.lstm_index[w] for w in piece.translate(_KERAS_FILTERS).split() if w in m.lstm_index),
            tuple(m.wv_index[w] for w in _WORD.findall(piece) if w in m.wv_index),
            tuple(m.apc_index[w] for w in _SKLEARN_TOKEN.findall(piece) if w in m.apc_index),
            runs,
            terms if any(terms) else None,
            bool(runs) and piece.startswith(runs[0]),
            bool(runs) and piece.endswith(runs[-1]),
        )
        if any(len(t.words) == 1 for candidates in terms for t in candidates):
            _SINGLES.add(piece)
        if any(len(t.words) > 1 for candidates in terms for t in candidates):
            _STARTERS.add(piece)
        if runs and piece.startswith(runs[0]) and _may_end_phrase(runs[0]):
            _ENDERS.add(piece)
        _PIECE_NUMBER[piece] = len(_PIECE_NUMBER)
        for part, ids in zip(_PARTS, cached):
            _IDS[part].extend(ids)
            _STARTS[part].append(len(_IDS[part]))
    if new:
        _ARRAYS.clear()


def _part_ids(part: str, numbers: np.ndarray, piece_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``part`` ids of the pieces numbered ``numbers``, in order, and the text of each."""
    if part not in _ARRAYS:
        _ARRAYS[part] = (np.array(_STARTS[part], dtype=np.int64), np.array(_IDS[part], dtype=np.int64))
    starts, ids = _ARRAYS[part]
    first = starts[numbers]
    lengths = starts[numbers + 1] - first
    at = np.arange(int(lengths.sum())) + np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
    return ids[at], np.repeat(piece_text, lengths)


def _phrase_at(pieces: list[_Piece], p: int, term: _Term) -> bool:
    """Whether the multi-word ``term`` starts at the last run of piece ``p`` and goes on through
    the following pieces, its words separated by whitespace only."""
    if not pieces[p].open_end or p + len(term.words) > len(pieces):
        return False
    for k, word in enumerate(term.words[1:], start=1):
        piece = pieces[p + k]
        last = k == len(term.words) - 1
        if not (
            piece.open_start
            and (last or (len(piece.runs) == 1 and piece.open_end))
            and _word_matches(piece.runs[0], word)
        ):
            return False
    return True


def _hits_of(pieces: list[_Piece]) -> list[tuple[str, float]]:
    """Lexicon phrases of a text given its pieces, left to right, as one regex alternation of the
    terms (longest first, not inside words) would find them."""
    hits: list[tuple[str, float]] = []
    consumed = (-1, len(pieces))  # (piece, run) up to which a phrase has consumed the text
    for p in compress(range(len(pieces)), map(_TERMS, pieces)):  # the pieces that may begin one
        piece = pieces[p]
        for j, candidates in enumerate(piece.terms):
            if not candidates or (p, j) <= consumed:
                continue
            for term in candidates:
                if len(term.words) == 1:
                    hits.append((piece.runs[j], term.weight))
                    break
                if j == len(piece.runs) - 1 and _phrase_at(pieces, p, term):
                    n = len(term.words)
                    hits.append((" ".join([piece.runs[j]] + [q.runs[0] for q in pieces[p + 1 : p + n]]), term.weight))
                    consumed = (p + n - 1, 0)
                    break
    return hits


def lexicon_hits(text: str) -> list[tuple[str, float]]:
    """The lexicon phrases found in ``text``: ``(phrase as written, lowercased; weight)``, in order.

    Examples:
        >>> lexicon_hits("What a MORON. Shut up!")
        [('moron', 3.0), ('shut up', 3.0)]
    """
    return _parse([text]).hits[0]


class _Parsed(NamedTuple):
    """The pieces of a batch of texts, flattened for the vectorised parts: each ``*_ids`` array
    holds the ids of every text one after the other, its ``*_text`` the text each belongs to."""

    n: int  # texts
    lstm_ids: np.ndarray  # BiLSTM word ids
    lstm_text: np.ndarray
    vector_ids: np.ndarray  # word-vector rows
    vector_text: np.ndarray
    apc_ids: np.ndarray  # profanity-model columns
    apc_text: np.ndarray
    hits: list[list[tuple[str, float]]]  # per text, its lexicon hits (phrase, weight)
    n_words: np.ndarray  # whitespace-separated words per text


def _parse(texts: Sequence[str]) -> _Parsed:
    split = [t.lower().split() for t in texts]
    n_words = np.fromiter(map(len, split), np.int64, len(split))
    piece_text = np.repeat(np.arange(len(split)), n_words)
    with _CACHE_LOCK:
        _learn(set(chain.from_iterable(split)))
        numbers = np.fromiter(map(_PIECE_NUMBER.__getitem__, chain.from_iterable(split)), np.int64, int(n_words.sum()))
        hits = [
            _hits_of(list(map(_PIECES.__getitem__, words)))
            if not _SINGLES.isdisjoint(words) or not (_STARTERS.isdisjoint(words) or _ENDERS.isdisjoint(words))
            else []
            for words in split
        ]
        ids = [_part_ids(part, numbers, piece_text) for part in _PARTS]
    return _Parsed(len(split), *ids[0], *ids[1], *ids[2], hits, n_words)
