"""Replies and timelines: the reply network, a conversation timeline, reply latency and the threads."""
import streamlit as st

from analytics import charts, sentiment, timeline
from app_pages import _ui, state

# --- data -----------------------------------------------------------------------------------
analysis = state.filtered_or_stop()
filters = state.current_filters()
comments, edges, threads = analysis.comments, analysis.replies, analysis.threads
score = sentiment.ENGINES[filters.engine].label_column
titles = dict(zip(analysis.articles["article_id"], analysis.articles["title"]))
per_article = comments["article_id"].value_counts()
latency_by_commenter = timeline.response_latency_by_commenter(edges)
roots = comments.set_index("comment_id")[["author", "text"]]
thread_table = threads.join(roots.rename(columns={"author": "started by", "text": "first comment"}), on="thread_id")
thread_table.insert(1, "article", thread_table["article_id"].map(titles))
methods = edges["method"].value_counts()

# --- layout ---------------------------------------------------------------------------------
st.header("Replies and timelines")
st.caption("Replies are found from explicit parents, @handles and quoted words; "
           + ", ".join(f"{n:,} by {m}" for m, n in methods.items()) + "." if len(methods) else
           "No reply links among the comments that match the filters.")

_ui.chart(charts.fig_reply_network(comments, edges, score_column=score), "Reply network")

if len(per_article) > 1:
    if st.session_state.get("timeline_article") not in per_article.index:
        st.session_state.pop("timeline_article", None)
    # A selectbox shows titles as plain text.
    article = st.selectbox("Conversation timeline of the article", list(per_article.index), key="timeline_article",
                           format_func=lambda a: f"{titles.get(a, a)} ({per_article[a]:,} comments)")
else:
    article = per_article.index[0]
in_article = comments[comments["article_id"] == article]
_ui.chart(charts.fig_conversation_timeline(in_article, edges[edges["article_id"] == article], score_column=score),
          "Conversation timeline")

left, right = st.columns([3, 2])
with left:
    _ui.chart(charts.fig_latency_histogram(edges), "Reply latency")
with right:
    st.caption("How fast each commenter answers")
    _ui.table(latency_by_commenter, "Reply latency by commenter")

st.subheader("Threads")
_ui.table(thread_table.sort_values(["size", "start"], ascending=[False, True], kind="stable"), "Threads",
          column_config={"first comment": st.column_config.TextColumn(width="large"),
                         "thread_id": None, "article_id": None})
