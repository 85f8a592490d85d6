"""The Data page's upload: new file types, a preview of a table's first rows, the column-mapping form."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ODD_TABLE = b"who,msg,date\nann,hello **not bold** <b>x</b>,2013-10-10T19:20:29Z\nbob,hi @ann,1381432829\n"


@pytest.fixture()
def page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    return at.run().switch_page("app_pages/data.py").run()


def test_uploader_accepts_the_new_types(page):
    uploader = page.file_uploader[0]
    assert {"csv", "tsv", "json", "jsonl", "xlsx", "xml", "txt"} <= {t.lstrip(".") for t in uploader.allowed_type}
    assert uploader.accept_multiple_files


def test_table_upload_shows_its_first_rows_as_plain_data(page):
    page.file_uploader[0].set_value([("talk.csv", ODD_TABLE, "text/csv")]).run()
    assert not page.exception
    assert "talk.csv: the first rows" in [t.value for t in page.text]
    preview = next(df.value for df in page.dataframe if list(df.value.columns) == ["who", "msg", "date"])
    assert preview["msg"][0] == "hello **not bold** <b>x</b>"  # shown as data, not rendered
    assert not any("not bold" in m.value for m in page.markdown)


def test_mapping_form_loads_the_table_with_the_chosen_columns(page):
    page.file_uploader[0].set_value([("talk.csv", ODD_TABLE, "text/csv")]).run()
    assert page.selectbox(key="map-timestamp").value == "(automatic): date"
    page.selectbox(key="map-text").set_value("msg")
    page.selectbox(key="map-author").set_value("who")
    next(b for b in page.button if b.label == "Load these files").click().run()
    assert not page.exception
    comments = page.dataframe[-1].value
    assert comments["author"].tolist() == ["ann", "bob"]
    assert comments["text"].tolist()[1] == "hi @ann"


def test_table_without_a_text_column_shows_the_error_as_text(page):
    page.file_uploader[0].set_value([("talk.csv", ODD_TABLE, "text/csv")]).run()
    next(b for b in page.button if b.label == "Load these files").click().run()
    assert not page.exception
    assert [e.value for e in page.error] == ["These files could not be loaded."]
    assert any(t.value.startswith("talk.csv: no column for the comment text") for t in page.text)
