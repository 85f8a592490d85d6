"""Comments without an author (analytics/threads/activity.py ANONYMOUS): they have no commenter. The commenter
tables (whole corpus, filtered views, counts) leave them out; the loader says the comments are anonymous."""

from __future__ import annotations

import analytics
from analytics.charts.commenters import ANONYMOUS_NOTE, fig_comments_per_commenter
from analytics.loaders import load_bytes
from analytics.threads import activity
from analytics.views.filters import apply_filters, for_views
from analytics.views.settings import Filters

# SFU Constructiveness and Toxicity Corpus shape: no author column at all.
SFU = (
    b"article_id,title,comment_text,is_constructive\n"
    b'0,Trump\'s war,"Well said, a constructive point.",yes\n'
    b'0,Trump\'s war,"Rubbish, all of it.",no\n'
    b"1,Pipelines,I disagree with the premise.,yes\n"
)


def test_the_loader_says_the_comments_are_anonymous():
    corpus = load_bytes(SFU, "sfu.csv")
    assert corpus.comments["author"].tolist() == ["", "", ""]
    assert (
        "sfu.csv: no author column: comments are anonymous (authors left empty; name one with --map author=COLUMN)"
        in corpus.report.all_warnings
    )
    assert activity.anonymous_comments(corpus.comments["author"])


def test_an_anonymous_corpus_has_no_commenters_but_every_comment_counts():
    analysis = analytics.enrich(load_bytes(SFU, "sfu.csv"))
    assert analysis.commenters.empty and list(analysis.commenters.columns) == list(activity.ACTIVITY_COLUMNS)
    assert len(analysis.comments) == 3 and analysis.threads["size"].sum() == 3
    assert activity.commenter_counts(analysis.comments).empty
    view = apply_filters(for_views(analysis), Filters())
    assert view.commenters.empty and len(view.comments) == 3


def test_nameless_comments_among_named_ones_are_nobody():
    raw = b"author,text\nann,hello\n,a comment without a name\nann,again\n,another\n"
    analysis = analytics.enrich(load_bytes(raw, "mixed.csv"))
    assert analysis.commenters[["author", "comments"]].values.tolist() == [["ann", 2]]
    assert activity.commenter_counts(analysis.comments)["author"].tolist() == ["ann"]
    assert not activity.anonymous_comments(analysis.comments["author"])
    view = apply_filters(for_views(analysis), Filters())
    assert view.commenters[["author", "comments"]].values.tolist() == [["ann", 2]]


def test_the_chart_says_the_input_names_no_commenters():
    fig = fig_comments_per_commenter(activity.commenter_counts(load_bytes(SFU, "sfu.csv").comments), anonymous=True)
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == [ANONYMOUS_NOTE]


def test_sentiment_by_commenter_draws_no_nameless_bar():
    import pandas as pd

    from analytics.charts.sentiment import fig_sentiment_by_commenter

    anonymous = fig_sentiment_by_commenter(pd.DataFrame({"author": ["", ""], "polarity": [0.1, 0.2]}))
    assert not anonymous.data
    assert [a.text for a in anonymous.layout.annotations] == ["No scored comments by a named commenter"]
    mixed = fig_sentiment_by_commenter(pd.DataFrame({"author": ["", "ann"], "polarity": [0.1, 0.2]}))
    assert list(mixed.data[0].y) == ["ann"]


def test_per_commenter_tables_of_signals_and_latency_leave_nameless_comments_out():
    import pandas as pd

    from analytics.signals.toxicity_stats import toxicity_by_commenter
    from analytics.threads.timeline import response_latency_by_commenter

    frame = pd.DataFrame({"author": ["", "ann", ""], "toxicity": [0.9, 0.1, 0.8]})
    assert toxicity_by_commenter(frame)["author"].tolist() == ["ann"]
    edges = pd.DataFrame(
        {"child_author": ["", "bob"], "latency": pd.to_timedelta(["5min", "10min"]), "latency_negative": False}
    )
    assert response_latency_by_commenter(edges)[["author", "replies"]].values.tolist() == [["bob", 1]]
