"""Reply timelines on hand-built threads: threads, volume, article timing, response latency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_thread

from analytics.threads.replies import reconstruct_replies, reply_edges
from analytics.threads.timeline import (
    article_timing,
    comment_volume,
    response_latency_by_commenter,
    thread_summary,
    threads_of_codes,
    time_since_publication,
)


def t(hhmm: str, day: int = 20) -> str:
    return f"2013-02-{day} {hhmm}"


def replied(rows: list[dict], **article) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, comments = make_thread(rows, **article)
    return articles, reconstruct_replies(comments, articles=articles)


# a chain ann <- bob <- ann shown out of time order, and a lone comment by cat
CHAIN = [
    {"author": "ann", "text": "root", "timestamp": t("18:00")},
    {"author": "ann", "text": "@bob yes", "timestamp": t("19:11")},
    {"author": "bob", "text": "@ann no", "timestamp": t("18:18")},
    {"author": "cat", "text": "alone", "timestamp": t("18:20")},
]


# --- thread_summary -------------------------------------------------------------------------------


def test_thread_summary_one_row_per_thread():
    _, out = replied(CHAIN)
    threads = thread_summary(out).set_index("thread_id")
    root, lone = out.loc[0, "comment_id"], out.loc[3, "comment_id"]
    assert threads.loc[root, ["size", "depth", "participants"]].tolist() == [3, 2, 2]
    assert threads.loc[lone, ["size", "depth", "participants"]].tolist() == [1, 0, 1]


def test_thread_start_and_end_follow_time_not_display_order():
    _, out = replied(CHAIN)
    row = thread_summary(out).set_index("thread_id").loc[out.loc[0, "comment_id"]]
    assert (row["start"], row["end"]) == (pd.Timestamp(t("18:00")), pd.Timestamp(t("19:11")))


def test_thread_without_timestamps_keeps_its_size():
    _, out = replied([{"author": "ann", "text": "root"}, {"author": "bob", "text": "@ann no"}])
    threads = thread_summary(out)
    assert threads["size"].tolist() == [2]
    assert threads["start"].isna().all() and threads["end"].isna().all()


def test_thread_summary_of_empty_and_one_comment():
    assert len(thread_summary(replied([])[1])) == 0
    one = thread_summary(replied([{"author": "ann", "timestamp": t("18:00")}])[1])
    assert one[["size", "depth", "participants"]].values.tolist() == [[1, 0, 1]]


def test_thread_summary_rejects_a_cycle():
    frame = pd.DataFrame(
        {
            "comment_id": ["c1", "c2"],
            "article_id": "a1",
            "author": ["ann", "bob"],
            "timestamp": pd.NaT,
            "reply_to": ["c2", "c1"],
            "thread_id": ["c1", "c1"],
        }
    )
    with pytest.raises(ValueError, match="cycle"):
        thread_summary(frame)


@pytest.mark.parametrize(
    "first, last",
    [
        ("2013-02-20 18:00", "2013-02-21 09:00"),  # one int64 key
        ("1700-01-01", "2200-01-01"),
    ],
)  # too far apart for one key
def test_threads_of_codes_sort_by_article_then_start_missing_last_ties_by_id(first, last):
    article_ids = pd.array([f"a{i:04d}" for i in range(2000)], dtype="str")  # 2,000 articles, 2 in use
    thread_ids = pd.array(["t0", "t1", "t2", "t3", "t4", "t5"], dtype="str")
    threads = np.array([0, 1, 2, 3, 4, 5, 1])
    articles = np.array([5, 5, 1999, 5, 5, -1, 5])
    stamps = pd.Series(pd.to_datetime([last, first, None, first, None, first, last]))
    summary = threads_of_codes(
        threads, thread_ids, articles, article_ids, np.zeros(7, dtype=np.int64), stamps, np.zeros(7, dtype=np.int64)
    )
    reference = summary.sort_values(["article_id", "start", "thread_id"], na_position="last", kind="stable")
    assert summary["thread_id"].tolist() == reference["thread_id"].tolist() == ["t1", "t3", "t0", "t4", "t2", "t5"]
    assert summary["size"].tolist() == [2, 1, 1, 1, 1, 1]
    assert summary.loc[0, ["start", "end"]].tolist() == [pd.Timestamp(first), pd.Timestamp(last)]


def test_threads_of_codes_take_participants_counted_instead_of_the_authors():
    thread_ids, article_ids = pd.array(["t0", "t1"], dtype="str"), pd.array(["a0"], dtype="str")
    threads, articles = np.array([0, 0, 1]), np.array([0, 0, 0])
    stamps, depth = pd.Series(pd.to_datetime(["2013-02-20"] * 3)), np.zeros(3, dtype=np.int64)
    by_authors = threads_of_codes(threads, thread_ids, articles, article_ids, np.array([0, 1, 0]), stamps, depth)
    counted = threads_of_codes(threads, thread_ids, articles, article_ids, None, stamps, depth, np.array([2, 1]))
    pd.testing.assert_frame_equal(by_authors, counted)
    assert counted["participants"].tolist() == [2, 1]
    with pytest.raises(ValueError, match="authors' codes or the participants"):
        threads_of_codes(threads, thread_ids, articles, article_ids, None, stamps, depth)


def test_thread_summary_treats_a_dangling_reply_to_as_a_root():
    frame = pd.DataFrame(
        {
            "comment_id": ["c1", "c2"],
            "article_id": "a1",
            "author": ["ann", "bob"],
            "timestamp": pd.NaT,
            "reply_to": ["gone", "c1"],
            "thread_id": ["c1", "c1"],
        }
    )
    assert thread_summary(frame)["depth"].tolist() == [1]


def walked_depths(target: list[int]) -> list[int]:
    """Links from each comment up to its root, by walking them one at a time."""
    depths = []
    for row in range(len(target)):
        links = 0
        while target[row] >= 0:
            row, links = target[row], links + 1
        depths.append(links)
    return depths


@pytest.mark.parametrize(
    "target",
    [
        [],
        [-1],
        [-1, 0, 0, 2],
        [3, -1, 1, 2, 1],
        [-1] + list(range(300)),  # a chain deeper than 2 ** 8
        list(range(1, 300)) + [-1],
    ],
)  # the same chain from its leaf
def test_depths_of_are_the_links_walked_up_to_the_root(target):
    from analytics.threads.timeline import depths_of

    depths = depths_of(np.array(target, dtype=np.int64))
    assert depths.dtype == np.int64 and depths.tolist() == walked_depths(target)


@pytest.mark.parametrize(
    "target", [[0], [1, 0], [-1, 2, 3, 1], [-1, 0, 3, 4, 2]]
)  # a self-reply, a loop, chains into one
def test_depths_of_rejects_a_cycle_anywhere_up_the_chain(target):
    from analytics.threads.timeline import depths_of

    with pytest.raises(ValueError, match="cycle"):
        depths_of(np.array(target, dtype=np.int64))


def reference_thread_summary(replied: pd.DataFrame) -> pd.DataFrame:
    """thread_summary written the straightforward way: a group-by over the id strings."""
    from analytics.threads.timeline import _depths

    frame = pd.DataFrame(
        {
            "thread_id": replied["thread_id"].to_numpy(dtype=object),
            "article_id": replied["article_id"].to_numpy(dtype=object),
            "timestamp": replied["timestamp"].to_numpy(),
            "author": replied["author"].to_numpy(dtype=object),
            "depth": _depths(replied["comment_id"], replied["reply_to"]),
        }
    )
    out = (
        frame.groupby("thread_id", sort=False)
        .agg(
            article_id=("article_id", "first"),
            start=("timestamp", "min"),
            end=("timestamp", "max"),
            size=("author", "size"),
            depth=("depth", "max"),
            participants=("author", "nunique"),
        )
        .reset_index()
    )
    out = out.astype(
        {
            "thread_id": "str",
            "article_id": "str",
            "start": "datetime64[us]",
            "end": "datetime64[us]",
            "size": "int64",
            "depth": "int64",
            "participants": "int64",
        }
    )
    return out.sort_values(["article_id", "start", "thread_id"], na_position="last", kind="stable").reset_index(
        drop=True
    )


# Broken threads: orphans (a reply_to naming no comment), missing times, two articles, a thread
# spread over articles, missing authors and article ids, ties in start time, out-of-order rows.
BROKEN = pd.DataFrame(
    {
        "comment_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"],
        "article_id": ["b", "b", "a", "a", None, "a", "b", "a", "a"],
        "author": ["ann", "bob", "ann", None, "cat", "ann", "bob", "dan", "ann"],
        "reply_to": [None, "c1", "gone", "c3", "c4", None, "c2", None, "c8"],
        "thread_id": ["c1", "c1", "c3", "c3", "c3", "c6", "c1", "c8", "c8"],
        "timestamp": pd.to_datetime(
            [
                "2013-02-20 18:00",
                None,
                "2013-02-20 17:00",
                "2013-02-20 16:00",
                None,
                None,
                "2013-02-21 09:00",
                "2013-02-20 17:00",
                "2013-02-20 17:30",
            ]
        ),
    }
)


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0), slice(0, 1), slice(2, 6), slice(5, 9)])
def test_thread_summary_equals_the_straightforward_group_by(rows):
    part = BROKEN.iloc[rows].reset_index(drop=True)
    part = part.assign(reply_to=part["reply_to"].where(part["reply_to"].isin(part["comment_id"]), "gone"))
    pd.testing.assert_frame_equal(thread_summary(part), reference_thread_summary(part))


def test_thread_summary_equals_the_straightforward_group_by_on_the_seed(seed):
    out = reconstruct_replies(seed.comments, articles=seed.articles)
    pd.testing.assert_frame_equal(thread_summary(out), reference_thread_summary(out))


@pytest.mark.parametrize("unused", [1, 50])  # a few ids unused (counted per id), most unused (per used thread)
@pytest.mark.parametrize("counted", [False, True])
def test_threads_of_codes_with_ids_nobody_uses_equals_the_group_by(unused, counted):
    from analytics.columns.arrow_keys import codes
    from analytics.threads.timeline import _depths

    part = BROKEN.assign(thread_id=BROKEN["thread_id"].mask(BROKEN["comment_id"] == "c9"))  # c9 in no thread
    lost = pd.DataFrame(
        {
            "comment_id": ["cz"],
            "article_id": [None],
            "author": ["eve"],
            "reply_to": [None],
            "thread_id": ["cz"],
            "timestamp": pd.to_datetime([None]),
        }
    )
    part = pd.concat([part, lost], ignore_index=True)  # with no article nor time: last, though ids unused sort before
    spare = [f"c1x{i:03d}" for i in range(unused)]  # among the used ids once sorted
    thread_ids = pd.array(sorted(set(part["thread_id"].dropna()) | set(spare)), dtype="str")
    threads = np.array([thread_ids.tolist().index(t) if isinstance(t, str) else -1 for t in part["thread_id"]])
    articles, article_ids = codes(part["article_id"], sort=True)
    authors = codes(part["author"])[0]
    participants = None
    if counted:
        participants = np.array([part.loc[part["thread_id"] == t, "author"].nunique() for t in thread_ids])
    summary = threads_of_codes(
        threads,
        thread_ids,
        articles,
        article_ids,
        authors,
        part["timestamp"],
        _depths(part["comment_id"], part["reply_to"]),
        participants,
    )
    pd.testing.assert_frame_equal(summary, reference_thread_summary(part[part["thread_id"].notna()]))


def test_thread_summary_lists_missing_columns():
    _, comments = make_thread([{"author": "ann"}])
    with pytest.raises(ValueError, match=r"\['reply_to', 'thread_id'\]"):
        thread_summary(comments)


# --- comment_volume -----------------------------------------------------------------------------


def test_volume_counts_per_period_with_empty_periods_as_zero():
    _, comments = make_thread(
        [
            {"author": "a", "timestamp": t("17:45")},
            {"author": "b", "timestamp": t("17:51")},
            {"author": "c", "timestamp": t("19:11")},
        ]
    )
    volume = comment_volume(comments, freq="1h")
    assert volume["period"].tolist() == [pd.Timestamp(t(h)) for h in ("17:00", "18:00", "19:00")]
    assert volume["comments"].tolist() == [2, 0, 1]


def test_volume_counts_undated_comments_in_a_row_without_period():
    _, comments = make_thread([{"author": "a", "timestamp": t("17:45")}, {"author": "b"}, {"author": "c"}])
    volume = comment_volume(comments)
    assert volume["comments"].sum() == 3
    assert volume.loc[volume["period"].isna(), "comments"].tolist() == [2]


def test_volume_is_per_article():
    _, c1 = make_thread([{"author": "a", "timestamp": t("17:45")}], title="one")
    _, c2 = make_thread(
        [{"author": "b", "timestamp": t("17:50", 21)}, {"author": "c", "timestamp": t("09:00", 22)}], title="two"
    )
    volume = comment_volume(pd.concat([c1, c2], ignore_index=True), freq="1D")
    by_article = volume.groupby("article_id")["comments"].apply(list).to_dict()
    assert by_article == {c1.loc[0, "article_id"]: [1], c2.loc[0, "article_id"]: [1, 1]}


def test_volume_of_empty_thread():
    volume = comment_volume(make_thread([])[1])
    assert len(volume) == 0
    assert list(volume.columns) == ["article_id", "period", "comments"]


# Two articles, one with undated comments only; a comment with no article; times before 1970.
VOLUME = pd.DataFrame(
    {
        "article_id": pd.array(["b", "a", "b", None, "a", "c", "b", "a"], dtype="str"),
        "timestamp": pd.to_datetime(
            [
                "2013-02-20 18:10",
                "1969-12-31 23:50",
                None,
                "2013-02-20 18:00",
                "1970-01-01 02:05",
                None,
                "2013-02-21 01:00",
                None,
            ]
        ).astype("datetime64[us]"),
    }
)


def reference_volume(comments: pd.DataFrame, freq: str) -> pd.DataFrame:
    """comment_volume the straightforward way: pandas' resample per article, then the undated rows."""
    dated = comments[comments["timestamp"].notna() & comments["article_id"].notna()]
    counts = dated.set_index("timestamp").groupby("article_id").resample(freq).size()
    parts = [counts.rename("comments").rename_axis(["article_id", "period"]).reset_index()]
    undated = comments.loc[comments["timestamp"].isna(), "article_id"].value_counts()
    parts.append(pd.DataFrame({"article_id": undated.index, "period": pd.NaT, "comments": undated.to_numpy()}))
    out = pd.concat([p.astype({"article_id": "str", "period": "datetime64[us]", "comments": "int64"}) for p in parts])
    return out.sort_values(["article_id", "period"], kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0), slice(3, 4), slice(5, 6), slice(0, 3)])
