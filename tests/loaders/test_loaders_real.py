"""The loaders on real exports nobody on the team wrote (../shared/data/real; skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import load
from analytics.model import schema

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real validation data not present (../shared/data/real)")


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


def assert_sound(corpus):
    schema.validate(corpus.articles, corpus.comments)
    for f in corpus.report.files:
        assert f.lines == f.accounted_lines > 0


@pytest.fixture(scope="module")
def reddit():
    return load(REAL / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv")


def test_reddit_gives_every_comment(reddit):
    assert len(reddit.comments) == 1388
    assert reddit.report.files[0].lines == 1389  # header and rows
    assert_sound(reddit)


def test_reddit_replies_by_parent_id_with_orphans_reported(reddit):
    comments = reddit.comments
    stated = comments["source_parent_id"].notna()
    linked = comments["parent_id"].notna()
    assert int(stated.sum()) == 600
    assert int((stated & ~linked).sum()) == 5
    assert int(linked.sum()) == 595
    assert "5 comment(s) answer a parent id that no comment in the file has" in warnings_of(reddit)
    ids = set(comments["comment_id"])
    assert comments.loc[linked, "parent_id"].isin(ids).all()


def test_reddit_columns_are_recognised(reddit):
    assert "content as text, user_id as author, comment_id as id, parent_comment_id as parent" in warnings_of(reddit)
    assert reddit.comments["timestamp"].isna().all()  # the set has no times


def test_fox_news_json_lines_recognises_user_and_text():
    corpus = load(REAL / "fox_news_comments" / "fox-news-comments.json")
    assert corpus.report.files[0].format == "jsonl"
    assert len(corpus.comments) == 1528 and len(corpus.articles) == 10
    assert "text as text, user as author, mentions as reply_to_author, title as title" in warnings_of(corpus)
    assert corpus.comments["author"].ne("").all()
    first = pd.read_json(REAL / "fox_news_comments" / "fox-news-comments.json", lines=True, nrows=1).iloc[0]
    assert (corpus.comments["author"][0], corpus.comments["text"][0]) == (first["user"], first["text"])
    assert_sound(corpus)


def test_disqus_export_keeps_every_post_and_reports_its_traps():
    corpus = load(REAL / "export_formats_isso" / "disqus.xml")
    assert len(corpus.comments) == 6  # every <post>
    warnings = warnings_of(corpus)
    assert "thread 1337, which is not in the export (orphan posts)" in warnings
    assert "1 post(s) answer a deleted post" in warnings
    assert "thread 7 has an empty title and an empty <id>" in warnings
    deleted = corpus.comments[corpus.comments["is_deleted"]]
    reply = corpus.comments[corpus.comments["source_id"] == "11"].iloc[0]
    assert reply.parent_id == deleted["comment_id"].iloc[0]
    assert_sound(corpus)


def test_wordpress_export_keeps_every_comment_and_reports_its_traps():
    corpus = load(REAL / "export_formats_isso" / "wordpress.xml")
    assert len(corpus.comments) == 8  # every <wp:comment>
    warnings = warnings_of(corpus)
    assert "comment id(s) '11' appear in more than one post" in warnings
    assert "without comment_date (ids '7')" in warnings
    repeated = corpus.comments[corpus.comments["source_id"] == "11"]
    assert repeated["article_id"].nunique() == 2 and repeated["comment_id"].nunique() == 2
    multi = corpus.comments[corpus.comments["author"] == "Multiline Author"].iloc[0]
    assert multi.text == "When you have a comment with multiple lines:\nWordPress exports it like this."
    assert multi.timestamp == pd.Timestamp("2022-06-06 02:13:14")  # comment_date_gmt, not comment_date
    assert_sound(corpus)


def test_sfu_corpus_groups_comments_by_article_url():
    corpus = load(REAL / "sfu_ctc" / "SFU_constructiveness_toxicity.csv")
    assert len(corpus.comments) == 1121
    assert corpus.articles["parsed_comments"].sum() == 1121
    assert "comment as text, url as article, title as title" in warnings_of(corpus)
    assert_sound(corpus)


def test_whole_folder_loads_and_lists_what_it_skipped():
    corpus = load(REAL)
    assert len(corpus.comments) == 1388 + 1528 + 6 + 8 + 1121
    warnings = warnings_of(corpus)
    assert "SOURCES.md: skipped, not a supported file type" in warnings
    assert "annotated-thread-31.txt: not loaded" in warnings
    assert_sound(corpus)
