"""Each table format read into chunks of string cells (analytics/loaders/table_chunks.py): CSV
records, JSON and JSON Lines, Excel sheets, and the encoding a text table is decoded with."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analytics.loaders import LoadError, load_bytes, table_chunks
from analytics.loaders.table_chunks import delimiter


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


def assert_accounted(corpus):
    for f in corpus.report.files:
        assert f.lines > 0 and f.accounted_lines == f.lines, (f.source, f.line_roles, f.lines)


# --- CSV cells and records ------------------------------------------------------------------------


def test_cells_that_look_like_missing_values_stay_text():
    corpus = load_bytes(b"author,text\nNA,null\nNone,NaN\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["NA", "None"]
    assert corpus.comments["text"].tolist() == ["null", "NaN"]


def test_numeric_looking_ids_stay_as_written():
    corpus = load_bytes(b"id,text\n007,x\n1e3,y\n", "t.csv")
    assert corpus.comments["source_id"].tolist() == ["007", "1e3"]


def test_quoted_multiline_fields_and_crlf():
    raw = b'author,text\r\na,"line one\r\nline two"\r\nb,"say ""hi"""\r\n'
    corpus = load_bytes(raw, "t.csv")
    assert corpus.comments["text"].tolist() == ["line one\nline two", 'say "hi"']
    assert corpus.report.files[0].lines == 3  # records: the header and two rows


def test_malformed_rows_are_skipped_with_their_record_number():
    corpus = load_bytes(b"author,text\na,ok\nb,too,many,fields\nc,fine\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["a", "c"]
    skipped = corpus.report.files[0].skipped
    assert [(s.line, s.reason) for s in skipped] == [(3, "malformed row: expected 2 fields, saw 4")]
    assert_accounted(corpus)


def test_unclosed_quote_is_a_one_line_error():
    with pytest.raises(LoadError, match="not a readable CSV table") as err:
        load_bytes(b'author,text\na,"never closed\nb,x\n', "t.csv")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("header, sep", [("a|b|c", "|"), ("a;b", ";"), ("a\tb,c\td", "\t"), ("text", ",")])
def test_delimiter_is_the_most_used_separator_of_the_header(header, sep):
    assert delimiter(header) == sep


# --- JSON and JSON Lines --------------------------------------------------------------------------


def test_json_lines_bad_lines_are_skipped_blank_lines_counted():
    raw = b'{"user": "a", "text": "x"}\n\nnot json\n[1, 2]\n{"user": "b", "text": "y"}\n'
    corpus = load_bytes(raw, "t.jsonl")
    assert corpus.comments["author"].tolist() == ["a", "b"]
    report = corpus.report.files[0]
    assert [(s.line, s.reason.split(" (")[0]) for s in report.skipped] == [
        (3, "not valid JSON"),
        (4, "a JSON list, not an object"),
    ]
    assert report.line_roles["blank"] == 1 and report.lines == 5
    assert_accounted(corpus)


def test_json_values_are_flattened_and_typed_values_become_text():
    rows = [
        {"author": {"name": "a", "id": 5}, "text": "x", "id": 10, "score": 1.5, "guest": True},
        {"author": {"name": "b"}, "text": None, "id": 11, "parent": 10, "tags": ["p", "q"]},
    ]
    corpus = load_bytes(json.dumps(rows).encode(), "t.json", mapping={"author": "author.name"})
    got = corpus.comments
    assert got["author"].tolist() == ["a", "b"] and got["text"].tolist() == ["x", ""]
    assert got["source_id"].tolist() == ["10", "11"] and got["is_guest"].tolist() == [True, False]
    assert got["parent_id"][1] == got["comment_id"][0]


def test_json_array_non_objects_are_skipped():
    corpus = load_bytes(b'[{"text": "x"}, "stray", {"text": "y"}]', "t.json")
    assert corpus.comments["text"].tolist() == ["x", "y"]
    assert [(s.line, s.reason) for s in corpus.report.files[0].skipped] == [(2, "a JSON str, not an object")]


def test_json_object_wrapping_one_array_is_read():
    corpus = load_bytes(b'{"count": 1, "comments": [{"text": "x"}]}', "t.json")
    assert corpus.comments["text"].tolist() == ["x"]
    assert "under the key 'comments'" in warnings_of(corpus)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b'[{"text": "x"}, {"text": ', "cut short"),
        (b'[{"text": "x"} {"text": "y"}]', "expected ',' or ']' after value 1"),
        (b'[{"text": "x"}, {"text": y}]', "value 2 of the JSON array is not valid JSON"),
        (b'{"a": [{"text": "x"}], "b": [{"text": "y"}]}', "several arrays"),
    ],
)
def test_broken_json_is_a_one_line_error(raw, expected):
    with pytest.raises(LoadError, match=expected) as err:
        load_bytes(raw, "t.json")
    assert "\n" not in str(err.value)


