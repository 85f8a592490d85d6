"""Tests for analytics.scoring.sentiment: engines, labels, scoring comments, sentences, engine agreement."""

from __future__ import annotations

import dataclasses
from importlib.metadata import version
from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analytics
from analytics.scoring.sentiment import (
    ENGINES,
    Cutoffs,
    Engine,
    EngineAgreement,
    Thresholds,
    engine_agreement,
    label,
    labels,
    register_engine,
    score_comments,
    sentence_scores,
    split_sentences,
    strongest_sentences,
)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return analytics.load(analytics.SAMPLE).comments


@pytest.fixture(scope="module")
def seed_scored(seed) -> pd.DataFrame:
    return score_comments(seed)


def thread(*texts: str, authors: list[str] | None = None) -> pd.DataFrame:
    """A hand-built comment frame with the columns sentiment needs."""
    return pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(len(texts))],
            "author": authors or [f"user{i}" for i in range(len(texts))],
            "text": list(texts),
        }
    )


# --- engines -----------------------------------------------------------------------------------


def test_seed_polarity_and_subjectivity_equal_textblob(seed, seed_scored):
    for text, polarity, subjectivity in zip(seed["text"], seed_scored["polarity"], seed_scored["subjectivity"]):
        expected = TextBlob(text).sentiment
        assert (polarity, subjectivity) == (expected.polarity, expected.subjectivity)


def test_seed_vader_equals_polarity_scores_compound(seed, seed_scored):
    analyzer = SentimentIntensityAnalyzer()
    assert seed_scored["vader_compound"].tolist() == [analyzer.polarity_scores(t)["compound"] for t in seed["text"]]


def test_seed_comments_are_all_english(seed_scored):
    assert (seed_scored["language"] == "en").all()


def test_registry_holds_textblob_and_vader_with_installed_versions():
    assert ENGINES["textblob"].version == version("textblob")
    assert ENGINES["vader"].version == version("vaderSentiment")


@pytest.mark.parametrize("name", ["textblob", "vader"])
def test_analyze_returns_a_named_tuple_of_the_engine_columns(name):
    engine = ENGINES[name]
    assert engine.analyze("A fine day.")._fields == engine.columns
    assert engine.label_column in engine.columns


@pytest.mark.parametrize("name", ["textblob", "vader"])
def test_score_many_gives_one_float_row_per_text_in_order(name):
    engine = ENGINES[name]
    texts = ["Awful.", "Great!", "Awful."]
    frame = engine.score_many(texts)
    assert list(frame.columns) == list(engine.columns)
    assert (frame.dtypes == "float64").all()
    assert frame.to_numpy().tolist() == [list(engine.analyze(t)) for t in texts]


def test_score_many_of_no_texts_has_the_columns_and_no_rows():
    frame = ENGINES["textblob"].score_many([])
    assert list(frame.columns) == ["polarity", "subjectivity"] and len(frame) == 0


def test_analyze_rejects_non_text():
    with pytest.raises(TypeError):
        ENGINES["vader"].analyze(None)


class ExclamationScores(NamedTuple):
    """Share of sentence marks that are "!", in [0, 1]."""

    exclamation: float


class ExclamationEngine(Engine):
    name = "exclaim"
    version = "0"
    columns = ("exclamation",)
    label_column = "exclamation"

    def analyze(self, text: str) -> ExclamationScores:
        marks = sum(text.count(m) for m in ".!?")
        return ExclamationScores(text.count("!") / marks if marks else 0.0)


@pytest.fixture
def exclaim():
    engine = register_engine(ExclamationEngine())
    yield engine
    ENGINES.pop("exclaim", None)


