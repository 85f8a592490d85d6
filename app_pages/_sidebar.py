"""The global filters in the sidebar, mirrored in the URL query string.

Called once per run from ``app.py`` before the page: widgets made in the entrypoint keep their
state across pages (Streamlit's recommended way for widgets shared by every page). The URL is
read once per session (a bookmarked or shared link opens filtered) and rewritten on every run,
since switching pages clears it. Every widget, its label, help text and default come from the
table of settings (:data:`analytics.views.settings.SETTINGS`), laid out by the kind of widget
each setting asks for; the URL format from :mod:`analytics.views.codec`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from analytics.enrich import Analysis
from analytics.views.codec import filters_from_query, filters_to_query
from analytics.views.filters import comment_count
from analytics.views.settings import SETTINGS, Filters, FilterSetting
from app_pages import _export, state


def _widget_name(setting: FilterSetting) -> str:
    # The two ends of the time range share one slider.
    return "time" if setting.kind.widget == "time range" else setting.name


#: The settings each sidebar widget shows, by widget name, in the order they are drawn.
WIDGETS: dict[str, tuple[FilterSetting, ...]] = {}
for _s in SETTINGS:
    WIDGETS[_widget_name(_s)] = WIDGETS.get(_widget_name(_s), ()) + (_s,)
KEYS = {name: f"filter_{name}" for name in WIDGETS}
_LOADED_FOR = "filters_loaded_for"  # the data the widget values belong to


@st.cache_resource(show_spinner=False, max_entries=16)
def _names(key: str, name: str, _analysis: Analysis) -> dict[str, str]:
    """The names the data ``key`` has for the setting ``name`` (of kind ``Names``), each with the
    words shown for it: its title (in the table's order), or the name itself (sorted ignoring case)."""
    kind = WIDGETS[name][0].kind
    table = getattr(_analysis, kind.listed_in)
    if kind.shown_as:
        return dict(zip(table[kind.column], table[kind.shown_as]))
    names = sorted(pd.unique(table[kind.column]), key=lambda a: (a.casefold(), a))
    return dict(zip(names, names))


@st.cache_resource(show_spinner=False, max_entries=8)
def _bounds(key: str, _analysis: Analysis) -> tuple[datetime, datetime, timedelta] | None:
    """Slider bounds covering every dated comment of the data ``key``, and a step that suits the span."""
    stamps = _analysis.comments["timestamp"].dropna()
    if stamps.empty:
        return None
    span = stamps.max() - stamps.min()
    step = (
        pd.Timedelta("1min")
        if span <= pd.Timedelta("3D")
        else pd.Timedelta("1h")
        if span <= pd.Timedelta("365D")
        else pd.Timedelta("1D")
    )
    low, high = stamps.min().floor(step), stamps.max().ceil(step)
    if low == high:
        high = low + step
    return low.to_pydatetime(), high.to_pydatetime(), step.to_pytimedelta()


def _options(setting: FilterSetting, analysis: Analysis) -> list[str]:
    """The options a choice offers on this data: those the analysis lists, or all."""
    kind = setting.kind
    if kind.offered_by:
        return list(analysis.settings.get(kind.offered_by) or [setting.default])
    return list(kind.options())


def _available(settings: tuple[FilterSetting, ...], analysis: Analysis) -> bool:
    """Whether this data has a widget for ``settings``: a time range needs dated comments, a
    number the column it reads (an analysis stored before toxicity was scored has none)."""
    kind = settings[0].kind
    if kind.widget == "time range":
        return _bounds(state.analysis_key(), analysis) is not None
    return kind.widget != "slider" or kind.column in analysis.comments


def _shown(settings: tuple[FilterSetting, ...], filters: Filters, analysis: Analysis) -> object | None:
    """The session-state value of the widget showing ``settings`` of ``filters`` on this data
    (None: the data has no such widget)."""
    first = settings[0]
    widget, value = first.kind.widget, getattr(filters, first.name)
    if not _available(settings, analysis):
        return None
    if widget == "time range":
        low, high, _ = _bounds(state.analysis_key(), analysis)
        chosen = {s.kind.side: getattr(filters, s.name) for s in settings}
        start = low if chosen["start"] is None else min(max(chosen["start"], low), high)
        end = high if chosen["end"] is None else max(min(chosen["end"], high), start)
        return start, end
    if widget == "multiselect":
        return list(value)
    if widget in ("selectbox", "radio"):
        options = _options(first, analysis)
        return value if value in options else options[0]
    return value


def _read(settings: tuple[FilterSetting, ...], value: object, analysis: Analysis) -> dict[str, object]:
    """The settings' values the widget's session-state ``value`` chooses."""
    first = settings[0]
    widget = first.kind.widget
    if widget == "time range":
        low, high, _ = _bounds(state.analysis_key(), analysis)
        start, end = value
        named = {s.kind.side: s.name for s in settings}
        # An end left at the data's bound sets nothing: undated comments stay, the URL stays clean.
        return {named["start"]: None if start <= low else start, named["end"]: None if end >= high else end}
    converted = {"multiselect": tuple, "range slider": tuple, "slider": float, "checkbox": bool}.get(widget)
    return {first.name: converted(value) if converted else value}


def _draw(name: str, settings: tuple[FilterSetting, ...], analysis: Analysis) -> None:
    """The widget ``name`` showing ``settings``, its value in the session state."""
    s, key = settings[0], KEYS[name]
    kind = s.kind
    if kind.widget == "multiselect":
        shown = _names(state.analysis_key(), s.name, analysis)
        # Names from a shared link that this data lacks stay selectable, so the empty result is visible.
        options = list(shown) + [a for a in st.session_state[key] if a not in shown]
        # Options are shown as plain text by these widgets; titles and names are user text.
        st.multiselect(
            s.label,
            options,
            key=key,
            help=s.help,
            placeholder=s.placeholder,
            format_func=lambda a: shown.get(a, f"(not in this data) {a}"),
        )
    elif not _available(settings, analysis):
        if kind.widget == "time range":
            st.caption("No comment has a time: no time filter.")
    elif kind.widget == "time range":
        low, high, step = _bounds(state.analysis_key(), analysis)
        st.slider(s.label, min_value=low, max_value=high, step=step, key=key, format="YYYY-MM-DD HH:mm", help=s.help)
    elif kind.widget in ("range slider", "slider"):
        st.slider(s.label, min_value=kind.lowest, max_value=kind.highest, step=kind.step, key=key, help=s.help)
    elif kind.widget == "selectbox":
        st.selectbox(s.label, _options(s, analysis), key=key, help=s.help)
    elif kind.widget == "radio":
        st.radio(
            s.label,
            _options(s, analysis),
            key=key,
            horizontal=True,
            help=s.help,
            format_func=lambda v: kind.labels.get(v, v),
        )
    elif kind.widget == "text":
        st.text_input(s.label, key=key, help=s.help, placeholder=s.placeholder)
    elif kind.widget == "checkbox":
        st.checkbox(s.label, key=key, help=s.help)
    else:  # a new kind of setting needs its widget here
        raise TypeError(f"no sidebar widget for {kind.widget!r} (setting {s.name!r})")


def _set_widgets(filters: Filters, analysis: Analysis) -> None:
    for name, settings in WIDGETS.items():
        value = _shown(settings, filters, analysis)
        if value is None:
            st.session_state.pop(KEYS[name], None)
        else:
            st.session_state[KEYS[name]] = value


def _reset(analysis: Analysis) -> None:
    _set_widgets(Filters(), analysis)


def _filters_from_widgets(analysis: Analysis) -> Filters:
    values: dict[str, object] = {}
    for name, settings in WIDGETS.items():
        # A widget the data has none of (no time, no toxicity column) leaves its settings at their defaults.
        if KEYS[name] in st.session_state and _available(settings, analysis):
            values.update(_read(settings, st.session_state[KEYS[name]], analysis))
    return Filters(**values)


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
    with st.sidebar:
        st.header("Filters")
        for name, settings in WIDGETS.items():
            _draw(name, settings, analysis)

        filters = _filters_from_widgets(analysis)
        st.button(
            "Reset filters",
            on_click=_reset,
            args=(analysis,),
            disabled=filters.is_default,
            icon=":material/restart_alt:",
            key="filter_reset",
        )
        filtered = state.filtered_for(analysis, data_key, filters)
        st.caption(f"{comment_count(filtered):,} of {len(comments):,} comments match.")
        st.divider()
        _export.report_download(analysis, filters, inputs=state.input_names())

    st.session_state[state.FILTERS_KEY] = filters
    _sync_url(filters)
    return filters
