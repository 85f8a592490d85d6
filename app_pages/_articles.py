"""The article titles of the data in use, for pages that name articles: made once per data."""

from __future__ import annotations

import streamlit as st

from analytics.enrich import Analysis
from app_pages import state


@st.cache_resource(show_spinner=False, max_entries=4, ttl=state.CORPUS_TTL)
def _titles_of(key: str, _analysis: Analysis) -> dict[str, str]:
    return dict(zip(_analysis.articles["article_id"], _analysis.articles["title"]))


def article_titles() -> dict[str, str]:
    """Article id -> title, for every article of the data in use (so for every view of it).

    Shared by sessions and reruns (made once per analysis, not per run): read it, never change it.
    """
    return _titles_of(state.analysis_key(), state.current_analysis())
