"""Threadscope: the dashboard's router. ``streamlit run app.py [-- PATH...]``."""

import gc

import streamlit as st

from app_pages import PAGES
from app_pages._sidebar import global_filters

# Fewer automatic garbage collections: each full collection walks every live object, and a page
# run over a large corpus makes many; see docs/performance.md#garbage-collection.
gc.set_threshold(50_000, 20, 100)

# page_icon: without one, Streamlit fetches the page's Material icon from a Google CDN as favicon.
st.set_page_config(page_title="Threadscope", page_icon="🧵", layout="wide")

page = st.navigation({"Threadscope": [st.Page(p.script, title=p.title, icon=p.icon, default=p.default) for p in PAGES]})
global_filters()  # in the entrypoint, so the filters keep their state on every page
page.run()
