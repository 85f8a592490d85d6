"""Long tables from positions: the same rows and order as the plain pandas versions."""

import pandas as pd
import pytest

from analytics.views import listings


def threads_and_comments():
    comments = pd.DataFrame(
        {
            "comment_id": ["r1", "x", "r2", "r3", "y"],
            "thread_id": ["r1", "r1", "r2", "r3", "r4"],
            "author": ["ann", "bob", "<cy>", "dee", "eve"],
            "text": ["one", "two", "3", "four", "5"],
        }
    )
    threads = pd.DataFrame(
        {
            "thread_id": ["r1", "r2", "r3", "r4", "r5"],
            "article_id": ["a1", "a2", "a1", "a2", "a9"],
            "start": pd.to_datetime(
                ["2013-02-20 18:00", None, "2013-02-20 17:00", "2013-02-20 17:00", "2013-02-20 16:00"]
            ),
            "end": pd.NaT,
            "size": [2, 2, 1, 2, 1],
            "depth": [1, 0, 0, 1, 0],
            "participants": [2, 1, 1, 1, 1],
        },
        index=[10, 11, 12, 13, 14],
    )
    return threads, comments


def test_largest_first_sorts_as_pandas_does_with_missing_starts_last():
    threads, _ = threads_and_comments()
    expected = threads.sort_values(["size", "start"], ascending=[False, True], kind="stable")
    assert threads.index[listings.largest_first(threads)].tolist() == expected.index.tolist() == [13, 10, 11, 14, 12]


def test_thread_listing_names_the_root_of_each_thread_and_leaves_absent_roots_missing():
    threads, comments = threads_and_comments()
    table = listings.thread_listing(threads, comments, {"a1": "First", "a2": "<b>Second</b>"})
    assert table["thread_id"].tolist() == ["r4", "r1", "r2", "r5", "r3"]
    assert table["started by"].tolist()[1:3] == ["ann", "<cy>"] and table["first comment"].tolist()[1:3] == ["one", "3"]
    # r4's root is not among the comments (eve's comment only belongs to it); r5 has none at all
    assert table["started by"].isna().tolist() == [True, False, False, True, False]
    assert table["article"].fillna("?").tolist() == ["<b>Second</b>", "First", "<b>Second</b>", "?", "First"]
    assert list(table.columns) == [
        "article",
        "start",
        "end",
        "size",
        "depth",
        "participants",
        "started by",
        "first comment",
        "thread_id",
    ]


def test_a_page_of_largest_threads_with_its_roots_is_that_page_of_the_listing():
    threads, comments = threads_and_comments()
    full = listings.thread_listing(threads, comments, {"a1": "First"})
    listed = listings.largest_threads(threads, {"a1": "First"})
    assert list(listed.columns) == ["article", "start", "end", "size", "depth", "participants", "thread_id"]
    for start, stop in [(0, 2), (1, 4), (4, 5), (0, 5)]:
        pd.testing.assert_frame_equal(
            listings.with_root_comments(listed.iloc[start:stop], comments), full.iloc[start:stop]
        )


def test_root_comments_of_a_page_among_many_comments_are_the_first_roots_with_the_threads_id():
    # 60 comments for a page of 3 threads (the page's ids are hashed, not the roots); a reply
    # carrying the id of a thread it does not start is no root; a repeated root: the first counts
    ids = [f"c{i}" for i in range(57)] + ["r2", "r1", "c5"]
    comments = pd.DataFrame(
        {
            "comment_id": ids,
            "thread_id": ids[:57] + ["c0", "r1", "c5"],
            "author": [f"u{i}" for i in range(60)],
            "text": [f"t{i}" for i in range(60)],
        }
    )
    shown = listings.with_root_comments(pd.DataFrame({"thread_id": ["r2", "r1", "c5"]}), comments)
    assert shown["started by"].fillna("-").tolist() == ["-", "u58", "u5"]
    assert shown["first comment"].fillna("-").tolist() == ["-", "t58", "t5"]
    assert list(shown.columns) == ["started by", "first comment", "thread_id"]
    whole = listings.with_root_comments(pd.DataFrame({"thread_id": ids[:57] + ["r2", "r1"]}), comments)
    assert whole["started by"].fillna("-").tolist()[-3:] == ["u56", "-", "u58"]


def test_comments_with_missing_ids_start_no_thread_on_a_page_or_in_the_whole_listing():
    ids = [None, "r1", None] + [f"c{i}" for i in range(40)]
    comments = pd.DataFrame(
        {
            "comment_id": ids,
            "thread_id": [None, "r1", "r1"] + ids[3:],
            "author": [f"u{i}" for i in range(43)],
            "text": [f"t{i}" for i in range(43)],
        }
    )
    page = listings.with_root_comments(pd.DataFrame({"thread_id": ["r1", "c7"]}), comments)  # its ids hashed
    assert page["started by"].tolist() == ["u1", "u10"]
    whole = listings.with_root_comments(pd.DataFrame({"thread_id": ["r1"] + ids[3:]}), comments)  # the roots hashed
    assert whole["started by"].tolist() == ["u1"] + [f"u{i}" for i in range(3, 43)]


def test_largest_first_names_the_columns_it_needs():
    threads, _ = threads_and_comments()
    with pytest.raises(ValueError, match=r"largest_first needs columns \['size'\]"):
        listings.largest_first(threads.drop(columns="size"))
