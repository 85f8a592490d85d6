"""The dashboard's pages, run by Streamlit's AppTest from app.py."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import PAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run().switch_page("app_pages/data.py").run()  # Overview opens first


def test_data_page_shows_sample_as_plain_text(app):
    assert not app.exception
    texts = [t.value for t in app.text]
    assert "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'" in texts
    comments = app.dataframe[-1].value
    assert len(comments) == 8
    assert comments["author"].tolist()[:2] == ["trieself", "trueself"]


def test_data_page_lists_skipped_lines(app):
    skipped = [df.value for df in app.dataframe if "reason" in df.value.columns]
    assert skipped and skipped[0]["line"].tolist() == [3]


# --- the page list (app_pages.PAGES) -----------------------------------------------------------------


def test_every_page_script_is_in_the_page_list():
    """A page script (not a ``_`` helper, not ``state.py``) left out of the list would never be
    shown, nor run by the page tests."""
    scripts = {
        f"app_pages/{path.name}"
        for path in (ROOT / "app_pages").glob("*.py")
        if not path.name.startswith("_") and path.name != "state.py"
    }
    listed = [page.script for page in PAGES]
    assert len(listed) == len(set(listed)), f"listed twice: {listed}"
    assert scripts == set(listed), (
        f"missing from app_pages.PAGES: {sorted(scripts - set(listed))}; "
        f"listed without a script: {sorted(set(listed) - scripts)}"
    )


def test_the_page_list_opens_on_its_first_page_and_titles_are_distinct():
    assert [page.default for page in PAGES] == [True] + [False] * (len(PAGES) - 1)
    titles = [page.title for page in PAGES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.title)
def test_app_navigates_to_every_listed_page_and_shows_its_title(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if not page.default:
        at.switch_page(page.script).run()
    assert not at.exception
    assert [h.value for h in at.header if h.value != "Filters"] == [page.title]
