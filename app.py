"""Threadscope: the dashboard's router. ``streamlit run app.py [-- PATH...]``."""
import streamlit as st

st.set_page_config(page_title="Threadscope", layout="wide")

pages = {
    "Threadscope": [
        st.Page("app_pages/data.py", title="Data", icon=":material/database:", default=True),
    ],
}
st.navigation(pages).run()
