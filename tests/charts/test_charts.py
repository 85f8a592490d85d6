"""Figure builders, inspected through ``fig.data`` on threads built by hand."""
import json

import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale
import pytest
from conftest import make_thread

from analytics import charts
from analytics.threads.activity import activity_by_hour_weekday
from analytics.enrich import enrich
from analytics.loaders import Corpus, LoadReport
from analytics.threads.timeline import comment_volume

HOSTILE = "<img src=x onerror=alert(1)>"


def analyse(rows, **kwargs):
    articles, comments = make_thread(rows, **kwargs)
    return enrich(Corpus(articles, comments, LoadReport()))


@pytest.fixture(scope="module")
def thread():
    return analyse([
        {"author": "geha", "text": "A great plan, truly wonderful.", "timestamp": "2013-02-20 18:18"},
        {"author": "realist", "text": "@geha a horrible, awful idea", "timestamp": "2013-02-20 18:30"},
        {"author": "geha", "text": "@realist you are wrong", "timestamp": "2013-02-20 19:11"},
        {"author": "geha", "text": "@ghost where did you go?", "timestamp": "2013-02-20 19:40"},
        {"author": "trueself", "text": "يسقط النظام", "timestamp": None},
    ])


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def every_builder(a):
    comments, edges = a.comments, a.replies
    columns = {"textblob": "polarity", "vader": "vader_compound"}
    return [
        charts.fig_comment_volume(comment_volume(comments), article_titles=dict(zip(a.articles["article_id"],
                                                                                     a.articles["title"]))),
        charts.fig_sentiment_labels(comments["sentiment_label"]),
        charts.fig_comments_per_commenter(a.commenters),
        charts.fig_score_histograms(comments, columns=columns),
        charts.fig_sentiment_over_time(comments, columns=columns),
        charts.fig_sentiment_by_commenter(comments),
        charts.fig_engine_agreement(comments),
        charts.fig_activity_heatmap(activity_by_hour_weekday(comments)),
        charts.fig_comment_scores(comments),
        charts.fig_reply_network(comments, edges),
        charts.fig_conversation_timeline(comments, edges),
        charts.fig_latency_histogram(edges),
    ]


# --- escaping ---------------------------------------------------------------------------------

def test_escape_label_escapes_markup():
    assert charts.escape_label(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"


def test_escape_label_shortens_before_escaping():
    assert charts.escape_label("a&b&c&d", limit=4) == "a&amp;b…"


@pytest.mark.parametrize("text", [
    "word " * 500, " \n\t " * 300 + "late words <b>", "x" * 2000, "<&>" * 400, "a" + " " * 1000 + "b" * 30,
    "  lead\n" + "a b " * 10 + " " * 2000, "short", "é ß " * 300, "a  " * 70, "x" * 161, "ab " * 55 + "<&>",
    "w" * 150 + " " * 60 + "tail"])
@pytest.mark.parametrize("limit", [1, 2, 8, 40, 160])
def test_escape_label_of_a_long_text_is_made_as_from_the_whole_text(text, limit):
    import html
    whole = " ".join(text.split())
    expected = html.escape(whole if len(whole) <= limit else whole[:limit - 1] + "…", quote=False)
    assert charts.escape_label(text, limit=limit) == expected


def test_no_figure_carries_user_markup():
    hostile = analyse([
        {"author": HOSTILE, "text": f"great {HOSTILE} plan", "timestamp": "2013-02-20 18:18"},
        {"author": "<b>bold</b>", "text": f"@{HOSTILE} awful <script>x</script>", "timestamp": "2013-02-20 18:30"},
        {"author": "x", "text": "@<i>nobody</i> fine", "timestamp": "2013-02-20 18:31"},
    ], title=f"<a href='javascript:alert(1)'>{HOSTILE}</a>")
    for fig in every_builder(hostile):
        text = json.dumps(fig.to_plotly_json(), default=str)
        for raw in ("<img", "<b>bold", "<script", "<a href", "<i>nobody"):
            assert raw not in text, (fig.layout.title.text, raw)


# --- overview ---------------------------------------------------------------------------------

def test_volume_has_a_line_per_article_with_its_counts(thread):
    fig = charts.fig_comment_volume(comment_volume(thread.comments, freq="1h"))
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == [2, 2]


def test_volume_notes_undated_comments(thread):
    fig = charts.fig_comment_volume(comment_volume(thread.comments, freq="1h"))
    assert "1 comment without a time" in fig.layout.annotations[0].text


def test_volume_sums_quiet_articles_into_one_line():
    volume = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "comments": [5, 4, 2, 1],
                           "period": pd.to_datetime(["2013-02-20 17:00"] * 4)})
    fig = charts.fig_comment_volume(volume, max_lines=3)
    assert [t.name for t in fig.data] == ["a", "b", "other articles (2)"]
    assert list(fig.data[-1].y) == [3]


