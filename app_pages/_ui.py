"""Showing figures and tables on a page, each with its downloads: the one place pages call.

User text reaches the screen only through figures built by :mod:`analytics.charts` (escaped)
and ``st.dataframe`` / ``st.text`` (shown literally), never through markdown or HTML.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages import _export

#: Rows sent to the browser per table; the CSV download always holds every row.
MAX_TABLE_ROWS = 5000


def chart(fig: go.Figure, name: str) -> None:
    """``fig`` as drawn in the exports (its own template, not Streamlit's theme), with downloads.

    ``name`` names the files and must be unique on the page.
    """
    st.plotly_chart(fig, theme=None, key=f"chart-{name}", config={"displaylogo": False})
    _export.chart_downloads(fig, name)


def table(frame: pd.DataFrame, name: str, *, csv: pd.DataFrame | None = None, column_config: dict | None = None,
          height: int | str = "auto", max_rows: int = MAX_TABLE_ROWS) -> None:
    """``frame`` as a sortable table (at most ``max_rows`` rows on screen) with a CSV download.

    The CSV holds every row of ``frame``, or ``csv`` where given (the full table behind a
    shortened or decorated one).
    """
    shown = frame.head(max_rows)
    st.dataframe(shown, hide_index=True, column_config=column_config, height=height)
    whole = frame if csv is None else csv
    if len(whole) > len(shown):
        st.caption(f"Showing {len(shown):,} of {len(whole):,} rows; the CSV holds them all.")
    _export.table_download(whole, name)


def user_text(value: object) -> None:
    """A title, name or comment shown literally (``st.text``: no markdown, no HTML)."""
    st.text("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))
