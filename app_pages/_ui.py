"""Showing figures and tables on a page, each with its downloads: the one place pages call.

User text reaches the screen only through figures built by :mod:`analytics.charts` (escaped)
and ``st.dataframe`` / ``st.text`` (shown literally), never through markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.output import bundle
from app_pages import _export

#: Rows sent to the browser per page of a table; the CSV download always holds every row.
PAGE_ROWS = 1000
AS_LISTED = "(as listed)"


def chart(fig: go.Figure, name: str) -> None:
    """``fig`` as drawn in the exports (its own template, not Streamlit's theme), with downloads.

    ``name`` names the files and must be unique on the page.
    """
    st.plotly_chart(fig, theme=None, key=f"chart-{name}", config={"displaylogo": False})
    _export.chart_downloads(fig, name)


def sortable_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a table can be sorted by: numbers, times, flags and text (not lists)."""
    return [c for c in frame.columns if frame[c].dtype != object or pd.api.types.is_string_dtype(frame[c])]


def sort_order(frame: pd.DataFrame, column: str, *, descending: bool = False) -> np.ndarray:
    """Row positions of ``frame`` sorted by ``column`` (stable; missing values last either way).

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"n": [2.0, None, 1.0, 2.0]})
        >>> sort_order(frame, "n").tolist(), sort_order(frame, "n", descending=True).tolist()
        ([2, 0, 3, 1], [0, 3, 2, 1])
    """
    values = frame[column].reset_index(drop=True)
    return values.sort_values(ascending=not descending, na_position="last", kind="stable").index.to_numpy()


def _sort_order(
    frame: pd.DataFrame, column: str, descending: bool, decorate: Callable[[pd.DataFrame], pd.DataFrame] | None
) -> np.ndarray:
    # A column the decoration adds (looked up for the page shown) is looked up for every row only
    # when someone sorts by it.
    sorted_frame = frame if column in frame.columns or decorate is None else decorate(frame)
    return sort_order(sorted_frame, column, descending=descending)


@st.cache_resource(show_spinner="Sorting…", max_entries=8)
def _cached_order(
    key: str,
    name: str,
    column: str,
    descending: bool,
    _frame: pd.DataFrame,
    _decorate: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> np.ndarray:
    return _sort_order(_frame, column, descending, _decorate)


def page_of(
    frame: pd.DataFrame,
    name: str,
    *,
    page_rows: int = PAGE_ROWS,
    key: str | None = None,
    decorate: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """The rows of ``frame`` on the page the user picks, in the order they pick: widgets above the table.

    ``key`` names the content of ``frame`` (the view and whatever else it depends on); with it,
    sort orders are computed once per content, column and direction (sorting a million rows is
    slow: docs/performance.md#views-and-serving-memory). The columns ``decorate`` adds (see
    :func:`table`) are offered too: sorting by one decorates every row, once. A frame of
    ``page_rows`` rows or fewer is returned whole, with no widgets.
    """
    if len(frame) <= page_rows:
        return frame
    stem = bundle.safe_file_stem(name)
    pages = -(-len(frame) // page_rows)
    page_key = f"page-{stem}"
    if st.session_state.get(page_key, 1) > pages:  # fewer rows since it was chosen (a filter)
        st.session_state[page_key] = pages
    columns = sortable_columns(frame)
    if decorate is not None:
        columns += [c for c in sortable_columns(decorate(frame.iloc[:0])) if c not in frame.columns]
    if st.session_state.get(f"sort-{stem}", AS_LISTED) not in columns:
        st.session_state.pop(f"sort-{stem}", None)
    left, middle, right = st.columns([3, 1, 2], vertical_alignment="bottom")
    column = left.selectbox(
        "Sort by",
        [AS_LISTED] + columns,
        key=f"sort-{stem}",
        help=f"Sorts all {len(frame):,} rows; the table's own column headers sort this page only.",
    )
    descending = middle.toggle("Descending", key=f"desc-{stem}", disabled=column == AS_LISTED)
    page = right.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=page_key)
    start = (int(page) - 1) * page_rows
    if column == AS_LISTED:
        rows = frame.iloc[start : start + page_rows]
    else:
        order = (
            _sort_order(frame, column, descending, decorate)
            if key is None
            else _cached_order(key, name, column, descending, frame, decorate)
        )
        rows = frame.iloc[order[start : start + page_rows]]
    st.caption(
        f"Rows {start + 1:,} to {start + len(rows):,} of {len(frame):,}"
        + ("" if column == AS_LISTED else f", sorted by {column}{' (descending)' if descending else ''}")
        + f"; {page_rows:,} rows a page. The CSV holds them all."
    )
    return rows


def table(
    frame: pd.DataFrame,
    name: str,
    *,
    csv: pd.DataFrame | None = None,
    column_config: dict | None = None,
    height: int | str = "auto",
    page_rows: int = PAGE_ROWS,
    key: str | None = None,
    decorate: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> None:
    """``frame`` as a sortable table, ``page_rows`` rows a page (see :func:`page_of`), with a CSV download.

    The CSV holds every row of ``frame``, or ``csv`` where given (the full table behind a
    shortened or decorated one). ``decorate`` turns rows of ``frame`` into the rows shown (added
    or renamed columns): applied to the page shown, and to the whole table only when the CSV is
    downloaded, so a million rows are not decorated on every run.
    """
    shown = page_of(frame, name, page_rows=page_rows, key=key, decorate=decorate)
    st.dataframe(
        shown if decorate is None else decorate(shown), hide_index=True, column_config=column_config, height=height
    )
    if csv is not None or decorate is None:
        _export.table_download(frame if csv is None else csv, name)
    else:
        _export.table_download(frame, name, decorate=decorate)


def user_text(value: object) -> None:
    """A title, name or comment shown literally (``st.text``: no markdown, no HTML)."""
    st.text("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
