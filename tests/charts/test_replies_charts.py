"""Figures of :mod:`analytics.charts.replies` (the Replies page), inspected through ``fig.data``."""

import numpy as np
import pandas as pd
import pytest
from chart_threads import hand_thread, trace
from plotly.colors import sample_colorscale

from analytics.charts import replies as charts_replies
from analytics.charts import style as charts_style


@pytest.fixture(scope="module")
def thread():
    return hand_thread()


def test_network_nodes_are_sized_by_comments(thread):
    fig = charts_replies.fig_reply_network(thread.comments, thread.replies)
    nodes = trace(fig, "commenters")
    counts = dict(zip(nodes.text, nodes.customdata))
    assert counts == {"geha": 3, "realist": 1, "trueself": 1}
    sizes = dict(zip(nodes.text, nodes.marker.size))
    assert sizes["geha"] > sizes["realist"]


def test_network_draws_absent_mentioned_people_differently(thread):
    fig = charts_replies.fig_reply_network(thread.comments, thread.replies)
    absent = trace(fig, charts_replies.NETWORK_TRACES["absent"])
    assert list(absent.text) == ["ghost"]
    assert absent.marker.symbol == "circle-open"


def test_network_marks_answered_people_outside_the_filters(thread):
    only_geha = thread.comments[thread.comments["author"] == "geha"]
    edges = thread.replies[thread.replies["child_id"].isin(only_geha["comment_id"])]
    fig = charts_replies.fig_reply_network(only_geha, edges)
    assert list(trace(fig, "commenters").text) == ["geha"]
    assert list(trace(fig, charts_replies.NETWORK_TRACES["outside"]).text) == ["realist"]


def test_network_links_carry_reply_counts_and_mean_reply_score():
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4"],
            "author": ["ann", "bob", "bob", "ann"],
            "reply_method": ["none", "mention", "mention", "mention"],
            "polarity": [0.0, -0.8, -0.4, 0.5],
        }
    )
    edges = pd.DataFrame(
        {
            "child_id": ["c2", "c3", "c4"],
            "child_author": ["bob", "bob", "ann"],
            "parent_author": ["ann", "ann", "bob"],
            "method": "mention",
        }
    )
    links = trace(charts_replies.fig_reply_network(comments, edges), "reply links")
    assert list(links.customdata) == [2, 1]
    assert [round(c, 2) for c in links.marker.color] == [-0.6, 0.5]


def test_network_links_coloured_by_toxicity_on_zero_to_one():
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4"],
            "author": ["ann", "bob", "bob", "ann"],
            "reply_method": ["none", "mention", "mention", "mention"],
            "toxicity": [0.1, 0.9, 0.7, None],
        }
    )
    edges = pd.DataFrame(
        {
            "child_id": ["c2", "c3", "c4"],
            "child_author": ["bob", "bob", "ann"],
            "parent_author": ["ann", "ann", "bob"],
            "method": "mention",
        }
    )
    fig = charts_replies.fig_reply_network(comments, edges, score_column="toxicity")
    links = trace(fig, "reply links")
    assert [round(c, 2) for c in links.marker.color] == [0.8, 0.0]  # the unscored reply sits at 0
    assert (links.marker.cmin, links.marker.cmax, links.marker.colorscale[0][1]) == (0, 1, "rgb(255,245,240)")
    assert "toxicity" in links.marker.colorbar.title.text
    drawn = {t.line.color for t in fig.data if t.name == "replies"}
    assert drawn == {"#bdbdbd", sample_colorscale("Reds", [6 / 8])[0]}  # 0.8 -> bin 6 of 8; unscored grey


def test_network_leaves_self_replies_undrawn_and_says_so():
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2"],
            "author": ["ann", "ann"],
            "reply_method": ["none", "mention"],
            "polarity": [0.1, 0.2],
        }
    )
    edges = pd.DataFrame({"child_id": ["c2"], "child_author": ["ann"], "parent_author": ["ann"], "method": "mention"})
    fig = charts_replies.fig_reply_network(comments, edges)
    assert not [t for t in fig.data if t.name == "reply links"]
    assert "1 self-reply not drawn" in fig.layout.annotations[0].text


def test_network_caps_the_number_of_nodes():
    comments = pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(30)],
            "author": [f"u{i}" for i in range(30)],
            "reply_method": "none",
            "polarity": 0.0,
        }
    )
    edges = pd.DataFrame(columns=["child_id", "child_author", "parent_author", "method"])
    fig = charts_replies.fig_reply_network(comments, edges, max_nodes=10)
    assert len(trace(fig, "commenters").x) == 10
    assert "10 of 30 people" in fig.layout.title.text