@pytest.mark.parametrize("freq", ["15min", "1h", "1D"])
def test_volume_equals_resample_per_article_with_undated_rows_last(rows, freq):
    part = VOLUME.iloc[rows]
    volume = comment_volume(part, freq=freq)
    pd.testing.assert_frame_equal(volume, reference_volume(part, freq), check_index_type=len(volume) > 0)
    assert volume["comments"].sum() == part["article_id"].notna().sum()


@pytest.mark.parametrize("grouped", [True, False])  # article by article (neighbours compared), scattered (hashed)
def test_volume_of_comments_stored_article_by_article_or_scattered(grouped):
    rng = np.random.default_rng(3)
    articles = pd.array(["b"] * 90 + [None] * 20 + ["a"] * 60 + ["c"] * 30 + ["b"] * 40, dtype="str")
    stamps = pd.Timestamp("2013-02-20") + pd.to_timedelta(rng.integers(0, 3 * 24 * 60, len(articles)), unit="min")
    comments = pd.DataFrame(
        {
            "article_id": articles,
            "timestamp": pd.Series(stamps).where(rng.random(len(articles)) > 0.1).astype("datetime64[us]"),
        }
    )
    if not grouped:
        comments = comments.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(comment_volume(comments, freq="6h"), reference_volume(comments, "6h"))