def test_a_third_engine_is_one_class_and_register_engine(exclaim):
    scored = score_comments(
        thread("Hello there friend!", "Hello there friend."),
        engines=("textblob", "exclaim"),
        label_engine="exclaim",
        thresholds=Thresholds(others=(("exclaim", Cutoffs(0.0, 0.5)),)),
    )
    assert scored["exclamation"].tolist() == [1.0, 0.0]
    assert scored["sentiment_label"].tolist() == ["positive", "neutral"]
    assert "vader_compound" not in scored.columns


def test_register_engine_refuses_a_taken_name(exclaim):
    with pytest.raises(ValueError, match="already registered"):
        register_engine(ExclamationEngine())


def test_register_engine_replaces_when_asked(exclaim):
    replacement = ExclamationEngine()
    register_engine(replacement, replace=True)
    assert ENGINES["exclaim"] is replacement


def test_register_engine_refuses_a_label_column_outside_its_columns():
    engine = ExclamationEngine()
    engine.name, engine.label_column = "broken", "score"
    with pytest.raises(ValueError, match="label_column 'score'"):
        register_engine(engine)
    assert "broken" not in ENGINES


@pytest.mark.parametrize("column", ["polarity", "vader_compound", "language", "text"])
def test_register_engine_refuses_columns_already_in_use(column):
    engine = ExclamationEngine()
    engine.name, engine.columns, engine.label_column = "clash", (column,), column
    with pytest.raises(ValueError, match=column):
        register_engine(engine)
    assert "clash" not in ENGINES


def test_score_comments_scores_through_score_many_once_per_distinct_text(monkeypatch):
    calls: list[list[str]] = []

    def fake_score_many(texts):
        calls.append(list(texts))
        return pd.DataFrame({"vader_compound": [0.5] * len(texts)})

    monkeypatch.setattr(ENGINES["vader"], "score_many", fake_score_many)
    scored = score_comments(thread("Same text here.", "Same text here.", "يسقط النظام"))
    assert calls == [["Same text here."]]
    assert scored["vader_compound"].tolist()[:2] == [0.5, 0.5]
    assert np.isnan(scored["vader_compound"].iloc[2])


def test_score_comments_refuses_a_score_many_with_the_wrong_number_of_rows(monkeypatch):
    monkeypatch.setattr(ENGINES["vader"], "score_many", lambda texts: pd.DataFrame({"vader_compound": [0.1]}))
    with pytest.raises(ValueError, match="score_many gave 1 rows"):
        score_comments(thread("One text here.", "Another text there."))


def test_score_comments_reports_progress_up_to_the_english_comments(exclaim):
    calls: list[tuple[int, int]] = []
    comments = thread("Good.", "Bad!", "Good.", "يسقط النظام", "Fine then.")
    score_comments(comments, engines=("textblob", "vader", "exclaim"), progress=lambda d, t: calls.append((d, t)))
    assert {t for _, t in calls} == {4}
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert 0 < calls[-2][0] < 4  # the fastscore pass, then the third engine's


def test_score_comments_scores_both_fastscore_engines_in_one_pass(monkeypatch):
    import analytics.scoring.sentiment as sentiment

    passes = []
    real = sentiment.score_parallel
    monkeypatch.setattr(
        sentiment, "score_parallel", lambda texts, **kw: passes.append(kw["engines"]) or real(texts, **kw)
    )
    scored = score_comments(thread("What a great idea!", "Not good at all."))
    assert passes == [["textblob", "vader"]]
    assert scored["vader_compound"].tolist() == [0.6588, -0.3412]


# --- thresholds and labels -------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, expected",
    [
        (-1.0, "negative"),
        (-0.0501, "negative"),
        (-0.05, "neutral"),
        (-0.0499, "neutral"),
        (0.0, "neutral"),
        (0.0499, "neutral"),
        (0.05, "neutral"),
        (0.0501, "positive"),
        (1.0, "positive"),
    ],
)
def test_vader_labels_around_its_cutoffs(score, expected):
    assert label(score, Thresholds().vader) == expected