def test_sentiment_labels_count_unscored_comments(thread):
    fig = charts.fig_sentiment_labels(thread.comments["sentiment_label"])
    assert sum(fig.data[0].y) == 5
    assert dict(zip(fig.data[0].x, fig.data[0].y))["not scored"] == 1


def test_comments_per_commenter_shows_the_most_active_first_at_the_top(thread):
    fig = charts.fig_comments_per_commenter(thread.commenters)
    assert list(fig.data[0].y)[-1] == "geha"
    assert list(fig.data[0].x)[-1] == 3


def test_comments_per_commenter_says_when_it_shows_only_some(thread):
    fig = charts.fig_comments_per_commenter(thread.commenters, top=2)
    assert len(fig.data[0].y) == 2
    assert "the 2 most active of 3" in fig.layout.title.text


# --- sentiment --------------------------------------------------------------------------------

def test_score_histograms_count_every_scored_comment_once(thread):
    fig = charts.fig_score_histograms(thread.comments, columns={"textblob": "polarity", "vader": "vader_compound"})
    assert [sum(t.y) for t in fig.data] == [4, 4]
    assert "1 comment without a score" in fig.layout.annotations[0].text


def test_score_histograms_bins_cover_minus_one_to_one():
    fig = charts.fig_score_histograms(pd.DataFrame({"polarity": [-1.0, 1.0]}), columns={"textblob": "polarity"},
                                      bins=2)
    assert list(fig.data[0].y) == [1, 1]


def test_sentiment_over_time_is_the_mean_per_period():
    comments = pd.DataFrame({"polarity": [0.4, 0.0, -0.5],
                             "timestamp": pd.to_datetime(["2013-02-20 18:10", "2013-02-20 18:50", "2013-02-20 20:05"])})
    fig = charts.fig_sentiment_over_time(comments, columns={"textblob": "polarity"}, freq="1h")
    assert [round(v, 3) for v in fig.data[0].y] == [0.2, -0.5]
    assert [c[0] for c in fig.data[0].customdata] == [2, 1]


def test_sentiment_by_commenter_uses_the_chosen_column(thread):
    fig = charts.fig_sentiment_by_commenter(thread.comments, column="vader_compound")
    geha = thread.comments.query("author == 'geha'")["vader_compound"].mean()
    assert dict(zip(fig.data[0].y, fig.data[0].x))["geha"] == pytest.approx(geha)


def test_engine_agreement_splits_same_and_different_labels(thread):
    agree = pd.Series([True, False, True, True, False], index=thread.comments.index)
    fig = charts.fig_engine_agreement(thread.comments, agree=agree)
    assert [(t.name, len(t.x)) for t in fig.data] == [("same label", 3), ("different labels", 1)]


def test_engine_agreement_samples_large_inputs_and_says_so():
    n = 300
    comments = pd.DataFrame({"author": "a", "text": "t", "polarity": np.linspace(-1, 1, n),
                             "vader_compound": np.linspace(1, -1, n)})
    fig = charts.fig_engine_agreement(comments, max_points=50)
    assert len(fig.data[0].x) == 50
    assert "a random 50 of 300" in fig.layout.title.text


