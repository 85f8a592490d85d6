"""Commenters: activity table, comments per commenter, hour x weekday, and one commenter's profile."""

import numpy as np
import pandas as pd
import streamlit as st

from analytics.charts import commenters as charts_commenters
from analytics.enrich import Analysis
from analytics.scoring import sentiment
from analytics.threads import activity
from analytics.views.filters import comment_columns, reply_columns
from app_pages import _articles, _ui, state

MAX_PEOPLE = 1000  # commenters offered for a profile (most active first)


# --- data -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Counting by weekday and hour…", max_entries=state.VIEW_RESULTS)
def weekday_hour_figure(view: str, _analysis: Analysis):
    grid = activity.activity_by_hour_weekday(comment_columns(_analysis, ["timestamp"]))
    return charts_commenters.fig_activity_heatmap(grid)


@st.cache_resource(show_spinner=False, max_entries=state.VIEW_RESULTS)
def per_commenter_figure(view: str, _analysis: Analysis):
    return charts_commenters.fig_comments_per_commenter(_analysis.commenters, top=30)


def replies_between(edges: pd.DataFrame, *, by: str, to: str, label: str) -> pd.DataFrame:
    """Reply links grouped by the other side: how many and how fast."""
    return (
        edges.groupby(to, as_index=False)
        .agg(replies=(by, "size"), median_latency=("latency", "median"))
        .sort_values("replies", ascending=False, kind="stable")
        .rename(columns={to: label})
    )


@st.cache_resource(show_spinner="Reading the profile…", max_entries=state.VIEW_RESULTS)
def profile(view: str, _analysis: Analysis, author: str, score: str, _titles: dict[str, str]):
    """The commenter's comments (chart and table), whom they answer and who answers them (reply links in view)."""
    titles = _titles
    # Only the commenter's rows of the columns shown are taken, not every column of the view
    # (docs/performance.md#views-and-serving-memory).
    authors = comment_columns(_analysis, ["author"])["author"]
    rows = np.flatnonzero((authors == author).to_numpy(dtype=bool, na_value=False))
    own = comment_columns(
        _analysis,
        ["author", "timestamp", "article_id", score, "sentiment_label", "reply_to_author", "reply_method", "text"],
        rows=rows,
    )
    table = own.assign(article=own["article_id"].map(titles))[
        ["timestamp", "article", score, "sentiment_label", "reply_to_author", "reply_method", "text"]
    ]
    edges = reply_columns(_analysis, ["child_id", "child_author", "parent_author", "latency"])
    answers = replies_between(
        edges[edges["child_author"] == author], by="child_id", to="parent_author", label="replies to"
    )
    answered = replies_between(
        edges[(edges["parent_author"] == author) & (edges["child_author"] != author)],
        by="child_id",
        to="child_author",
        label="replied to by",
    )
    return (
        charts_commenters.fig_comment_scores(own, column=score),
        table.sort_values("timestamp", kind="stable"),
        answers,
        answered,
    )


analysis = state.filtered_or_stop()
filters = state.current_filters()
view = state.view_key()
commenters = analysis.commenters
# Comments that name no one (a table without an author column) have no commenter to list or profile.
anonymous = commenters.empty and activity.anonymous_comments(comment_columns(analysis, ["author"])["author"])
score = sentiment.ENGINES[filters.engine].label_column
titles = _articles.article_titles()
people = commenters["author"].iloc[:MAX_PEOPLE].tolist()  # the most active first
if st.session_state.get("profile_author") not in people:  # filtered out since it was chosen
    st.session_state.pop("profile_author", None)

# --- layout ---------------------------------------------------------------------------------
st.header("Commenters")
if anonymous:
    st.info(
        f"{charts_commenters.ANONYMOUS_NOTE}: the input has no author column, so there is no commenter "
        "table, chart or profile. Name one with --map author=COLUMN (or the Data page's column form)."
    )
    _ui.chart(weekday_hour_figure(view, analysis), "Comments by weekday and hour")
    del analysis
    st.stop()
st.caption("Counts cover the comments that match the filters; replies received count only replies that match.")
_ui.table(
    commenters,
    "Commenter activity",
    key=view,
    column_config={
        "mean_polarity": st.column_config.NumberColumn(format="%+.3f"),
        "median_polarity": st.column_config.NumberColumn(format="%+.3f"),
        "share_negative": st.column_config.NumberColumn(format="percent"),
    },
)

left, right = st.columns(2)
with left:
    _ui.chart(per_commenter_figure(view, analysis), "Comments per commenter")
with right:
    _ui.chart(weekday_hour_figure(view, analysis), "Comments by weekday and hour")

st.subheader("Profile")
author = st.selectbox("Commenter", people, key="profile_author")  # a selectbox shows names as plain text
if len(commenters) > len(people):
    st.caption(
        f"The {len(people):,} most active of {len(commenters):,} commenters: choose others with the "
        "sidebar's commenter filter."
    )
scores_figure, own_table, answers, answered = profile(view, analysis, author, score, titles)
row = commenters.iloc[people.index(author)]  # the selectbox offers only these
cols = st.columns(4)
cols[0].metric("Comments", f"{int(row['comments']):,}")
cols[1].metric("Words", f"{int(row['words']):,}")
cols[2].metric("Replies made", f"{int(row['replies_made']):,}")
cols[3].metric("Replies received", f"{int(row['replies_received']):,}")
_ui.chart(scores_figure, "Profile sentiment")
_ui.table(own_table, "Profile comments", column_config={"text": st.column_config.TextColumn("comment", width="large")})
left, right = st.columns(2)
with left:
    st.caption("Whom they reply to")
    _ui.table(answers, "Profile replies to")
with right:
    st.caption("Who replies to them")
    _ui.table(answered, "Profile replied to by")

# Not kept by this run's globals, which outlive the run (see the end of app_pages/replies.py).
del analysis
