"""The raw signals of each text and the standardised views built from them, before calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .bilstm import _bilstm_logits
from .model import _model
from .pieces import _parse, _Parsed


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


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
    head's score, ``vector_part`` (the same number, far cheaper)."""
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
        hate = (
            features["vector_part"] - a["hate_mean"][:dims] / a["hate_std"][:dims] @ coef[:dims] + rest @ coef[dims:-1]
        )
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
