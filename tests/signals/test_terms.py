"""Distinctive terms (weighted log-odds with an informative Dirichlet prior) and the tokeniser."""

import math

import pandas as pd
import pytest
from conftest import make_thread

from analytics.signals.terms import NO_TIME, STOPWORDS, TERM_COLUMNS, distinctive_terms, vocabulary, word_table, words


def terms_of(table, group):
    return table.loc[table["group"] == group, "term"].tolist()


@pytest.fixture()
def thread():
    return make_thread(
        [
            {"author": "ana", "text": "Hezbollah Hezbollah regime", "timestamp": "2020-01-01 10:00"},
            {"author": "bo", "text": "regime regime regime peace", "timestamp": "2020-01-01 10:30"},
            {"author": "ana", "text": "Hezbollah again, and peace", "timestamp": "2020-01-01 14:00"},
            {"author": "cy", "text": "peace", "timestamp": None},
        ]
    )[1]


def test_words_drop_stopwords_handles_links_and_clitics():
    assert words("@geha Assad's men? See https://x.org, a@b.com, 70K died!") == ["assad", "men", "died"]
    assert words("They DON'T know") == ["know"]


def test_words_keep_other_scripts_and_accents():
    assert words("يسقط النظام café") == ["يسقط", "النظام", "café"]


def test_words_of_nothing():
    assert words("") == [] and words(None) == [] and words("... 123 !!") == []


def test_keep_stopwords():
    assert words("the regime", keep_stopwords=True) == ["the", "regime"]


def test_word_table_points_at_texts():
    tokens, where = word_table(["a war", "", "peace talks"])
    assert tokens.to_pylist() == ["war", "peace", "talks"] and where.tolist() == [0, 2, 2]


def test_stopwords_are_lowercase_words():
    assert all(w == w.lower() and w.isalpha() for w in STOPWORDS)


def test_log_odds_by_the_formula(thread):
    table = distinctive_terms(thread, top=10)
    row = table[(table["group"] == "bo") & (table["term"] == "regime")].iloc[0]
    # bo: regime 3, peace 1 (n_g = 4); all: hezbollah 3, regime 4, peace 3 (a0 = 10); rest n_r = 6
    y, a, n_g, a0 = 3, 4, 4, 10
    y_r, n_r = a - y, a0 - n_g
    delta = math.log((y + a) / (n_g + a0 - y - a)) - math.log((y_r + a) / (n_r + a0 - y_r - a))
    assert row["count"] == 3 and row["count_rest"] == 1
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / (y + a) + 1 / (y_r + a)))


def test_each_group_gets_its_own_words_most_active_first(thread):
    table = distinctive_terms(thread, top=1)
    assert table["group"].tolist() == ["ana", "bo", "cy"]
    assert table["term"].tolist() == ["hezbollah", "regime", "peace"]
    assert (table["rank"] == 1).all()


def test_only_words_used_more_than_the_rest(thread):
    table = distinctive_terms(thread)
    assert (table["z"] > 0).all()
    assert terms_of(table, "bo") == ["regime"]  # 1 "peace" in 4 words: less than the rest's 2 in 6


def test_top_limits_rows_per_group(thread):
    table = distinctive_terms(thread, top=1)
    assert table.groupby("group").size().max() == 1


def test_periods_in_time_order_with_undated_last(thread):
    table = distinctive_terms(thread, by="period", freq="1h", top=5)
    assert list(dict.fromkeys(table["group"])) == ["2020-01-01 10:00", "2020-01-01 14:00", NO_TIME]
    _, undated = make_thread(
        [{"author": "a", "text": "war war", "timestamp": "2020-01-01"}, {"author": "b", "text": "peace peace"}]
    )
    assert distinctive_terms(undated, by="period")["group"].tolist() == ["2020-01-01 00:00", NO_TIME]


def test_default_period_length_gives_few_periods():
    _, comments = make_thread(
        [{"author": "a", "text": f"word{chr(97 + k)} text", "timestamp": f"2020-01-{k + 1:02d}"} for k in range(20)]
    )
    assert distinctive_terms(comments, by="period")["group"].nunique() < 12


def test_max_groups_keeps_the_rest_as_background(thread):
    table = distinctive_terms(thread, max_groups=1)
    assert set(table["group"]) == {"ana"}
    hezbollah = table[table["term"] == "hezbollah"].iloc[0]
    assert hezbollah["count"] == 3 and hezbollah["count_rest"] == 0
    peace = distinctive_terms(thread, max_groups=1, top=10)
    assert "peace" not in terms_of(peace, "ana")  # used by bo and cy too


def test_min_count(thread):
    assert set(distinctive_terms(thread, min_count=3)["term"]) == {"hezbollah", "regime"}


def test_group_sizes(thread):
    ana = distinctive_terms(thread).query("group == 'ana'").iloc[0]
    assert ana["group_comments"] == 2 and ana["group_words"] == 5


@pytest.mark.parametrize("rows", [[], [{"author": "solo", "text": ""}]])
def test_empty_threads_give_an_empty_table(rows):
    _, comments = make_thread(rows)
    table = distinctive_terms(comments)
    assert table.empty and list(table.columns) == list(TERM_COLUMNS)


def test_one_commenter_has_nothing_to_stand_out_from():
    _, comments = make_thread([{"author": "solo", "text": "war war peace"}])
    assert distinctive_terms(comments).empty  # delta is 0 for every word


def test_non_english_comments():
    _, comments = make_thread([{"author": "a", "text": "يسقط النظام يسقط"}, {"author": "b", "text": "peace now"}])
    assert terms_of(distinctive_terms(comments), "a")[0] == "يسقط"


@pytest.mark.parametrize(
    "kwargs, message", [({"by": "thread"}, "by must be"), ({"top": 0}, "at least 1"), ({"min_count": 0}, "at least 1")]
)
def test_bad_options(thread, kwargs, message):
    with pytest.raises(ValueError, match=message):
        distinctive_terms(thread, **kwargs)


def test_missing_columns():
    with pytest.raises(ValueError, match="timestamp"):
        distinctive_terms(pd.DataFrame({"text": ["a"], "author": ["b"]}), by="period")


def test_input_not_changed(thread):
    before = thread.copy()
    distinctive_terms(thread, by="period")
    pd.testing.assert_frame_equal(thread, before)


def test_seed_commenters(seed):
    table = distinctive_terms(seed.comments, top=3)
    assert terms_of(table, "realist")[:2] == ["military", "regime"]
    assert "alawets" in terms_of(table, "trueself")


def test_vocabulary_counts():
    assert vocabulary(["Russia, Russia", "russia and Iran"]) == {"russia": 3, "iran": 1}


@pytest.mark.parametrize("keep", [False, True])
def test_words_and_word_table_agree(seed, keep):
    texts = list(seed.comments["text"]) + [
        "O'Brien's dog didn't bark!",
        "'quoted' words and ‘curly’ ones",
        "al-Assad, e-mail me@x.org @bo_b",
        "café naïve ÉCOLE",
        "مُحَمَّد يسقط",
        "snake_case and 3am 70K",
        "",
        "Привет мир",
    ]
    tokens, where = word_table(texts, keep_stopwords=keep)
    table = [[] for _ in texts]
    for token, k in zip(tokens.to_pylist(), where.tolist()):
        table[k].append(token)
    assert [words(t, keep_stopwords=keep) for t in texts] == table