def test_spring_layout_is_deterministic_and_bounded():
    links = np.array([[0, 1], [1, 2], [3, 4]])
    first, second = charts_replies.spring_layout(6, links), charts_replies.spring_layout(6, links)
    np.testing.assert_array_equal(first, second)
    assert np.abs(first).max() == pytest.approx(1.0)


def test_timeline_draws_reply_links_between_comments(thread):
    fig = charts_replies.fig_conversation_timeline(thread.comments, thread.replies)
    links = trace(fig, "reply links")
    assert links.customdata == (2,)  # realist -> geha and geha -> realist; @ghost has no comment
    assert list(links.y[:2]) == ["geha", "realist"]


def test_timeline_puts_commenters_on_y_in_order_of_first_comment(thread):
    fig = charts_replies.fig_conversation_timeline(thread.comments, thread.replies)
    assert list(fig.layout.yaxis.categoryarray) == ["geha", "realist"]
    assert "1 comment without a time" in fig.layout.annotations[0].text


def test_timeline_shows_only_the_most_active_commenters_above_the_cap(thread):
    fig = charts_replies.fig_conversation_timeline(thread.comments, thread.replies, max_commenters=1)
    assert set(trace(fig, "comments").y) == {"geha"}
    assert "the 1 most active of 2 commenters" in fig.layout.title.text


def test_latency_histogram_counts_every_timed_reply_negative_ones_included():
    edges = pd.DataFrame({"latency": pd.to_timedelta(["-5min", "10min", "2h", None])})
    fig = charts_replies.fig_latency_histogram(edges, bins=5)
    assert sum(fig.data[0].y) == 3
    assert fig.layout.xaxis.title.text == "minutes"
    note = fig.layout.annotations[0].text
    assert "1 reply link without a latency" in note and "1 reply timed before" in note


def test_latency_histogram_switches_to_days_for_long_spans():
    edges = pd.DataFrame({"latency": pd.to_timedelta(["1D", "9D"])})
    assert charts_replies.fig_latency_histogram(edges).layout.xaxis.title.text == "days"


@pytest.mark.parametrize("unit", ["us", "ns", "s"])
def test_latency_histogram_reads_latencies_in_any_unit_alike(unit):
    spans = pd.to_timedelta(["-5min", "10min 30s", "2h", None, "1s"])
    edges = pd.DataFrame({"latency": spans.astype(f"timedelta64[{unit}]")})
    fig = charts_replies.fig_latency_histogram(edges, bins=4)
    reference = pd.to_timedelta(edges["latency"]).dt.total_seconds().dropna() / 60
    assert list(fig.data[0].y) == np.histogram(reference, bins=4)[0].tolist()
    assert f"(median {np.median(reference):.1f} minutes)" in fig.layout.title.text


def test_reply_network_caps_nodes_and_links_and_says_so():
    import numpy as np

    rng = np.random.default_rng(5)
    n = 3000
    authors = [f"p{k}" for k in rng.integers(0, 400, n)]
    comments = pd.DataFrame(
        {
            "comment_id": [f"c{k}" for k in range(n)],
            "author": authors,
            "reply_method": "parent",
            "polarity": rng.uniform(-1, 1, n),
        }
    )
    parents = rng.integers(0, n, n)
    edges = pd.DataFrame(
        {
            "child_id": comments["comment_id"],
            "child_author": authors,
            "parent_author": [authors[p] for p in parents],
            "method": "parent",
        }
    )
    fig = charts_replies.fig_reply_network(comments, edges, max_nodes=50, max_links=30)
    nodes = sum(len(t.x) for t in fig.data if t.name in charts_replies.NETWORK_TRACES.values())
    links = next(t for t in fig.data if t.name == "reply links")
    assert nodes <= 50 and len(links.x) <= 30
    people = len(set(authors))
    assert f"(50 of {people} people" in fig.layout.title.text and "links)" in fig.layout.title.text


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1]])
def test_network_link_scores_follow_the_child_comment_whatever_the_edge_order(order, storage):
    # In comment order the children are found by position, otherwise by id: the same links.
    methods = pd.array(["none", "mention", "mention", "mention"], dtype=pd.StringDtype(storage, na_value=np.nan))
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4"],
            "author": ["ann", "bob", "cy", "ann"],
            "reply_method": methods,
            "polarity": [0.0, -0.8, 0.4, 0.5],
        }
    )
    edges = pd.DataFrame(
        {
            "child_id": ["c2", "c3", "c4"],
            "child_author": ["bob", "cy", "ann"],
            "parent_author": ["ann", "ann", "bob"],
            "method": "mention",
        }
    ).iloc[order]
    links = trace(charts_replies.fig_reply_network(comments, edges), "reply links")
    scores = {text.split("<br>")[0]: round(color, 2) for text, color in zip(links.hovertext, links.marker.color)}
    assert scores == {"bob → ann": -0.8, "cy → ann": 0.4, "ann → bob": 0.5}


