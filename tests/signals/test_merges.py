"""Merging alias handles: renames, chains, undo and provenance."""

import json

import pandas as pd
import pytest
from conftest import make_thread

import analytics
from analytics.signals.merges import apply_merges, merge_map, merges_to_provenance
from analytics.threads.activity import commenter_activity


@pytest.fixture()
def thread():
    return make_thread(
        [
            {"author": "trieself", "text": "first", "is_guest": True},
            {"author": "trueself", "text": "@Trieself second", "is_guest": True},
            {"author": "geha", "text": "third"},
        ]
    )[1]


def test_alias_renamed_to_kept_and_original_recorded(thread):
    merged = apply_merges(thread, [("trieself", "trueself")])
    assert merged["author"].tolist() == ["trueself", "trueself", "geha"]
    assert merged["original_author"].tolist() == ["trieself", "trueself", "geha"]


def test_mentions_follow_the_merge_ignoring_case(thread):
    assert apply_merges(thread, [("trieself", "trueself")])["mentions"].tolist()[1] == ["trueself"]


def test_reply_to_author_follows_the_merge(seed):
    enriched = analytics.enrich(seed).comments
    merged = apply_merges(enriched.assign(reply_to_author=["trieself"] + [None] * 7), [("trieself", "trueself")])
    assert merged["reply_to_author"].tolist()[0] == "trueself"
    assert merged["reply_to_author"].isna().sum() == 7


def test_undo_is_applying_without_the_pair(thread):
    merged = apply_merges(thread, [("trieself", "trueself"), ("geha", "realist")])
    undone = apply_merges(thread, [("geha", "realist")])
    assert merged["author"].tolist()[0] == "trueself" and undone["author"].tolist()[0] == "trieself"


def test_no_merges_changes_nothing_but_adds_original(thread):
    merged = apply_merges(thread, [])
    pd.testing.assert_frame_equal(merged.drop(columns="original_author"), thread)
    assert merged["original_author"].tolist() == thread["author"].tolist()


def test_input_not_changed(thread):
    before = thread.copy()
    apply_merges(thread, [("trieself", "trueself")])
    pd.testing.assert_frame_equal(thread, before)


def test_merging_in_steps_keeps_the_first_name(thread):
    once = apply_merges(thread, [("trieself", "trueself")])
    twice = apply_merges(once, [("trueself", "geha")])
    assert twice["author"].tolist() == ["geha"] * 3
    assert twice["original_author"].tolist() == ["trieself", "trueself", "geha"]


def test_chains_are_followed():
    assert merge_map([("a", "b"), ("b", "c")]) == {"a": "c", "b": "c"}


@pytest.mark.parametrize(
    "merges, message",
    [
        ([("a", "a")], "into itself"),
        ([("a", "b"), ("a", "c")], "both"),
        ([("a", "b"), ("b", "a")], "cycle"),
        ([("a",)], "pair"),
        ([("a", "")], "pair"),
    ],
)
def test_bad_merges_raise(merges, message):
    with pytest.raises(ValueError, match=message):
        merge_map(merges)


def test_alias_not_in_corpus_changes_nothing(thread):
    assert apply_merges(thread, [("nobody", "geha")])["author"].tolist() == thread["author"].tolist()


def test_empty_thread():
    _, comments = make_thread([])
    merged = apply_merges(comments, [("a", "b")])
    assert merged.empty and "original_author" in merged.columns


def test_missing_author_column():
    with pytest.raises(ValueError, match="author"):
        apply_merges(pd.DataFrame({"text": ["x"]}), [])


def test_activity_after_merge_counts_one_person(seed):
    enriched = analytics.enrich(seed).comments
    table = commenter_activity(apply_merges(enriched, [("trieself", "trueself")]))
    assert table.set_index("author").loc["trueself", "comments"] == 3
    assert "trieself" not in set(table["author"])


def test_provenance_is_json_ready_and_ordered():
    records = merges_to_provenance([("b", "c"), ("a", "b")])
    assert json.loads(json.dumps(records)) == [
        {"alias": "b", "kept": "c", "counted_as": "c"},
        {"alias": "a", "kept": "b", "counted_as": "c"},
    ]


def test_provenance_of_no_merges():
    assert merges_to_provenance([]) == []


def test_merged_analysis_recomputes_author_tables(seed):
    from analytics.signals.merges import merged_analysis

    analysis = analytics.enrich(seed)
    merged = merged_analysis(analysis, [("trieself", "trueself")])
    assert "trieself" not in set(merged.commenters["author"])
    assert "trieself" not in set(merged.replies["child_author"]) | set(merged.replies["parent_author"])
    assert merged.settings["merges"] == [{"alias": "trieself", "kept": "trueself", "counted_as": "trueself"}]
    assert "trieself" in set(analysis.commenters["author"])  # the input analysis is unchanged
    assert merged_analysis(analysis, []) is analysis
