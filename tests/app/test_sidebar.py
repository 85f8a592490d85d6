"""The sidebar's filters, drawn from the table of settings: a widget for every setting, and every
setting carried from a link to its widget and back to the URL."""

from pathlib import Path

from conftest import filter_examples
from streamlit.testing.v1 import AppTest

from analytics.views.codec import filters_to_query
from analytics.views.settings import SETTINGS, Filters
from app_pages._sidebar import KEYS, WIDGETS

ROOT = Path(__file__).resolve().parents[2]
KINDS_OF_WIDGET = ("multiselect", "slider", "selectbox", "radio", "text_input", "checkbox")


def open_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query or {})
    return at.run()


def widgets(at: AppTest) -> dict:
    """The sidebar's widgets by key."""
    return {w.key: w for kind in KINDS_OF_WIDGET for w in at.sidebar.get(kind) if w.key}


def test_every_setting_has_a_widget_with_its_label_and_help():
    assert {s.name for settings in WIDGETS.values() for s in settings} == {s.name for s in SETTINGS}
    drawn = widgets(open_app())
    for name, settings in WIDGETS.items():
        widget = drawn[KEYS[name]]
        assert widget.label == settings[0].label and widget.help == settings[0].help


def test_a_link_setting_every_filter_sets_every_widget_and_comes_back_unchanged():
    query = filters_to_query(Filters(**filter_examples()))
    at = open_app(query)
    assert not at.exception
    drawn = widgets(at)
    assert drawn[KEYS["commenters"]].value == ["a,b", "back\\slash", "plain"]
    assert drawn[KEYS["search"]].value == "  spaces & <tags> " and drawn[KEYS["include_flagged"]].value is True
    assert at.query_params == query
