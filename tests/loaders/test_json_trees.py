"""Nested and wrapped JSON read as comment trees (analytics/loaders/json_trees.py, json_platforms.py,
tree_records.py): Reddit listings, YouTube comment pages, Hacker News items, the Twitter/X archive,
Facebook scraper dumps and objects holding several arrays. Fixtures are written from each
platform's documented field names, traps included."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analytics
from analytics.__main__ import main
from analytics.loaders import LoadError, json_trees, load_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures"


def rows(corpus) -> list[tuple]:
    """Each comment as (own id, author, text, UTC time, parent's own id, article title, deleted)."""
    c = corpus.comments
    own = dict(zip(c["comment_id"], c["source_id"]))
    titles = dict(zip(corpus.articles["article_id"], corpus.articles["title"]))
    return [
        (
            r.source_id,
            r.author,
            r.text,
            None if pd.isna(r.timestamp) else r.timestamp.isoformat(),
            own.get(r.parent_id) if isinstance(r.parent_id, str) else None,
            titles[r.article_id],
            bool(r.is_deleted),
        )
        for r in c.itertuples()
    ]


def file_report(corpus):
    (report,) = corpus.report.files
    assert report.accounted_lines == report.lines > 0, (report.line_roles, report.lines)
    return report


TITLE = 'Lavrov warns Syria rivals against "bloody" fight'


def test_reddit_thread_listing():
    corpus = analytics.load(FIXTURES / "reddit_thread_listing.json")
    assert rows(corpus) == [
        ("c8a1", "alice_k", "Moscow has said this before.", "2013-02-20T10:30:00", None, TITLE, False),
        ("c8b7", "", "[removed]", "2013-02-20T10:31:00.500000", "c8a1", TITLE, True),
        (
            "c8c2",
            "bob_the_reader",
            "Said it before, meant it less.\n\nThis time is different.",
            "2013-02-20T10:45:00",
            "c8a1",
            TITLE,
            False,
        ),
        ("c8f3", "", "[deleted]", "2013-02-20T11:00:00", None, TITLE, True),
        ("c8g4", "carol", "Where is the source?", "2013-02-20T11:30:00", None, TITLE, False),
    ]
    (article,) = corpus.articles.to_dict("records")
    assert (article["title"], article["body"], article["published"], article["parsed_comments"]) == (
        TITLE,
        "Talks in Moscow &amp; Cairo this week.",
        pd.Timestamp("2013-02-20 10:00:00"),
        5,
    )
    report = file_report(corpus)
    assert report.warnings[0] == (
        "read as a Reddit comment listing: 5 comment(s), 1 submission(s) as article(s); 2 more-comments stub(s) "
        "not loaded: their comments (6 by Reddit's count) are not in the file"
    )
    assert dict(report.line_roles) == {"comment": 5, "article": 1, "more-stub": 2}
    assert report.warnings[1].startswith("fields read: t1 body as text, author, created_utc as timestamp, id, ")
    assert not any("orphan" in w or "no comment in the file has" in w for w in report.warnings)
    assert (
        "columns kept as extra attributes: subreddit as extra_subreddit (text), score as extra_score (integer), "
        "permalink as extra_permalink (text), depth as extra_depth (integer), edited as extra_edited (number)"
    ) in report.warnings


def test_a_bare_reddit_listing_names_its_article_by_link_id_or_link_title():
    listing = {
        "kind": "Listing",
        "data": {
            "children": [
                {
                    "kind": "t1",
                    "data": {
                        "id": "k1",
                        "author": "ann",
                        "body": "top",
                        "created_utc": 1600000000,
                        "parent_id": "t3_p9",
                        "link_id": "t3_p9",
                        "link_title": "Ask: what now?",
                        "replies": "",
                    },
                },
                {
                    "kind": "t1",
                    "data": {
                        "id": "k2",
                        "author": "[deleted]",
                        "body": "still here",
                        "created_utc": 1600000060.25,
                        "parent_id": "t1_k1",
                        "link_id": "t3_p9",
                        "replies": "",
                    },
                },
                {"kind": "t5", "data": {"display_name": "news"}},
            ]
        },
    }
    corpus = load_bytes(json.dumps(listing).encode(), "listing.json")
    assert rows(corpus) == [
        ("k1", "ann", "top", "2020-09-13T12:26:40", None, "Ask: what now?", False),
        ("k2", "", "still here", "2020-09-13T12:27:40.250000", "k1", "Ask: what now?", True),
    ]
    report = file_report(corpus)
    assert [(s.line, s.reason) for s in report.skipped] == [
        (3, "a Reddit 't5' thing, not a comment (t1) or submission (t3)")
    ]


def test_a_reddit_listing_of_only_more_stubs_is_an_error_not_an_empty_success():
    listing = {"kind": "Listing", "data": {"children": [{"kind": "more", "data": {"count": 3, "children": ["a"]}}]}}
    with pytest.raises(LoadError, match=r"no comments: read as a Reddit comment listing: 0 comment\(s\)"):
        load_bytes(json.dumps(listing).encode(), "more.json")


def test_youtube_comment_thread_pages():
    corpus = analytics.load(FIXTURES / "youtube_comment_threads.json")
    top = "UgzDE2tasfmrYLyNkGt4AaABAg"
    assert rows(corpus) == [
        (top, "@MusicFan", "Best song & video\never", "2023-05-01T10:00:00", None, "dQw4w9WgXcQ", False),
        (f"{top}.9pQ1", "@Listener2", "@MusicFan agreed", "2023-05-01T11:30:00", top, "dQw4w9WgXcQ", False),
        (f"{top}.9pQ2", "@Critic", "I don't think so", "2023-05-02T08:15:00", top, "dQw4w9WgXcQ", False),
        ("UgwQ7x0nB", "@Nostalgic", "Who is here in 2023?", "2023-05-03T20:00:00", None, "dQw4w9WgXcQ", False),
        ("UgxK3", "@Critic", "Different video", "2023-05-04T09:00:00", None, "9bZkp7q19f0", False),
    ]
    report = file_report(corpus)
    assert report.warnings[:4] == [
        "read as YouTube Data API comment pages (2 page(s)): 5 comment(s) on 2 video(s); articles are named "
        "by videoId (the API gives no video title)",
        "1 comment(s) without textOriginal: their textDisplay (HTML) is read",
        "1 repl(y/ies) the threads' totalReplyCount declares are not in the file (commentThreads returns only "
        "some replies; comments.list with parentId has the rest)",
        "2 record(s) repeat the id of a record read before (overlapping pages of a dump): each counted once",
    ]
    assert dict(report.line_roles) == {"comment": 5, "repeat": 2}


def test_youtube_comment_list_replies_take_their_threads_video():
    page = {
        "kind": "youtube#commentListResponse",
        "items": [
            {
                "kind": "youtube#comment",
                "id": "Ugw1",
                "snippet": {
                    "videoId": "vid42",
                    "textOriginal": "top",
                    "authorDisplayName": "a",
                    "publishedAt": "2024-01-01T00:00:00+02:00",
                },
            },
            {
                "kind": "youtube#comment",
                "id": "Ugw1.r",
                "snippet": {
                    "parentId": "Ugw1",
                    "textOriginal": "reply",
                    "authorDisplayName": "b",
                    "publishedAt": "2024-01-01T01:00:00Z",
                },
            },
        ],
    }
    corpus = load_bytes(json.dumps(page).encode(), "replies.json")
    assert rows(corpus) == [
        ("Ugw1", "a", "top", "2023-12-31T22:00:00", None, "vid42", False),
        ("Ugw1.r", "b", "reply", "2024-01-01T01:00:00", "Ugw1", "vid42", False),
    ]


DROPBOX = "My YC app: Dropbox - Throw away your USB drive"


def test_hacker_news_firebase_items():
    corpus = analytics.load(FIXTURES / "hn_firebase_items.json")
    assert rows(corpus) == [
        (
            "9224",
            "BrandonM",
            "I have a few qualms with this app:\n\n1. For a Linux user, you can already build such a system "
            "yourself quite trivially.",
            "2007-04-05T23:47:00",
            None,
            DROPBOX,
            False,
        ),
        (
            "9272",
            "dhouston",
            "1. re: the first part, it isn't trivial for most people. See this.",
            "2007-04-06T00:40:00",
            "9224",
            DROPBOX,
            False,
        ),
        ("8917", "", "", "2007-04-05T00:30:00", None, DROPBOX, True),
        ("8952", "spammer42", "Buy cheap watches", "2007-04-05T01:03:20", None, DROPBOX, True),
        (
            "8999",
            "pg",
            "Replying to a comment not in this file.",
            "2007-04-05T01:20:00",
            None,
            "Hacker News item 8870",
            False,
        ),
    ]
    story = corpus.articles.iloc[0]
    assert (story["title"], story["published"]) == (DROPBOX, pd.Timestamp("2007-04-04 19:16:40"))
    report = file_report(corpus)
    assert [(s.line, s.reason) for s in report.skipped] == [(7, "a Hacker News pollopt item, not a comment or story")]
    assert dict(report.line_roles) == {"comment": 5, "article": 1, "skipped": 1}
    assert report.warnings[0].startswith("read as Hacker News items: 5 comment(s) under 2 stor(y/ies)")


def test_hacker_news_algolia_item_tree():
    corpus = analytics.load(FIXTURES / "hn_algolia_item.json")
    assert rows(corpus) == [
        (
            "15",
            "sama",
            '"the rising star of venture capital" -unknown VC eating lunch on SHR',
            "2006-10-09T19:51:01",
            None,
            "Y Combinator",
            False,
        ),
        ("17", "pg", "Is there anywhere to eat on Sandhill Road?", "2006-10-09T19:52:45", "15", "Y Combinator", False),
        ("16", "", "", "2006-10-09T19:51:45", None, "Y Combinator", True),
    ]
    assert dict(file_report(corpus).line_roles) == {"comment": 3, "article": 1}


def _hit(object_id: str, parent: int, text: str, when: int) -> dict:
    return {
        "objectID": object_id,
        "comment_text": text,
        "author": f"user{object_id}",
        "created_at": pd.Timestamp(when, unit="s").isoformat() + ".000Z",
        "created_at_i": when,
        "parent_id": parent,
        "story_id": 37990,
        "story_title": "Show HN: A tiny comment analyser",
        "story_url": "https://example.com/show",
        "_tags": ["comment", f"author_user{object_id}", "story_37990"],
        "_highlightResult": {"comment_text": {"value": text, "matchLevel": "none"}},
    }


def test_hacker_news_algolia_search_pages_overlapping():
    first = _hit("38001", 37990, "It doesn&#x27;t scale.", 1698314400)
    second = _hit("38002", 38001, "It does.", 1698318000)
    pages = [
        {"hits": [first, second], "nbHits": 3, "page": 0, "hitsPerPage": 2, "query": "analyser"},
        {"hits": [second, _hit("38003", 37990, "Nice.", 1698321600)], "nbHits": 3, "page": 1, "query": "analyser"},
    ]
    corpus = load_bytes(json.dumps(pages).encode(), "hn_search.json")
    show = "Show HN: A tiny comment analyser"
    assert rows(corpus) == [
        ("38001", "user38001", "It doesn't scale.", "2023-10-26T10:00:00", None, show, False),
        ("38002", "user38002", "It does.", "2023-10-26T11:00:00", "38001", show, False),
        ("38003", "user38003", "Nice.", "2023-10-26T12:00:00", None, show, False),
    ]
    report = file_report(corpus)
    assert dict(report.line_roles) == {"comment": 3, "repeat": 1}
    assert "1 record(s) repeat the id of a record read before (overlapping pages of a dump): each counted once" in (
        report.warnings
    )


THREAD = "A thread on how we read comment sections (1/3)"
LOOSE = "tweet.js (tweets whose conversation is not in the archive)"


def test_twitter_archive_tweet_js():
    corpus = analytics.load(FIXTURES / "tweet.js")
    first, second = "1050118621198921728", "1050118987345035264"
    assert rows(corpus) == [
        (first, "threadscope", THREAD, "2018-10-10T20:19:24", None, THREAD, False),
        (
            second,
            "threadscope",
            "First, most readers never scroll past the top three. (2/3)",
            "2018-10-10T20:20:51",
            first,
            THREAD,
            False,
        ),
        (
            "1050119300000000000",
            "threadscope",
            "Second, replies cluster around the first hour. (3/3)",
            "2018-10-10T20:22:06",
            second,
            THREAD,
            False,
        ),
        (
            "1060000000000000001",
            "threadscope",
            "@jack I don't think that's how threads work",
            "2018-11-07T09:00:00",
            None,
            LOOSE,
            False,
        ),
        (
            "1070000000000000002",
            "threadscope",
            "Standalone thought & nothing else",
            "2018-12-03T23:59:59",
            None,
            LOOSE,
            False,
        ),
    ]
    report = file_report(corpus)
    assert report.format == "json"
    assert report.warnings[:3] == [
        "a Twitter/X archive data file: its window.YTD JavaScript prefix removed",
        "read as a Twitter/X archive (tweet.js): 5 tweet(s); 3 in conversations whose first tweet is in the "
        "archive (one article each, named by that tweet), the others as one article named after the file",
        "the archive's tweets name no author: all are taken as by 'threadscope', the account its replies to "
        "its own tweets answer",
    ]
    assert any("missing parents: '1059999999999999999'" in w for w in report.warnings)
    # in_reply_to_screen_name reaches the records as reply_to_author (the table path maps it to addressed_to)
    document = json.loads(json_trees.strip_js_prefix((FIXTURES / "tweet.js").read_text())[0])
    tree = json_trees.read_tree(document, "tweet.js")
    assert [r["reply_to_author"] for r in tree.records] == ["", "threadscope", "threadscope", "jack", ""]


def test_facebook_scraper_comments_take_ids_and_parents_from_the_comment_url():
    corpus = analytics.load(FIXTURES / "facebook_scraper_comments.json")
    post = "https://www.facebook.com/NewsPage/posts/5550123"
    loose = "facebook_scraper_comments.json (comments whose comment_url names no post)"
    assert rows(corpus) == [
        ("10159000000001", "Rana K", "This is not what the minister said.", "2021-06-09T05:35:00", None, loose, False),
        (
            "10159000000002",
            "Sami H",
            "He said it on TV, check the video.",
            "2021-06-09T06:10:00",
            "10159000000001",
            loose,
            False,
        ),
        ("10159000000003", "Lina", "Source?", "2021-06-09T07:00:00", None, post, False),
        ("10159000000004", "Omar", "In the second paragraph.", "2021-06-09T07:05:00", "10159000000003", post, False),
        ("10159000000005", "Lina", "Thanks!", "2021-06-09T07:07:00", "10159000000003", post, False),
    ]
    assert file_report(corpus).warnings[0].startswith("read as Facebook scraper JSON: 5 comment(s)")


def test_facebook_scraper_posts_with_comments_full():
    posts = [
        {
            "post_id": "5550123",
            "text": "Minister resigns\nFull statement below.",
            "timestamp": 1623225600,
            "comments_full": [
                {
                    "comment_id": "77",
                    "comment_url": "https://facebook.com/77",
                    "commenter_name": "Rana",
                    "comment_text": "Finally",
                    "comment_time": "2021-06-09T08:35:00Z",
                    "replies": [
                        {
                            "comment_id": "78",
                            "comment_url": "https://facebook.com/77?reply_comment_id=78",
                            "commenter_name": "Sami",
                            "comment_text": "Not yet",
                            "comment_time": "2021-06-09T08:40:00Z",
                        }
                    ],
                }
            ],
        }
    ]
    corpus = load_bytes(json.dumps(posts).encode(), "fb_posts.json")
    assert rows(corpus) == [
        ("77", "Rana", "Finally", "2021-06-09T08:35:00", None, "Minister resigns", False),
        ("78", "Sami", "Not yet", "2021-06-09T08:40:00", "77", "Minister resigns", False),
    ]
    article = corpus.articles.iloc[0]
    assert (article["body"], article["published"]) == (
        "Minister resigns\nFull statement below.",
        pd.Timestamp("2021-06-09 08:00:00"),
    )


CABINET = "Cabinet meets on electricity plan"


def test_an_object_with_several_arrays_reads_the_comment_like_one_and_joins_the_threads():
    corpus = analytics.load(FIXTURES / "disqus_api_dump.json")
    assert rows(corpus) == [
        ("4400001", "Nadim", "Finally some action.", "2019-05-02T09:15:00", None, CABINET, False),
        (
            "4400002",
            "Maya",
            "Action? It's the fourth plan.",
            "2019-05-02T09:40:00",
            "4400001",
            CABINET,
            False,
        ),
        ("4400003", "Guest", "", "2019-05-02T10:00:00", None, CABINET, True),
        ("4400004", "Karim", "Same story, new link.", "2019-05-03T12:00:00", None, CABINET, False),
    ]
    assert corpus.comments["is_spam"].tolist() == [False, False, False, True]
    report = file_report(corpus)
    assert report.warnings[:3] == [
        "a JSON object with several arrays: read the comments from 'posts' (4 record(s) with 4 having text and "
        "author, the most of any array); not read as comments: 'threads' (3)",
        "articles joined from 'threads' by its 'id' = the comments' 'thread' (2 of 2 article key(s) matched; "
        "title from 'title')",
        "1 record(s) of 'threads' match no comment: not loaded (articles without comments)",
    ]
    assert "1 record(s) repeat the id of a record read before (overlapping pages of a dump): each counted once" in (
        report.warnings
    )
    assert corpus.articles["published"].tolist() == [pd.Timestamp("2019-05-02 08:00:00")]


NESTED = {
    "meta": {"page": 1},
    "data": {
        "users": [{"id": "u1", "name": "Ann"}],
        "comments": [{"id": "1", "body": "hello", "user": "Ann"}, {"id": "1", "body": "hello", "user": "Ann"}, 7],
    },
}


def test_records_names_the_array_by_a_dotted_path():
    corpus = load_bytes(json.dumps(NESTED).encode(), "api.json", records="data.comments")
    assert corpus.comments[["author", "text"]].values.tolist() == [["Ann", "hello"]]
    report = file_report(corpus)
    assert report.warnings[0] == "read the array 'data.comments' (--records): 2 record(s)"
    assert [(s.line, s.reason) for s in report.skipped] == [(3, "a JSON int, not an object")]
    assert dict(report.line_roles) == {"comment": 1, "repeat": 1, "skipped": 1}


@pytest.mark.parametrize(
    "records, expected",
    [
        ("data.posts", "--records 'data.posts': no such key; arrays of objects found: data.users, data.comments"),
        ("meta", "--records 'meta' holds a JSON dict, not an array; arrays found: data.users, data.comments"),
    ],
)
def test_an_unknown_records_key_is_a_one_line_error_listing_the_arrays(records, expected):
    with pytest.raises(LoadError) as err:
        load_bytes(json.dumps(NESTED).encode(), "api.json", records=records)
    assert str(err.value).endswith(expected) and "\n" not in str(err.value)


def test_several_arrays_without_comment_like_records_name_the_way_out():
    raw = b'{"tags": [{"name": "a"}], "users": [{"name": "b"}]}'
    with pytest.raises(LoadError, match=r"several arrays \(tags, users\).*--records KEY"):
        load_bytes(raw, "t.json")


def test_records_on_the_command_line(tmp_path, capsys):
    source = tmp_path / "api.json"
    source.write_text(json.dumps(NESTED))
    assert (
        main(["export", str(source), "--records", "data.comments", "--no-analysis", "--out", str(tmp_path / "o")]) == 0
    )
    written = pd.read_csv(tmp_path / "o" / "comments.csv")
    assert written["text"].tolist() == ["hello"]


def test_a_flat_array_is_still_streamed_and_read_by_column_names():
    corpus = load_bytes(b'[{"text": "a", "user": "x"}, {"text": "b", "user": "y"}]', "flat.json")
    assert corpus.comments["author"].tolist() == ["x", "y"]
    assert not any("read as" in w for w in corpus.report.all_warnings)


def test_an_array_of_empty_objects_is_a_one_line_error():
    # A first chunk with no column at all once slipped past the text-column check (a KeyError).
    with pytest.raises(LoadError, match="no column for the comment text: found columns \\(none\\)"):
        load_bytes(b"[{}]", "empty.json")


def test_duoshuo_export():
    corpus = analytics.load(FIXTURES / "duoshuo_export.json")
    first, second = "6200000000000000001", "6200000000000000002"
    home = "春节回家的路"
    assert rows(corpus) == [
        (first, "小明", "写得真好 & 感人", "2014-01-20T10:15:00", None, home, False),
        (second, "博主", "谢谢！", "2014-01-20T11:00:00", first, home, False),
        ("6200000000000000003", "路人", "+1", "2014-01-21T08:30:00", second, home, False),
    ]
    assert corpus.articles["published"].tolist() == [pd.Timestamp("2014-01-20 09:00:00")]
    assert file_report(corpus).warnings[0] == (
        "read as a Duoshuo export: 3 post(s) in 1 thread(s); a post's parent is the last of its parents; "
        "times state no zone and are read as written"
    )


def test_a_js_file_that_is_not_a_twitter_archive_is_a_one_line_error():
    with pytest.raises(LoadError, match=r"expected JSON or JSON Lines; the file starts with 'var x = 1;'"):
        load_bytes(b"var x = 1;\n", "app.js")


# --- property: any Reddit comment tree is read whole, each reply under its parent -------------------------

_SHAPES = st.recursive(st.just([]), lambda children: st.lists(children, max_size=3), max_leaves=25)


def _listing(children: list, parent: str, counter: list[int], expected: dict[str, str], stubs: list[int]) -> dict:
    things = []
    for grandchildren in children:
        counter[0] += 1
        own = f"c{counter[0]}"
        if counter[0] % 7 == 0:  # every seventh node a more-comments stub, its subtree not in the file
            stubs.append(1)
            things.append({"kind": "more", "data": {"count": 1, "id": own, "children": [own]}})
            continue
        expected[own] = parent
        replies = _listing(grandchildren, own, counter, expected, stubs) if grandchildren else ""
        data = {
            "id": own,
            "author": "[deleted]" if counter[0] % 5 == 0 else f"user{counter[0] % 3}",
            "body": f"comment {own}",
            "created_utc": 1600000000 + counter[0],
            "parent_id": f"t1_{parent}" if parent else "t3_p1",
            "link_id": "t3_p1",
            "replies": replies,
        }
        things.append({"kind": "t1", "data": data})
    return {"kind": "Listing", "data": {"children": things}}


@settings(max_examples=60, deadline=None, database=None)
@given(_SHAPES.filter(bool))
def test_any_reddit_comment_tree_is_read_whole(shape):
    expected: dict[str, str] = {}
    stubs: list[int] = []
    listing = _listing(shape, "", [0], expected, stubs)
    submission = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"name": "t3_p1", "title": "P"}}]}}
    raw = json.dumps([submission, listing]).encode()
    if not expected:
        with pytest.raises(LoadError, match="no comments"):
            load_bytes(raw, "tree.json")
        return
    corpus = load_bytes(raw, "tree.json")
    c = corpus.comments
    own = dict(zip(c["comment_id"], c["source_id"]))
    parents = {s: own.get(p) if isinstance(p, str) else None for s, p in zip(c["source_id"], c["parent_id"])}
    assert parents == {k: v or None for k, v in expected.items()}
    assert c["is_deleted"].tolist() == (c["author"] == "").tolist()
    report = file_report(corpus)
    assert dict(report.line_roles) == {"comment": len(expected), "article": 1} | (
        {"more-stub": len(stubs)} if stubs else {}
    )