def test_volume_by_calendar_periods_leaves_out_comments_with_no_article():
    volume = comment_volume(VOLUME.iloc[[3, 5]], freq="W")  # the only dated comment has no article
    assert volume.to_dict("list") == {"article_id": ["c"], "period": [pd.NaT], "comments": [1]}


def test_volume_rejects_an_unknown_frequency():
    with pytest.raises(ValueError, match="freq 'fortnightly'"):
        comment_volume(make_thread([])[1], freq="fortnightly")


# --- article_timing and time_since_publication ----------------------------------------------------


def test_timing_from_publication_where_known():
    articles, out = replied(CHAIN, published=t("17:00"))
    row = article_timing(articles, out).iloc[0]
    assert not row["reference_inferred"]
    assert row["reference"] == pd.Timestamp(t("17:00"))
    assert row["first_comment_delay"] == pd.Timedelta(hours=1)
    assert row["first_reply"] == pd.Timestamp(t("18:18"))  # bob's, though shown after ann's 19:11 reply
    assert row["time_to_first_reply"] == pd.Timedelta(minutes=78)
    assert row["comments"] == 4


def test_timing_infers_reference_from_earliest_comment_by_time():
    articles, out = replied([{"author": "a", "timestamp": t("19:11")}, {"author": "b", "timestamp": t("18:18")}])
    row = article_timing(articles, out).iloc[0]
    assert row["reference_inferred"]
    assert row["reference"] == pd.Timestamp(t("18:18"))
    assert pd.isna(row["first_comment_delay"])
    assert pd.isna(row["first_reply"]) and pd.isna(row["time_to_first_reply"])


