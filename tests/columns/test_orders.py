"""Stable orders of integer keys: the same positions as numpy's lexsort."""

import numpy as np
import pytest

from analytics.columns.orders import radix_order, time_offsets, time_offsets_in_place


@pytest.mark.parametrize("top", [1, 2**16 - 1, 2**16, 2**40, 2**63 - 1])
def test_radix_order_is_lexsort_with_ties_in_their_order(top):
    rng = np.random.default_rng(top % 1000)
    low = rng.integers(0, top, 5000, endpoint=True)
    high = rng.integers(0, 3, 5000)  # many ties
    assert radix_order(low, high).tolist() == np.lexsort((low, high)).tolist()
    assert radix_order(high).tolist() == np.argsort(high, kind="stable").tolist()


def test_radix_order_of_unsigned_keys_above_int64():
    key = np.array([2**64 - 1, 0, 2**63, 2**63, 5], dtype=np.uint64)
    assert radix_order(key).tolist() == [1, 4, 2, 3, 0]


@pytest.mark.parametrize("n", [0, 1])
def test_radix_order_of_no_and_one_row(n):
    assert radix_order(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)).tolist() == list(range(n))


def test_radix_order_needs_a_key():
    with pytest.raises(ValueError, match="at least one key"):
        radix_order()


def test_time_offsets_keep_the_order_and_put_missing_last():
    stamps = np.array([300, -60, 0, 120, 7], dtype=np.int64)
    missing = np.array([False, False, False, False, True])
    offsets = time_offsets(stamps, missing)
    assert offsets.tolist() == [6, 0, 1, 3, 7]  # steps of 60 from -60


def test_time_offsets_across_the_whole_int64_range():
    stamps = np.array([np.iinfo(np.int64).max, np.iinfo(np.int64).min + 1, 0, 99], dtype=np.int64)
    missing = np.array([False, False, False, True])
    offsets = time_offsets(stamps, missing)
    assert offsets.tolist() == [2, 0, 1, 3]  # steps of 2 ** 63 - 1
    uneven = time_offsets(stamps + np.array([0, 0, 2, 0]), missing)  # no common step
    assert uneven.tolist() == [2**64 - 2, 0, 2**63 + 1, 2**64 - 1]


@pytest.mark.parametrize("missing", [[True, True], [False, False]])
def test_time_offsets_all_missing_or_all_equal(missing):
    assert time_offsets(np.array([5, 5], dtype=np.int64), np.array(missing)).tolist() == [0, 0]


def test_time_offsets_of_no_stamps():
    assert time_offsets(np.array([], dtype=np.int64), np.array([], dtype=bool)).tolist() == []


def test_time_offsets_leave_the_stamps_and_in_place_writes_over_them():
    stamps = np.array([300, -60, 0, 120, 7], dtype=np.int64)
    missing = np.array([False, False, False, False, True])
    assert time_offsets(stamps, missing).tolist() == [6, 0, 1, 3, 7]
    assert stamps.tolist() == [300, -60, 0, 120, 7]
    offsets = time_offsets_in_place(stamps, missing)
    assert offsets.tolist() == [6, 0, 1, 3, 7] and np.shares_memory(offsets, stamps)