def test_engine_agreement_asks_for_the_texts_of_the_points_drawn_only():
    n = 300
    comments = pd.DataFrame({"author": [f"a{i}" for i in range(n)], "text": [f"<b>text {i}</b>" for i in range(n)],
                             "polarity": np.linspace(-1, 1, n), "vader_compound": np.linspace(1, -1, n)})
    comments.loc[7, "polarity"] = np.nan  # not drawn: never asked for
    asked = []

    def text_at(rows):
        asked.append(rows.copy())
        return comments["text"].to_numpy()[rows]
    agree = np.arange(n) % 3 == 0
    given = charts.fig_engine_agreement(comments.drop(columns="text"), agree=agree, max_points=50, text_at=text_at)
    assert given.to_json() == charts.fig_engine_agreement(comments, agree=agree, max_points=50).to_json()
    assert len(asked) == 1 and len(asked[0]) == 50 and 7 not in asked[0]
    with pytest.raises(ValueError, match="text"):
        charts.fig_engine_agreement(comments.drop(columns="text"))


# --- commenters -------------------------------------------------------------------------------

def test_heatmap_counts_dated_comments_by_weekday_and_hour(thread):
    fig = charts.fig_activity_heatmap(activity_by_hour_weekday(thread.comments))
    z = np.array(fig.data[0].z)
    assert z.shape == (7, 24) and z.sum() == 4
    assert z[2, 19] == 2  # Wednesday, 19:00


def test_comment_scores_plot_each_dated_scored_comment_in_time_order(thread):
    geha = thread.comments[thread.comments["author"] == "geha"]
    fig = charts.fig_comment_scores(geha)
    assert list(fig.data[0].y) == geha.sort_values("timestamp")["polarity"].tolist()


# --- replies and timelines --------------------------------------------------------------------

def test_network_nodes_are_sized_by_comments(thread):
    fig = charts.fig_reply_network(thread.comments, thread.replies)
    nodes = trace(fig, "commenters")
    counts = dict(zip(nodes.text, nodes.customdata))
    assert counts == {"geha": 3, "realist": 1, "trueself": 1}
    sizes = dict(zip(nodes.text, nodes.marker.size))
    assert sizes["geha"] > sizes["realist"]


def test_network_draws_absent_mentioned_people_differently(thread):
    fig = charts.fig_reply_network(thread.comments, thread.replies)
    absent = trace(fig, charts.NETWORK_TRACES["absent"])
    assert list(absent.text) == ["ghost"]
    assert absent.marker.symbol == "circle-open"


def test_network_marks_answered_people_outside_the_filters(thread):
    only_geha = thread.comments[thread.comments["author"] == "geha"]
    edges = thread.replies[thread.replies["child_id"].isin(only_geha["comment_id"])]
    fig = charts.fig_reply_network(only_geha, edges)
    assert list(trace(fig, "commenters").text) == ["geha"]
    assert list(trace(fig, charts.NETWORK_TRACES["outside"]).text) == ["realist"]


def test_network_links_carry_reply_counts_and_mean_reply_score():
    comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3", "c4"], "author": ["ann", "bob", "bob", "ann"],
                             "reply_method": ["none", "mention", "mention", "mention"],
                             "polarity": [0.0, -0.8, -0.4, 0.5]})
    edges = pd.DataFrame({"child_id": ["c2", "c3", "c4"], "child_author": ["bob", "bob", "ann"],
                          "parent_author": ["ann", "ann", "bob"], "method": "mention"})
    links = trace(charts.fig_reply_network(comments, edges), "reply links")
    assert list(links.customdata) == [2, 1]
    assert [round(c, 2) for c in links.marker.color] == [-0.6, 0.5]


