"""Commenters: activity table, comments per commenter, hour x weekday, and one commenter's profile."""
import pandas as pd
import streamlit as st

from analytics import activity, charts, sentiment
from app_pages import _ui, state

# --- data -----------------------------------------------------------------------------------
analysis = state.filtered_or_stop()
filters = state.current_filters()
comments, commenters, edges = analysis.comments, analysis.commenters, analysis.replies
score = sentiment.ENGINES[filters.engine].label_column
grid = activity.activity_by_hour_weekday(comments)
people = commenters["author"].tolist()
titles = dict(zip(analysis.articles["article_id"], analysis.articles["title"]))


def profile(author: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The commenter's comments, whom they answer and who answers them (reply links in view)."""
    own = comments[comments["author"] == author]
    own = own.assign(article=own["article_id"].map(titles))
    own = own[["timestamp", "article", score, "sentiment_label", "reply_to_author", "reply_method", "text"]]
    answers = edges[edges["child_author"] == author].groupby("parent_author", as_index=False) \
        .agg(replies=("child_id", "size"), median_latency=("latency", "median")) \
        .sort_values("replies", ascending=False).rename(columns={"parent_author": "replies to"})
    answered = edges[(edges["parent_author"] == author) & (edges["child_author"] != author)] \
        .groupby("child_author", as_index=False).agg(replies=("child_id", "size"), median_latency=("latency", "median")) \
        .sort_values("replies", ascending=False).rename(columns={"child_author": "replied to by"})
    return own.sort_values("timestamp", kind="stable"), answers, answered


# --- layout ---------------------------------------------------------------------------------
st.header("Commenters")
st.caption("Counts cover the comments that match the filters; replies received count only replies that match.")
_ui.table(commenters, "Commenter activity", column_config={
    "mean_polarity": st.column_config.NumberColumn(format="%+.3f"),
    "median_polarity": st.column_config.NumberColumn(format="%+.3f"),
    "share_negative": st.column_config.NumberColumn(format="percent"),
})

left, right = st.columns(2)
with left:
    _ui.chart(charts.fig_comments_per_commenter(commenters, top=30), "Comments per commenter")
with right:
    _ui.chart(charts.fig_activity_heatmap(grid), "Comments by weekday and hour")

st.subheader("Profile")
if st.session_state.get("profile_author") not in people:  # filtered out since it was chosen
    st.session_state.pop("profile_author", None)
# A selectbox shows names as plain text.
author = st.selectbox("Commenter", people, key="profile_author")
own, answers, answered = profile(author)
row = commenters.set_index("author").loc[author]
cols = st.columns(4)
cols[0].metric("Comments", f"{int(row['comments']):,}")
cols[1].metric("Words", f"{int(row['words']):,}")
cols[2].metric("Replies made", f"{int(row['replies_made']):,}")
cols[3].metric("Replies received", f"{int(row['replies_received']):,}")
_ui.chart(charts.fig_comment_scores(comments[comments["author"] == author], column=score), "Profile sentiment")
_ui.table(own, "Profile comments", column_config={"text": st.column_config.TextColumn("comment", width="large")})
left, right = st.columns(2)
with left:
    st.caption("Whom they reply to")
    _ui.table(answers, "Profile replies to")
with right:
    st.caption("Who replies to them")
    _ui.table(answered, "Profile replied to by")
