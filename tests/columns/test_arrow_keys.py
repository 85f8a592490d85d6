"""Lookups and takes over Arrow string columns: the same answers as pandas and Arrow give."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analytics.columns.arrow_keys import take_rows, taken_column


def in_pieces(values, sizes):
    pieces, start = [], 0
    for size in sizes:
        pieces.append(values[start : start + size])
        start += size
    return pa.chunked_array(pieces, type=pa.large_string())


VALUES = ["a", None, "ß", "", "x\u0301", "z", "ال", "long text " * 5, None, "q", "r", "s", "t", "u", "v", "w"] * 10


# A few rows (a page of a large view) are taken piece by piece; many, by Arrow's own take.
@pytest.mark.parametrize("sizes", [[160], [40, 0, 50, 70], [10] * 16, [0, 160, 0]])
@pytest.mark.parametrize("positions", [[], [0], [159, 0, 70, 70, 41], [2, 3], list(range(160))[::-1]])
def test_taking_rows_piece_by_piece_gives_what_arrow_takes(sizes, positions):
    chunked = in_pieces(VALUES, sizes)
    taken = take_rows(chunked, np.array(positions, dtype=np.int64))
    assert taken.to_pylist() == [VALUES[p] for p in positions] and taken.type == chunked.type


def test_a_row_outside_the_column_is_refused():
    with pytest.raises(IndexError):
        take_rows(in_pieces(VALUES, [80, 80]), np.array([160]))
    with pytest.raises(IndexError):
        take_rows(in_pieces(VALUES, [80, 80]), np.array([-1]))


def test_a_column_in_pieces_keeps_its_dtype_and_index_labels_when_taken():
    column = pd.Series(pd.array(in_pieces(VALUES, [50, 110]), dtype="str"), index=range(100, 260), name="text")
    taken = taken_column(column, np.array([3, 12]))
    pd.testing.assert_series_equal(taken, column.take([3, 12]))
    plain = pd.Series([1.5, 2.5, 3.5], index=[7, 8, 9])
    pd.testing.assert_series_equal(taken_column(plain, np.array([2, 0])), plain.take([2, 0]))