def test_network_links_coloured_by_toxicity_on_zero_to_one():
    comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3", "c4"], "author": ["ann", "bob", "bob", "ann"],
                             "reply_method": ["none", "mention", "mention", "mention"],
                             "toxicity": [0.1, 0.9, 0.7, None]})
    edges = pd.DataFrame({"child_id": ["c2", "c3", "c4"], "child_author": ["bob", "bob", "ann"],
                          "parent_author": ["ann", "ann", "bob"], "method": "mention"})
    fig = charts.fig_reply_network(comments, edges, score_column="toxicity")
    links = trace(fig, "reply links")
    assert [round(c, 2) for c in links.marker.color] == [0.8, 0.0]  # the unscored reply sits at 0
    assert (links.marker.cmin, links.marker.cmax, links.marker.colorscale[0][1]) == (0, 1, "rgb(255,245,240)")
    assert "toxicity" in links.marker.colorbar.title.text
    drawn = {t.line.color for t in fig.data if t.name == "replies"}
    assert drawn == {"#bdbdbd", sample_colorscale("Reds", [6 / 8])[0]}  # 0.8 -> bin 6 of 8; unscored grey


def test_network_leaves_self_replies_undrawn_and_says_so():
    comments = pd.DataFrame({"comment_id": ["c1", "c2"], "author": ["ann", "ann"], "reply_method": ["none", "mention"],
                             "polarity": [0.1, 0.2]})
    edges = pd.DataFrame({"child_id": ["c2"], "child_author": ["ann"], "parent_author": ["ann"], "method": "mention"})
    fig = charts.fig_reply_network(comments, edges)
    assert not [t for t in fig.data if t.name == "reply links"]
    assert "1 self-reply not drawn" in fig.layout.annotations[0].text


def test_network_caps_the_number_of_nodes():
    comments = pd.DataFrame({"comment_id": [f"c{i}" for i in range(30)], "author": [f"u{i}" for i in range(30)],
                             "reply_method": "none", "polarity": 0.0})
    edges = pd.DataFrame(columns=["child_id", "child_author", "parent_author", "method"])
    fig = charts.fig_reply_network(comments, edges, max_nodes=10)
    assert len(trace(fig, "commenters").x) == 10
    assert "10 of 30 people" in fig.layout.title.text


def test_spring_layout_is_deterministic_and_bounded():
    links = np.array([[0, 1], [1, 2], [3, 4]])
    first, second = charts.spring_layout(6, links), charts.spring_layout(6, links)
    np.testing.assert_array_equal(first, second)
    assert np.abs(first).max() == pytest.approx(1.0)


def test_timeline_draws_reply_links_between_comments(thread):
    fig = charts.fig_conversation_timeline(thread.comments, thread.replies)
    links = trace(fig, "reply links")
    assert links.customdata == (2,)  # realist -> geha and geha -> realist; @ghost has no comment
    assert list(links.y[:2]) == ["geha", "realist"]


def test_timeline_puts_commenters_on_y_in_order_of_first_comment(thread):
    fig = charts.fig_conversation_timeline(thread.comments, thread.replies)
    assert list(fig.layout.yaxis.categoryarray) == ["geha", "realist"]
    assert "1 comment without a time" in fig.layout.annotations[0].text


def test_timeline_shows_only_the_most_active_commenters_above_the_cap(thread):
    fig = charts.fig_conversation_timeline(thread.comments, thread.replies, max_commenters=1)
    assert set(trace(fig, "comments").y) == {"geha"}
    assert "the 1 most active of 2 commenters" in fig.layout.title.text


def test_latency_histogram_counts_every_timed_reply_negative_ones_included():
    edges = pd.DataFrame({"latency": pd.to_timedelta(["-5min", "10min", "2h", None])})
    fig = charts.fig_latency_histogram(edges, bins=5)
    assert sum(fig.data[0].y) == 3
    assert fig.layout.xaxis.title.text == "minutes"
    note = fig.layout.annotations[0].text
    assert "1 reply link without a latency" in note and "1 reply timed before" in note