@pytest.mark.parametrize(
    "score, expected",
    [
        (-1.0, "negative"),
        (-0.0101, "negative"),
        (-0.01, "neutral"),
        (-5.55e-17, "neutral"),
        (0.0, "neutral"),
        (5.55e-17, "neutral"),
        (0.01, "neutral"),
        (0.0101, "positive"),
        (0.16, "positive"),
    ],
)
def test_textblob_labels_around_its_cutoffs(score, expected):
    assert label(score, Thresholds().textblob) == expected


def test_default_cutoffs_are_the_documented_ones():
    assert Thresholds().vader == Cutoffs(negative_below=-0.05, positive_above=0.05)
    assert Thresholds().textblob == Cutoffs(negative_below=-0.01, positive_above=0.01)


@pytest.mark.parametrize("score", [None, float("nan"), np.nan, pd.NA])
def test_missing_score_has_no_label(score):
    assert label(score, Thresholds().vader) is None


def test_custom_cutoffs_move_the_label():
    assert label(0.3, Cutoffs(negative_below=-0.5, positive_above=0.5)) == "neutral"


def test_label_wants_one_engines_cutoffs():
    with pytest.raises(TypeError, match="for_engine"):
        label(0.3, Thresholds())


def test_cutoffs_must_be_ordered():
    with pytest.raises(ValueError, match="must not exceed"):
        Cutoffs(negative_below=0.2, positive_above=0.1)


def test_thresholds_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Thresholds().vader = Cutoffs(0, 0)


def test_thresholds_for_an_unknown_engine_raise():
    with pytest.raises(ValueError, match="no thresholds for engine 'afinn'"):
        Thresholds().for_engine("afinn")


def test_labels_of_a_series_keep_index_and_missing_values():
    result = labels(pd.Series([0.3, np.nan, -0.3, 0.0], index=[7, 8, 9, 10]), Thresholds().textblob)
    assert result.index.tolist() == [7, 8, 9, 10]
    assert result.tolist()[0] == "positive" and pd.isna(result.tolist()[1])
    assert result.tolist()[2:] == ["negative", "neutral"]


# --- score_comments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        ("يجب أن يرحل الأسد", "ar"),
        ("ya habibi shou 3am ta3mel", "ar-latn"),
        ("ya 3am this is so true, la2 la2 5alas", "ar-latn"),
        ("Assad must go يسقط الأسد يسقط يسقط", "ar"),
        ("Je ne sais pas ce qu'il veut dire.", "other"),
        ("", "empty"),
        (" :) ", "empty"),
    ],
)
def test_non_english_comments_get_missing_scores_not_zero(text, language):
    scored = score_comments(thread("What a great idea!", text))
    assert scored["language"].tolist() == ["en", language]
    assert scored.loc[1, ["polarity", "subjectivity", "vader_compound"]].isna().all()
    assert pd.isna(scored.loc[1, "sentiment_label"])
    assert scored.loc[0, ["polarity", "subjectivity", "vader_compound"]].notna().all()


@pytest.mark.parametrize("text", ["😂😂😂", "😀 😍", "🤢", "👍🏽"])
def test_emoji_only_comments_get_vaders_score_and_no_textblob_score(text):
    scored = score_comments(thread("What a great idea!", text))
    assert scored["language"].tolist() == ["en", "emoji"]
    assert scored.loc[1, "vader_compound"] == SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert scored.loc[1, ["polarity", "subjectivity"]].isna().all()
    assert pd.isna(scored.loc[1, "sentiment_label"])  # labelled from TextBlob by default


def test_emoji_only_comment_is_labelled_when_vader_labels():
    scored = score_comments(thread("😂😂😂", "🤢"), label_engine="vader")
    assert scored["vader_compound"].tolist() == [0.8271, 0.0]
    assert scored["sentiment_label"].tolist() == ["positive", "neutral"]


