"""Download buttons for charts, tables and the report; the files come from :mod:`analytics.output.bundle`.

Every file is made only when its button is clicked (Streamlit's deferred download data), so a
page with ten charts draws no image until one is asked for, and a click does not rerun the page.
Each button has a stable key (``dl-<format>-<name>``, ``dl-report``), which Streamlit turns
into a CSS class ``st-key-...`` that the browser tests select.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.output import bundle

REPORT_FILE_NAME = "threadscope-report.zip"


@st.cache_resource(ttl=60, show_spinner=False)
def _images_available() -> bool:
    # Looked up at most once a minute: a browser installed while the app runs is found.
    return bundle.image_export_available()


def _button(label: str, data: Any, *, file_name: str, fmt: str, key: str, help: str | None = None) -> None:
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=bundle.MIME_TYPES[fmt],
        key=key,
        on_click="ignore",
        help=help,
        icon=":material/download:",
    )


def chart_downloads(fig: go.Figure, name: str) -> None:
    """PNG, SVG and HTML download buttons for ``fig``, files named after ``name`` (unique on a page).

    Without Chrome or Chromium on the server the PNG and SVG buttons are replaced by a caption
    saying so; the HTML file and the chart's own toolbar (camera icon) still work.
    """
    stem = bundle.safe_file_stem(name)
    images = _images_available()
    with st.container(horizontal=True):
        if images:
            for fmt in bundle.IMAGE_FORMATS:
                _button(
                    fmt.upper(),
                    partial(bundle.figure_image, fig, format=fmt),
                    file_name=f"{stem}.{fmt}",
                    fmt=fmt,
                    key=f"dl-{fmt}-{stem}",
                    help=f"Download this chart as {fmt.upper()}",
                )
        _button(
            "HTML",
            partial(bundle.figure_html, fig, title=name),
            file_name=f"{stem}.html",
            fmt="html",
            key=f"dl-html-{stem}",
            help="Download this chart as an interactive page that opens offline",
        )
    if not images:
        st.caption(
            "PNG and SVG downloads need Chrome or Chromium on the server, and none was found. "
            "The camera icon in the chart's toolbar saves a PNG from your browser."
        )


def _decorated_csv(frame: pd.DataFrame, decorate: Callable[[pd.DataFrame], pd.DataFrame]) -> bytes:
    return bundle.table_csv(decorate(frame))


def table_download(
    frame: pd.DataFrame, name: str, *, decorate: Callable[[pd.DataFrame], pd.DataFrame] | None = None
) -> None:
    """A CSV download button for ``frame`` (turned by ``decorate`` into the table shown, when the
    button is clicked), the file named after ``name`` (unique on a page)."""
    stem = bundle.safe_file_stem(name)
    data = partial(bundle.table_csv, frame) if decorate is None else partial(_decorated_csv, frame, decorate)
    _button(
        "CSV", data, file_name=f"{stem}.csv", fmt="csv", key=f"dl-csv-{stem}", help="Download this table as CSV (UTF-8)"
    )


def report_download(analysis: Any, filters: Any, *, inputs: Sequence[str] = ()) -> None:
    """The "Download report" button: a ZIP of every chart and table for ``filters``, with provenance.

    ``analysis`` is the unfiltered :class:`analytics.enrich.Analysis`; ``inputs`` the paths or
    upload names the data came from, recorded in ``provenance.json``.
    """
    images = _images_available()
    _button(
        "Download report",
        partial(bundle.build_report, analysis, filters, inputs=tuple(inputs), images=images),
        file_name=REPORT_FILE_NAME,
        fmt="zip",
        key="dl-report",
        help="Every chart (" + ("PNG, SVG, " if images else "") + "HTML) and table (CSV) for the current "
        "filters, with provenance.json: filters, engines, input file hashes, version and time.",
    )
    if not images:
        st.caption("The report leaves out PNG and SVG: no Chrome or Chromium was found on the server.")