def test_network_names_a_reply_whose_comment_is_not_among_the_comments_by_its_edge():
    # c3 (cy's answer to ann) is not in view: its edge still links cy to ann, cy drawn "outside".
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2"],
            "author": ["ann", "bob"],
            "reply_method": ["none", "mention"],
            "polarity": [0.0, -0.8],
        }
    )
    edges = pd.DataFrame(
        {"child_id": ["c2", "c3"], "child_author": ["bob", "cy"], "parent_author": ["ann", "ann"], "method": "mention"}
    )
    fig = charts_replies.fig_reply_network(comments, edges)
    links = trace(fig, "reply links")
    assert sorted(text.split("<br>")[0] for text in links.hovertext) == ["bob → ann", "cy → ann"]
    assert list(trace(fig, charts_replies.NETWORK_TRACES["outside"]).text) == ["cy"]


def test_network_takes_the_edge_child_author_where_the_comment_names_another():
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2"],
            "author": ["ann", "bob"],
            "reply_method": ["none", "mention"],
            "polarity": [0.0, -0.8],
        }
    )
    edges = pd.DataFrame({"child_id": ["c2"], "child_author": ["dan"], "parent_author": ["ann"], "method": "mention"})
    links = trace(charts_replies.fig_reply_network(comments, edges), "reply links")
    assert [text.split("<br>")[0] for text in links.hovertext] == ["dan → ann"]
    assert list(links.marker.color) == [-0.8]  # the score is still the child comment's


def test_network_needs_the_reply_method_and_the_score_column():
    comments = pd.DataFrame({"comment_id": ["c1"], "author": ["ann"], "polarity": [0.1]})
    edges = pd.DataFrame(columns=["child_id", "child_author", "parent_author", "method"])
    with pytest.raises(ValueError, match="reply_method"):
        charts_replies.fig_reply_network(comments, edges)
    with pytest.raises(ValueError, match="toxicity"):
        charts_replies.fig_reply_network(comments.assign(reply_method="none"), edges, score_column="toxicity")


@pytest.mark.parametrize("n, n_links", [(2, 1), (7, 0), (30, 60), (120, 400)])
def test_spring_layout_gives_the_positions_of_the_three_dimensional_sums(n, n_links):
    # The layout sums each node's pushes over x and y apart; the positions are those of the
    # (n, n, 2) arrays it was first written with, to the last bit (they reach the figure's JSON).
    import math

    rng = np.random.default_rng(n)
    links = rng.integers(0, n, (n_links, 2))
    weights = rng.integers(1, 30, n_links).astype(float)
    angle = 2 * np.pi * np.arange(n) / n
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) + np.random.default_rng(0).normal(0, 0.01, (n, 2))
    adjacency = np.zeros((n, n))
    if n_links:
        np.add.at(adjacency, (links[:, 0], links[:, 1]), weights)
        adjacency = adjacency + adjacency.T
        np.fill_diagonal(adjacency, 0)
        adjacency = adjacency / adjacency.max() if adjacency.max() > 0 else adjacency
    k, step = math.sqrt(4.0 / n), 0.2
    for _ in range(60):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = k * k / dist**2 - adjacency * dist / k
        np.fill_diagonal(force, 0)
        disp = (delta * force[..., None]).sum(axis=1) - 0.05 * pos * np.linalg.norm(pos, axis=1, keepdims=True) / k
        length = np.maximum(np.linalg.norm(disp, axis=1, keepdims=True), 1e-9)
        pos = pos + disp / length * np.minimum(length, step)
        step *= 0.93
    pos = pos - pos.mean(axis=0)
    np.testing.assert_array_equal(charts_replies.spring_layout(n, links, weights), pos / np.abs(pos).max())


@pytest.mark.parametrize("scores", [[0.5, None, -1.0, 0.5, 2.0], [None], [0.25] * 3])
def test_timeline_colours_comments_from_the_colour_scale_grey_when_unscored(scores):
    n = len(scores)
    comments = pd.DataFrame(
        {
            "comment_id": [f"c{k}" for k in range(n)],
            "author": "ann",
            "text": "t",
            "polarity": np.array(scores, dtype=float),
            "timestamp": pd.date_range("2013-02-20 18:00", periods=n, freq="min"),
        }
    )
    fig = charts_replies.fig_conversation_timeline(comments, pd.DataFrame(columns=["child_id", "parent_id"]))
    expected = [
        sample_colorscale(charts_style.SCORE_COLORSCALE, [(min(max(s, -1), 1) + 1) / 2])[0]
        if s is not None
        else "#bdbdbd"
        for s in scores
    ]
    assert list(trace(fig, "comments").marker.color) == expected
