"""Figures of :mod:`analytics.charts.commenters` (the Commenters page), inspected through ``fig.data``."""

import numpy as np
import pandas as pd
import pytest
from chart_threads import hand_thread

from analytics.charts import commenters as charts_commenters
from analytics.threads.activity import activity_by_hour_weekday


@pytest.fixture(scope="module")
def thread():
    return hand_thread()


def test_comments_per_commenter_shows_the_most_active_first_at_the_top(thread):
    fig = charts_commenters.fig_comments_per_commenter(thread.commenters)
    assert list(fig.data[0].y)[-1] == "geha"
    assert list(fig.data[0].x)[-1] == 3


def test_comments_per_commenter_says_when_it_shows_only_some(thread):
    fig = charts_commenters.fig_comments_per_commenter(thread.commenters, top=2)
    assert len(fig.data[0].y) == 2
    assert "the 2 most active of 3" in fig.layout.title.text


def test_heatmap_counts_dated_comments_by_weekday_and_hour(thread):
    fig = charts_commenters.fig_activity_heatmap(activity_by_hour_weekday(thread.comments))
    z = np.array(fig.data[0].z)
    assert z.shape == (7, 24) and z.sum() == 4
    assert z[2, 19] == 2  # Wednesday, 19:00


@pytest.mark.parametrize(
    "grid",
    [
        activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime(["2013-02-20 18:18", "2013-02-24 03:00"])})),
        pd.DataFrame(
            {
                "weekday": pd.Categorical(["Tue", "Tue", "Mon"], categories=["Mon", "Tue", "Wed"], ordered=True),
                "hour": [5, 5, 23],
                "comments": [2, 3, 1],
            }
        ),  # a repeated cell, cells and a weekday missing
        pd.DataFrame({"weekday": ["Tue", "Mon"], "hour": [5, 30], "comments": [2, 1]}),  # names, an hour past 23
        pd.DataFrame(
            {"weekday": pd.Categorical(["Mon", None], categories=["Mon", "Tue"]), "hour": [1, 2], "comments": [4, 5]}
        ),
    ],
)
def test_heatmap_sums_the_grid_as_its_pivot_table(grid):
    table = (
        grid.pivot_table(index="weekday", columns="hour", values="comments", aggfunc="sum", observed=False)
        .reindex(columns=range(24), fill_value=0)
        .fillna(0)
        .astype(int)
    )
    heatmap = charts_commenters.fig_activity_heatmap(grid).data[0]
    assert [list(row) for row in heatmap.z] == table.to_numpy().tolist()
    assert list(heatmap.y) == [str(d) for d in table.index]


def test_comment_scores_plot_each_dated_scored_comment_in_time_order(thread):
    geha = thread.comments[thread.comments["author"] == "geha"]
    fig = charts_commenters.fig_comment_scores(geha)
    assert list(fig.data[0].y) == geha.sort_values("timestamp")["polarity"].tolist()
