"""Echoes of the article: quotes, paraphrases, lexical overlap and the on-topic flag."""

import math

import pandas as pd
import pytest
from conftest import make_thread

from analytics.signals.echoes import (
    ECHO_COLUMNS,
    ON_TOPIC_MIN_OVERLAP,
    QUOTE_MIN_WORDS,
    SHARE_COLUMNS,
    article_echoes,
    on_topic_share,
)

BODY = (
    "Russia urged the warring sides in Syria to halt their conflict and start talks. "
    "Neither side can allow itself to bet on a military settlement, said Lavrov. "
    "It is a path to mutual destruction."
)


def echoes(rows, body=BODY):
    articles, comments = make_thread(rows, body=body)
    return article_echoes(articles, comments)


def one(text, body=BODY):
    return echoes([{"author": "a", "text": text}], body).iloc[0]


def test_long_shared_run_is_a_quote():
    row = one("As he put it, neither side can allow itself to bet on anything.")
    assert row.echo == "quote" and row.echo_words == 8
    assert row.echo_text == "neither side can allow itself to bet on"


def test_short_shared_run_is_not_a_quote():
    row = one("Neither side can win here, sadly for the people.")
    assert row.echo_words == 3 and row.echo != "quote"


def test_quoted_span_found_in_the_article_is_a_quote():
    row = one("Would lavrov talk about 'mutual destruction' if he was winning?")
    assert row.echo == "quote" and row.echo_words == 2


def test_quoted_span_not_in_the_article_is_not_a_quote():
    assert one("He talks about 'total victory' all day long.").echo == "none"


def test_paraphrase():
    row = one("Lavrov says no side may bet on military settlement at all.")
    assert row.echo == "paraphrase" and row.paraphrase_similarity >= 0.5


def test_paraphrase_needs_two_shared_content_words():
    assert math.isnan(one("My cat likes warm milk and sunny windows.").paraphrase_similarity)


def test_overlap_is_the_share_of_content_words_in_the_article():
    row = one("Syria talks fail; cats sleep.")  # syria, talk, fail, cat, sleep: 2 of 5
    assert row.content_words == 5 and row.article_overlap == pytest.approx(0.4)


def test_plural_meets_singular():
    assert one("the conflicts and the settlements").article_overlap == 1.0


def test_on_and_off_topic_by_the_threshold():
    table = echoes(
        [
            {"author": "a", "text": "Syria and Russia and the talks, again"},
            {"author": "b", "text": "my cat likes warm milk and windows"},
        ]
    )
    assert table["on_topic"].tolist() == [True, False]
    assert ON_TOPIC_MIN_OVERLAP == 0.2


def test_too_short_to_judge():
    row = one("so true")
    assert pd.isna(row.on_topic) and row.content_words == 1


def test_an_echo_is_on_topic_even_if_short():
    assert bool(one("'mutual destruction'").on_topic)


def test_other_language_is_undetermined():
    row = one("يسقط النظام السوري والروسي الآن")
    assert pd.isna(row.on_topic) and row.article_overlap == 0.0


def test_empty_text():
    row = one("")
    assert row.echo == "none" and row.content_words == 0 and math.isnan(row.article_overlap)
    assert pd.isna(row.on_topic)


def test_empty_thread():
    table = echoes([])
    assert table.empty and list(table.columns) == list(ECHO_COLUMNS)
    assert on_topic_share(table).empty


def test_one_row_per_comment_in_order():
    table = echoes([{"author": "a", "text": "one"}, {"author": "b", "text": "two"}, {"author": "c", "text": "three"}])
    assert table["author"].tolist() == ["a", "b", "c"]


def test_comments_of_each_article_meet_their_own_article():
    a1, c1 = make_thread([{"author": "a", "text": "Syria talks and Russia"}], title="one", body=BODY)
    a2, c2 = make_thread([{"author": "a", "text": "Syria talks and Russia"}], title="two", body="Cats sleep a lot.")
    table = article_echoes(pd.concat([a1, a2]), pd.concat([c1, c2]))
    assert table["on_topic"].tolist() == [True, False]


def test_seed_realist_quotes_the_article(seed):
    table = article_echoes(seed.articles, seed.comments)
    realist = table[table["author"] == "realist"].iloc[0]
    assert realist.echo == "quote"
    assert (table.loc[table["author"] != "realist", "echo"] == "none").all()


def test_share_per_article(seed):
    share = on_topic_share(article_echoes(seed.articles, seed.comments))
    assert list(share.columns) == list(SHARE_COLUMNS)
    row = share.iloc[0]
    assert row.comments == 8 and row.judged + row.undetermined == 8 and row.quotes == 1
    assert row.on_topic_share == row.on_topic / row.judged


def test_share_is_missing_when_nothing_is_judged():
    share = on_topic_share(echoes([{"author": "a", "text": "ok"}]))
    assert share.iloc[0].judged == 0 and math.isnan(share.iloc[0].on_topic_share)


def test_missing_columns():
    articles, comments = make_thread([])
    with pytest.raises(ValueError, match="body"):
        article_echoes(articles.drop(columns="body"), comments)
    with pytest.raises(ValueError, match="on_topic"):
        on_topic_share(pd.DataFrame({"article_id": [], "echo": []}))


def test_inputs_not_changed():
    articles, comments = make_thread([{"author": "a", "text": "neither side can allow itself"}], body=BODY)
    before = comments.copy()
    article_echoes(articles, comments)
    pd.testing.assert_frame_equal(comments, before)


def test_quote_threshold_is_six_words():
    assert QUOTE_MIN_WORDS == 6
    assert one("warring sides in syria to halt").echo == "quote"
    assert one("warring sides in syria to").echo != "quote"
