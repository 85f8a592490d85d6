"""The dashboard's pages, run by Streamlit's AppTest from app.py."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
