"""The global filters in the sidebar, mirrored in the URL query string.

Called once per run from ``app.py`` before the page: widgets made in the entrypoint keep their
state across pages (Streamlit's recommended way for widgets shared by every page). The URL is
read once per session (a bookmarked or shared link opens filtered) and rewritten on every run,
since switching pages clears it. Defaults, help texts and the URL format come from
:mod:`analytics.views.filters`.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from analytics.enrich import Analysis
from analytics.views.filters import STATUSES, Filters, comment_count, filters_from_query, filters_to_query, help_text
from app_pages import _export, state

KEYS = {name: f"filter_{name}" for name in
        ("articles", "commenters", "time", "engine", "sentiment", "min_toxicity", "search", "status",
         "include_flagged")}
_LOADED_FOR = "filters_loaded_for"  # the data the widget values belong to
_STATUS_LABELS = {"all": "everyone", "guest": "guests", "registered": "registered"}


@st.cache_resource(show_spinner=False, max_entries=8)
def _options(key: str, _analysis: Analysis) -> tuple[dict[str, str], list[str]]:
    """Article titles by id and commenter names (sorted ignoring case) of the data ``key``."""
    titles = dict(zip(_analysis.articles["article_id"], _analysis.articles["title"]))
    authors = sorted(pd.unique(_analysis.comments["author"]), key=lambda a: (a.casefold(), a))
    return titles, authors


@st.cache_resource(show_spinner=False, max_entries=8)
def _bounds(key: str, _analysis: Analysis) -> tuple[datetime, datetime, timedelta] | None:
    """Slider bounds covering every dated comment of the data ``key``, and a step that suits the span."""
    stamps = _analysis.comments["timestamp"].dropna()
    if stamps.empty:
        return None
    span = stamps.max() - stamps.min()
    step = pd.Timedelta("1min") if span <= pd.Timedelta("3D") else \
        pd.Timedelta("1h") if span <= pd.Timedelta("365D") else pd.Timedelta("1D")
    low, high = stamps.min().floor(step), stamps.max().ceil(step)
    if low == high:
        high = low + step
    return low.to_pydatetime(), high.to_pydatetime(), step.to_pytimedelta()


def _engines(analysis: Analysis) -> list[str]:
    return list(analysis.settings.get("engines") or [Filters().engine])


def _widget_values(filters: Filters, analysis: Analysis) -> dict[str, object]:
    """The widgets' session-state values showing ``filters`` on this data."""
    values: dict[str, object] = {
        "articles": list(filters.articles), "commenters": list(filters.commenters),
        "engine": filters.engine if filters.engine in _engines(analysis) else _engines(analysis)[0],
        "sentiment": filters.sentiment, "min_toxicity": filters.min_toxicity, "search": filters.search,
        "status": filters.status,
        "include_flagged": filters.include_flagged}
    bounds = _bounds(state.analysis_key(), analysis)
    if bounds:
        low, high, _ = bounds
        start = low if filters.start is None else min(max(filters.start, low), high)
        end = high if filters.end is None else max(min(filters.end, high), start)
        values["time"] = (start, end)
    return values


def _set_widgets(filters: Filters, analysis: Analysis) -> None:
    values = _widget_values(filters, analysis)
    for name in KEYS:
        if name in values:
            st.session_state[KEYS[name]] = values[name]
        else:
            st.session_state.pop(KEYS[name], None)


def _reset(analysis: Analysis) -> None:
    _set_widgets(Filters(), analysis)


