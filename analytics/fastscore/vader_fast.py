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

# Per whitespace-separated token: the token SentiText keeps, its lower case, and whether the
# word walk must stop there (bit 1: a lexicon word; bit 2: "but").
_CACHE_LIMIT = 200_000
_KEPT: dict[str, str] = {}
_LOWER: dict[str, str] = {}
_STOP: dict[str, int] = {}
_WORD, _BUT = 1, 2


def clear_caches() -> None:
    """Forget cached token forms (results never depend on them; benchmarks start cold)."""
    _KEPT.clear()
    _LOWER.clear()
    _STOP.clear()


def _learn(tokens: list[str]) -> None:
    if len(_KEPT) + len(tokens) > _CACHE_LIMIT:
        clear_caches()
    for token in tokens:
        if token not in _KEPT:
            stripped = token.strip(_PUNCTUATION)
            kept = token if len(stripped) <= 2 else stripped
            lower = kept.lower()
            _KEPT[token] = kept
            _LOWER[token] = lower
            _STOP[token] = (_WORD if lower in _LEXICON else 0) | (_BUT if lower == "but" else 0)


def _without_emojis(text: str) -> str:
    """polarity_scores' emoji pass: each emoji character becomes its description."""
    if ((_ASCII_HAS_NO_EMOJI and text.isascii()) or _RE_EMOJI_BLOCKS.search(text) is None
            or _EMOJI_CHARS.isdisjoint(text)):
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


def _valence(i: int, tokens: list[str], cap_diff: bool) -> float:
    """SentimentIntensityAnalyzer.sentiment_valence for the lexicon word at ``i``, with its
    helpers (scalar_inc_dec, _negation_check, _special_idioms_check, _least_check) inlined:
    the same operations on the same numbers in the same order."""
    lex = _LEXICON
    n = len(tokens)
    item_lower = _LOWER[tokens[i]]
    w1 = _LOWER[tokens[i - 1]] if i > 0 else None
    w2 = _LOWER[tokens[i - 2]] if i > 1 else None
    w3 = _LOWER[tokens[i - 3]] if i > 2 else None
    valence = lex[item_lower]
    if item_lower == "no" and i != n - 1 and _LOWER[tokens[i + 1]] in lex:
        valence = 0.0
    if w1 == "no" or w2 == "no" or (w3 == "no" and (w1 == "or" or w1 == "nor")):
        valence = lex[item_lower] * _N_SCALAR
    if _KEPT[tokens[i]].isupper() and cap_diff():
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    if w1 is not None and w1 not in lex:
        valence = valence + _scalar(w1, tokens[i - 1], valence, cap_diff)
        if _negated(w1):
            valence = valence * _N_SCALAR
    if w2 is not None and w2 not in lex:
        s = _scalar(w2, tokens[i - 2], valence, cap_diff)
        if s != 0:
            s = s * 0.95
        valence = valence + s
        if w2 == "never" and (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w2 == "without" and w1 == "doubt":
            pass
        elif _negated(w2):
            valence = valence * _N_SCALAR
    if w3 is not None and w3 not in lex:
        s = _scalar(w3, tokens[i - 3], valence, cap_diff)
        if s != 0:
            s = s * 0.9
        valence = valence + s
        if (w3 == "never" and (w2 == "so" or w2 == "this")) or (w1 == "so" or w1 == "this"):
            valence = valence * 1.25
        elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
            pass
        elif _negated(w3):
            valence = valence * _N_SCALAR
        valence = _idioms(valence, tokens, i, item_lower, w1, w2, w3)
    if w1 == "least" and w1 not in lex:
        if i > 1:
            if w2 != "at" and w2 != "very":
                valence = valence * _N_SCALAR
        else:
            valence = valence * _N_SCALAR
    return valence


def _scalar(lower: str, token: str, valence: float, cap_diff) -> float:
    """scalar_inc_dec(): the push a booster word gives to the valence after it."""
    scalar = 0.0
    if lower in _BOOSTER:
        scalar = _BOOSTER[lower]
        if valence < 0:
            scalar *= -1
        if _KEPT[token].isupper() and cap_diff():
            if valence > 0:
                scalar += _C_INCR
            else:
                scalar -= _C_INCR
    return scalar


def _idioms(valence: float, tokens: list[str], i: int, w0: str, w1: str, w2: str, w3: str) -> float:
    """_special_idioms_check(), building a phrase only where every word of it could fit one."""
    idiom = _IDIOM_WORDS
    n = len(tokens)
    wa = _LOWER[tokens[i + 1]] if n - 1 > i else None
    wb = _LOWER[tokens[i + 2]] if n - 1 > i + 1 else None
    in0, in1, in2, in3 = w0 in idiom, w1 in idiom, w2 in idiom, w3 in idiom
    if not (in1 or in2 or in3 or wa in idiom):
        return valence
    special = _SPECIAL_CASES
    for fits, seq in ((in1 and in0, (w1, w0)), (in2 and in1 and in0, (w2, w1, w0)), (in2 and in1, (w2, w1)),
                      (in3 and in2 and in1, (w3, w2, w1)), (in3 and in2, (w3, w2))):
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


def _but_check(sentiments: list[float], bi: int, nonzero: list[int]) -> None:
    """_but_check's loop, in place. It looks each score up by value (``list.index``) and scales
    the first equal one; zeros stay zeros, so only the non-zero scores need replaying."""
    values = [sentiments[k] for k in nonzero]
    for v in values:
        j = values.index(v)
        si = nonzero[j]
        if si < bi:
            values[j] = v * 0.5
        elif si > bi:
            values[j] = v * 1.5
    for k, v in zip(nonzero, values):
        sentiments[k] = v


def _compound(text: str) -> float:
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
    sentiments: list[float] = [0] * n
    cap_diff_value: list[bool] = []

    def cap_diff() -> bool:  # allcap_differential(): some, but not all, tokens in ALL CAPS
        if not cap_diff_value:
            allcaps = sum(map(str.isupper, map(_KEPT.__getitem__, tokens)))
            cap_diff_value.append(0 < n - allcaps < n)
        return cap_diff_value[0]

    bi = -1
    for i in at:
        if stops[i] & _BUT and bi < 0:
            bi = i
        if not stops[i] & _WORD:
            continue
        item_lower = _LOWER[tokens[i]]
        if item_lower in _BOOSTER:
            continue
        if item_lower == "kind" and i < n - 1 and _LOWER[tokens[i + 1]] == "of":
            continue
        sentiments[i] = _valence(i, tokens, cap_diff)
    if bi >= 0:
        _but_check(sentiments, bi, [k for k in at if sentiments[k] != 0])
    sum_s = float(sum(sentiments))
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
