"""Commenter activity and the hour x weekday grid, on threads built by hand."""

import math

import pandas as pd
import pytest
from conftest import make_thread

from analytics.threads.activity import activity_by_hour_weekday, commenter_activity


def scored(rows, *, polarity, labels, methods, reply_to_author):
    _, comments = make_thread(rows)
    return comments.assign(
        polarity=polarity, sentiment_label=labels, reply_method=methods, reply_to_author=reply_to_author
    )


@pytest.fixture()
def thread():
    return scored(
        [
            {"author": "geha", "text": "start here please", "timestamp": "2013-02-20 18:18"},
            {"author": "realist", "text": "@GEHA no way", "timestamp": "2013-02-20 18:30", "is_guest": True},
            {"author": "geha", "text": "@realist yes @geha", "timestamp": "2013-02-20 19:11"},
            {"author": "realist", "text": "", "timestamp": None},
        ],
        polarity=[0.5, -0.5, float("nan"), -0.1],
        labels=["positive", "negative", None, "negative"],
        methods=["none", "mention", "mention", "none"],
        reply_to_author=[None, "geha", "realist", None],
    )


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


def reference_commenter_activity(c: pd.DataFrame) -> pd.DataFrame:
    """commenter_activity written the straightforward way: a group-by over the name strings."""
    grouped = c.groupby("author", sort=False)
    labelled = c["sentiment_label"].notna()
    table = pd.DataFrame(
        {
            "comments": grouped.size(),
            "articles": grouped["article_id"].nunique(),
            "words": grouped["n_words"].sum(),
            "first_seen": grouped["timestamp"].min(),
            "last_seen": grouped["timestamp"].max(),
            "mean_polarity": grouped["polarity"].mean(),
            "median_polarity": grouped["polarity"].median(),
            "share_negative": (c["sentiment_label"].eq("negative") & labelled).groupby(c["author"]).sum()
            / labelled.groupby(c["author"]).sum().where(lambda n: n > 0),
            "replies_made": c["reply_method"].ne("none").groupby(c["author"]).sum(),
            "guest_comments": grouped["is_guest"].sum(),
        }
    )
    answered = c.loc[c["reply_to_author"].notna() & c["reply_to_author"].ne(c["author"]), "reply_to_author"]
    table["replies_received"] = answered.value_counts().reindex(table.index, fill_value=0)
    mentioned = c[["author", "mentions"]].explode("mentions").dropna()
    mentioned = mentioned[mentioned["mentions"].str.lower() != mentioned["author"].str.lower()]
    received = mentioned["mentions"].str.lower().value_counts()
    table["mentions_received"] = [int(received.get(a.lower(), 0)) for a in table.index]
    table["status"] = [
        "guest" if g == n else "registered" if g == 0 else "both"
        for g, n in zip(table["guest_comments"], table["comments"])
    ]
    table = table.drop(columns="guest_comments").reset_index(names="author")
    return table.sort_values(["comments", "words"], ascending=False, kind="stable").reset_index(drop=True)


def broken(thread):
    """More commenters and articles, a missing article id, an unscored guest, mentions of absent names."""
    more = scored(
        [
            {
                "author": "Realist",
                "text": "@realist @nobody @REALIST hi",
                "timestamp": "2013-02-21 08:00",
                "is_guest": True,
            },
            {"author": "geha", "text": "@Realist", "timestamp": None},
            {"author": "zed", "text": "quiet", "timestamp": "2013-02-19 23:59"},
        ],
        polarity=[float("nan"), 0.0, 0.2],
        labels=[None, "neutral", "positive"],
        methods=["mention", "mention", "none"],
        reply_to_author=["realist", "Realist", "zed"],
    )
    more = more.assign(article_id=["other", None, "other"])
    return pd.concat([thread, more], ignore_index=True)


@pytest.mark.parametrize("rows", [slice(None), slice(0, 1), slice(1, 4), slice(3, 7), slice(4, 7)])
def test_commenter_activity_equals_the_straightforward_group_by(thread, rows):
    frame = broken(thread).iloc[rows].reset_index(drop=True)
    expected = reference_commenter_activity(frame)
    pd.testing.assert_frame_equal(commenter_activity(frame), expected, check_dtype=False)
    assert commenter_activity(frame).dtypes.astype(str).tolist() == expected.dtypes.astype(str).tolist()


def test_commenter_activity_equals_the_straightforward_group_by_on_the_seed(seed):
    import analytics

    comments = analytics.enrich(seed).comments
    pd.testing.assert_frame_equal(commenter_activity(comments), reference_commenter_activity(comments))