def test_timing_keeps_articles_without_comments_or_times():
    articles, out = replied([])
    row = article_timing(articles, out).iloc[0]
    assert row["comments"] == 0 and pd.isna(row["reference"]) and row["reference_inferred"]
    articles, out = replied([{"author": "a"}])
    assert pd.isna(article_timing(articles, out).loc[0, "reference"])


def test_timing_needs_reply_columns():
    articles, comments = make_thread([{"author": "a"}])
    with pytest.raises(ValueError, match=r"\['reply_to'\]"):
        article_timing(articles, comments)


def test_time_since_publication_per_comment():
    articles, comments = make_thread([{"author": "a", "timestamp": t("12:45")}, {"author": "b"}], published=t("12:00"))
    before = comments.copy(deep=True)
    out = time_since_publication(comments, articles=articles)
    assert out["time_since_publication"].iloc[0] == pd.Timedelta(minutes=45)
    assert pd.isna(out["time_since_publication"].iloc[1])
    assert not out["reference_inferred"].any()
    pd.testing.assert_frame_equal(comments, before)


def test_time_since_publication_flags_inferred_reference():
    articles, comments = make_thread(
        [{"author": "a", "timestamp": t("19:11")}, {"author": "b", "timestamp": t("18:18")}]
    )
    out = time_since_publication(comments, articles=articles)
    assert out["time_since_publication"].tolist() == [pd.Timedelta(minutes=53), pd.Timedelta(0)]
    assert out["reference_inferred"].all()


