"""Threadscope: the dashboard's router. ``streamlit run app.py [-- PATH...]``."""
import gc

import streamlit as st

from app_pages._sidebar import global_filters

# Fewer automatic garbage collections: a page run over a million comments makes many container
# objects, and each full collection walks every object alive (0.1-0.2 s). Reruns of the Replies
# page after a filter change at 1M: 1.17-1.33 s CPU with Python's thresholds, 1.01-1.19 s with these.
gc.set_threshold(50_000, 20, 100)

# page_icon: without one, Streamlit fetches the page's Material icon from a Google CDN as favicon.
st.set_page_config(page_title="Threadscope", page_icon="🧵", layout="wide")

pages = {
    "Threadscope": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("app_pages/sentiment.py", title="Sentiment", icon=":material/mood:"),
        st.Page("app_pages/commenters.py", title="Commenters", icon=":material/group:"),
        st.Page("app_pages/replies.py", title="Replies and timelines", icon=":material/forum:"),
        st.Page("app_pages/comments.py", title="Comments", icon=":material/chat:"),
        st.Page("app_pages/signals.py", title="Signals", icon=":material/troubleshoot:"),
        st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
    ],
}
page = st.navigation(pages)
global_filters()  # in the entrypoint, so the filters keep their state on every page
page.run()
