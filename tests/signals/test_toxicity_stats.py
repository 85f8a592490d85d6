"""Toxicity of a set of comments and its figures, on hand-built threads (broken ones included)."""

import numpy as np
import pandas as pd
import pytest
from conftest import make_thread

import analytics
from analytics.charts import signals as charts_signals
from analytics.signals.toxicity_stats import most_toxic_comments, toxicity_by_commenter, toxicity_histogram

ROWS = [
    {"author": "geha", "text": "Shut up, you pathetic idiot.", "timestamp": "2013-02-20 18:00"},
    {"author": "geha", "text": "Thank you for the careful reporting.", "timestamp": "2013-02-20 17:00"},  # out of order
    {"author": "realist", "text": "@nobody you are a disgusting liar", "parent_id": "missing-parent"},  # points nowhere
    {"author": "lebnanfirst", "text": "يسقط النظام"},
    {"author": "ghost", "text": ""},
    {"author": "realist", "text": "A fine summary of the budget."},
]


@pytest.fixture(scope="module")
def comments():
    articles, frame = make_thread(ROWS)
    with pytest.warns(UserWarning):  # the orphan parent is reported
        return analytics.enrich(analytics.Corpus(articles, frame, analytics.LoadReport())).comments


def test_histogram_counts_scored_comments_only(comments):
    hist = toxicity_histogram(comments, bins=10)
    assert hist["comments"].sum() == 4 and len(hist) == 10
    scores = comments["toxicity"].dropna().to_numpy()
    for low, high, n in hist.itertuples(index=False):
        inside = (scores >= low) & ((scores < high) | (high == 1.0) & (scores == 1.0))
        assert n == inside.sum()


def test_histogram_figure_shows_the_counts_and_the_unscored(comments):
    hist = toxicity_histogram(comments, bins=10)
    fig = charts_signals.fig_toxicity_histogram(hist, unscored=2)
    assert list(fig.data[0].y) == hist["comments"].tolist()
    assert "2 not scored" in fig.layout.title.text


def test_histogram_of_nothing_scored_says_so():
    fig = charts_signals.fig_toxicity_histogram(toxicity_histogram(pd.DataFrame({"toxicity": [np.nan]})), unscored=1)
    assert not fig.data and "No comment has a toxicity score" in fig.layout.annotations[0].text


def test_most_toxic_comments_come_with_their_reasons(comments):
    top = most_toxic_comments(comments, n=2)
    assert (
        top["comment_id"].tolist() == comments.sort_values("toxicity", ascending=False)["comment_id"].head(2).tolist()
    )
    assert set(top["author"]) == {"geha", "realist"}
    assert top["toxicity"].is_monotonic_decreasing and (top["toxicity"] > 0.5).all()
    assert "idiot" in top.set_index("author").loc["geha", "toxicity_reasons"].split("; ")
    assert len(most_toxic_comments(comments, n=50)) == 4  # the Arabic and the empty comment never


def test_by_commenter_mean_max_and_share(comments):
    table = toxicity_by_commenter(comments).set_index("author")
    geha = comments[comments["author"] == "geha"]["toxicity"]
    assert table.loc["geha", "comments"] == 2 and table.loc["geha", "scored"] == 2
    assert table.loc["geha", "mean_toxicity"] == pytest.approx(geha.mean())
    assert table.loc["geha", "max_toxicity"] == geha.max()
    assert table.loc["geha", "toxic"] == 1 and table.loc["geha", "toxic_share"] == 0.5
    assert table.loc["lebnanfirst", "scored"] == 0 and np.isnan(table.loc["lebnanfirst", "mean_toxicity"])
    assert np.isnan(table.loc["ghost", "toxic_share"])


def test_by_commenter_order_and_figure(comments):
    table = toxicity_by_commenter(comments)
    assert table["author"].tolist()[-2:] == ["ghost", "lebnanfirst"]  # unscored last, by name
    fig = charts_signals.fig_toxicity_by_commenter(table)
    bars, highest = fig.data
    assert list(bars.y) == table["author"].tolist()[:2][::-1]  # the first on top; no bar without a score
    by_name = dict(zip(bars.y, bars.x))
    assert by_name["geha"] == pytest.approx(table.set_index("author").loc["geha", "mean_toxicity"])
    assert dict(zip(highest.y, highest.x))["realist"] == table.set_index("author").loc["realist", "max_toxicity"]


def test_by_commenter_escapes_names_in_the_figure():
    table = toxicity_by_commenter(pd.DataFrame({"author": ["<b>x</b>"], "toxicity": [0.7]}))
    assert list(charts_signals.fig_toxicity_by_commenter(table).data[0].y) == ["&lt;b&gt;x&lt;/b&gt;"]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="toxicity"):
        toxicity_by_commenter(pd.DataFrame({"author": ["a"]}))


def test_by_commenter_is_the_plain_pandas_group_by_ties_by_name_missing_author_left_out():
    frame = pd.DataFrame(
        {
            "author": ["zed", "B", "a", None, "zed", "a", "B", "é", "c"],
            "toxicity": [0.9, 0.7, 0.7, 0.99, 0.1, None, None, None, 0.5],
        }
    )
    grouped = frame.groupby("author")["toxicity"]
    expected = pd.DataFrame(
        {
            "comments": grouped.size(),
            "scored": grouped.count(),
            "mean_toxicity": grouped.mean(),
            "max_toxicity": grouped.max(),
            "toxic": (frame["toxicity"] >= 0.5).groupby(frame["author"]).sum(),
        }
    ).reset_index()
    expected["toxic_share"] = expected["toxic"] / expected["scored"].where(expected["scored"] > 0)
    expected = expected.sort_values(
        ["toxic", "mean_toxicity", "author"], ascending=[False, False, True], kind="stable", na_position="last"
    ).reset_index(drop=True)
    table = toxicity_by_commenter(frame)
    # ties on toxic and mean by name (code point order: "B" before "a"); "é" unscored, last
    assert table["author"].tolist() == ["B", "a", "c", "zed", "é"]
    pd.testing.assert_frame_equal(table, expected.astype({"author": "str", "toxic": "int64"}))


def test_by_commenter_of_no_comments_is_empty_with_its_columns():
    table = toxicity_by_commenter(pd.DataFrame({"author": pd.Series([], dtype="str"), "toxicity": []}))
    assert table.empty and list(table.columns) == [
        "author",
        "comments",
        "scored",
        "mean_toxicity",
        "max_toxicity",
        "toxic",
        "toxic_share",
    ]
