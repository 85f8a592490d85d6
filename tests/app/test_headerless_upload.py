"""The Data page's upload of a CSV without a header row: the "no header row" box names the columns by
position in the preview and the mapping form, and every row loads as a comment."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
SHORT = b"ann,hello\nbob,hi there\n"  # too short for the guess: only the box says it has no header


def test_no_header_box_reads_every_row_with_positional_columns():
    page = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run().switch_page("app_pages/data.py").run()
    page.file_uploader[0].set_value([("short.csv", SHORT, "text/csv")]).run()
    assert any(list(df.value.columns) == ["ann", "hello"] for df in page.dataframe)  # read with a header
    page.checkbox(key="no-header").check().run()
    assert not page.exception
    preview = next(df.value for df in page.dataframe if list(df.value.columns) == ["1", "2"])
    assert preview["2"].tolist() == ["hello", "hi there"]
    page.selectbox(key="map-text").set_value("2")
    page.selectbox(key="map-author").set_value("1")
    next(b for b in page.button if b.label == "Load these files").click().run()
    assert not page.exception
    comments = page.dataframe[-1].value
    assert comments["author"].tolist() == ["ann", "bob"]
    assert comments["text"].tolist() == ["hello", "hi there"]