@pytest.mark.parametrize("rows", [[0, 1, 2, 3, 4, 5, 6], [0, 3], [3, 4, 5], [4, 5, 6], []])
def test_mentions_counted_over_some_comments_equal_the_mentions_received_among_them(thread, rows):
    import numpy as np

    from analytics.columns.arrow_keys import codes
    from analytics.threads.activity import mentions_by_others

    frame = broken(thread)
    names = codes(frame["author"])[1]
    passing = np.isin(np.arange(len(frame)), rows)
    counted = mentions_by_others(frame["author"], frame["mentions"], names).received(passing)
    expected = (
        reference_commenter_activity(frame[passing]).set_index("author")["mentions_received"]
        if passing.any()
        else pd.Series(dtype="int64")
    )
    present = set(frame["author"][passing])  # a view's table has a row for its own authors only
    assert [c for c, name in zip(counted, names) if name in present] == [
        int(expected[name]) for name in names if name in present
    ]


@pytest.mark.parametrize("rows", [slice(None), slice(0, 1), slice(1, 4), slice(3, 7), slice(4, 7)])
def test_commenter_counts_are_the_count_columns_of_commenter_activity(thread, rows):
    from analytics.threads.activity import COUNT_COLUMNS, commenter_counts

    frame = broken(thread).iloc[rows].reset_index(drop=True)
    pd.testing.assert_frame_equal(commenter_counts(frame), commenter_activity(frame)[list(COUNT_COLUMNS)])


def test_commenter_counts_break_ties_by_words_then_first_appearance(thread):
    from analytics.threads.activity import commenter_counts

    frame = thread.assign(author=["b", "a", "c", None], n_words=[1, 5, 1, 9], is_guest=[False, True, True, True])
    counts = commenter_counts(frame)
    assert counts["author"].tolist() == ["a", "b", "c"]  # the unnamed comment is nobody's
    assert counts["status"].tolist() == ["guest", "registered", "guest"]


def test_commenter_counts_of_no_comments(thread):
    from analytics.threads.activity import COUNT_COLUMNS, commenter_counts

    assert commenter_counts(thread.iloc[:0]).columns.tolist() == list(COUNT_COLUMNS)


def test_commenter_without_known_times_is_first_and_last_seen_never(thread):
    table = commenter_activity(thread.assign(timestamp=[pd.Timestamp("2013-02-20 18:18"), None, None, None]))
    assert row(table, "geha").first_seen == row(table, "geha").last_seen == pd.Timestamp("2013-02-20 18:18")
    assert pd.isna(row(table, "realist").first_seen) and pd.isna(row(table, "realist").last_seen)


@pytest.mark.parametrize(
    "stamp, weekday, hour",
    [
        ("2013-02-24 23:59", "Sunday", 23),
        ("2013-02-25 00:00", "Monday", 0),
        ("1970-01-01 00:30", "Thursday", 0),
        ("1969-12-31 23:30", "Wednesday", 23),
        ("1900-01-01 05:00", "Monday", 5),
    ],
)
def test_hour_weekday_cell_of_one_comment(stamp, weekday, hour):
    grid = activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime([stamp, None])}))
    assert grid.query("comments > 0")[["weekday", "hour", "comments"]].values.tolist() == [[weekday, hour, 1]]


def test_activity_of_codes_with_the_facts_given_reads_three_columns(thread):
    import numpy as np

    from analytics.columns.arrow_keys import codes
    from analytics.threads.activity import CommentFacts, activity_of_codes

    authors, names = codes(thread["author"])
    articles, answered = codes(thread["article_id"])[0], np.array([-1, 0, 1, -1])
    given = dict(facts=CommentFacts.of(thread), articles_visited=np.array([1, 1]), mentions_received=np.array([1, 1]))
    narrow = thread[["polarity", "timestamp", "n_words"]]
    pd.testing.assert_frame_equal(
        activity_of_codes(narrow, authors, names, articles, answered, **given), commenter_activity(thread)
    )
    with pytest.raises(ValueError, match=r"activity_of_codes needs columns \['n_words'\]"):
        activity_of_codes(narrow.drop(columns="n_words"), authors, names, articles, answered, **given)
    with pytest.raises(
        ValueError,
        match=r"needs columns \['sentiment_label', 'reply_to_author', 'author', "
        r"'reply_method', 'is_guest', 'mentions'\]",
    ):
        activity_of_codes(narrow, authors, names, articles, answered, articles_visited=np.array([1, 1]))