def test_time_since_publication_of_empty_thread():
    articles, comments = make_thread([])
    out = time_since_publication(comments, articles=articles)
    assert len(out) == 0 and "time_since_publication" in out.columns


# --- response_latency_by_commenter ----------------------------------------------------------------


def test_latency_by_commenter_median_and_counts():
    _, out = replied(
        [
            {"author": "ann", "text": "x", "timestamp": t("18:00")},
            {"author": "bob", "text": "@ann a", "timestamp": t("18:10")},
            {"author": "ann", "text": "y", "timestamp": t("18:20")},
            {"author": "bob", "text": "@ann b", "timestamp": t("18:50")},
            {"author": "bob", "text": "@ghost c", "timestamp": t("19:00")},
        ]
    )
    latency = response_latency_by_commenter(reply_edges(out)).set_index("author")
    assert latency.loc["bob", ["replies", "timed_replies", "negative_latencies"]].tolist() == [3, 2, 0]
    assert latency.loc["bob", "median_latency"] == pd.Timedelta(minutes=20)  # 10 and 30 minutes
    assert "ann" not in latency.index


def test_latency_by_commenter_counts_negative_latencies():
    _, out = replied(
        [
            {"author": "ann", "text": "x", "timestamp": t("18:30")},
            {"author": "bob", "text": "y", "timestamp": t("18:00"), "parent": 0},
        ]
    )
    row = response_latency_by_commenter(reply_edges(out)).iloc[0]
    assert row["negative_latencies"] == 1
    assert row["median_latency"] == pd.Timedelta(minutes=-30)