def test_sentence_scores_of_an_emoji_only_comment_come_from_vader_only():
    comments = thread("😂😂😂")
    assert sentence_scores(comments, engine="vader")["score"].tolist() == [0.8271]
    assert sentence_scores(comments, engine="textblob")["score"].isna().all()


def test_scored_columns_have_the_contracts_types(seed_scored):
    assert seed_scored[["polarity", "subjectivity", "vader_compound"]].dtypes.eq("float64").all()
    assert seed_scored["language"].dtype == "str" and seed_scored["sentiment_label"].dtype == "str"


def test_label_comes_from_the_label_engine_and_its_cutoffs():
    comments = thread("Nothing good ever comes from war.")  # TextBlob positive, VADER negative
    assert score_comments(comments)["sentiment_label"].tolist() == ["positive"]
    assert score_comments(comments, label_engine="vader")["sentiment_label"].tolist() == ["negative"]
    strict = Thresholds(vader=Cutoffs(-0.9, 0.9))
    assert score_comments(comments, label_engine="vader", thresholds=strict)["sentiment_label"].tolist() == ["neutral"]


def test_only_the_engines_asked_for_write_columns():
    scored = score_comments(thread("Fine."), engines=("vader",), label_engine="vader")
    assert "vader_compound" in scored.columns and "polarity" not in scored.columns


def test_score_comments_does_not_mutate_its_input(seed):
    before = seed.copy()
    score_comments(seed)
    pd.testing.assert_frame_equal(seed, before)


def test_score_comments_keeps_rows_index_and_other_columns():
    comments = thread("Great!", "Bad.", "مرحبا").set_axis([5, 5, 2])
    scored = score_comments(comments)
    assert scored.index.tolist() == [5, 5, 2]
    pd.testing.assert_frame_equal(scored[comments.columns], comments)


def test_score_comments_of_an_empty_frame_is_empty_with_the_columns():
    scored = score_comments(thread().astype({"text": "str"}))
    assert len(scored) == 0
    assert {"language", "polarity", "subjectivity", "vader_compound", "sentiment_label"} <= set(scored.columns)


def test_score_comments_names_the_missing_column():
    with pytest.raises(ValueError, match=r"missing columns \['text'\]"):
        score_comments(pd.DataFrame({"body": ["hello"]}))


def test_score_comments_refuses_an_unknown_engine():
    with pytest.raises(ValueError, match="unknown engine 'afinn'"):
        score_comments(thread("Fine."), engines=("textblob", "afinn"))


def test_score_comments_refuses_a_label_engine_that_is_not_run():
    with pytest.raises(ValueError, match="label_engine 'vader'"):
        score_comments(thread("Fine."), engines=("textblob",), label_engine="vader")


# --- sentences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("The U.S. and the U.N. agreed. Then nothing.", ["The U.S. and the U.N. agreed.", "Then nothing."]),
        ("Inflation hit 3.5 percent. Bad.", ["Inflation hit 3.5 percent.", "Bad."]),
        ("I don't know... Maybe.", ["I don't know...", "Maybe."]),
        ("Wait… what? Really?! Yes!!!", ["Wait… what?", "Really?!", "Yes!!!"]),
        ("line one\nline two", ["line one", "line two"]),
        ("first\r\n\r\nsecond\n", ["first", "second"]),
        ('He said "Go home." Then he left.', ['He said "Go home."', "Then he left."]),
        ('"Stop it!" he shouted. Nobody did.', ['"Stop it!" he shouted.', "Nobody did."]),
        ("“Assad must go.” Everyone agrees.", ["“Assad must go.”", "Everyone agrees."]),
        ("(Really.) Yes.", ["(Really.)", "Yes."]),
        ("Guns, drugs, etc. and more. Then", ["Guns, drugs, etc. and more.", "Then"]),
        ("Guns, drugs, etc. The end.", ["Guns, drugs, etc.", "The end."]),
        ("E.g. this one. And that.", ["E.g. this one.", "And that."]),
        ("So did I. Then I left.", ["So did I.", "Then I left."]),
        ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
        ("Dr. Who? No.", ["Dr. Who?", "No."]),
        ("i agree. but not with him", ["i agree.", "but not with him"]),
        ("No final mark", ["No final mark"]),
        ("", []),
        ("  \n \n ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?…\"'”)(\nUSJ.3")) | st.characters(), max_size=60))
