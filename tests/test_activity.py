"""Commenter activity and the hour x weekday grid, on threads built by hand."""
import math

import pandas as pd
import pytest
from conftest import make_thread

from analytics.activity import activity_by_hour_weekday, commenter_activity


def scored(rows, *, polarity, labels, methods, reply_to_author):
    _, comments = make_thread(rows)
    return comments.assign(polarity=polarity, sentiment_label=labels, reply_method=methods,
                           reply_to_author=reply_to_author)


@pytest.fixture()
def thread():
    return scored([
        {"author": "geha", "text": "start here please", "timestamp": "2013-02-20 18:18"},
        {"author": "realist", "text": "@GEHA no way", "timestamp": "2013-02-20 18:30", "is_guest": True},
        {"author": "geha", "text": "@realist yes @geha", "timestamp": "2013-02-20 19:11"},
        {"author": "realist", "text": "", "timestamp": None},
    ], polarity=[0.5, -0.5, float("nan"), -0.1], labels=["positive", "negative", None, "negative"],
       methods=["none", "mention", "mention", "none"], reply_to_author=[None, "geha", "realist", None])


def row(table, author):
    return table.set_index("author").loc[author]


def test_one_row_per_commenter_most_active_first(thread):
    table = commenter_activity(thread)
    assert table["author"].tolist() == ["geha", "realist"]
    assert row(table, "geha")[["comments", "articles", "words"]].tolist() == [2, 1, 6]


def test_first_and_last_seen_ignore_missing_times(thread):
    realist = row(commenter_activity(thread), "realist")
    assert realist.first_seen == realist.last_seen == pd.Timestamp("2013-02-20 18:30")


def test_polarity_statistics_over_scored_comments_only(thread):
    geha, realist = (row(commenter_activity(thread), a) for a in ("geha", "realist"))
    assert geha.mean_polarity == geha.median_polarity == 0.5
    assert math.isclose(realist.mean_polarity, -0.3)
    assert geha.share_negative == 0.0 and realist.share_negative == 1.0


def test_replies_and_mentions_received_by_others_only(thread):
    table = commenter_activity(thread)
    assert row(table, "geha")[["replies_made", "replies_received", "mentions_received"]].tolist() == [1, 1, 1]
    assert row(table, "realist")[["replies_made", "replies_received", "mentions_received"]].tolist() == [1, 1, 1]


def test_guest_status(thread):
    table = commenter_activity(thread)
    assert row(table, "geha").status == "registered"
    assert row(table, "realist").status == "both"


def test_unlabelled_commenter_has_no_share_negative(thread):
    silent = thread.assign(sentiment_label=None, polarity=float("nan"))
    assert commenter_activity(silent)["share_negative"].isna().all()


def test_empty_thread_gives_empty_table(thread):
    assert commenter_activity(thread.iloc[:0]).empty


def test_input_not_mutated(thread):
    before = thread.copy()
    commenter_activity(thread)
    pd.testing.assert_frame_equal(thread, before)


def test_missing_columns_are_named(thread):
    with pytest.raises(ValueError, match=r"needs columns \['polarity'"):
        commenter_activity(thread.drop(columns=["polarity"]))


def test_hour_weekday_grid_counts(thread):
    grid = activity_by_hour_weekday(thread)
    assert len(grid) == 7 * 24 and grid["comments"].sum() == 3
    wednesday = grid[grid["weekday"] == "Wednesday"].set_index("hour")["comments"]
    assert (wednesday[18], wednesday[19]) == (2, 1)


def test_hour_weekday_grid_of_no_timestamps(thread):
    grid = activity_by_hour_weekday(thread.assign(timestamp=pd.NaT))
    assert len(grid) == 168 and grid["comments"].sum() == 0
