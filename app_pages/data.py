"""Data: what is loaded, how it was read, and the comments as plain text."""
import pandas as pd
import streamlit as st

from analytics.loaders import LoadError
from app_pages import state

# --- data -----------------------------------------------------------------------------------
corpus = state.current_corpus()
report = corpus.report

# --- layout ---------------------------------------------------------------------------------
st.header("Data")

with st.expander("Open other data", expanded=False):
    upload = st.file_uploader("Upload a saved news page (.txt)", type=["txt"])
    if upload is not None:
        try:
            st.session_state[state.UPLOAD_KEY] = state.load_upload(upload.getvalue(), upload.name)
            st.rerun()
        except LoadError as err:
            st.error("This file could not be loaded.")
            st.text(str(err))
    if state.UPLOAD_KEY in st.session_state and st.button("Back to the files given at start"):
        del st.session_state[state.UPLOAD_KEY]
        st.rerun()

st.subheader("Articles")
for article in corpus.articles.itertuples():
    with st.container(border=True):
        # User text goes through st.text, never markdown: titles and bodies are shown literally.
        st.text(article.title)
        declared = "not stated" if pd.isna(article.declared_comments) else int(article.declared_comments)
        st.caption(f"{article.parsed_comments} comments parsed · declared by the page: {declared}")
        with st.expander("Article text"):
            st.text(article.body)

st.subheader("Load report")
st.dataframe(pd.DataFrame([{
    "file": f.source, "format": f.format, "encoding": f.encoding, "lines": f.lines,
    "articles": f.articles, "declared comments": f.declared_comments,
    "parsed comments": f.parsed_comments, "lines skipped": len(f.skipped), "warnings": len(f.warnings),
} for f in report.files]), hide_index=True)
skipped = pd.DataFrame([{"file": f.source, "line": s.line, "reason": s.reason, "text": s.text}
                        for f in report.files for s in f.skipped], columns=["file", "line", "reason", "text"])
if len(skipped):
    st.caption("Lines that went into neither an article nor a comment")
    st.dataframe(skipped, hide_index=True)
for warning in report.all_warnings:
    st.text(f"⚠ {warning}")

st.subheader("Comments")
comments = corpus.comments.assign(mentions=corpus.comments["mentions"].map(" ".join))
st.dataframe(comments[["position", "author", "is_guest", "timestamp", "text", "mentions", "n_words"]],
             hide_index=True, column_config={"text": st.column_config.TextColumn(width="large")})
