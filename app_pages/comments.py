"""Comments: the comments that match the filters, with their full text, scores and reply links."""
import streamlit as st

from app_pages import _ui, state

COLUMNS = ["timestamp", "article", "author", "is_guest", "text", "language", "polarity", "subjectivity",
           "vader_compound", "sentiment_label", "reply_to_author", "reply_method", "reply_confidence",
           "position", "comment_id", "thread_id"]

# --- data -----------------------------------------------------------------------------------
analysis = state.filtered_or_stop()
titles = dict(zip(analysis.articles["article_id"], analysis.articles["title"]))
find = st.session_state.get("comments_find", "")
comments = analysis.comments.assign(article=analysis.comments["article_id"].map(titles))
comments = comments[[c for c in COLUMNS if c in comments.columns]]
if find:
    hit = comments["text"].str.contains(find, case=False, regex=False, na=False) | \
        comments["author"].str.contains(find, case=False, regex=False, na=False)
    comments = comments[hit]

# --- layout ---------------------------------------------------------------------------------
st.header("Comments")
st.text_input("Find in these comments (text or name)", key="comments_find",
              help="Narrows this table only; the sidebar's text filter applies to every page.")
st.caption(f"{len(comments):,} of the {len(analysis.comments):,} comments that match the filters.")
_ui.table(comments, "Comments", height=600, column_config={
    "text": st.column_config.TextColumn("comment", width="large"),
    "polarity": st.column_config.NumberColumn(format="%+.3f"),
    "subjectivity": st.column_config.NumberColumn(format="%.3f"),
    "vader_compound": st.column_config.NumberColumn(format="%+.3f"),
})