def _filters_from_widgets(analysis: Analysis) -> Filters:
    s = st.session_state
    start = end = None
    bounds = _bounds(state.analysis_key(), analysis)
    if bounds and KEYS["time"] in s:
        low, high, _ = bounds
        chosen_start, chosen_end = s[KEYS["time"]]
        start = None if chosen_start <= low else chosen_start
        end = None if chosen_end >= high else chosen_end
    return Filters(articles=tuple(s[KEYS["articles"]]), commenters=tuple(s[KEYS["commenters"]]), start=start,
                   end=end, sentiment=tuple(s[KEYS["sentiment"]]), engine=s[KEYS["engine"]],
                   # An analysis stored before toxicity was scored has no column (and no slider) to filter by.
                   min_toxicity=float(s.get(KEYS["min_toxicity"], 0.0)) if "toxicity" in analysis.comments else 0.0,
                   search=s[KEYS["search"]], status=s[KEYS["status"]],
                   include_flagged=bool(s[KEYS["include_flagged"]]))


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _sync_url(filters: Filters) -> None:
    wanted = {k: [v] for k, v in filters_to_query(filters).items()}
    if _url_params() != wanted:
        st.query_params.from_dict(filters_to_query(filters))


def global_filters() -> Filters:
    """Draw the sidebar filters, remember them for the pages of this run, keep the URL in step.

    Returns the defaults, drawing nothing, when the data cannot be loaded (the page says why).
    """
    analysis = state.current_analysis_or_none()
    if analysis is None:
        st.session_state[state.FILTERS_KEY] = Filters()
        return Filters()

    data_key = state.analysis_key()
    if st.session_state.get(_LOADED_FOR) != data_key:
        # First run of the session: the URL's filters; other data opened later: the defaults.
        first = _LOADED_FOR not in st.session_state
        _set_widgets(filters_from_query(_url_params()) if first else Filters(), analysis)
        st.session_state[_LOADED_FOR] = data_key

    comments = analysis.comments
    titles, authors = _options(data_key, analysis)
    # Names from a shared link that this data lacks stay selectable, so the empty result is visible.
    article_options = list(titles) + [a for a in st.session_state[KEYS["articles"]] if a not in titles]
    known = set(authors)
    author_options = authors + [a for a in st.session_state[KEYS["commenters"]] if a not in known]
    bounds = _bounds(state.analysis_key(), analysis)

    with st.sidebar:
        st.header("Filters")
        # Options are shown as plain text by these widgets; titles and names are user text.
        st.multiselect("Articles", article_options, key=KEYS["articles"], help=help_text("articles"),
                       format_func=lambda a: titles.get(a, f"(not in this data) {a}"), placeholder="All articles")
        st.multiselect("Commenters", author_options, key=KEYS["commenters"], help=help_text("commenters"),
                       placeholder="Everyone")
        if bounds:
            low, high, step = bounds
            st.slider("Posted between", min_value=low, max_value=high, step=step, key=KEYS["time"],
                      format="YYYY-MM-DD HH:mm", help=help_text("start"))
        else:
            st.caption("No comment has a time: no time filter.")
        st.selectbox("Sentiment engine", _engines(analysis), key=KEYS["engine"], help=help_text("engine"))
        st.slider("Sentiment score", min_value=-1.0, max_value=1.0, step=0.05, key=KEYS["sentiment"],
                  help=help_text("sentiment"))
        if "toxicity" in comments.columns:
            st.slider("Minimum toxicity", min_value=0.0, max_value=1.0, step=0.05, key=KEYS["min_toxicity"],
                      help=help_text("min_toxicity"))
        st.text_input("Text contains", key=KEYS["search"], help=help_text("search"), placeholder="Search comments")
        st.radio("Posted by", STATUSES, key=KEYS["status"], horizontal=True, help=help_text("status"),
                 format_func=_STATUS_LABELS.get)
        st.checkbox("Include deleted, spam and pingbacks", key=KEYS["include_flagged"],
                    help=help_text("include_flagged"))

        filters = _filters_from_widgets(analysis)
        st.button("Reset filters", on_click=_reset, args=(analysis,), disabled=filters.is_default,
                  icon=":material/restart_alt:", key="filter_reset")
        filtered = state.filtered_for(analysis, data_key, filters)
        st.caption(f"{comment_count(filtered):,} of {len(comments):,} comments match.")
        st.divider()
        _export.report_download(analysis, filters, inputs=state.input_names())

    st.session_state[state.FILTERS_KEY] = filters
    _sync_url(filters)
    return filters
