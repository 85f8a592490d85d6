"""Threadscope: the dashboard's router. ``streamlit run app.py [-- PATH...]``."""
import streamlit as st

from app_pages._sidebar import global_filters

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
