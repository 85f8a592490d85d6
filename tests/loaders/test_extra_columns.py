"""Input columns the contract does not use, kept as typed ``extra_`` columns (analytics/loaders/extra_columns.py),
and the ``reply_to_author`` field filling ``addressed_to`` (analytics/loaders/addressed.py): hand-written
fixtures in the shapes of Fox News (JSON Lines), SFU (CSV), Reddit (Pushshift JSON) and YouTube (Data API)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import load, load_bytes
from analytics.loaders.addressed import addressed_names
from analytics.loaders.extra_columns import aligned_extras, extra_names, typed_extra
from analytics.model import schema

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


def extras(corpus) -> pd.DataFrame:
    return corpus.comments[schema.extra_columns(corpus.comments)]


# Fox News comments (github sjtuprog/fox-news-comments): JSON Lines, label 1 = hateful, mentions "@a @b".
FOX = [
    {"title": "No means no", "text": "Merkel would never say NO", "label": 1, "succ": "", "meta": "Lead.",
     "user": "barryswallows", "mentions": "", "prev": ""},
    {"title": "No means no", "text": "@barryswallows nonsense", "label": 0, "succ": "", "meta": "Lead.",
     "user": "woetothegutless", "mentions": "@barryswallows", "prev": "Merkel would never say NO"},
    {"title": "No means no", "text": "both of you, stop", "label": 0, "succ": "", "meta": "Lead.",
     "user": "Catholica", "mentions": "@woetothegutless @barryswallows", "prev": ""},
]  # fmt: skip


def test_fox_label_is_kept_as_integers_and_mentions_fill_addressed_to():
    corpus = load_bytes(jsonl(FOX), "fox.json")
    assert corpus.comments["extra_label"].dtype == "Int64"
    assert corpus.comments["extra_label"].tolist() == [1, 0, 0]
    assert corpus.comments["addressed_to"].tolist() == [[], ["barryswallows"], ["woetothegutless", "barryswallows"]]
    assert corpus.comments["extra_prev"].tolist()[1] == "Merkel would never say NO"
    assert pd.isna(corpus.comments["extra_prev"].iloc[0])  # empty cells are missing
    warnings = corpus.report.all_warnings
    assert "fox.json: columns read: text as text, user as author, mentions as reply_to_author, title as title" in (
        warnings
    )
    kept = next(w for w in warnings if "columns kept as extra attributes" in w)
    assert "label as extra_label (integer)" in kept and "prev as extra_prev (text)" in kept
    schema.validate(corpus.articles, corpus.comments)


def test_sfu_is_constructive_yes_no_is_boolean_and_toxicity_codes_integers():
    csv = (
        "article_id,comment_counter,title,globe_url,comment_text,is_constructive,is_toxic_popular_answer_1\n"
        "0,source1_0_0,Trump's war,https://www.theglobeandmail.com/a/,Well said.,yes,1\n"
        '0,source1_0_1,Trump\'s war,https://www.theglobeandmail.com/a/,"Rubbish, all of it",no,3\n'
    )
    corpus = load_bytes(csv.encode(), "sfu.csv")
    assert corpus.comments["author"].tolist() == ["", ""]
    got = extras(corpus)
    assert got["extra_is_constructive"].dtype == bool and got["extra_is_constructive"].tolist() == [True, False]
    assert got["extra_is_toxic_popular_answer_1"].tolist() == [1, 3]
    assert got["extra_comment_counter"].tolist() == ["source1_0_0", "source1_0_1"]
    assert got["extra_globe_url"].tolist() == ["https://www.theglobeandmail.com/a/"] * 2


def test_reddit_score_and_subreddit_are_kept():
    rows = [
        {"id": "c1", "body": "First!", "author": "alice", "created_utc": 1700000000, "parent_id": "t3_x1",
         "link_id": "t3_x1", "subreddit": "politics", "score": 12, "controversiality": 0, "gilded": 0},
        {"id": "c2", "body": "No.", "author": "bob", "created_utc": 1700000060.5, "parent_id": "t1_c1",
         "link_id": "t3_x1", "subreddit": "politics", "score": -3, "controversiality": 1, "gilded": 0},
    ]  # fmt: skip
    corpus = load_bytes(json.dumps(rows).encode(), "RC_2023-11.json")
    got = extras(corpus)
    assert got["extra_score"].dtype == "Int64" and got["extra_score"].tolist() == [12, -3]
    assert got["extra_subreddit"].tolist() == ["politics", "politics"]
    assert got["extra_controversiality"].tolist() == [0, 1]


def test_youtube_like_count_is_integer_and_viewer_rating_text():
    rows = [
        {"commentId": "UgzX1", "textOriginal": "Great video", "authorDisplayName": "@ann", "likeCount": 4,
         "viewerRating": "none", "canRate": True, "publishedAt": "2024-01-05T10:00:00Z"},
        {"commentId": "UgzX2", "textOriginal": "Meh", "authorDisplayName": "@bob", "likeCount": 0,
         "viewerRating": "none", "canRate": False, "publishedAt": "2024-01-05T11:30:00Z"},
    ]  # fmt: skip
    corpus = load_bytes(jsonl(rows), "yt.jsonl", mapping={"text": "textOriginal", "author": "authorDisplayName"})
    got = extras(corpus)
    assert got["extra_likeCount"].dtype == "Int64" and got["extra_likeCount"].tolist() == [4, 0]
    assert got["extra_canRate"].tolist() == [True, False]
    assert got["extra_viewerRating"].tolist() == ["none", "none"]


def test_nested_objects_become_dotted_columns_kept_with_safe_names():
    rows = [{"text": "hi", "stats": {"likes": 7, "karma": 1.5}}, {"text": "yo", "stats": {"likes": 8, "karma": 2}}]
    got = extras(load_bytes(jsonl(rows), "n.jsonl"))
    assert list(got.columns) == ["extra_stats_likes", "extra_stats_karma"]
    assert got["extra_stats_likes"].tolist() == [7, 8] and got["extra_stats_karma"].tolist() == [1.5, 2.0]


def test_names_that_clash_once_made_safe_are_told_apart_and_reported():
    csv = "text,user score,user.score,Label,label\nhi,1,2,a,b\n"
    corpus = load_bytes(csv.encode(), "c.csv")
    assert list(extras(corpus).columns) == [
        "extra_user_score",
        "extra_user_score_2",
        "extra_Label",
        "extra_label_2",
    ]
    warnings = corpus.report.all_warnings
    assert "c.csv: column 'user.score' kept as extra_user_score_2 (extra_user_score was taken by another column)" in (
        warnings
    )
    assert "c.csv: column 'label' kept as extra_label_2 (extra_label was taken by another column)" in warnings


def test_values_are_typed_only_when_every_value_agrees():
    assert typed_extra(pd.Series(["1", "2", "x"])).tolist() == ["1", "2", "x"]
    assert typed_extra(pd.Series(["1", "2.5"])).dtype == "float64"
    assert typed_extra(pd.Series(["true", ""])).dtype == "boolean"
    assert typed_extra(pd.Series(["2021-03-01 10:00", "2021-03-02T11:00:00Z"])).tolist() == [
        pd.Timestamp("2021-03-01 10:00"),
        pd.Timestamp("2021-03-02 11:00"),
    ]
    assert typed_extra(pd.Series(["2021-03-01", "2021-03-02"])).dtype == "str"  # dates alone: not sure, text
    assert typed_extra(pd.Series(["", ""])).isna().all()
    assert extra_names(["", "%%"])[0] == {"": "extra_column", "%%": "extra_column_2"}


def test_files_keeping_different_columns_join_into_one_typed_frame(tmp_path):
    (tmp_path / "a.csv").write_text("author,text,title,label,flag\nann,hello,A,1,true\nbob,hi,A,0,false\n")
    (tmp_path / "b.csv").write_text("author,text,title,label,score\ncarl,yo,B,0.5,7\n")
    corpus = load(tmp_path)
    got = extras(corpus)
    assert got["extra_label"].dtype == "float64" and got["extra_label"].tolist() == [1.0, 0.0, 0.5]
    assert got["extra_flag"].dtype == "boolean" and got["extra_flag"].tolist() == [True, False, pd.NA]
    assert got["extra_score"].tolist() == [pd.NA, pd.NA, 7]
    assert list(aligned_extras(got).dtypes.astype(str)) == ["float64", "boolean", "Int64"]


def test_export_and_read_back_keep_extras_and_addressed_to(tmp_path):
    from analytics.output.export import export_corpus

    corpus = load_bytes(jsonl(FOX), "fox.json")
    export_corpus(corpus, tmp_path / "out")
    header = (tmp_path / "out" / "comments.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "addressed_to" in header and "extra_label" in header
    again = load(tmp_path / "out")
    columns = ["addressed_to", *schema.extra_columns(corpus.comments)]
    pd.testing.assert_frame_equal(again.comments[columns], corpus.comments[columns])
    assert not any("extra_label" in w for w in again.report.all_warnings)  # not "ignored"


def test_an_export_written_before_addressed_to_reads_with_empty_lists(tmp_path):
    from analytics.output.export import export_corpus

    export_corpus(load_bytes(jsonl(FOX), "fox.json"), tmp_path / "out")
    comments = pd.read_csv(tmp_path / "out" / "comments.csv", dtype=str, keep_default_na=False)
    comments.drop(columns=["addressed_to"]).to_csv(tmp_path / "out" / "comments.csv", index=False)
    assert load(tmp_path / "out").comments["addressed_to"].tolist() == [[], [], []]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("@woetothegutless", ["woetothegutless"]),
        ("@a @b", ["a", "b"]),
        ("a, b", ["a", "b"]),
        ("a; @b", ["a", "b"]),
        ('["a","b"]', ["a", "b"]),
        ("John Smith", ["John Smith"]),
        ("  ", []),
    ],
)
def test_addressed_names_read_every_documented_shape(cell, names):
    assert addressed_names(cell) == names


def test_a_cell_naming_no_one_is_reported():
    corpus = load_bytes(jsonl([{"text": "a", "mentions": "@"}, {"text": "b", "mentions": ""}]), "m.jsonl")
    assert corpus.comments["addressed_to"].tolist() == [[], []]
    assert "m.jsonl: 1 mentions value(s) name no author (first: '@'): read as answering no one" in (
        corpus.report.all_warnings
    )


def test_reply_to_author_can_be_mapped_and_in_reply_to_screen_name_is_recognised():
    rows = [{"msg": "hi", "to": "@x @y"}]
    mapped = load_bytes(jsonl(rows), "m.jsonl", mapping={"text": "msg", "reply_to_author": "to"})
    assert mapped.comments["addressed_to"].tolist() == [["x", "y"]]
    tweets = [{"full_text": "ok", "text": "ok", "in_reply_to_screen_name": "jack", "in_reply_to_user_id": "12"}]
    corpus = load_bytes(jsonl(tweets), "t.jsonl")
    assert corpus.comments["addressed_to"].tolist() == [["jack"]]
    assert corpus.comments["extra_in_reply_to_user_id"].tolist() == [12]  # a user id is not a name: kept, not read


@pytest.mark.skipif(not REAL.is_dir(), reason="real validation data not present (../shared/data/real)")
def test_real_fox_labels_arrive_as_integers_and_827_rows_name_someone():
    corpus = load(REAL / "fox_news_comments" / "fox-news-comments.json")
    labels = corpus.comments["extra_label"]
    assert labels.dtype == "Int64" and labels.value_counts().to_dict() == {0: 1093, 1: 435}
    # 828 mentions cells are filled; one of them is a bare "@", naming no one, and reported.
    assert int(corpus.comments["addressed_to"].map(len).gt(0).sum()) == 827
    assert "mentions value(s) name no author (first: '@')" in "\n".join(corpus.report.all_warnings)


@pytest.mark.skipif(not REAL.is_dir(), reason="real validation data not present (../shared/data/real)")
def test_real_reddit_keeps_parent_user_id_as_a_number_not_a_reply_target():
    corpus = load(REAL / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv")
    assert corpus.comments["addressed_to"].map(len).sum() == 0
    assert corpus.comments["extra_parent_user_id"].dtype == "float64"
    assert corpus.comments["extra_support"].value_counts().to_dict() == {2: 678, 0: 541, 1: 169}
