"""Rows of mapped string columns read from their files: the same values as Arrow's take, or Arrow's take."""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
import pytest

from analytics.columns import arrow_keys, mapped

VALUES = ["first", None, "", "ünïcødé ✓", "<b>bold</b>", "x" * 5000, None, "last"]


def _mapped_column(tmp_path, values, *, chunk: int, string_type=pa.large_string()):
    """``values`` written to an Arrow file in pieces of ``chunk`` rows, mapped and registered as the
    corpus store does; the mapped column and the file's path."""
    path = tmp_path / "text.arrow"
    table = pa.table({"text": pa.array(values, type=string_type)})
    with pa.ipc.new_file(str(path), table.schema) as writer:
        writer.write_table(table, max_chunksize=chunk)
    with pa.memory_map(str(path), "r") as source:
        buffer = source.read_buffer()
    column = pa.ipc.open_file(pa.BufferReader(buffer)).read_all().column(0)
    mapped.register(column, [(buffer, path)])
    return column, path


@pytest.mark.parametrize("string_type", [pa.large_string(), pa.string()])
def test_rows_read_from_the_file_equal_arrows_take(tmp_path, string_type):
    values = VALUES * 40
    column, _ = _mapped_column(tmp_path, values, chunk=37, string_type=string_type)
    rng = np.random.default_rng(0)
    for n in (1, 3, 20, 40):
        rows = rng.choice(len(values), n, replace=False)
        got = arrow_keys.take_rows(column, rows)
        assert got.to_pylist() == [values[i] for i in rows]
        assert got.type == string_type


def test_a_registered_piece_is_read_with_pread(tmp_path, monkeypatch):
    column, _ = _mapped_column(tmp_path, VALUES * 8, chunk=32)
    reads = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or real(fd, n, at))
    assert mapped.take(column, 1, np.array([5, 0, 3])).to_pylist() == [VALUES[5], VALUES[0], VALUES[3]]
    assert sorted(reads) == sorted(len(VALUES[i].encode()) for i in (5, 0, 3) if VALUES[i])  # each value alone


def test_a_file_replaced_after_mapping_is_not_read(tmp_path, monkeypatch):
    """A cache entry removed and written again at the same path is another file: the mapped
    values are taken through the mapping instead, still the right ones."""
    column, path = _mapped_column(tmp_path, VALUES, chunk=4)
    replacement = tmp_path / "other.arrow"
    replacement.write_bytes(b"\0" * path.stat().st_size)
    os.replace(replacement, path)
    monkeypatch.setattr(os, "pread", lambda *a: pytest.fail("read the replaced file"))
    assert mapped.take(column, 0, np.array([3, 0])).to_pylist() == [VALUES[3], VALUES[0]]


def test_an_equal_column_not_registered_is_taken_by_arrow(tmp_path, monkeypatch):
    column, _ = _mapped_column(tmp_path, VALUES, chunk=4)
    copy = pa.chunked_array([pa.array(c.to_pylist(), type=c.type) for c in column.chunks])
    monkeypatch.setattr(os, "pread", lambda *a: pytest.fail("read a file for a column in memory"))
    assert mapped.take(copy, 1, np.array([3, 2])).to_pylist() == [VALUES[7], VALUES[6]]


def test_rows_out_of_bounds_are_refused(tmp_path):
    column, _ = _mapped_column(tmp_path, VALUES, chunk=4)
    with pytest.raises(IndexError):
        mapped.take(column, 0, np.array([4]))


def test_pieces_of_a_mapped_column_are_read_from_the_file_and_equal_its_pieces(tmp_path, monkeypatch):
    column, _ = _mapped_column(tmp_path, VALUES * 3, chunk=5)
    sliced = column.slice(2, 17)  # pieces that start inside a piece of the file
    reads = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or real(fd, n, at))
    for whole in (column, sliced):
        got = list(mapped.pieces(whole))
        assert [p.to_pylist() for p in got] == [c.to_pylist() for c in whole.chunks]
    assert reads  # read from the file, not through the mapping


def test_many_rows_of_a_piece_are_read_with_one_read_of_the_piece(tmp_path, monkeypatch):
    column, _ = _mapped_column(tmp_path, VALUES * 3, chunk=24)
    reads = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or real(fd, n, at))
    rows = np.array([23, 1, 5, 5, 0, 12])
    assert arrow_keys.take_rows(column, rows).to_pylist() == [(VALUES * 3)[i] for i in rows]
    assert len(reads) == 1


def test_a_search_of_a_mapped_text_finds_what_it_finds_in_memory(tmp_path):
    from analytics.model.text import CaseSearch

    values = VALUES + ["STRASSE", "straße", "Ǆemal", "ﬁne", "x?y", "Café"]
    column, _ = _mapped_column(tmp_path, values * 2, chunk=6)
    in_memory = pa.chunked_array([c.to_pylist() for c in column.chunks], type=column.type)
    marks, memory_marks = CaseSearch.of(column), CaseSearch.of(in_memory)
    assert (marks.folding == memory_marks.folding).all() and (marks.beyond_ascii == memory_marks.beyond_ascii).all()
    for find in ("strasse", "ß", "dž", "FI", "?", "é", "<b>", "nothing"):
        assert marks.contains(column, find).tolist() == memory_marks.contains(in_memory, find).tolist(), find
    assert marks.contains(column, "strasse").sum() == 4
