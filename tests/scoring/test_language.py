"""Tests for analytics.scoring.language: the offline en / ar / ar-latn / other / emoji / empty flag."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.scoring.language import (
    ARABIZI_WORDS,
    LANGUAGES,
    MAYBE_ARABIZI,
    NOT_ENGLISH,
    arabizi_words,
    english_share,
    english_words,
    language_of,
    languages,
)

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"


@pytest.mark.parametrize(
    "text",
    [
        "Assad should go, full stop.",
        "I agree with you that this war needs to be solved through dialogue.",
        "looks like Russia is loosing ground on all fronts :)",
        "ASSAD MUST GO",
        "He doesn’t care and he won't listen",
    ],
)
def test_english_sentences_are_en(text):
    assert language_of(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "يجب أن يرحل الأسد",
        "الله يحمي لبنان 2013!",
        "Assad must go يسقط الأسد يسقط يسقط",  # mixed, Arabic letters the majority
    ],
)
def test_arabic_script_dominant_is_ar(text):
    assert language_of(text) == "ar"


def test_english_with_a_few_arabic_letters_stays_en():
    assert language_of("Assad must go now, he has killed too many people: يسقط") == "en"


@pytest.mark.parametrize(
    "text",
    [
        "ya habibi shou 3am ta3mel",
        "Ya Habibi Shou 3am Ta3mel",
        "wallah ma ba3ref shu 3am ysir bi lebnen",
        "el 7ezeb ma byesta7e",
        "kifak ya zalameh, shu el akhbar?",
    ],
)
def test_arabizi_is_ar_latn(text):
    assert language_of(text) == "ar-latn"


@pytest.mark.parametrize(
    "text",
    [
        "Je ne sais pas ce qu'il veut dire.",
        "Le Liban mérite mieux que ça, franchement.",
        "El pueblo unido jamás será vencido",
        "Путин хуйло",  # another script
    ],
)
def test_mostly_non_english_words_are_other(text):
    assert language_of(text) == "other"


@pytest.mark.parametrize("text", ["", "   \n\t", ":) :( !!!", "100%", "٣٤٥ ،؟", "© 2016", "®"])
def test_no_letters_is_empty(text):
    assert language_of(text) == "empty"


@pytest.mark.parametrize("text", [None, float("nan")])
def test_missing_text_is_empty(text):
    assert language_of(text) == "empty"


def test_capitalised_unknown_words_are_names_not_foreign():
    assert english_share("Hezbollah and Lavrov should stop") == 1.0


def test_lowercase_unknown_words_count_against_english():
    assert english_share("the hizbushaitan") == 0.5


def test_short_text_of_unknown_words_without_foreign_marks_stays_en():
    assert language_of("covfefe demrats") == "en"


def test_one_word_marked_foreign_is_enough_for_a_short_text():
    assert language_of("Merci") == "other"
    assert language_of("Yalla!") == "ar-latn"


def test_handles_and_links_are_set_aside():
    assert math.isnan(english_share("@josh-bustany http://example.com/ya-habibi www.x.org"))
    assert language_of("@josh-bustany") == "en"


def test_markdown_images_and_subreddit_links_are_set_aside():
    assert math.isnan(english_share("![gif](giphy|3oAt2dA6LxMkRrGc0g|downsized) r/IisVerySmart"))


@pytest.mark.parametrize("text", ["the 2nd vote in the 80s", "at 3am with 70k others", "the G20 and mp3"])
def test_english_numerals_are_not_arabizi(text):
    assert english_share(text) == 1.0


def test_english_clitics_are_cut_off_straight_and_curly():
    # hizbushaitan is unknown; "aren't" reads as "are", "they’re" as "they"
    assert english_share("hizbushaitan’s men aren't here, they’re gone") == pytest.approx(5 / 6)


def test_threshold_is_an_option():
    text = "yalla bye"  # one English word, one foreign
    assert language_of(text) == "en"
    assert language_of(text, min_english_share=0.6) == "other"


def test_vocabulary_comes_from_the_packaged_lists_without_foreign_words():
    words = english_words()
    assert {"dialogue", "terrorist", "freedom", "lmao"} <= words
    assert not (words & NOT_ENGLISH)
    assert "je" not in words and "les" not in words  # tagged FW in TextBlob's lexicon


def test_languages_keeps_the_index_and_names_the_series():
    texts = pd.Series(["Well said.", "مرحبا", ""], index=[10, 20, 30])
    result = languages(texts)
    assert result.index.tolist() == [10, 20, 30]
    assert result.name == "language"
    assert result.tolist() == ["en", "ar", "empty"]


def test_languages_agrees_with_language_of_on_repeated_and_missing_texts():
    texts = ["ya habibi", None, "Well said.", "ya habibi", float("nan")]
    assert languages(texts).tolist() == [language_of(t) for t in texts]


def test_languages_of_nothing_is_an_empty_str_series():
    result = languages([])
    assert len(result) == 0 and result.dtype == "str"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gets_a_documented_language_and_a_share_in_range(text):
    assert language_of(text) in LANGUAGES
    share = english_share(text)
    assert math.isnan(share) or 0.0 <= share <= 1.0


def test_every_flag_is_a_documented_language():
    texts = ["Hello there friend", "مرحبا", "ya habibi shou", "", "Я здесь", "👍", "Je suis là"]
    assert set(languages(texts)) == set(LANGUAGES)


def _real_english_comments() -> dict[str, pd.Series]:
    return {
        "sfu": pd.read_csv(REAL / "sfu_ctc" / "SFU_constructiveness_toxicity.csv")["comment"],
        "fox": pd.read_json(REAL / "fox_news_comments" / "fox-news-comments.json", lines=True)["text"],
        "reddit": pd.read_csv(REAL / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv")["content"],
    }


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not available")
@pytest.mark.parametrize("name", ["sfu", "fox", "reddit"])
def test_real_english_comments_come_out_english(name):
    texts = _real_english_comments()[name].dropna()
    flags = languages(texts)
    share = (flags == "en").mean()
    print(f"{name}: {share:.4f} of {len(flags)} en; {flags.value_counts().to_dict()}")
    assert share >= 0.97


# --- emoji ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["😂😂", "😀", " 👍🏽 ", "❤️❤️", "😡😡😡!!!", "👨‍👩‍👧", "😂 :)", "🤢 100%"])
def test_emoji_without_letters_is_emoji(text):
    assert language_of(text) == "emoji"


@pytest.mark.parametrize(
    "text, expected", [("Great job 😀", "en"), ("يسقط النظام 😡", "ar"), ("yalla 😂 habibi", "ar-latn")]
)
def test_emoji_beside_words_take_the_words_language(text, expected):
    assert language_of(text) == expected


# --- Arabizi ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ya 3am this is so true, la2 la2 5alas",  # Arabizi words (5) outnumber English ones (4)
        "la2 ma fi shi, he is lying",
        "Shu ya3ne hayda? Nasrallah is a liar",
        "walla ya akhi enta 3am t7ki sa7",
        "7abibi 5alas",
        "Yalla habibi lets go",  # as many Arabizi words as English ones
        "ma sha2allah 3alek, great article",
    ],
)
def test_arabizi_mixed_into_english_is_ar_latn(text):
    assert language_of(text) == "ar-latn"


@pytest.mark.parametrize(
    "text",
    [
        "Inshallah the elections will be fair this time",
        "Yalla, let us go and vote tomorrow",
        "7abibi you are right about this 100%",
        "kifak? I am fine thanks and you",
        "I woke up at 3am, ya know",  # "3am" and "ya" alone are English
        "see ya later guys",
        "ma and pa were in LA",
        "the 2nd vote in the 80s at 3am",
        "My PS4 and the B52 are old",
    ],
)
def test_english_with_one_arabic_loan_word_or_lookalikes_stays_en(text):
    assert language_of(text) == "en"


def test_arabizi_words_count_the_maybe_words_only_beside_a_sure_one():
    assert arabizi_words("ya 3am this is so true, la2 la2 5alas") == 5
    assert arabizi_words("ya 3am ma la") == 0
    assert arabizi_words("ya 3am ma la yalla") == 5
    assert math.isclose(english_share("ma and pa"), 1.0)
    assert english_share("yalla ma and pa") == pytest.approx(2 / 4)


def test_arabizi_word_lists_hold_no_english_word():
    assert not (ARABIZI_WORDS & english_words())
    assert ARABIZI_WORDS <= NOT_ENGLISH
    assert "ma" in english_words() and "ma" in MAYBE_ARABIZI  # judged by the text around it


def test_arabizi_is_not_scored_as_english():
    from analytics.scoring.sentiment import score_comments

    scored = score_comments(pd.DataFrame({"text": ["ya 3am this is so true, la2 la2 5alas", "This is so true"]}))
    assert scored["language"].tolist() == ["ar-latn", "en"]
    assert scored.loc[0, ["polarity", "subjectivity", "vader_compound", "sentiment_label"]].isna().all()


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is not available")
def test_real_english_comments_have_no_arabizi():
    texts = pd.concat(list(_real_english_comments().values())).dropna()
    flags = languages(texts)
    assert int((flags == "ar-latn").sum()) == 0
    assert int((flags == "emoji").sum()) == 4  # Reddit: 😂😂😂, 😂, 🤢, 😂🤣😆