def test_json_array_is_read_in_small_blocks(monkeypatch):
    rows = [{"text": f"comment {k} " + "x" * 50, "user": f"u{k}"} for k in range(500)]
    stream = io.StringIO(json.dumps(rows, indent=1))
    values = list(table_chunks._json_values(stream, "t.json", block=64))
    assert [n for n, _ in values] == list(range(1, 501)) and values[-1][1] == rows[-1]


# --- Excel ----------------------------------------------------------------------------------------


def _excel(rows: list[dict]) -> bytes:
    out = io.BytesIO()
    pd.DataFrame(rows).to_excel(out, index=False)
    return out.getvalue()


def test_excel_reads_the_first_sheet_and_names_the_others():
    out = io.BytesIO()
    with pd.ExcelWriter(out) as writer:
        pd.DataFrame([{"text": "x", "author": "a"}]).to_excel(writer, sheet_name="comments", index=False)
        pd.DataFrame([{"notes": "n"}]).to_excel(writer, sheet_name="notes", index=False)
    corpus = load_bytes(out.getvalue(), "t.xlsx")
    assert corpus.comments["text"].tolist() == ["x"]
    assert "other sheets ignored: 'notes'" in warnings_of(corpus)


def test_excel_dates_and_numbers_are_read():
    rows = [{"text": "x", "id": 5, "date": pd.Timestamp("2013-02-20 10:00")}]
    corpus = load_bytes(_excel(rows), "t.xlsx")
    row = corpus.comments.iloc[0]
    assert (row.source_id, row.timestamp) == ("5", pd.Timestamp("2013-02-20 10:00"))


# --- encodings ------------------------------------------------------------------------------------


def test_mis_encoded_table_is_decoded_and_reported():
    raw = "author,text\nRené,café crème à l'œil\n".encode("cp1252")
    corpus = load_bytes(raw, "t.csv")
    assert corpus.comments["text"].tolist() == ["café crème à l'œil"]
    assert corpus.report.files[0].encoding == "cp1252"
    assert "not UTF-8: decoded as cp1252" in warnings_of(corpus)


def test_invalid_utf8_after_the_first_block_is_replaced_and_counted():
    good = b"author,text\n" + b"a,plain text\n" * 6000  # more than the 64 KB read to recognise it
    corpus = load_bytes(good + b"b,caf\xe9\n", "t.csv")
    assert corpus.comments["text"].iloc[-1] == "caf\ufffd"
    assert "1 byte(s) not valid utf-8 replaced by U+FFFD" in warnings_of(corpus)


def test_utf16_with_bom_is_read():
    raw = "author\ttext\nRania\tمرحبا\n".encode("utf-16")
    corpus = load_bytes(raw, "t.tsv")
    assert corpus.comments["text"].tolist() == ["مرحبا"]


def test_bom_does_not_stick_to_the_first_column_name():
    corpus = load_bytes(b"\xef\xbb\xbftext,author\nx,a\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["a"]
