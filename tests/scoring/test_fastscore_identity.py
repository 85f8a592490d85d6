"""The fast scorers give the libraries' own numbers: hand-picked traps and generated texts.

Every expected value here comes from the naive library call in this process
(``TextBlob(text).sentiment``, ``SentimentIntensityAnalyzer().polarity_scores(text)``).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob import _text as pattern
from textblob.en import sentiment as pattern_sentiment
from vaderSentiment import vaderSentiment as vader

from analytics.scoring.fastscore import textblob_fast, vader_fast
from analytics.scoring.fastscore.textblob_fast import textblob_sentiment
from analytics.scoring.fastscore.vader_fast import vader_compound

ANALYZER = vader.SentimentIntensityAnalyzer()
TOLERANCE = 1e-9


def naive_textblob(text: str) -> tuple[float, float]:
    return tuple(TextBlob(text).sentiment)


def naive_vader(text: str) -> float:
    return ANALYZER.polarity_scores(text)["compound"]


def assert_identical(text: str) -> None:
    polarity, subjectivity = textblob_sentiment(text)
    expected_p, expected_s = naive_textblob(text)
    assert abs(polarity - expected_p) <= TOLERANCE, (text, polarity, expected_p)
    assert abs(subjectivity - expected_s) <= TOLERANCE, (text, subjectivity, expected_s)
    compound, expected_c = vader_compound(text), naive_vader(text)
    assert abs(compound - expected_c) <= TOLERANCE, (text, compound, expected_c)


TRAPS = {
    "empty": "",
    "whitespace only": " \n\t ",
    "plain": "The plan is good and the speech was great.",
    "negation": "This is not good. It is never bad.",
    "negation kept over small words": "not a good idea",
    "modifier": "a very good, really bad and extremely nice day",
    "modifier then negation": "really not good",
    "modifier kept over short words": "very, a good",
    "contraction does not negate": "It isn't good, don't you think? I'd say it's fine.",
    "curly quotes": "He said “great” and ‘awful’ — it’s fine",
    "exclamation boosts": "Good! Bad!! Great!!!",
    "exclamation before any word": "! ! good",
    "sarcasm mark": "Great idea (!) really",
    "spaced sarcasm mark": "Great idea ( ! ) really",
    "emoticons": "I like it :) but :( and :-D ;) <3 ♥ xD XD 8) o.O :'( >:(",
    "spaced emoticons": "nice : ) and bad : - ( and : ' (",
    "emoticon over a paragraph break": "x :\n\n) y good",
    "emoticon split by sentences": "good :\n\n\n\n \n\n-\n\n)",
    "digit emoticon": "in 2008) it was 8-) good",
    "paragraph markers": "Bad.\n\nGood.\r\n\r\nEND-OF-SENTENCE great END-OF-SENTENCE.",
    "abbreviations": "The U.S. and Mr. Smith, e.g. the U.N., are good etc. ok",
    "ellipsis": "well.... good... bad.....",
    "punctuation runs": "!!!???...,,,;;;:::(((]]]",
    "caps emphasis": "This is GOOD but that is BAD and VERY BAD",
    "all caps": "THIS IS ALL GREAT",
    "but": "The food was good, but the service was terrible and the room good",
    "but with equal scores": "good good but good good",
    "kind of": "It was kind of good and sort of bad, kinda nice",
    "idioms": "the bomb, the shit, bad ass, yeah right, kiss of death, to die for, cut the mustard",
    "never so": "never so good, never this bad, without doubt good",
    "least": "at least good, the least good, very least bad, least nice",
    "no as negation": "no good, no problem, no or nor good, nope",
    "emoji": "I love it 😀😍 and hate 😡!!",
    "emoji glued": "great😀and bad😡",
    "emoji only": "😂😂😂",
    "one emoji": "😀",
    "emoji only, spaced": " 😀 😍 ",
    "emoji only with marks": "😡😡😡!!!",
    "emoji with skin tone": "👍🏽",
    "emoji with variation selector": "❤️❤️",
    "emoji joined by zero-width joiners": "👨‍👩‍👧",
    "emoji only, mixed": "😂🤣😆 🤢 🙏",
    "question marks": "Good?? Bad???? Fine?",
    "greek sigma and dotted I": "ΟΔΟΣ ΚΑΛΟΣ İstanbul good",
    "arabic": "هذا جيد جدا good",
    "mentions and urls": "@josh-bustany see http://example.com/good?x=1 :)",
    "html-like": "<b>good</b> &amp; <script>bad</script>",
    "long repeated": "good but bad " * 200,
}


@pytest.mark.parametrize("text", list(TRAPS.values()), ids=list(TRAPS))
def test_trap_text_scores_like_the_libraries(text):
    assert_identical(text)


# --- generated texts ----------------------------------------------------------------------------
_LEXICON_WORDS = sorted(w for w in dict.keys(pattern_sentiment) if " " not in w)[::7]
_VADER_WORDS = sorted(w for w in ANALYZER.lexicon if " " not in w)[::11]
_EMOTICONS = sorted(e for faces in pattern.EMOTICONS.values() for e in faces)
_SPECIAL = [
    "not",
    "no",
    "never",
    "n't",
    "but",
    "BUT",
    "kind",
    "of",
    "sort",
    "least",
    "at",
    "very",
    "so",
    "this",
    "without",
    "doubt",
    "nor",
    "or",
    "the",
    "a",
    "is",
    "really",
    "extremely",
    "(!)",
    "!",
    "?",
    "...",
    ".",
    "END-OF-SENTENCE",
    "U.S.",
    "Mr.",
    "e.g.",
    "8",
    "x",
    "X",
    "D",
    "o",
    "O",
    "-",
    ")",
    "(",
    ":",
    ";",
    "'",
    '"',
    "“",
    "”",
    "‘",
    "’",
    "😀",
    "😡",
    "♥",
    "°",
]
_PIECES = st.one_of(
    st.sampled_from(_LEXICON_WORDS),
    st.sampled_from(_VADER_WORDS),
    st.sampled_from(_EMOTICONS),
    st.sampled_from(_SPECIAL),
    st.text(alphabet="abcXYZ!?.,:;()'\"-_*=<>8 ", min_size=1, max_size=6),
    st.text(min_size=1, max_size=4),
)
_SEPARATORS = st.sampled_from(["", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", " \n\n "])


@st.composite
def adversarial_texts(draw) -> str:
    pieces = draw(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=30))
    text = "".join(p + s for p, s in pieces)
    style = draw(st.sampled_from(["as is", "upper", "title"]))
    return text.upper() if style == "upper" else text.title() if style == "title" else text


_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(adversarial_texts())
def test_generated_text_scores_like_the_libraries(text):
    assert_identical(text)


@_SETTINGS
@given(st.text(max_size=80))
def test_arbitrary_unicode_scores_like_the_libraries(text):
    assert_identical(text)


EMOJI_CHARS = sorted(k for k in ANALYZER.emojis if len(k) == 1 and ord(k) > 0xFF and not k.isalpha())  # ℹ is a letter


@st.composite
def emoji_only_texts(draw) -> str:
    """Texts of emoji (with skin tones, joiners, variation selectors), spaces, digits and marks:
    what the language flag calls ``emoji``."""
    pieces = st.one_of(
        st.sampled_from(EMOJI_CHARS),
        st.sampled_from([" ", "  ", "\n", "!!", "?", "🏽", "\u200d", "\ufe0f", "100", ":)"]),
    )
    return draw(st.sampled_from(EMOJI_CHARS)) + "".join(draw(st.lists(pieces, max_size=8)))


@_SETTINGS
@given(emoji_only_texts())
def test_emoji_only_texts_score_exactly_like_vader(text):
    from analytics.scoring.language import language_of
    from analytics.scoring.sentiment import score_comments

    assert language_of(text) == "emoji"
    expected = naive_vader(text)
    assert vader_compound(text) == expected  # a difference of 0, not a tolerance
    scored = score_comments(pd.DataFrame({"text": [text]}))
    assert scored.loc[0, "vader_compound"] == expected
    assert scored.loc[0, ["polarity", "subjectivity"]].isna().all()  # TextBlob reads no emoji


def test_scores_do_not_depend_on_the_token_caches(monkeypatch):
    texts = list(TRAPS.values())
    warm = [(textblob_sentiment(t), vader_compound(t)) for t in texts]
    monkeypatch.setattr(textblob_fast, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(vader_fast, "_CACHE_LIMIT", 3)
    textblob_fast.clear_caches()
    vader_fast.clear_caches()
    assert [(textblob_sentiment(t), vader_compound(t)) for t in texts] == warm


# --- many texts at once: the chunked array path of textblob_sentiment_many ----------------------
def assert_batch_identical(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textblob_fast, "_BATCH_MIN", 1)  # small lists take the array path too
        scores = textblob_fast.textblob_sentiment_many(texts)
    for text, (polarity, subjectivity) in zip(texts, scores):
        expected_p, expected_s = naive_textblob(text)
        assert abs(polarity - expected_p) <= TOLERANCE, (text, polarity, expected_p)
        assert abs(subjectivity - expected_s) <= TOLERANCE, (text, subjectivity, expected_s)


# Words that change the walk's state, densely: modifiers (with and without "-ly"), negations,
# "!", short words that keep a negation or modifier pending, and tokens holding several.
_WALK_PIECES = [
    "very",
    "really",
    "extremely",
    "so",
    "too",
    "pretty",
    "most",
    "hardly",
    "terribly",
    "not",
    "no",
    "never",
    "NOT",
    "good",
    "bad",
    "nice",
    "great",
    "awful",
    "a",
    "an",
    "is",
    "it",
    "ok",
    "x",
    "the",
    "!",
    "!!",
    "!!!",
    ",",
    ".",
    "'",
    "not!",
    "good!",
    "bad!!",
    "(not",
    "very,",
    "no.",
    "really!",
    "good,bad",
    "not...",
    "...",
    "isn't",
    "don't",
    "8",
    ":",
    "(",
    ")",
    "very-good",
    "Very",
    "REALLY",
]


@st.composite
def walk_texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(_WALK_PIECES), max_size=25))
    return " ".join(words)


def test_trap_texts_as_one_batch_score_like_the_libraries():
    assert_batch_identical(list(TRAPS.values()))


@_SETTINGS
@given(st.lists(walk_texts(), min_size=1, max_size=6))
def test_generated_walk_batches_score_like_the_libraries(texts):
    assert_batch_identical(texts)


@_SETTINGS
@given(st.lists(adversarial_texts(), min_size=1, max_size=6))
def test_generated_batches_score_like_the_libraries(texts):
    assert_batch_identical(texts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=6))
def test_arbitrary_unicode_batches_score_like_the_libraries(texts):
    assert_batch_identical(texts)
