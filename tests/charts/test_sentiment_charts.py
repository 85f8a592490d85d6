"""Figures of :mod:`analytics.charts.sentiment` (the Sentiment page), inspected through ``fig.data``."""

import numpy as np
import pandas as pd
import pytest
from chart_threads import hand_thread

from analytics.charts import sentiment as charts_sentiment


@pytest.fixture(scope="module")
def thread():
    return hand_thread()


def test_score_histograms_count_every_scored_comment_once(thread):
    columns = {"textblob": "polarity", "vader": "vader_compound"}
    fig = charts_sentiment.fig_score_histograms(thread.comments, columns=columns)
    assert [sum(t.y) for t in fig.data] == [4, 4]
    assert "1 comment without a score" in fig.layout.annotations[0].text


def test_score_histograms_bins_cover_minus_one_to_one():
    fig = charts_sentiment.fig_score_histograms(
        pd.DataFrame({"polarity": [-1.0, 1.0]}), columns={"textblob": "polarity"}, bins=2
    )
    assert list(fig.data[0].y) == [1, 1]


def test_sentiment_over_time_is_the_mean_per_period():
    comments = pd.DataFrame(
        {
            "polarity": [0.4, 0.0, -0.5],
            "timestamp": pd.to_datetime(["2013-02-20 18:10", "2013-02-20 18:50", "2013-02-20 20:05"]),
        }
    )
    fig = charts_sentiment.fig_sentiment_over_time(comments, columns={"textblob": "polarity"}, freq="1h")
    assert [round(v, 3) for v in fig.data[0].y] == [0.2, -0.5]
    assert [c[0] for c in fig.data[0].customdata] == [2, 1]


def test_sentiment_over_time_accepts_calendar_periods():
    comments = pd.DataFrame(
        {"polarity": [0.4, -0.2], "timestamp": pd.to_datetime(["2013-02-18 10:00", "2013-02-27 10:00"])}
    )
    fig = charts_sentiment.fig_sentiment_over_time(comments, columns={"textblob": "polarity"}, freq="W")
    assert list(fig.data[0].y) == [0.4, -0.2]


def test_sentiment_by_commenter_uses_the_chosen_column(thread):
    fig = charts_sentiment.fig_sentiment_by_commenter(thread.comments, column="vader_compound")
    geha = thread.comments.query("author == 'geha'")["vader_compound"].mean()
    assert dict(zip(fig.data[0].y, fig.data[0].x))["geha"] == pytest.approx(geha)


def test_sentiment_by_commenter_equals_the_straightforward_group_by():
    import numpy as np

    rng = np.random.default_rng(3)
    n = 600
    comments = pd.DataFrame(
        {
            "author": rng.choice([f"u{k:02d}" for k in range(40)] + [None], n),
            "polarity": np.where(rng.random(n) < 0.2, np.nan, rng.uniform(-1, 1, n)),
        }
    )
    fig = charts_sentiment.fig_sentiment_by_commenter(comments, top=10)
    stats = (
        comments.dropna(subset=["polarity"])
        .groupby("author")["polarity"]
        .agg(["mean", "median", "count"])
        .sort_values("count", ascending=False, kind="stable")
        .head(10)
        .iloc[::-1]
    )
    assert list(fig.data[0].y) == list(stats.index)  # ties in count keep name order
    assert np.allclose(fig.data[0].x, stats["mean"], rtol=0, atol=1e-12)
    assert "of 40)" in fig.layout.title.text


@pytest.mark.parametrize("top", [1, 3, 5, 6])
def test_sentiment_by_commenter_breaks_ties_at_the_cut_by_name(top):
    # Five commenters with two scored comments each, one with three: the cut falls among equals.
    authors = ["eve", "bob", "dan", "amy", "cat"] * 2 + ["zed"] * 3
    comments = pd.DataFrame({"author": authors, "polarity": np.linspace(-0.9, 0.9, len(authors))})
    fig = charts_sentiment.fig_sentiment_by_commenter(comments, top=top)
    assert list(fig.data[0].y)[::-1] == ["zed", "amy", "bob", "cat", "dan", "eve"][:top]


def test_engine_agreement_splits_same_and_different_labels(thread):
    agree = pd.Series([True, False, True, True, False], index=thread.comments.index)
    fig = charts_sentiment.fig_engine_agreement(thread.comments, agree=agree)
    assert [(t.name, len(t.x)) for t in fig.data] == [("same label", 3), ("different labels", 1)]


def test_engine_agreement_samples_large_inputs_and_says_so():
    n = 300
    comments = pd.DataFrame(
        {"author": "a", "text": "t", "polarity": np.linspace(-1, 1, n), "vader_compound": np.linspace(1, -1, n)}
    )
    fig = charts_sentiment.fig_engine_agreement(comments, max_points=50)
    assert len(fig.data[0].x) == 50
    assert "a random 50 of 300" in fig.layout.title.text


def test_engine_agreement_asks_for_the_texts_of_the_points_drawn_only():
    n = 300
    comments = pd.DataFrame(
        {
            "author": [f"a{i}" for i in range(n)],
            "text": [f"<b>text {i}</b>" for i in range(n)],
            "polarity": np.linspace(-1, 1, n),
            "vader_compound": np.linspace(1, -1, n),
        }
    )
    comments.loc[7, "polarity"] = np.nan  # not drawn: never asked for
    asked = []

    def text_at(rows):
        asked.append(rows.copy())
        return comments["text"].to_numpy()[rows]

    agree = np.arange(n) % 3 == 0
    given = charts_sentiment.fig_engine_agreement(
        comments.drop(columns="text"), agree=agree, max_points=50, text_at=text_at
    )
    assert given.to_json() == charts_sentiment.fig_engine_agreement(comments, agree=agree, max_points=50).to_json()
    assert len(asked) == 1 and len(asked[0]) == 50 and 7 not in asked[0]
    with pytest.raises(ValueError, match="text"):
        charts_sentiment.fig_engine_agreement(comments.drop(columns="text"))
