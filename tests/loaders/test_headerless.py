"""CSV and TSV files without a header row (analytics/loaders/headerless.py): a first row that reads as data is
read as data and said so; ``--no-header`` / ``header=False`` and positional mapping (``--map text=3``, 1-based);
the old workaround of mapping the first comment's cells loses no row; the error for an unmapped file names the
positions and shows the first row."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loaders import LoadError, load, load_bytes
from analytics.loaders.headerless import first_row_reads_as_data

# A scraper's output: comment id, author, ISO time, text; no header row. CR LF line ends.
SCRAPED = (
    b'9001,woetothegutless,2016-06-01T10:00:00Z,"Merkel would never say NO, and everyone knows it."\r\n'
    b"9002,Catholica,2016-06-01T10:05:00Z,Agreed.\r\n"
    b'9003,lje51,2016-06-01T10:07:30Z,"No, that is not what the law says at all."\r\n'
)


def test_a_first_row_of_data_is_read_as_data_and_reported():
    corpus = load_bytes(SCRAPED, "scraped.csv", mapping={"text": "4", "author": "2", "timestamp": "3", "id": "1"})
    comments = corpus.comments
    assert comments["author"].tolist() == ["woetothegutless", "Catholica", "lje51"]
    assert comments["text"].tolist()[0] == "Merkel would never say NO, and everyone knows it."
    assert comments["timestamp"].tolist() == [
        pd.Timestamp("2016-06-01 10:00:00"),
        pd.Timestamp("2016-06-01 10:05:00"),
        pd.Timestamp("2016-06-01 10:07:30"),
    ]
    assert comments["source_id"].tolist() == ["9001", "9002", "9003"]
    report = corpus.report.files[0]
    assert report.warnings[0] == (
        "no header row, its first row reads as data (cell 1 ('9001') is a number and cell 3 "
        "('2016-06-01T10:00:00Z') a date, as in the rows below): every row is a comment and columns are "
        "named by position, 1 to 4"
    )
    assert "columns read: 4 as text, 2 as author, 3 as timestamp, 1 as id" in report.warnings
    assert dict(report.line_roles) == {"comment": 3} and report.lines == report.accounted_lines == 3


def test_an_unmapped_headerless_file_names_the_positions_and_shows_the_first_row():
    with pytest.raises(LoadError) as raised:
        load_bytes(SCRAPED, "scraped.csv")
    assert str(raised.value) == (
        "scraped.csv: no header row and no column for the comment text: name it by position, 1-based "
        "(--map text=4); first row: 1='9001', 2='woetothegutless', 3='2016-06-01T10:00:00Z', "
        "4='Merkel would never say NO, and everyone knows it.'"
    )


def test_mapping_the_first_rows_cells_no_longer_loses_that_row():
    # What users did before: name the "columns" by the first comment's cells.
    mapping = {"text": "Merkel would never say NO, and everyone knows it.", "author": "woetothegutless"}
    corpus = load_bytes(SCRAPED, "scraped.csv", mapping=mapping)
    assert corpus.comments["author"].tolist() == ["woetothegutless", "Catholica", "lje51"]
    assert len(corpus.comments) == 3
    assert "the mapping names 'Merkel would never say NO, and everyone knows it.'" in corpus.report.all_warnings[0]


def test_no_header_reads_short_rows_the_guess_would_take_for_a_header():
    raw = b"ann\thello\nbob\thi there\n"
    guessed = load_bytes(raw, "short.tsv", mapping={"text": "hello", "author": "ann"})
    assert guessed.comments["text"].tolist() == ["hi there"]  # "hello" could be a column name: a header
    told = load_bytes(raw, "short.tsv", mapping={"text": "2", "author": "1"}, header=False)
    assert told.comments["author"].tolist() == ["ann", "bob"]
    assert told.comments["text"].tolist() == ["hello", "hi there"]
    assert told.report.files[0].warnings[0] == (
        "no header row, as asked (--no-header): every row is a comment and columns are named by position, 1 to 2"
    )


def test_unmapped_positions_are_kept_as_extra_columns():
    corpus = load_bytes(SCRAPED, "scraped.csv", mapping={"text": "4"})
    assert corpus.comments["extra_1"].tolist() == [9001, 9002, 9003]
    assert corpus.comments["extra_2"].tolist() == ["woetothegutless", "Catholica", "lje51"]


def test_a_file_with_a_header_is_unchanged():
    corpus = load_bytes(b"id,user,comment\n1,ann,hi there you all, friends\n", "h.csv")
    assert corpus.comments["text"].tolist() == ["hi there you all"]
    assert not any("no header row" in w for w in corpus.report.all_warnings)


def test_positions_name_columns_of_a_file_with_a_header_too():
    corpus = load_bytes(b"who,msg\nann,hello\n", "h.csv", mapping={"text": "2", "author": "1"})
    assert corpus.comments[["author", "text"]].values.tolist() == [["ann", "hello"]]


@pytest.mark.parametrize(
    ("rows", "data"),
    [
        ([["1", "a long comment with many words"], ["2", "b"]], True),
        ([["score", "note"], ["1", "a long comment with many words"]], False),
        ([["2013-02-20", "x"], ["2013-02-21", "y"]], True),
        ([["title", "comment"], ["A", "B"]], False),  # a known column name: a header
        ([["12"]], False),  # nothing below to compare with
    ],
)
def test_first_row_reads_as_data_only_when_the_rows_below_agree(rows, data):
    assert (first_row_reads_as_data(rows) is not None) is data


def test_cli_no_header_and_positional_map(tmp_path, capsys):
    from analytics.__main__ import main

    path = tmp_path / "short.csv"
    path.write_bytes(b"ann,hello\nbob,hi there\n")
    out = tmp_path / "out"
    assert main(["export", str(path), "--out", str(out), "--no-analysis", "--no-header", "--map", "text=2"]) == 0
    written = pd.read_csv(out / "comments.csv", keep_default_na=False)
    assert written["text"].tolist() == ["hello", "hi there"]
    assert written["extra_1"].tolist() == ["ann", "bob"]
    assert "warning: short.csv: no header row, as asked (--no-header)" in capsys.readouterr().err


def test_load_of_a_path_takes_header_too(tmp_path):
    path = tmp_path / "short.csv"
    path.write_bytes(b"ann,hello\nbob,hi there\n")
    assert load(path, header=False, mapping={"text": "2"}).comments["text"].tolist() == ["hello", "hi there"]