def test_split_sentences_keep_every_character_in_order(text):
    sentences = split_sentences(text)
    assert "".join("".join(sentences).split()) == "".join(text.split())
    assert all(s and s == s.strip() for s in sentences)


def test_split_sentences_of_missing_text_is_empty():
    assert split_sentences(None) == []


def test_sentence_scores_score_each_sentence_alone():
    comments = thread("Great idea. Awful timing!", "")
    long = sentence_scores(comments)
    assert list(long.columns) == ["comment_id", "sentence_index", "sentence", "score"]
    assert long["comment_id"].tolist() == ["c0", "c0"]  # the empty comment has no sentences
    assert long["sentence_index"].tolist() == [0, 1]
    assert long["score"].tolist() == [
        TextBlob("Great idea.").sentiment.polarity,
        TextBlob("Awful timing!").sentiment.polarity,
    ]


def test_sentence_scores_with_vader_use_the_compound():
    long = sentence_scores(thread("Great idea. Awful timing!"), engine="vader")
    analyzer = SentimentIntensityAnalyzer()
    assert long["score"].tolist() == [analyzer.polarity_scores(s)["compound"] for s in long["sentence"]]


def test_sentence_scores_leave_non_english_comments_unscored():
    long = sentence_scores(thread("Great idea.", "ya habibi shou 3am ta3mel. yalla bye."))
    assert long["score"].notna().tolist() == [True, False, False]


def test_sentence_scores_use_an_existing_language_column():
    comments = thread("Great idea.").assign(language=["other"])
    assert sentence_scores(comments)["score"].isna().all()


def test_sentence_scores_name_missing_columns():
    with pytest.raises(ValueError, match=r"missing columns \['comment_id'\]"):
        sentence_scores(pd.DataFrame({"text": ["Fine."]}))


def test_strongest_sentences_pick_the_extremes_per_comment():
    comments = thread("Great idea. Awful timing! Bad plan. Good people.", "It is Tuesday.", "يسقط النظام", "")
    strongest = strongest_sentences(comments)
    assert strongest["comment_id"].tolist() == ["c0", "c1", "c2", "c3"]
    assert strongest.loc[0, "most_negative_sentence"] == "Awful timing!"
    assert strongest.loc[0, "most_negative_score"] == TextBlob("Awful timing!").sentiment.polarity
    assert strongest.loc[0, "most_positive_sentence"] == "Great idea."
    assert strongest.loc[0, "most_positive_score"] == TextBlob("Great idea.").sentiment.polarity
    assert strongest.loc[1:, ["most_negative_sentence", "most_positive_sentence"]].isna().all().all()


def test_strongest_sentences_break_ties_by_the_earlier_sentence():
    strongest = strongest_sentences(thread("Awful food. Awful service."))
    assert strongest.loc[0, "most_negative_sentence"] == "Awful food."


def test_strongest_sentences_need_a_score_on_that_side_of_zero():
    strongest = strongest_sentences(thread("Great idea. Good people."))
    assert pd.isna(strongest.loc[0, "most_negative_sentence"]) and pd.isna(strongest.loc[0, "most_negative_score"])


def test_sentence_functions_do_not_mutate_their_input():
    comments = thread("Great idea. Awful timing!")
    before = comments.copy()
    sentence_scores(comments)
    strongest_sentences(comments)
    pd.testing.assert_frame_equal(comments, before)


# --- engine agreement --------------------------------------------------------------------------


