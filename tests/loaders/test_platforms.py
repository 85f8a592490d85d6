"""Comment tables exported from platforms (analytics/loaders/platforms.py): each recognised by its
documented columns, read with its rules (articles, parents, times, deleted markers) and reported.

Fixtures in tests/fixtures/ (also fuzz seeds: bench/fuzz.py) are written by hand from each platform's documented fields.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.loaders import load_bytes
from analytics.loaders.platforms import column_roles, recognise
from analytics.model import schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T = pd.Timestamp


def load_fixture(name: str):
    corpus = load_bytes((FIXTURES / name).read_bytes(), name)
    schema.validate(corpus.articles, corpus.comments)
    report = corpus.report.files[0]
    assert report.lines == report.accounted_lines > 0
    return corpus


def warnings_of(corpus) -> list[str]:
    return corpus.report.files[0].warnings


def parent_sources(corpus) -> list[str | None]:
    """Each comment's parent, named by the parent's source id (None: top-level)."""
    comments = corpus.comments
    by_comment = dict(zip(comments["comment_id"], comments["source_id"]))
    return [None if pd.isna(p) else by_comment[p] for p in comments["parent_id"]]


def article_titles(corpus) -> list[str]:
    titles = dict(zip(corpus.articles["article_id"], corpus.articles["title"]))
    return [titles[a] for a in corpus.comments["article_id"]]


# --- YouTube -----------------------------------------------------------------------------------------


def test_youtube_data_api_csv_reads_comment_times_parents_and_videos():
    corpus = load_fixture("youtube_comments.csv")  # ; delimiter, CRLF lines, a CR inside a quoted text
    got = corpus.comments
    assert got["author"].tolist() == ["Ann Lee", "Bob", "Cy", "Ann Lee"]
    assert got["text"].tolist() == ["Great talk; thanks", "Agreed\nfully", "meh", "First!"]  # textOriginal
    assert got["timestamp"].tolist() == [
        T("2023-05-01 10:00:00"),
        T("2023-05-01 11:30:00"),
        T("2023-05-02 09:15:00"),
        T("2023-06-10 18:45:30"),
    ]
    assert parent_sources(corpus) == [None, "UgzJ4Vt0sZ0x9fH7Tq54AaABAg", None, None]
    assert article_titles(corpus) == ["M7lc1UVf-VE"] * 3 + ["Ks-_Mh1QhMc"]
    assert corpus.articles["published"].isna().all()  # publishedAt is no video's date
    assert warnings_of(corpus) == [
        "recognised as YouTube comments: columns commentId, videoId, authorDisplayName, textDisplay, "
        "textOriginal, publishedAt",
        "YouTube rules: videoId is the article",
        "columns read: textOriginal as text, authorDisplayName as author, publishedAt as timestamp, "
        "commentId as id, parentId as parent, videoId as article",
        "publishedAt read as the comment time: its values differ within an article",
        "columns kept as extra attributes: authorChannelId.value as extra_authorChannelId_value (text), "
        "textDisplay as extra_textDisplay (text), updatedAt as extra_updatedAt (date-time, UTC), "
        "likeCount as extra_likeCount (integer), totalReplyCount as extra_totalReplyCount (integer)",
    ]


def test_youtube_lower_case_names_and_one_comment_per_video():
    rows = [
        {
            "video_id": "v1",
            "author_display_name": "Ann",
            "text_original": "one",
            "published_at": "2023-01-01T10:00:00Z",
        },
        {
            "video_id": "v2",
            "author_display_name": "Bob",
            "text_original": "two",
            "published_at": "2023-01-02T11:00:00Z",
        },
    ]
    corpus = load_bytes(pd.DataFrame(rows).to_csv(index=False).encode(), "yt.csv")
    assert corpus.comments["timestamp"].tolist() == [T("2023-01-01 10:00"), T("2023-01-02 11:00")]
    assert corpus.articles["title"].tolist() == ["v1", "v2"]
    assert "published_at read as the comment time: on YouTube it is the comment's own time" in warnings_of(corpus)


def test_youtube_comment_downloader_reads_reply_parents_from_the_ids():
    corpus = load_fixture("youtube_downloader.jsonl")
    got = corpus.comments
    assert got["author"].tolist() == ["@annlee", "@bob", "@cy"]
    assert got["text"].tolist() == ["This aged well", "It really did", "first"]
    assert got["timestamp"].tolist()[:2] == [T("2022-04-15 05:20:00.123"), T("2023-03-28 10:40:00.5")]
    assert pd.isna(got["timestamp"][2])  # no time_parsed: "3 years ago" is no time
    assert parent_sources(corpus) == [None, "UgwKq3JzVtL0Wk3bHm54AaABAg", None]
    assert got["source_parent_id"].tolist()[1] == "UgwKq3JzVtL0Wk3bHm54AaABAg"
    assert warnings_of(corpus)[:2] == [
        "recognised as YouTube comments (youtube-comment-downloader): columns cid, votes, heart, reply, time_parsed",
        "YouTube rules: 1 reply parent(s) read from the ids (PARENT.REPLY); "
        "time_parsed is the scraper's estimate from times like '2 years ago'",
    ]


# --- Reddit ------------------------------------------------------------------------------------------


def test_reddit_fullnames_link_replies_and_submissions_are_articles():
    corpus = load_fixture("reddit_comments.jsonl")
    got = corpus.comments
    assert got["source_id"].tolist() == ["k1a2b3c", "k1a2b4d", "k1a2b5e", "k1a2b6f", "k1a2c00", "k1a2c01", "k1a2c02"]
    assert parent_sources(corpus) == [None, "k1a2b3c", "k1a2b4d", None, None, "k1a2c00", "k1a2c01"]
    assert got["source_parent_id"].tolist()[:2] == ["t3_17xyz01", "t1_k1a2b3c"]  # as the input states them
    assert article_titles(corpus) == ["t3_17xyz01"] * 4 + ["t3_17xyz02"] * 3  # link_id, never permalink
    assert got["timestamp"].tolist() == [  # epoch int, float, milliseconds, string, float with a fraction
        T("2023-11-14 22:13:20"),
        T("2023-11-14 22:14:20"),
        T("2023-11-14 22:15:20"),
        T("2023-11-14 22:16:20"),
        T("2023-11-14 23:13:20"),
        T("2023-11-14 23:14:20.5"),
        T("2023-11-14 23:15:20"),
    ]
    assert "orphan" not in " ".join(warnings_of(corpus))  # t3_ parents are the submission, not missing


def test_reddit_deleted_markers_flag_the_comment_and_empty_the_author():
    corpus = load_fixture("reddit_comments.jsonl")
    got = corpus.comments
    assert got["author"].tolist() == ["alice", "", "bob", "carol", "alice", "", "alice"]
    assert got["is_deleted"].tolist() == [False, True, False, True, False, True, False]
    assert got["text"].tolist()[1] == "[deleted]" and got["text"].tolist()[3] == "[removed]"
    assert (
        "Reddit rules: link_id is the article; t1_ fullnames name comments by "
        "their id; permalink not read as the article (each comment's own link); 3 comment(s) answer the "
        "submission (t3_ parent): top-level; 3 comment(s) marked deleted by [deleted] or [removed] (author "
        "or text): flagged is_deleted, 2 author(s) left empty"
    ) in warnings_of(corpus)


def test_reddit_repeated_page_is_counted_once_and_listed():
    corpus = load_fixture("reddit_comments.jsonl")
    report = corpus.report.files[0]
    assert len(corpus.comments) == 7 and report.lines == 8
    assert [(s.line, s.reason) for s in report.skipped] == [(5, "repeat of record 3: same id 'k1a2b5e' and text")]
    assert (
        "1 repeated record(s) dropped: same id and text as an earlier record (a dump repeating a page); "
        "each listed as skipped"
    ) in report.warnings


def test_reddit_names_alone_match_t1_parents():
    raw = (
        b"name,body,author,parent_id,link_id,created_utc\n"
        b"t1_aa1,root,ann,t3_pp1,t3_pp1,1700000000\n"
        b"t1_aa2,reply,bob,t1_aa1,t3_pp1,1700000060\n"
    )
    corpus = load_bytes(raw, "names.csv")
    assert parent_sources(corpus) == [None, "t1_aa1"]
    assert "recognised as Reddit comments: columns name, body, parent_id, link_id, created_utc" in warnings_of(corpus)


def test_reddit_without_link_id_reads_the_submission_from_the_permalink():
    raw = (
        b"id,body,author,subreddit,permalink\n"
        b"aa1,one,ann,news,/r/news/comments/pp1/t/aa1/\n"
        b"aa2,two,bob,news,/r/news/comments/pp1/t/aa2/\n"
    )
    corpus = load_bytes(raw, "r.csv")
    assert corpus.articles["title"].tolist() == ["t3_pp1"]  # the submission the permalinks name
    assert corpus.articles["parsed_comments"].tolist() == [2]
    assert (
        "Reddit rules: t1_ fullnames name comments by their id; articles read from the submission id in "
        "permalink (/comments/ID/), not from the whole link (each comment's own link)"
    ) in warnings_of(corpus)
    assert not any(w.startswith("no article column") for w in warnings_of(corpus))


def test_a_repeated_id_with_other_text_stays_two_comments():
    raw = b"id,body,author,link_id\naa1,first,ann,t3_p\naa1,edited,ann,t3_p\n"
    corpus = load_bytes(raw, "r.csv")
    assert corpus.comments["text"].tolist() == ["first", "edited"]
    assert any("used by more than one comment" in w for w in warnings_of(corpus))


def test_the_real_shaped_reddit_table_without_platform_columns_is_not_reddit():
    columns = ["id", "comment_id", "parent_comment_id", "user_id", "parent_content", "content"]
    assert recognise(columns) is None
    assert column_roles(columns)[1] == {
        "text": "content",
        "author": "user_id",
        "id": "comment_id",
        "parent": "parent_comment_id",
    }


# --- Facebook ----------------------------------------------------------------------------------------


def test_facebook_graph_json_reads_authors_times_and_posts_from_ids():
    corpus = load_fixture("facebook_comments.json")
    got = corpus.comments
    assert got["author"].tolist() == ["Ann Lee", "Bob Stone", "Cy"]
    assert got["text"].tolist() == ["Great news for the town", "Agreed, finally", "When does it open?"]
    assert got["timestamp"].tolist() == [T("2016-05-04 12:00"), T("2016-05-04 12:30"), T("2016-05-05 08:00")]
    assert parent_sources(corpus) == [None, "1015395218812345_1015395300000001", None]
    assert article_titles(corpus) == ["1015395218812345", "1015395218812345", "1015395218899999"]
    warnings = warnings_of(corpus)
    assert (
        "recognised as Facebook comments (Graph API): columns message, from.name, created_time, parent.id" in warnings
    )
    assert (
        "Facebook rules: permalink_url not read as the article (each comment's own link); "
        "articles read from the comment ids (POST_COMMENT, a reply's from its parent's)"
    ) in warnings
    assert not any(w.startswith("no article column") for w in warnings)


def test_facebook_csv_with_a_post_column_uses_it():
    raw = (
        b"id,post_id,from.name,from.id,message,created_time,parent.id,like_count\n"
        b"111_1,9_111,Ann,1,Hello,2016-05-04T12:00:00+0000,,0\n"
        b"111_2,9_111,Bob,2,Hi Ann,2016-05-04T12:05:00+0000,111_1,1\n"
    )
    corpus = load_bytes(raw, "fb.csv")
    assert article_titles(corpus) == ["9_111", "9_111"]
    assert parent_sources(corpus) == [None, "111_1"]
    assert corpus.comments["author"].tolist() == ["Ann", "Bob"]


# --- Hacker News (Algolia) -----------------------------------------------------------------------------


def test_hacker_news_algolia_stories_are_articles_and_story_parents_top_level():
    corpus = load_fixture("hn_algolia_comments.jsonl")
    got = corpus.comments
    assert got["author"].tolist() == ["pg", "dang", "tptacek"]
    assert got["timestamp"].tolist() == [T("2020-01-01 00:00"), T("2020-01-01 00:05"), T("2020-01-02 09:30")]
    assert parent_sources(corpus) == [None, "21929101", None]
    assert article_titles(corpus) == ["Show HN: A tiny search engine"] * 2 + ["Ask HN: Password managers?"]
    report = corpus.report.files[0]
    assert [s.line for s in report.skipped] == [3, 4]  # the first page, fetched twice
    assert report.warnings[:4] == [
        "1 comment(s) answer a parent id that no comment in the file has (orphans, kept as top-level); "
        "missing parents: '21939990'",
        "recognised as Hacker News comments (Algolia): columns comment_text, story_id, created_at_i, objectID",
        "Hacker News rules: story_id is the article; 1 comment(s) answer the story itself "
        "(parent is the story id): top-level",
        "2 repeated record(s) dropped: same id and text as an earlier record (a dump repeating a page); "
        "each listed as skipped",
    ]


# --- comment time or article date, any table -------------------------------------------------------------


def csv(rows: list[dict], sep: str = ",") -> bytes:
    return pd.DataFrame(rows).to_csv(index=False, sep=sep).encode()


def test_scraper_published_at_varying_within_the_file_is_the_comment_time():
    raw = b"author,comment,published_at\nann,hello,2024-01-01 10:00:00\nbob,hi,2024-01-01T11:00:00Z\n"
    corpus = load_bytes(raw, "scraped.csv")
    assert corpus.comments["timestamp"].tolist() == [T("2024-01-01 10:00"), T("2024-01-01 11:00")]
    assert corpus.articles["published"].isna().all()
    assert "published_at read as the comment time: its values differ within an article" in warnings_of(corpus)


def test_published_constant_within_each_article_is_the_article_date():
    rows = [
        {"url": "u1", "published": "2024-01-01", "created_at": "2024-01-02 09:00", "text": "a"},
        {"url": "u1", "published": "2024-01-01", "created_at": "2024-01-02 10:00", "text": "b"},
        {"url": "u2", "published": "2024-02-01", "created_at": "2024-02-03 10:00", "text": "c"},
    ]
    corpus = load_bytes(csv(rows, sep=";"), "t.csv")
    assert corpus.articles["published"].tolist() == [T("2024-01-01"), T("2024-02-01")]
    assert corpus.comments["timestamp"].tolist() == [
        T("2024-01-02 09:00"),
        T("2024-01-02 10:00"),
        T("2024-02-03 10:00"),
    ]
    assert "published read as the article date: its values are the same within each article" in warnings_of(corpus)


def test_published_varying_beside_a_comment_time_is_no_article_date():
    rows = [{"date": "2024-01-02 09:00", "published": "2024-01-01", "text": "a"}]
    rows.append({"date": "2024-01-02 10:00", "published": "2024-01-05", "text": "b"})
    corpus = load_bytes(csv(rows), "t.csv")
    assert corpus.articles["published"].isna().all()
    assert corpus.comments["timestamp"].tolist() == [T("2024-01-02 09:00"), T("2024-01-02 10:00")]
    assert (
        "published not read as the article date: its values differ within an article (comment times are read from date)"
        in warnings_of(corpus)
    )


def test_a_time_named_column_reading_as_times_is_guessed_and_said():
    rows = [{"comment_date": "2024-01-02 09:00", "text": "a"}, {"comment_date": "2024-01-02 10:00", "text": "b"}]
    corpus = load_bytes(csv(rows), "t.csv")
    assert corpus.comments["timestamp"].tolist() == [T("2024-01-02 09:00"), T("2024-01-02 10:00")]
    assert (
        "comment_date read as the comment time: its values read as times and differ within an article "
        "(guessed from its name; choose another with --map timestamp=COLUMN)"
    ) in warnings_of(corpus)


def test_no_comment_time_column_is_said_with_the_columns_considered():
    rows = [
        {"url": "u1", "published_at": "2024-01-01", "updated_at": "2024-01-03", "time_ago": "2 days ago", "text": "a"},
        {"url": "u1", "published_at": "2024-01-01", "updated_at": "2024-01-04", "time_ago": "1 day ago", "text": "b"},
    ]
    corpus = load_bytes(csv(rows), "t.csv")
    assert corpus.comments["timestamp"].isna().all()
    assert (
        "no comment-time column: timestamps left missing; columns considered: published_at (the article date), "
        "updated_at (an edit time), time_ago (values not read as times)"
    ) in warnings_of(corpus)
    plain = load_bytes(csv([{"text": "a"}]), "plain.csv")
    assert (
        "no comment-time column: timestamps left missing; columns considered: none is named like a time "
        "(timestamp, date, created_at, ...)"
    ) in warnings_of(plain)


def test_a_mapped_published_column_is_kept_as_mapped():
    rows = [{"when": "2024-01-01", "text": "a"}, {"when": "2024-01-02", "text": "b"}]
    corpus = load_bytes(csv(rows), "t.csv", mapping={"published": "when"})
    assert corpus.articles["published"].tolist() == [T("2024-01-01")]
    assert corpus.comments["timestamp"].isna().all()


@pytest.mark.parametrize(
    "value, expected",
    [
        (1700000000, T("2023-11-14 22:13:20")),
        (1700000000.0, T("2023-11-14 22:13:20")),
        (1700000000000, T("2023-11-14 22:13:20")),
        (1700000000.25, T("2023-11-14 22:13:20.25")),
    ],
)
def test_epoch_times_int_float_and_milliseconds_read_as_utc(value, expected):
    raw = json.dumps([{"created_utc": value, "text": "x"}]).encode()
    assert load_bytes(raw, "t.json").comments["timestamp"].tolist() == [expected]


def test_repeats_are_found_across_chunks(monkeypatch):
    from analytics.loaders import tables

    monkeypatch.setattr(tables, "CHUNK_ROWS", 2)
    corpus = load_fixture("hn_algolia_comments.jsonl")
    assert [(s.line, s.reason) for s in corpus.report.files[0].skipped] == [
        (3, "repeat of record 1: same id '21929101' and text"),
        (4, "repeat of record 2: same id '21929102' and text"),
    ]
    assert parent_sources(corpus) == [None, "21929101", None]


def test_youtube_comments_list_response_is_read_through_its_snippets():
    snippet = {
        "channelId": "UCchan",
        "videoId": "M7lc1UVf-VE",
        "textDisplay": "Nice &amp; clear",
        "textOriginal": "Nice & clear",
        "authorDisplayName": "Ann Lee",
        "authorChannelId": {"value": "UCa1"},
        "likeCount": 2,
        "publishedAt": "2023-05-01T10:00:00Z",
        "updatedAt": "2023-05-01T10:00:00Z",
    }
    reply = {**snippet, "textOriginal": "Thanks", "authorDisplayName": "Bob", "parentId": "UgzA"}
    reply["publishedAt"] = "2023-05-01T12:00:00Z"
    items = [
        {"kind": "youtube#comment", "etag": "e1", "id": "UgzA", "snippet": snippet},
        {"kind": "youtube#comment", "etag": "e2", "id": "UgzA.9x", "snippet": reply},
    ]
    raw = json.dumps({"kind": "youtube#commentListResponse", "items": items}).encode()
    corpus = load_bytes(raw, "comments.json")
    assert corpus.comments["text"].tolist() == ["Nice & clear", "Thanks"]
    assert corpus.comments["timestamp"].tolist() == [T("2023-05-01 10:00"), T("2023-05-01 12:00")]
    assert parent_sources(corpus) == [None, "UgzA"]
    assert corpus.articles["title"].tolist() == ["M7lc1UVf-VE"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=1, max_size=4), min_size=1, max_size=4))
def test_published_is_the_article_date_exactly_when_constant_within_each_article(articles):
    """Each inner list is one article's rows; each integer picks the row's ``published`` day."""
    rows = [
        {"url": f"u{a}", "published": f"2024-01-0{day + 1}", "text": f"c{a}-{k}"}
        for a, days in enumerate(articles)
        for k, day in enumerate(days)
    ]
    corpus = load_bytes(csv(rows), "t.csv")
    varies = any(len(set(days)) > 1 for days in articles)
    days = [T(r["published"]) for r in rows]
    if varies:
        assert corpus.comments["timestamp"].tolist() == days
        assert corpus.articles["published"].isna().all()
    else:
        assert corpus.comments["timestamp"].isna().all()
        assert corpus.articles["published"].tolist() == [T(f"2024-01-0{d[0] + 1}") for d in articles]
