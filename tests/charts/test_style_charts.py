"""What every figure shares (:mod:`analytics.charts.style`): escaped labels, its own copy of the template."""

import json

import pandas as pd
import pytest
from chart_threads import HOSTILE, analyse, hand_thread

from analytics.charts import commenters as charts_commenters
from analytics.charts import overview as charts_overview
from analytics.charts import replies as charts_replies
from analytics.charts import sentiment as charts_sentiment
from analytics.charts import style as charts_style
from analytics.threads.activity import activity_by_hour_weekday
from analytics.threads.timeline import comment_volume


@pytest.fixture(scope="module")
def thread():
    return hand_thread()


def every_builder(a):
    comments, edges = a.comments, a.replies
    columns = {"textblob": "polarity", "vader": "vader_compound"}
    return [
        charts_overview.fig_comment_volume(
            comment_volume(comments), article_titles=dict(zip(a.articles["article_id"], a.articles["title"]))
        ),
        charts_overview.fig_sentiment_labels(comments["sentiment_label"]),
        charts_commenters.fig_comments_per_commenter(a.commenters),
        charts_sentiment.fig_score_histograms(comments, columns=columns),
        charts_sentiment.fig_sentiment_over_time(comments, columns=columns),
        charts_sentiment.fig_sentiment_by_commenter(comments),
        charts_sentiment.fig_engine_agreement(comments),
        charts_commenters.fig_activity_heatmap(activity_by_hour_weekday(comments)),
        charts_commenters.fig_comment_scores(comments),
        charts_replies.fig_reply_network(comments, edges),
        charts_replies.fig_conversation_timeline(comments, edges),
        charts_replies.fig_latency_histogram(edges),
    ]


def test_escape_label_escapes_markup():
    assert charts_style.escape_label(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"


def test_escape_label_shortens_before_escaping():
    assert charts_style.escape_label("a&b&c&d", limit=4) == "a&amp;b…"


@pytest.mark.parametrize(
    "text",
    [
        "word " * 500,
        " \n\t " * 300 + "late words <b>",
        "x" * 2000,
        "<&>" * 400,
        "a" + " " * 1000 + "b" * 30,
        "  lead\n" + "a b " * 10 + " " * 2000,
        "short",
        "é ß " * 300,
        "a  " * 70,
        "x" * 161,
        "ab " * 55 + "<&>",
        "w" * 150 + " " * 60 + "tail",
    ],
)
@pytest.mark.parametrize("limit", [1, 2, 8, 40, 160])
def test_escape_label_of_a_long_text_is_made_as_from_the_whole_text(text, limit):
    import html

    whole = " ".join(text.split())
    expected = html.escape(whole if len(whole) <= limit else whole[: limit - 1] + "…", quote=False)
    assert charts_style.escape_label(text, limit=limit) == expected


def test_no_figure_carries_user_markup():
    hostile = analyse(
        [
            {"author": HOSTILE, "text": f"great {HOSTILE} plan", "timestamp": "2013-02-20 18:18"},
            {"author": "<b>bold</b>", "text": f"@{HOSTILE} awful <script>x</script>", "timestamp": "2013-02-20 18:30"},
            {"author": "x", "text": "@<i>nobody</i> fine", "timestamp": "2013-02-20 18:31"},
        ],
        title=f"<a href='javascript:alert(1)'>{HOSTILE}</a>",
    )
    for fig in every_builder(hostile):
        text = json.dumps(fig.to_plotly_json(), default=str)
        for raw in ("<img", "<b>bold", "<script", "<a href", "<i>nobody"):
            assert raw not in text, (fig.layout.title.text, raw)


def test_every_builder_accepts_an_empty_selection(thread):
    empty = thread.__class__(
        **{
            **thread.__dict__,
            "comments": thread.comments.iloc[0:0],
            "replies": thread.replies.iloc[0:0],
            "commenters": thread.commenters.iloc[0:0],
        }
    )
    for fig in every_builder(empty):
        assert fig.layout.title.text


def test_figures_carry_the_plotly_white_template_each_its_own_copy():
    import plotly.graph_objects as go

    comments = pd.DataFrame({"polarity": [0.2, -0.4]})
    fig = charts_sentiment.fig_score_histograms(comments, columns={"textblob": "polarity"})
    named = go.Figure(layout={"template": "plotly_white"})  # as plotly sets a template given by name
    assert json.dumps(fig.to_dict()["layout"]["template"]) == json.dumps(named.to_dict()["layout"]["template"])
    fig.layout.template.layout.paper_bgcolor = "red"
    again = charts_sentiment.fig_score_histograms(comments, columns={"textblob": "polarity"})
    assert again.layout.template.layout.paper_bgcolor == "white"