@pytest.fixture
def three_scored() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "comment_id": ["a", "b", "c", "d"],
            "author": ["ana", "bo", "cy", "di"],
            "polarity": [0.5, 0.3, np.nan, 0.0],
            "vader_compound": [0.6, -0.7, np.nan, 0.01],
        }
    )


def test_agreement_over_comments_scored_by_both(three_scored):
    result = engine_agreement(three_scored)
    assert isinstance(result, EngineAgreement)
    assert result.n_compared == 3  # "c" has no scores
    assert result.share == pytest.approx(2 / 3)


def test_disagreements_list_each_engines_score_and_label(three_scored):
    table = engine_agreement(three_scored).disagreements
    assert list(table.columns) == [
        "comment_id",
        "author",
        "polarity",
        "textblob_label",
        "vader_compound",
        "vader_label",
    ]
    assert table.to_dict("records") == [
        {
            "comment_id": "b",
            "author": "bo",
            "polarity": 0.3,
            "textblob_label": "positive",
            "vader_compound": -0.7,
            "vader_label": "negative",
        }
    ]


def test_agreement_follows_the_thresholds(three_scored):
    wide = Thresholds(textblob=Cutoffs(-0.4, 0.4), vader=Cutoffs(-0.8, 0.8))
    result = engine_agreement(three_scored, thresholds=wide)
    assert result.share == pytest.approx(2 / 3)  # now "a" disagrees (positive / neutral), "b" agrees
    assert result.disagreements["comment_id"].tolist() == ["a"]


def test_agreement_with_nothing_compared_is_nan(three_scored):
    result = engine_agreement(three_scored.iloc[[2]])
    assert result.n_compared == 0 and np.isnan(result.share) and len(result.disagreements) == 0


def test_agreement_needs_two_different_engines(three_scored):
    with pytest.raises(ValueError, match="two different engines"):
        engine_agreement(three_scored, engines=("textblob", "textblob"))


def test_agreement_names_missing_columns():
    with pytest.raises(ValueError, match=r"missing columns \['author', 'vader_compound'\]"):
        engine_agreement(pd.DataFrame({"comment_id": ["a"], "polarity": [0.1]}))


def test_agreement_does_not_mutate_its_input(three_scored):
    before = three_scored.copy()
    engine_agreement(three_scored)
    pd.testing.assert_frame_equal(three_scored, before)


def test_seed_lists_trueselfs_1745_comment_as_a_disagreement(seed_scored):
    row = seed_scored[
        (seed_scored["author"] == "trueself") & (seed_scored["timestamp"] == pd.Timestamp("2013-02-20 17:45"))
    ].iloc[0]
    assert row["polarity"] == pytest.approx(0.16, abs=0.005)  # the figures the issue reports
    assert row["vader_compound"] == pytest.approx(-0.98, abs=0.005)
    disagreements = engine_agreement(seed_scored).disagreements
    listed = disagreements[disagreements["comment_id"] == row["comment_id"]]
    assert listed[["author", "textblob_label", "vader_label"]].values.tolist() == [["trueself", "positive", "negative"]]


@pytest.mark.parametrize("cutoffs", [Cutoffs(-0.05, 0.05), Cutoffs(0.0, 0.0), Cutoffs(-0.5, 0.2)])
def test_label_codes_follow_the_label_rule_at_the_cutoffs_and_beyond(cutoffs):
    from analytics.scoring.sentiment import LABELS, label, label_codes

    scores = np.array(
        [
            cutoffs.negative_below,
            cutoffs.positive_above,
            np.nextafter(cutoffs.positive_above, 2),
            np.nextafter(cutoffs.negative_below, -2),
            0.0,
            -1.0,
            1.0,
            np.inf,
            -np.inf,
            np.nan,
        ]
    )
    expected = [-1 if label(s, cutoffs) is None else LABELS.index(label(s, cutoffs)) for s in scores]
    assert label_codes(scores, cutoffs).tolist() == expected
