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

__all__ = ["arrow_strings", "row_positions", "is_in", "codes"]


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
