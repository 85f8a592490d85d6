"""Figures of :mod:`analytics.charts.overview` (the Overview page), inspected through ``fig.data``."""

import numpy as np
import pandas as pd
import pytest
from chart_threads import hand_thread

from analytics.charts import overview as charts_overview
from analytics.charts import style as charts_style
from analytics.threads.timeline import comment_volume


@pytest.fixture(scope="module")
def thread():
    return hand_thread()


def test_volume_has_a_line_per_article_with_its_counts(thread):
    fig = charts_overview.fig_comment_volume(comment_volume(thread.comments, freq="1h"))
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == [2, 2]


def test_volume_notes_undated_comments(thread):
    fig = charts_overview.fig_comment_volume(comment_volume(thread.comments, freq="1h"))
    assert "1 comment without a time" in fig.layout.annotations[0].text


def test_volume_sums_quiet_articles_into_one_line():
    volume = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "comments": [5, 4, 2, 1],
            "period": pd.to_datetime(["2013-02-20 17:00"] * 4),
        }
    )
    fig = charts_overview.fig_comment_volume(volume, max_lines=3)
    assert [t.name for t in fig.data] == ["a", "b", "other articles (2)"]
    assert list(fig.data[-1].y) == [3]


def test_sentiment_labels_count_unscored_comments(thread):
    fig = charts_overview.fig_sentiment_labels(thread.comments["sentiment_label"])
    assert sum(fig.data[0].y) == 5
    assert dict(zip(fig.data[0].x, fig.data[0].y))["not scored"] == 1


def test_comment_volume_chart_adds_up_to_the_comments_at_any_size():

    from analytics.threads.timeline import comment_volume

    rng = np.random.default_rng(9)
    n = 20000
    stamps = pd.Timestamp("2013-02-01") + pd.to_timedelta(rng.integers(0, 60 * 24 * 60, n), unit="min")
    comments = pd.DataFrame(
        {
            "article_id": rng.choice([f"a{k}" for k in range(300)], n),
            "timestamp": pd.Series(stamps).where(rng.random(n) > 0.05),
        }
    )
    freq = charts_style.pick_freq(comments["timestamp"])
    fig = charts_overview.fig_comment_volume(comment_volume(comments, freq=freq))
    assert sum(sum(t.y) for t in fig.data) == comments["timestamp"].notna().sum()
    assert len(fig.data) == 8  # seven articles of their own and one line for the other 293
    assert all(len(t.x) <= 100 for t in fig.data)  # per period, not per comment