def test_latency_histogram_switches_to_days_for_long_spans():
    edges = pd.DataFrame({"latency": pd.to_timedelta(["1D", "9D"])})
    assert charts.fig_latency_histogram(edges).layout.xaxis.title.text == "days"



@pytest.mark.parametrize("unit", ["us", "ns", "s"])
def test_latency_histogram_reads_latencies_in_any_unit_alike(unit):
    spans = pd.to_timedelta(["-5min", "10min 30s", "2h", None, "1s"])
    edges = pd.DataFrame({"latency": spans.astype(f"timedelta64[{unit}]")})
    fig = charts.fig_latency_histogram(edges, bins=4)
    reference = pd.to_timedelta(edges["latency"]).dt.total_seconds().dropna() / 60
    assert list(fig.data[0].y) == np.histogram(reference, bins=4)[0].tolist()
    assert f"(median {np.median(reference):.1f} minutes)" in fig.layout.title.text

# --- empty input --------------------------------------------------------------------------------

def test_every_builder_accepts_an_empty_selection(thread):
    empty = thread.__class__(**{**thread.__dict__, "comments": thread.comments.iloc[0:0],
                                "replies": thread.replies.iloc[0:0], "commenters": thread.commenters.iloc[0:0]})
    for fig in every_builder(empty):
        assert fig.layout.title.text


def test_sentiment_over_time_accepts_calendar_periods():
    comments = pd.DataFrame({"polarity": [0.4, -0.2],
                             "timestamp": pd.to_datetime(["2013-02-18 10:00", "2013-02-27 10:00"])})
    fig = charts.fig_sentiment_over_time(comments, columns={"textblob": "polarity"}, freq="W")
    assert list(fig.data[0].y) == [0.4, -0.2]


def test_sentiment_by_commenter_equals_the_straightforward_group_by():
    import numpy as np
    rng = np.random.default_rng(3)
    n = 600
    comments = pd.DataFrame({"author": rng.choice([f"u{k:02d}" for k in range(40)] + [None], n),
                             "polarity": np.where(rng.random(n) < 0.2, np.nan, rng.uniform(-1, 1, n))})
    fig = charts.fig_sentiment_by_commenter(comments, top=10)
    stats = comments.dropna(subset=["polarity"]).groupby("author")["polarity"].agg(["mean", "median", "count"]) \
        .sort_values("count", ascending=False, kind="stable").head(10).iloc[::-1]
    assert list(fig.data[0].y) == list(stats.index)  # ties in count keep name order
    assert np.allclose(fig.data[0].x, stats["mean"], rtol=0, atol=1e-12)
    assert "of 40)" in fig.layout.title.text


def test_reply_network_caps_nodes_and_links_and_says_so():
    import numpy as np
    rng = np.random.default_rng(5)
    n = 3000
    authors = [f"p{k}" for k in rng.integers(0, 400, n)]
    comments = pd.DataFrame({"comment_id": [f"c{k}" for k in range(n)], "author": authors,
                             "reply_method": "parent", "polarity": rng.uniform(-1, 1, n)})
    parents = rng.integers(0, n, n)
    edges = pd.DataFrame({"child_id": comments["comment_id"], "child_author": authors,
                          "parent_author": [authors[p] for p in parents], "method": "parent"})
    fig = charts.fig_reply_network(comments, edges, max_nodes=50, max_links=30)
    nodes = sum(len(t.x) for t in fig.data if t.name in charts.NETWORK_TRACES.values())
    links = next(t for t in fig.data if t.name == "reply links")
    assert nodes <= 50 and len(links.x) <= 30
    people = len(set(authors))
    assert f"(50 of {people} people" in fig.layout.title.text and "links)" in fig.layout.title.text


