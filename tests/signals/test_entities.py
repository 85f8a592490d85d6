"""Who and what a thread talks about: names from the article and comments, mentions, sentiment."""

import math

import pandas as pd
import pytest
from conftest import make_thread
from entity_rows import row

from analytics.signals.entities import ENTITY_COLUMNS, SENTENCE_COLUMNS, entity_mentions, entity_sentences


@pytest.fixture(scope="module")
def seed_entities():
    import analytics

    corpus = analytics.load(analytics.SAMPLE)
    return entity_mentions(corpus.articles, corpus.comments)


@pytest.mark.parametrize("name", ["Assad", "Lavrov", "Russia", "Iran", "Hezbollah"])
def test_seed_names_are_found_in_the_comments(seed_entities, name):
    assert row(seed_entities, name)["comments"] >= 1


def test_seed_hezbollah_under_the_commenters_spelling(seed_entities):
    hezbollah = row(seed_entities, "Hezbollah")
    assert hezbollah["spellings"] == "hizbushaitan" and hezbollah["kind"] == "organisation"


def test_seed_spellings_and_kinds(seed_entities):
    assert set(row(seed_entities, "Assad")["spellings"].split("; ")) >= {"Assad", "Bashar", "assad"}
    assert "Sergei Lavrov" in row(seed_entities, "Lavrov")["spellings"]
    assert row(seed_entities, "Iran")["found_in"] == "comments"  # only commenters name Iran
    assert row(seed_entities, "Lavrov")[["kind", "article_mentions"]].tolist() == ["person", 7]
    assert row(seed_entities, "Arab League")["kind"] == "organisation"


def test_seed_most_commented_first(seed_entities):
    assert seed_entities["comments"].is_monotonic_decreasing
    assert seed_entities.loc[0, "entity"] == "Russia"


def test_sentiment_of_the_sentences_naming_the_entity():
    articles, comments = make_thread(
        [{"author": "a", "text": "Assad is awful. The weather is great."}, {"author": "b", "text": "Assad is good."}],
        body="Assad spoke.",
    )
    assad = row(entity_mentions(articles, comments), "Assad")
    assert assad[["comments", "commenters", "sentences", "scored_sentences"]].tolist() == [2, 2, 2, 2]
    assert assad["mean_sentiment"] == pytest.approx((-1.0 + 0.7) / 2)


def test_sentences_long_form():
    articles, comments = make_thread(
        [{"author": "a", "text": "Assad is awful. Russia and assad again."}], body="Assad and Russia."
    )
    long = entity_sentences(articles, comments)
    assert list(long.columns) == list(SENTENCE_COLUMNS)
    assert long[["entity", "sentence_index", "matched"]].values.tolist() == [
        ["Assad", 0, "Assad"],
        ["Russia", 1, "Russia"],
        ["Assad", 1, "assad"],
    ]


def test_non_english_comments_count_but_are_not_scored():
    articles, comments = make_thread(
        [
            {"author": "a", "text": "Assad yalla habibi shou 3am ta3mel"},
            {"author": "b", "text": "الأسد يجب أن يرحل Assad"},
        ],
        body="Assad spoke.",
    )
    assad = row(entity_mentions(articles, comments), "Assad")
    assert assad["comments"] == 2 and assad["scored_sentences"] == 0 and math.isnan(assad["mean_sentiment"])


def test_language_column_is_used_when_present():
    articles, comments = make_thread([{"author": "a", "text": "Assad is awful."}], body="Assad spoke.")
    assert entity_sentences(articles, comments.assign(language="other"))["sentiment"].isna().all()


def test_empty_thread_lists_the_article_names():
    articles, comments = make_thread([], body="Russia warned Iran.")
    table = entity_mentions(articles, comments)
    assert set(table["entity"]) == {"Russia", "Iran"} and (table["comments"] == 0).all()
    assert (table["found_in"] == "article").all()


def test_nothing_named_gives_an_empty_table():
    articles, comments = make_thread([{"author": "a", "text": "nice weather"}], body="it rained.")
    table = entity_mentions(articles, comments)
    assert table.empty and list(table.columns) == list(ENTITY_COLUMNS)
    assert entity_sentences(articles, comments).empty


def test_one_comment():
    articles, comments = make_thread([{"author": "a", "text": "iran"}], body="Iran.")
    assert row(entity_mentions(articles, comments), "Iran")[["comments", "article_mentions"]].tolist() == [1, 1]


def test_entities_are_per_article():
    a1, c1 = make_thread([{"author": "a", "text": "Lavrov again"}], title="one", body="Lavrov spoke.")
    a2, c2 = make_thread([{"author": "b", "text": "Lavrov again"}], title="two", body="Obama spoke.")
    table = entity_mentions(pd.concat([a1, a2]), pd.concat([c1, c2]))
    assert table.groupby("article_id")["entity"].apply(list).to_dict() == {
        a1.article_id[0]: ["Lavrov"],
        a2.article_id[0]: ["Lavrov", "Obama"],
    }
    assert table["article_id"].tolist()[0] == a1.article_id[0]


def test_missing_columns():
    articles, comments = make_thread([])
    with pytest.raises(ValueError, match="body"):
        entity_mentions(articles.drop(columns="body"), comments)
    with pytest.raises(ValueError, match="author"):
        entity_mentions(articles, comments.drop(columns="author"))


def test_min_comments_must_be_positive():
    articles, comments = make_thread([])
    with pytest.raises(ValueError, match="min_comments"):
        entity_mentions(articles, comments, min_comments=0)


def test_inputs_not_changed():
    articles, comments = make_thread([{"author": "a", "text": "Assad is awful."}], body="Assad spoke.")
    before = articles.copy(), comments.copy()
    entity_mentions(articles, comments)
    pd.testing.assert_frame_equal(articles, before[0])
    pd.testing.assert_frame_equal(comments, before[1])
