"""Lookups and codes over string key columns (ids, names), computed by Arrow.

pandas hashes, groups and sorts Arrow-backed strings through Python objects: seconds for the
million ids of a large corpus. These helpers hand the work to Arrow's C++ kernels and return
plain numpy integer arrays, which pandas and numpy then group and count quickly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import mapped

__all__ = ["arrow_strings", "row_positions", "is_in", "codes", "take_rows", "taken_column"]


def arrow_strings(values: pd.Series | np.ndarray | list) -> pa.Array:
    """``values`` as one Arrow array of large strings (missing values as nulls)."""
    array = pa.array(values, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def row_positions(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """For each of ``keys``, the position of the first equal string in ``values``; -1 where none.

    Examples:
        >>> import pandas as pd
        >>> row_positions(pd.Series(["b", "x", None, "a"]), pd.Series(["a", "b", "b"])).tolist()
        [1, -1, -1, 0]
    """
    found = pc.index_in(arrow_strings(keys), value_set=arrow_strings(values))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def is_in(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """Whether each of ``keys`` is one of ``values`` (a missing key never is).

    Examples:
        >>> import pandas as pd
        >>> is_in(pd.Series(["b", "x", None]), pd.Series(["a", "b"])).tolist()
        [True, False, False]
    """
    return row_positions(keys, values) >= 0


def codes(values: pd.Series, *, sort: bool = False) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """``(codes, uniques)`` as :func:`pandas.factorize` gives them: ``uniques[codes[i]] == values[i]``,
    -1 for a missing value; uniques (a pandas ``str`` array) in order of first appearance, or sorted
    (by code point, as pandas sorts strings) with ``sort``.

    Examples:
        >>> import pandas as pd
        >>> found, names = codes(pd.Series(["b", None, "a", "b"]))
        >>> found.tolist(), names.tolist()
        ([0, -1, 1, 0], ['b', 'a'])
        >>> found, names = codes(pd.Series(["b", None, "a", "b"]), sort=True)
        >>> found.tolist(), names.tolist()
        ([1, -1, 0, 1], ['a', 'b'])
    """
    encoded = pc.dictionary_encode(arrow_strings(values))
    found = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    uniques = encoded.dictionary
    if sort and len(uniques):
        order = pc.sort_indices(uniques).to_numpy()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        found = np.where(found >= 0, rank[np.maximum(found, 0)], -1)
        uniques = uniques.take(pa.array(order))
    return found, pd.array(uniques, dtype="str")


def take_rows(chunked: pa.ChunkedArray, positions: np.ndarray) -> pa.ChunkedArray:
    """``chunked.take(positions)``, each piece taking its own rows.

    Arrow's take from a column in pieces has a fixed cost whatever the number of rows (none
    included), large next to what a page's thousand rows need (docs/performance.md#memory-mapped-text). The text
    of a corpus directory, memory-mapped, is read from its file (:func:`analytics.columns.mapped.take`).

    Examples:
        >>> import pyarrow as pa
        >>> take_rows(pa.chunked_array([["a", "b"], [], ["c", None]]), np.array([2, 0, 3, 2])).to_pylist()
        ['c', 'a', None, 'c']
    """
    positions = np.asarray(positions, dtype=np.int64)
    if (chunked.num_chunks <= 1 or len(positions) > len(chunked) // 8) and not mapped.is_mapped(chunked):
        return chunked.take(pa.array(positions, type=pa.int64()))  # many rows: Arrow's take is as quick
    if len(positions) and (positions.min() < 0 or positions.max() >= len(chunked)):
        raise IndexError(f"positions out of bounds for {len(chunked):,} rows")
    starts = np.cumsum([0] + [len(c) for c in chunked.chunks])
    piece = np.searchsorted(starts, positions, side="right") - 1
    order = np.argsort(piece, kind="stable")  # rows grouped by piece, in their order within each
    bounds = np.searchsorted(piece[order], np.arange(chunked.num_chunks + 1))
    parts = [
        mapped.take(chunked, k, positions[order[bounds[k] : bounds[k + 1]]] - starts[k])
        for k in range(chunked.num_chunks)
        if bounds[k + 1] > bounds[k]
    ]
    grouped = pa.concat_arrays(parts) if parts else pa.array([], type=chunked.type)
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))  # where each asked-for row went in the grouped rows
    return pa.chunked_array([grouped.take(pa.array(back))], type=chunked.type)


def taken_column(column: pd.Series, positions: np.ndarray) -> pd.Series:
    """``column.take(positions)`` with the index labels taken too; an Arrow column in pieces
    takes by :func:`take_rows`."""
    chunked = getattr(column.array, "_pa_array", None)
    if not isinstance(chunked, pa.ChunkedArray) or chunked.num_chunks <= 1:
        return column.take(positions)
    return pd.Series(
        pd.array(take_rows(chunked, positions), dtype=column.dtype),
        index=column.index.take(positions),
        name=column.name,
    )