def test_comment_volume_chart_adds_up_to_the_comments_at_any_size():
    import numpy as np

    from analytics.threads.timeline import comment_volume
    rng = np.random.default_rng(9)
    n = 20000
    stamps = pd.Timestamp("2013-02-01") + pd.to_timedelta(rng.integers(0, 60 * 24 * 60, n), unit="min")
    comments = pd.DataFrame({"article_id": rng.choice([f"a{k}" for k in range(300)], n),
                             "timestamp": pd.Series(stamps).where(rng.random(n) > 0.05)})
    fig = charts.fig_comment_volume(comment_volume(comments, freq=charts.pick_freq(comments["timestamp"])))
    assert sum(sum(t.y) for t in fig.data) == comments["timestamp"].notna().sum()
    assert len(fig.data) == 8  # seven articles of their own and one line for the other 293
    assert all(len(t.x) <= 100 for t in fig.data)  # per period, not per comment


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1]])
def test_network_link_scores_follow_the_child_comment_whatever_the_edge_order(order, storage):
    # In comment order the children are found by position, otherwise by id: the same links.
    methods = pd.array(["none", "mention", "mention", "mention"], dtype=pd.StringDtype(storage, na_value=np.nan))
    comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3", "c4"], "author": ["ann", "bob", "cy", "ann"],
                             "reply_method": methods, "polarity": [0.0, -0.8, 0.4, 0.5]})
    edges = pd.DataFrame({"child_id": ["c2", "c3", "c4"], "child_author": ["bob", "cy", "ann"],
                          "parent_author": ["ann", "ann", "bob"], "method": "mention"}).iloc[order]
    links = trace(charts.fig_reply_network(comments, edges), "reply links")
    scores = {text.split("<br>")[0]: round(color, 2) for text, color in zip(links.hovertext, links.marker.color)}
    assert scores == {"bob → ann": -0.8, "cy → ann": 0.4, "ann → bob": 0.5}


def test_network_names_a_reply_whose_comment_is_not_among_the_comments_by_its_edge():
    # c3 (cy's answer to ann) is not in view: its edge still links cy to ann, cy drawn "outside".
    comments = pd.DataFrame({"comment_id": ["c1", "c2"], "author": ["ann", "bob"],
                             "reply_method": ["none", "mention"], "polarity": [0.0, -0.8]})
    edges = pd.DataFrame({"child_id": ["c2", "c3"], "child_author": ["bob", "cy"],
                          "parent_author": ["ann", "ann"], "method": "mention"})
    fig = charts.fig_reply_network(comments, edges)
    links = trace(fig, "reply links")
    assert sorted(text.split("<br>")[0] for text in links.hovertext) == ["bob → ann", "cy → ann"]
    assert list(trace(fig, charts.NETWORK_TRACES["outside"]).text) == ["cy"]


def test_network_takes_the_edge_child_author_where_the_comment_names_another():
    comments = pd.DataFrame({"comment_id": ["c1", "c2"], "author": ["ann", "bob"],
                             "reply_method": ["none", "mention"], "polarity": [0.0, -0.8]})
    edges = pd.DataFrame({"child_id": ["c2"], "child_author": ["dan"], "parent_author": ["ann"], "method": "mention"})
    links = trace(charts.fig_reply_network(comments, edges), "reply links")
    assert [text.split("<br>")[0] for text in links.hovertext] == ["dan → ann"]
    assert list(links.marker.color) == [-0.8]  # the score is still the child comment's


def test_network_needs_the_reply_method_and_the_score_column():
    comments = pd.DataFrame({"comment_id": ["c1"], "author": ["ann"], "polarity": [0.1]})
    edges = pd.DataFrame(columns=["child_id", "child_author", "parent_author", "method"])
    with pytest.raises(ValueError, match="reply_method"):
        charts.fig_reply_network(comments, edges)
    with pytest.raises(ValueError, match="toxicity"):
        charts.fig_reply_network(comments.assign(reply_method="none"), edges, score_column="toxicity")


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
        force = k * k / dist ** 2 - adjacency * dist / k
        np.fill_diagonal(force, 0)
        disp = (delta * force[..., None]).sum(axis=1) - 0.05 * pos * np.linalg.norm(pos, axis=1, keepdims=True) / k
        length = np.maximum(np.linalg.norm(disp, axis=1, keepdims=True), 1e-9)
        pos = pos + disp / length * np.minimum(length, step)
        step *= 0.93
    pos = pos - pos.mean(axis=0)
    np.testing.assert_array_equal(charts.spring_layout(n, links, weights), pos / np.abs(pos).max())


