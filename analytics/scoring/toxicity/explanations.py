"""The reasons of a score: the lexicon phrases of a text, then the words that push its score up most."""

from __future__ import annotations

import numpy as np

from .features import _apc_terms
from .model import _check_model, _model
from .pieces import _parse, _Parsed

#: A word is named among the reasons when it raises the score by at least this many standard
#: deviations (of the model's score over the reference comments); see :func:`word_pushes`.
REASON_MIN = 0.25


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
    named = [list(dict.fromkeys(span for span, _ in sorted(hits, key=lambda hit: -hit[1]))) for hits in parsed.hits]
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
