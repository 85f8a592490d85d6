"""Alias suspects on threads built by hand, and the seed's trieself / trueself pair."""

import math

import pandas as pd
import pytest
from conftest import make_thread

import analytics.signals.aliases as aliases
from analytics.signals.aliases import ALIAS_COLUMNS, WEIGHTS, alias_suspects, edit_distance, handle_similarity


def pair(table, a, b):
    hit = table[
        ((table["author_a"] == a) & (table["author_b"] == b)) | ((table["author_a"] == b) & (table["author_b"] == a))
    ]
    assert len(hit) == 1, table
    return hit.iloc[0]


def test_seed_trieself_trueself_rank_first(seed):
    table = alias_suspects(seed.comments)
    assert {table.loc[0, "author_a"], table.loc[0, "author_b"]} == {"trieself", "trueself"}
    assert table.loc[0, "edit_distance"] == 1 and bool(table.loc[0, "both_guests"])


def test_seed_no_other_pair_passes_the_default_threshold(seed):
    assert len(alias_suspects(seed.comments)) == 1


def test_every_pair_with_min_score_zero(seed):
    table = alias_suspects(seed.comments, min_score=0)
    assert len(table) == 10  # 5 handles
    assert table["score"].is_monotonic_decreasing


@pytest.mark.parametrize(
    "a, b, distance",
    [("trieself", "trueself", 1), ("geha", "geha", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("ab", "ba", 2)],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == edit_distance(b, a) == distance


def test_handle_similarity_ignores_case_and_punctuation():
    assert handle_similarity("Geha", "geha_") == 1.0
    assert handle_similarity("john.smith", "JohnSmith") == 1.0
    assert handle_similarity("--", "!") == 0.0


def test_score_is_the_documented_weighted_sum():
    _, comments = make_thread(
        [
            {"author": "abcd", "text": "same words here", "is_guest": True, "timestamp": "2020-01-01 10:00"},
            {"author": "abce", "text": "same words here", "is_guest": True, "timestamp": "2020-01-02 10:00"},
        ]
    )
    row = alias_suspects(comments, min_score=0).iloc[0]
    assert row.handle_similarity == 0.75 and row.hour_profile_similarity == pytest.approx(1.0)
    assert row.writing_similarity == pytest.approx(1.0)
    assert row.score == pytest.approx(0.45 * 0.75 + 0.25 + 0.15 + 0.15)
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_missing_timestamps_count_zero_and_stay_missing():
    _, comments = make_thread(
        [{"author": "abcd", "text": "x y", "is_guest": True}, {"author": "abce", "text": "x y", "is_guest": True}]
    )
    row = alias_suspects(comments, min_score=0).iloc[0]
    assert math.isnan(row.hour_profile_similarity) and math.isnan(row.min_gap_minutes)
    assert row.score == pytest.approx(0.45 * 0.75 + 0.25 + 0.15)


def test_registered_and_guest_are_not_both_guests():
    _, comments = make_thread(
        [
            {"author": "abcd", "text": "hello there", "is_guest": True},
            {"author": "abce", "text": "hello there", "is_guest": False},
        ]
    )
    assert not alias_suspects(comments, min_score=0).iloc[0].both_guests


def test_kept_handle_is_the_more_active():
    _, comments = make_thread(
        [
            {"author": "trieself", "text": "a b"},
            {"author": "trueself", "text": "c d"},
            {"author": "trueself", "text": "e f"},
        ]
    )
    row = alias_suspects(comments, min_score=0).iloc[0]
    assert (row.author_a, row.comments_a, row.author_b, row.comments_b) == ("trueself", 2, "trieself", 1)


def test_min_gap_on_shared_article():
    _, comments = make_thread(
        [
            {"author": "abcd", "text": "a", "timestamp": "2020-01-01 10:00"},
            {"author": "abce", "text": "b", "timestamp": "2020-01-01 10:07"},
            {"author": "abcd", "text": "c", "timestamp": "2020-01-01 12:00"},
        ]
    )
    row = alias_suspects(comments, min_score=0).iloc[0]
    assert row.shared_articles == 1 and row.min_gap_minutes == 7.0
    assert "closest comments 7 min apart" in row.evidence


def test_similar_writing_scores_higher_than_different_writing():
    _, comments = make_thread(
        [
            {"author": "anna", "text": "Honestly the regime must go, honestly it must go now!!!"},
            {"author": "bert", "text": "honestly, the regime must go... honestly now!!!"},
            {"author": "carl", "text": "Quarterly yields fell; bond markets were calm."},
        ]
    )
    table = alias_suspects(comments, min_score=0)
    assert pair(table, "anna", "bert").writing_similarity > pair(table, "anna", "carl").writing_similarity


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"author": "solo", "text": "only me"}],
        [{"author": "solo", "text": "one"}, {"author": "solo", "text": "two"}],
    ],
)
def test_fewer_than_two_handles_give_an_empty_table(rows):
    _, comments = make_thread(rows)
    table = alias_suspects(comments)
    assert table.empty and list(table.columns) == list(ALIAS_COLUMNS)


def test_non_english_and_empty_texts():
    _, comments = make_thread(
        [
            {"author": "ahmad1", "text": "يسقط النظام يسقط", "is_guest": True},
            {"author": "ahmad2", "text": "يسقط النظام", "is_guest": True},
            {"author": "ahmad3", "text": ""},
        ]
    )
    table = alias_suspects(comments, min_score=0)
    assert pair(table, "ahmad1", "ahmad2").writing_similarity > 0.5
    assert math.isnan(pair(table, "ahmad1", "ahmad3").writing_similarity)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"\['is_guest', 'timestamp'\]"):
        alias_suspects(pd.DataFrame({"author": [], "article_id": [], "text": []}))


def test_min_score_out_of_range():
    _, comments = make_thread([{"author": "a"}])
    with pytest.raises(ValueError, match="min_score"):
        alias_suspects(comments, min_score=2)


def test_input_not_changed(seed):
    before = seed.comments.copy()
    alias_suspects(seed.comments)
    pd.testing.assert_frame_equal(seed.comments, before)


def test_large_corpus_blocks_by_handle(monkeypatch):
    monkeypatch.setattr(aliases, "ALL_PAIRS_UP_TO", 3)
    _, comments = make_thread(
        [
            {"author": h, "text": "same text", "is_guest": True}
            for h in ("trieself", "trueself", "geha", "realist", "zz")
        ]
    )
    table = alias_suspects(comments, min_score=0)
    assert [(r.author_a, r.author_b) for r in table.itertuples()] == [("trieself", "trueself")]


def test_blocking_finds_insertions_and_case(monkeypatch):
    monkeypatch.setattr(aliases, "ALL_PAIRS_UP_TO", 1)
    _, comments = make_thread([{"author": h, "text": "t"} for h in ("Geha", "geha", "gehaa", "realist")])
    table = alias_suspects(comments, min_score=0)
    assert {frozenset((r.author_a, r.author_b)) for r in table.itertuples()} == {
        frozenset(p) for p in (("Geha", "geha"), ("Geha", "gehaa"), ("geha", "gehaa"))
    }