def test_figures_carry_the_plotly_white_template_each_its_own_copy():
    import plotly.graph_objects as go
    comments = pd.DataFrame({"polarity": [0.2, -0.4]})
    fig = charts.fig_score_histograms(comments, columns={"textblob": "polarity"})
    named = go.Figure(layout={"template": "plotly_white"})  # as plotly sets a template given by name
    assert json.dumps(fig.to_dict()["layout"]["template"]) == json.dumps(named.to_dict()["layout"]["template"])
    fig.layout.template.layout.paper_bgcolor = "red"
    again = charts.fig_score_histograms(comments, columns={"textblob": "polarity"})
    assert again.layout.template.layout.paper_bgcolor == "white"


@pytest.mark.parametrize("grid", [
    activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime(["2013-02-20 18:18", "2013-02-24 03:00"])})),
    pd.DataFrame({"weekday": pd.Categorical(["Tue", "Tue", "Mon"], categories=["Mon", "Tue", "Wed"], ordered=True),
                  "hour": [5, 5, 23], "comments": [2, 3, 1]}),  # a repeated cell, cells and a weekday missing
    pd.DataFrame({"weekday": ["Tue", "Mon"], "hour": [5, 30], "comments": [2, 1]}),  # names, an hour past 23
    pd.DataFrame({"weekday": pd.Categorical(["Mon", None], categories=["Mon", "Tue"]), "hour": [1, 2],
                  "comments": [4, 5]}),
])
def test_heatmap_sums_the_grid_as_its_pivot_table(grid):
    table = grid.pivot_table(index="weekday", columns="hour", values="comments", aggfunc="sum", observed=False) \
        .reindex(columns=range(24), fill_value=0).fillna(0).astype(int)
    heatmap = charts.fig_activity_heatmap(grid).data[0]
    assert [list(row) for row in heatmap.z] == table.to_numpy().tolist()
    assert list(heatmap.y) == [str(d) for d in table.index]


@pytest.mark.parametrize("scores", [[0.5, None, -1.0, 0.5, 2.0], [None], [0.25] * 3])
def test_timeline_colours_comments_from_the_colour_scale_grey_when_unscored(scores):
    n = len(scores)
    comments = pd.DataFrame({"comment_id": [f"c{k}" for k in range(n)], "author": "ann", "text": "t",
                             "polarity": np.array(scores, dtype=float),
                             "timestamp": pd.date_range("2013-02-20 18:00", periods=n, freq="min")})
    fig = charts.fig_conversation_timeline(comments, pd.DataFrame(columns=["child_id", "parent_id"]))
    expected = [sample_colorscale(charts.SCORE_COLORSCALE, [(min(max(s, -1), 1) + 1) / 2])[0] if s is not None
                else "#bdbdbd" for s in scores]
    assert list(trace(fig, "comments").marker.color) == expected


@pytest.mark.parametrize("top", [1, 3, 5, 6])
def test_sentiment_by_commenter_breaks_ties_at_the_cut_by_name(top):
    # Five commenters with two scored comments each, one with three: the cut falls among equals.
    authors = ["eve", "bob", "dan", "amy", "cat"] * 2 + ["zed"] * 3
    comments = pd.DataFrame({"author": authors, "polarity": np.linspace(-0.9, 0.9, len(authors))})
    fig = charts.fig_sentiment_by_commenter(comments, top=top)
    assert list(fig.data[0].y)[::-1] == ["zed", "amy", "bob", "cat", "dan", "eve"][:top]
