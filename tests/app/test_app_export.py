"""app_pages/_export.py: the download buttons, with and without a browser for PNG and SVG."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.output import bundle

ROOT = Path(__file__).resolve().parents[2]
# Streamlit's script runner makes each script it runs sys.modules["__main__"] and leaves it there;
# a later test that starts processes by "spawn" (Dask, multiprocessing) would then run that script
# in every worker. Collected before any test runs, this is pytest's own __main__.
PYTEST_MAIN = sys.modules["__main__"]


def _chart_and_table_script():
    import pandas as pd
    import plotly.graph_objects as go

    from app_pages import _export

    _export.chart_downloads(go.Figure(go.Bar(x=["geha"], y=[3])), "Comments per commenter")
    _export.table_download(pd.DataFrame({"author": ["geha"]}), "Commenter activity")


def _report_script():
    import analytics
    from analytics.enrich import enrich
    from analytics.views.filters import Filters
    from app_pages import _export

    _export.report_download(enrich(analytics.load(analytics.SAMPLE)), Filters(), inputs=["sample.txt"])


def _run(script, monkeypatch, *, browser: str | None) -> AppTest:
    from app_pages import _export

    monkeypatch.setattr(bundle, "find_browser", lambda: browser)
    monkeypatch.chdir(ROOT)
    _export._images_available.clear()
    try:
        at = AppTest.from_function(script, default_timeout=60).run()
    finally:
        sys.modules["__main__"] = PYTEST_MAIN
        _export._images_available.clear()
    assert not at.exception
    return at


def test_running_a_script_leaves_pytests_main_module_in_place(monkeypatch):
    _run(_chart_and_table_script, monkeypatch, browser=None)
    assert sys.modules["__main__"] is PYTEST_MAIN


def _buttons(at: AppTest) -> dict[str, str]:
    # Widget ids end with the key: "$$ID-<hash>-dl-png-...".
    return {b.proto.id.split("-", 2)[-1]: b.proto.label for b in at.get("download_button")}


def test_chart_gets_png_svg_and_html_buttons_and_a_table_csv(monkeypatch):
    at = _run(_chart_and_table_script, monkeypatch, browser="/usr/bin/chromium")
    assert _buttons(at) == {
        "dl-png-comments-per-commenter": "PNG",
        "dl-svg-comments-per-commenter": "SVG",
        "dl-html-comments-per-commenter": "HTML",
        "dl-csv-commenter-activity": "CSV",
    }
    assert not at.caption


def test_without_a_browser_png_and_svg_give_way_to_a_caption(monkeypatch):
    at = _run(_chart_and_table_script, monkeypatch, browser=None)
    assert set(_buttons(at)) == {"dl-html-comments-per-commenter", "dl-csv-commenter-activity"}
    assert "need Chrome or Chromium" in at.caption[0].value
    assert "camera icon" in at.caption[0].value


@pytest.mark.parametrize("browser, says", [("/usr/bin/chromium", None), (None, "leaves out PNG and SVG")])
def test_report_button(monkeypatch, browser, says):
    at = _run(_report_script, monkeypatch, browser=browser)
    assert _buttons(at) == {"dl-report": "Download report"}
    captions = [c.value for c in at.caption]
    assert (says in captions[0]) if says else captions == []