def test_latency_by_commenter_of_no_edges():
    latency = response_latency_by_commenter(reply_edges(replied([{"author": "ann"}])[1]))
    assert len(latency) == 0
    assert list(latency.columns) == ["author", "replies", "timed_replies", "median_latency", "negative_latencies"]


def test_latency_by_commenter_is_the_plain_group_by_most_replies_first_ties_by_name():
    edges = pd.DataFrame(
        {
            "child_author": ["b", None, "B", "a", "b", "a", "é"],
            "latency": pd.to_timedelta(["1min", "2min", None, "-3min", "5min", "4min", None]),
            "latency_negative": [False, False, False, True, False, False, False],
        }
    )
    grouped = edges.groupby("child_author")
    expected = (
        pd.DataFrame(
            {
                "replies": grouped.size(),
                "timed_replies": grouped["latency"].count(),
                "median_latency": grouped["latency"].median(),
                "negative_latencies": grouped["latency_negative"].sum(),
            }
        )
        .rename_axis("author")
        .reset_index()
        .sort_values(["replies", "author"], ascending=[False, True], kind="stable")
    )
    latency = response_latency_by_commenter(edges)
    assert latency["author"].tolist() == ["a", "b", "B", "é"]  # 2 replies each, then by name: "B" < "é"
    pd.testing.assert_frame_equal(latency, expected.reset_index(drop=True).astype(latency.dtypes.to_dict()))


def test_seed_timing(seed):
    out = reconstruct_replies(seed.comments, articles=seed.articles)
    row = article_timing(seed.articles, out).iloc[0]
    assert row["reference_inferred"]  # the page states no publication time
    assert row["reference"] == pd.Timestamp(t("12:45"))  # trieself, the first comment
    assert row["comments"] == 8
    assert comment_volume(out)["comments"].sum() == 8


def reference_comment_volume(comments: pd.DataFrame, freq: str) -> pd.DataFrame:
    """comment_volume written the straightforward way: pandas' resample, article by article."""
    dated = comments.loc[comments["timestamp"].notna(), ["article_id", "timestamp"]]
    counts = dated.set_index("timestamp").groupby("article_id", sort=True).resample(freq).size()
    return (
        counts.rename("comments")
        .rename_axis(["article_id", "period"])
        .reset_index()
        .astype({"article_id": "str", "period": "datetime64[us]", "comments": "int64"})
    )


@pytest.mark.parametrize("freq", ["5min", "30min", "1h", "3h", "12h", "1D", "7D", "30D"])
def test_comment_volume_equals_pandas_resample_article_by_article(freq):
    import numpy as np

    rng = np.random.default_rng(7)
    n = 400
    stamps = pd.Timestamp("1969-12-25 13:17") + pd.to_timedelta(rng.integers(0, 90 * 24 * 60, n), unit="min")
    comments = pd.DataFrame(
        {"article_id": rng.choice(["b", "a", "c", "d"], n), "timestamp": pd.Series(stamps).where(rng.random(n) > 0.1)}
    )
    comments.loc[comments["article_id"] == "d", "timestamp"] = pd.NaT  # an article without a dated comment
    comments.loc[0, "article_id"] = None  # no article: not counted, as resample leaves it out
    volume = comment_volume(comments, freq=freq)
    dated = volume[volume["period"].notna()].reset_index(drop=True)
    pd.testing.assert_frame_equal(dated, reference_comment_volume(comments, freq))
    assert volume["comments"].sum() == comments["article_id"].notna().sum()


def test_comment_volume_counts_fixed_periods_without_resampling(monkeypatch):
    """Days are fixed periods too (pandas 3 no longer calls them Ticks): no article-by-article resample."""

    def no_resample(*args, **kwargs):
        raise AssertionError("resampled")

    monkeypatch.setattr(pd.core.groupby.DataFrameGroupBy, "resample", no_resample)
    comments = pd.DataFrame(
        {
            "article_id": ["a", "b", "a"],
            "timestamp": pd.to_datetime(["2013-02-20 18:00", "2013-02-21 09:00", "2013-03-30 10:00"]),
        }
    )
    for freq in ("15min", "1h", "1D", "7D", "30D"):
        assert comment_volume(comments, freq=freq)["comments"].sum() == 3
