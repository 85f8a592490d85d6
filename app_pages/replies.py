"""Replies and timelines: the reply network, a conversation timeline, reply latency and the threads."""

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from analytics.charts import replies as charts_replies
from analytics.columns.arrow_keys import is_in
from analytics.enrich import Analysis
from analytics.scoring import sentiment
from analytics.threads import timeline
from analytics.views import listings
from analytics.views.filters import comment_column_names, comment_columns, reply_columns
from app_pages import _articles, _ui, state

MAX_ARTICLES = 500  # articles offered for the conversation timeline (most comments first)


# --- data -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Drawing the reply network…", max_entries=state.VIEW_RESULTS)
def network_figure(view: str, _analysis: Analysis, score: str):
    # reply_method: the network finds each link's comment by position when every replying comment is there.
    comments = comment_columns(_analysis, ["comment_id", "author", "reply_method", score])
    edges = reply_columns(_analysis, ["child_id", "child_author", "parent_author", "method"])
    return charts_replies.fig_reply_network(comments, edges, score_column=score)


@st.cache_resource(show_spinner="Drawing the conversation…", max_entries=2 * state.VIEW_RESULTS)
def timeline_figure(view: str, _analysis: Analysis, article: str, score: str):
    edges = reply_columns(_analysis, ["article_id", "child_id", "parent_id"])
    under = comment_columns(_analysis, ["article_id"])["article_id"]
    rows = np.flatnonzero((under == article).to_numpy(dtype=bool, na_value=False))
    comments = comment_columns(_analysis, ["comment_id", "author", "text", "timestamp", score], rows=rows)
    return charts_replies.fig_conversation_timeline(comments, edges[edges["article_id"] == article], score_column=score)


@st.cache_resource(show_spinner="Listing threads…", max_entries=state.FILTERED_VIEWS)
def thread_order(view: str, _analysis: Analysis) -> pd.DataFrame:
    """The threads of the view, largest first: a frame of no columns indexed by their positions
    among the view's threads (what the table shows is made for the rows shown: :func:`threads_as_shown`)."""
    return pd.DataFrame(index=listings.largest_first(_analysis.threads))


def threads_as_shown(listed: pd.DataFrame, view: Analysis, titles: dict[str, str]) -> pd.DataFrame:
    """The threads at the positions ``listed`` holds, in that order, as the table shows them: with
    their article's title, who started them and their first comment. For the page shown (or the
    CSV, or every thread when sorted by a column): the titles of every thread of a large view
    cost memory and time per view (docs/performance.md#views-and-serving-memory)."""
    threads = view.threads
    labels = threads.index.take(listed.index.to_numpy())
    return with_starters(listings.largest_threads(threads.loc[labels], titles).loc[labels], view)


def with_starters(listed: pd.DataFrame, view: Analysis) -> pd.DataFrame:
    """Rows of the thread table with who started each thread and its first comment, from the comments
    of ``view`` whose ids are these threads' (not the text of every comment in view: a third of a second)."""
    ids = comment_columns(view, ["comment_id"])["comment_id"]
    roots = comment_columns(
        view, ["comment_id", "thread_id", "author", "text"], rows=np.flatnonzero(is_in(ids, listed["thread_id"]))
    )
    return listings.with_root_comments(listed, roots)


@st.cache_resource(show_spinner="Timing the replies…", max_entries=state.VIEW_RESULTS)
def reply_counts(view: str, _analysis: Analysis):
    """Comments per article, links per method, the latency chart and latency by commenter of the view."""
    edges = reply_columns(_analysis, ["method", "child_author", "latency", "latency_negative"])
    return (
        comment_columns(_analysis, ["article_id"])["article_id"].value_counts(),
        edges["method"].value_counts(),
        charts_replies.fig_latency_histogram(edges),
        timeline.response_latency_by_commenter(edges),
    )


analysis = state.filtered_or_stop()
filters = state.current_filters()
view = state.view_key()
score = sentiment.ENGINES[filters.engine].label_column
titles = _articles.article_titles()
per_article, methods, latency_figure, latency_by_commenter = reply_counts(view, analysis)
if st.session_state.get("timeline_article") not in per_article.index[:MAX_ARTICLES]:  # filtered out since chosen
    st.session_state.pop("timeline_article", None)

# --- layout ---------------------------------------------------------------------------------
st.header("Replies and timelines")
if len(methods):
    st.caption(
        "Replies found from explicit parents, @handles and addressees the input names, and quoted "
        "words (only where the input states no parents: there a blank parent is top-level): "
        + ", ".join(f"{n:,} by {m}" for m, n in methods.items())
        + "."
    )
else:
    st.caption("No reply links among the comments that match the filters.")

colour = "sentiment"
if "toxicity" in comment_column_names(analysis):  # an analysis stored before toxicity was scored has none
    colour = st.radio(
        "Colour reply links by",
        ["sentiment", "toxicity"],
        horizontal=True,
        key="network_colour",
        format_func={"sentiment": f"sentiment ({filters.engine})", "toxicity": "toxicity (0 to 1)"}.get,
    )
_ui.chart(network_figure(view, analysis, score if colour == "sentiment" else "toxicity"), "Reply network")

article = per_article.index[0]
if len(per_article) > 1:  # a selectbox shows titles as plain text
    offered = dict(zip(per_article.index[:MAX_ARTICLES], per_article.to_numpy()[:MAX_ARTICLES].tolist()))
    labels = {a: f"{titles.get(a, a)} ({n:,} comments)" for a, n in offered.items()}
    # Not a lambda: Streamlit keeps format_func in the session, and a lambda of this page would
    # keep the page's globals, the filtered view among them, alive after the view is dropped.
    article = st.selectbox(
        "Conversation timeline of the article", list(offered), key="timeline_article", format_func=labels.__getitem__
    )
    if len(per_article) > len(offered):
        st.caption(
            f"The {len(offered):,} articles with most comments in view, of {len(per_article):,}: "
            "choose others with the sidebar's article filter."
        )
_ui.chart(timeline_figure(view, analysis, article, score), "Conversation timeline")

left, right = st.columns([3, 2])
with left:
    _ui.chart(latency_figure, "Reply latency")
with right:
    st.caption("How fast each commenter answers")
    _ui.table(latency_by_commenter, "Reply latency by commenter", key=view)

st.subheader("Threads")
# Titles and who started each thread are looked up for the rows shown: a page's thousand, not a large view's 650,000.
_ui.table(
    thread_order(view, analysis),
    "Threads",
    csv=analysis.threads,
    key=view,
    decorate=partial(threads_as_shown, view=analysis, titles=titles),
    column_config={"first comment": st.column_config.TextColumn(width="large"), "thread_id": None},
)

# Not kept by this run's globals: they outlive the run in a reference cycle with the page's
# functions, which only the full collection before the next view frees (state._free_dropped_views).
del analysis
