"""VADER's compound score, the same numbers many times faster.

``SentimentIntensityAnalyzer().polarity_scores(text)`` rebuilds the text character by character
to replace emojis, lower-cases the whole word list again for every sentiment word it checks
(quadratic in the length of the text) and builds a dict of four rounded scores. Here the same
rules run on the same data (the lexicons and constants of the installed ``vaderSentiment``
package, read at import), with changes that leave every result bit for bit the same:

- texts without an emoji skip the emoji pass (it would copy them unchanged);
- the punctuation-stripped, lower-cased and all-caps forms of each whitespace-separated token
  are cached (they depend on the token only);
- only words in the lexicon are examined, with their neighbours looked up in place;
- the "but" rule's quirky loop (it finds each score by value, so equal scores can be scaled
  twice and others not at all) is replayed over the non-zero scores only: zeros never change.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Sequence
from itertools import compress

import numpy as np
from vaderSentiment import vaderSentiment as _vader

__all__ = ["vader_compound", "vader_compound_many", "clear_caches"]

_ANALYZER = _vader.SentimentIntensityAnalyzer()
_LEXICON: dict[str, float] = _ANALYZER.lexicon
_EMOJIS: dict[str, str] = _ANALYZER.emojis
_BOOSTER: dict[str, float] = _vader.BOOSTER_DICT
_NEGATE = frozenset(_vader.NEGATE)
_SPECIAL_CASES: dict[str, float] = _vader.SPECIAL_CASES
_N_SCALAR = _vader.N_SCALAR
_C_INCR = _vader.C_INCR
_normalize = _vader.normalize
_PUNCTUATION = string.punctuation  # SentiText._strip_punc_if_word

# polarity_scores walks the text one character at a time, so only one-character keys can match.
_EMOJI_CHARS = frozenset(k for k in _EMOJIS if len(k) == 1)
_ASCII_HAS_NO_EMOJI = not any(k.isascii() for k in _EMOJI_CHARS)


def _emoji_blocks() -> re.Pattern:
    """A character class of a few ranges that covers every emoji character (and some others):
    a quick first test, as a class of a thousand single characters is slow to search."""
    blocks: list[list[int]] = []
    for c in sorted(map(ord, _EMOJI_CHARS)):
        if blocks and c - blocks[-1][1] <= 64:
            blocks[-1][1] = c
        else:
            blocks.append([c, c])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in blocks) + "]")


_RE_EMOJI_BLOCKS = _emoji_blocks()

# Words that occur in the multi-word special cases and booster phrases: a sequence of words
# can only be one of those phrases if each of its words is one of these.
_IDIOM_WORDS = frozenset(w for k in list(_SPECIAL_CASES) + list(_BOOSTER) if " " in k for w in k.split())

# What a word is to VADER's rules, as bits, from its lower case (and its case, for UPPER).
LEX, BOOST, NEG, NO, SO_THIS, NEVER, WITHOUT, DOUBT, LEAST, OR_NOR, AT_VERY, IDIOM, KIND, OF, BUT, UPPER = (
    1 << k for k in range(16)
)


def _word_roles() -> dict[str, int]:
    """The role bits of every word that has any, other than NEG for words holding "n't"."""
    roles: dict[str, int] = {}

    def add(words, bit: int) -> None:
        for w in words:
            roles[w] = roles.get(w, 0) | bit

    add(_LEXICON, LEX)
    add(_BOOSTER, BOOST)
    add(_NEGATE, NEG)
    add(_IDIOM_WORDS, IDIOM)
    for bit, words in (
        (NO, ["no"]),
        (SO_THIS, ["so", "this"]),
        (NEVER, ["never"]),
        (WITHOUT, ["without"]),
        (DOUBT, ["doubt"]),
        (LEAST, ["least"]),
        (OR_NOR, ["or", "nor"]),
        (AT_VERY, ["at", "very"]),
        (KIND, ["kind"]),
        (OF, ["of"]),
        (BUT, ["but"]),
    ):
        add(words, bit)
    return roles


_WORD_ROLES = _word_roles()


def _role(kept: str, lower: str) -> int:
    """The bits of a token: ``kept`` is what SentiText keeps of it, ``lower`` its lower case."""
    role = _WORD_ROLES.get(lower, 0)
    if "n't" in lower:
        role |= NEG  # negated(): any word holding n't
    if kept.isupper():
        role |= UPPER
    return role


# Per whitespace-separated token: (its lower case, its role bits), and whether the walk over
# the tokens must stop there (a lexicon word or "but"); cached, as they depend on the token only.
_CACHE_LIMIT = 200_000
# Dashboard sessions are threads of one process: one thread's clear_caches() between another's
# _learn() and its reads would make those reads fail, so scoring a text holds this lock.
_CACHE_LOCK = threading.Lock()
_INFO: dict[str, tuple[str, int]] = {}
_STOP: dict[str, int] = {}


def clear_caches() -> None:
    """Forget cached token forms (results never depend on them; benchmarks start cold)."""
    _INFO.clear()
    _STOP.clear()


def _learn(tokens: list[str]) -> None:
    new = set(tokens).difference(_INFO)
    if len(_INFO) + len(new) > _CACHE_LIMIT:
        clear_caches()
        new = set(tokens)
    for token in new:
        stripped = token.strip(_PUNCTUATION)  # SentiText._strip_punc_if_word
        kept = token if len(stripped) <= 2 else stripped
        lower = kept.lower()
        role = _role(kept, lower)
        _INFO[token] = (lower, role)
        _STOP[token] = role & (LEX | BUT)


def _without_emojis(text: str) -> str:
    """polarity_scores' emoji pass: each emoji character becomes its description."""
    if (
        (_ASCII_HAS_NO_EMOJI and text.isascii())
        or _RE_EMOJI_BLOCKS.search(text) is None
        or _EMOJI_CHARS.isdisjoint(text)
    ):
        return text
    out = []
    prev_space = True
    for ch in text:
        if ch in _EMOJIS:
            if not prev_space:
                out.append(" ")
            out.append(_EMOJIS[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


def _negated(lower: str) -> bool:
    """vaderSentiment.negated() for one lower-cased word (str.lower is idempotent)."""
    return lower in _NEGATE or "n't" in lower


def _cap_diff(tokens: list[str]) -> bool:
    """allcap_differential(): some, but not all, tokens are ALL CAPS."""
    n = len(tokens)
    allcaps = sum(1 for t in tokens if _INFO[t][1] & UPPER)
    return 0 < n - allcaps < n


def _valence(i: int, tokens: list[str], w0: str, r0: int, before: tuple, after: tuple) -> float:
    """SentimentIntensityAnalyzer.sentiment_valence for the lexicon word at ``i`` (lower case
    ``w0``, role bits ``r0``), with its helpers (scalar_inc_dec, _negation_check,
    _special_idioms_check, _least_check) inlined: the same operations on the same numbers in
    the same order, except adding a booster push of 0.0 for a word that is not a booster
    (which at most turns -0.0 into 0.0, an equal number). ``before`` holds the ``_INFO`` of the
    three tokens before (nearest first), ``after`` of the next one (``_NOTHING`` where none)."""
    info = _INFO
    n = len(tokens)
    (w1, r1), (w2, r2), (w3, r3) = before
    wa, ra = after
    valence = _LEXICON[w0]
    if r0 & NO and ra & LEX:
        valence = 0.0
    if r1 & NO or r2 & NO or (r3 & NO and r1 & OR_NOR):
        valence = _LEXICON[w0] * _N_SCALAR
    if r0 & UPPER and _cap_diff(tokens):
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    if i > 0 and not r1 & LEX:
        if r1 & BOOST:
            valence = valence + _scalar(w1, r1, valence, tokens)
        if r1 & NEG:
            valence = valence * _N_SCALAR
    if i > 1 and not r2 & LEX:
        if r2 & BOOST:
            valence = valence + _scalar(w2, r2, valence, tokens) * 0.95
        if r2 & NEVER and r1 & SO_THIS:
            valence = valence * 1.25
        elif r2 & WITHOUT and r1 & DOUBT:
            pass
        elif r2 & NEG:
            valence = valence * _N_SCALAR
    if i > 2 and not r3 & LEX:
        if r3 & BOOST:
            valence = valence + _scalar(w3, r3, valence, tokens) * 0.9
        if (r3 & NEVER and r2 & SO_THIS) or r1 & SO_THIS:
            valence = valence * 1.25
        elif r3 & WITHOUT and (r2 & DOUBT or r1 & DOUBT):
            pass
        elif r3 & NEG:
            valence = valence * _N_SCALAR
        if (r1 | r2 | r3 | ra) & IDIOM:
            wb = info[tokens[i + 2]][0] if n - 1 > i + 1 else None
            valence = _idioms(valence, w0, w1, w2, w3, wa, wb)
    if r1 & LEAST and not r1 & LEX:
        if i > 1:
            if not r2 & AT_VERY:
                valence = valence * _N_SCALAR
        else:
            valence = valence * _N_SCALAR
    return valence


def _scalar(lower: str, role: int, valence: float, tokens: list[str]) -> float:
    """scalar_inc_dec() for a booster word: its push to the valence after it (never 0)."""
    scalar = _BOOSTER[lower]
    if valence < 0:
        scalar *= -1
    if role & UPPER and _cap_diff(tokens):
        if valence > 0:
            scalar += _C_INCR
        else:
            scalar -= _C_INCR
    return scalar


def _idioms(valence: float, w0: str, w1: str, w2: str, w3: str, wa: str | None, wb: str | None) -> float:
    """_special_idioms_check(), building a phrase only where every word of it could fit one."""
    idiom = _IDIOM_WORDS
    in0, in1, in2, in3 = w0 in idiom, w1 in idiom, w2 in idiom, w3 in idiom
    special = _SPECIAL_CASES
    for fits, seq in (
        (in1 and in0, (w1, w0)),
        (in2 and in1 and in0, (w2, w1, w0)),
        (in2 and in1, (w2, w1)),
        (in3 and in2 and in1, (w3, w2, w1)),
        (in3 and in2, (w3, w2)),
    ):
        if fits:
            phrase = " ".join(seq)
            if phrase in special:
                valence = special[phrase]
                break
    if wa is not None and in0 and wa in idiom:
        phrase = f"{w0} {wa}"
        if phrase in special:
            valence = special[phrase]
        if wb is not None and wb in idiom:
            phrase = f"{w0} {wa} {wb}"
            if phrase in special:
                valence = special[phrase]
    for fits, seq in ((in3 and in2 and in1, (w3, w2, w1)), (in3 and in2, (w3, w2)), (in2 and in1, (w2, w1))):
        if fits:
            phrase = " ".join(seq)
            if phrase in _BOOSTER:
                valence = valence + _BOOSTER[phrase]
    return valence


def _but_check(positions: list[int], scores: list[float], bi: int) -> None:
    """_but_check's loop, in place, on the scores of the lexicon words at ``positions``. It
    looks each score up by value (``list.index``) and scales the first equal one; zeros stay
    zeros (and the other words score 0), so only the non-zero scores need replaying."""
    nonzero = [k for k, v in enumerate(scores) if v != 0]
    values = [scores[k] for k in nonzero]
    for v in values:
        j = values.index(v)
        si = positions[nonzero[j]]
        if si < bi:
            values[j] = v * 0.5
        elif si > bi:
            values[j] = v * 1.5
    for k, v in zip(nonzero, values):
        scores[k] = v


_NOTHING = (None, 0)


def _compound(text: str) -> float:
    """The compound score (one thread at a time: see ``_CACHE_LOCK``)."""
    with _CACHE_LOCK:
        return _compound_unlocked(text)


def _compound_unlocked(text: str) -> float:
    text = _without_emojis(text)
    tokens = text.split()
    try:
        stops = list(map(_STOP.__getitem__, tokens))
    except KeyError:
        _learn(tokens)
        stops = list(map(_STOP.__getitem__, tokens))
    at = list(compress(range(len(tokens)), stops))
    if not at:
        return 0.0  # every score 0: the sum is 0 and so is its normalised value
    n = len(tokens)
    info = _INFO
    lexicon = _LEXICON
    positions: list[int] = []
    scores: list[float] = []  # the non-zero terms of polarity_scores' sentiments, in order
    bi = -1
    for i in at:
        w0, r0 = info[tokens[i]]
        if r0 & BUT and bi < 0:
            bi = i
        if not r0 & LEX or r0 & BOOST:  # boosters score 0 even where they are lexicon words
            continue
        after = info[tokens[i + 1]] if i < n - 1 else _NOTHING
        if r0 & KIND and after[1] & OF:  # "kind of"
            continue
        before = (
            info[tokens[i - 1]] if i > 0 else _NOTHING,
            info[tokens[i - 2]] if i > 1 else _NOTHING,
            info[tokens[i - 3]] if i > 2 else _NOTHING,
        )
        if not (r0 & (NO | UPPER) or before[0][1] or before[1][1] or before[2][1] or after[1] & IDIOM):
            scores.append(lexicon[w0])  # no rule applies: the word's own valence
        else:
            scores.append(_valence(i, tokens, w0, r0, before, after))
        positions.append(i)
    if bi >= 0:
        _but_check(positions, scores, bi)
    sum_s = float(sum(scores))  # the zeros polarity_scores also adds change no sum
    # _punctuation_emphasis(): up to 4 "!" at 0.292 each; 2-3 "?" at 0.18 each, more 0.96
    ep_count = min(text.count("!"), 4)
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    return round(_normalize(sum_s), 4)


def vader_compound(text: str) -> float:
    """VADER's compound score of one text in [-1, 1], equal to
    ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

    Examples:
        >>> vader_compound("The food was not good.")
        -0.3412
        >>> vader_compound("The food was GREAT!!")
        0.7519
        >>> vader_compound("")
        0.0
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    return _compound(text)


def vader_compound_many(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound score of every text: shape ``(len(texts),)``, float64.

    Raises ``TypeError`` naming the first position that does not hold a string.

    Examples:
        >>> vader_compound_many(["Great news!", "A terrible, terrible idea.", ""])
        array([ 0.6588, -0.7351,  0.    ])
    """
    if not all(isinstance(t, str) for t in texts):
        k = next(k for k, t in enumerate(texts) if not isinstance(t, str))
        raise TypeError(f"texts[{k}]: expected a str, got {type(texts[k]).__name__}")
    return np.fromiter(map(_compound, texts), dtype=np.float64, count=len(texts))
