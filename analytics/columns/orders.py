"""Stable orders of integer keys, sorted 16 bits at a time.

numpy sorts 16-bit integers by radix sort, in linear time, but wider ones by timsort: 16-bit
digits order a large corpus's threads several times faster (docs/performance.md#replies-and-threads).
"""

from __future__ import annotations

import numpy as np

__all__ = ["radix_order", "time_offsets", "time_offsets_in_place"]


def radix_order(*keys: np.ndarray) -> np.ndarray:
    """Positions that sort by the last of ``keys``, then the one before, ...: ``np.lexsort(keys)``
    for keys of non-negative integers, ties in their order.

    Examples:
        >>> import numpy as np
        >>> radix_order(np.array([5, 70_000, 3, 5]), np.array([1, 0, 1, 0])).tolist()
        [3, 1, 2, 0]
    """
    order = None
    for key in keys:
        top = int(key.max(initial=0))
        if top < 1 << 16:  # one digit: cast, then gather 16-bit digits (a quarter of the memory of gathering the key)
            digit = key.astype(np.uint16)
            step = np.argsort(digit if order is None else digit[order], kind="stable")
            order = step if order is None else order[step]
            continue
        current = key if order is None else key[order]
        shift = 0
        while True:
            digit = (current >> shift if shift else current).astype(np.uint16)  # the cast keeps the low 16 bits
            step = np.argsort(digit, kind="stable")
            order = step if order is None else order[step]
            shift += 16
            if not top >> shift:
                break
            current = current[step]
    if order is None:
        raise ValueError("radix_order needs at least one key")
    return order


def time_offsets(stamps: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """``stamps`` (int64, any unit) as non-negative integers in the same order, for
    :func:`radix_order`: counted from the earliest in steps of their greatest common divisor (a
    minute for times to the minute, so fewer digits to sort), ``missing`` after every other.

    Examples:
        >>> import numpy as np
        >>> time_offsets(np.array([180, 60, 0, 120]), np.array([False, False, True, False])).tolist()
        [2, 0, 3, 1]
    """
    return time_offsets_in_place(np.array(stamps, dtype=np.int64), missing)


def time_offsets_in_place(stamps: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """:func:`time_offsets` of ``stamps`` (int64, the caller's own), computed in their memory:
    no copy of hundreds of thousands of stamps (fresh memory costs page faults in the dashboard)."""
    present = ~missing
    if not present.any():
        return np.zeros(len(stamps), dtype=np.uint64)
    # As uint64, any difference of two int64 is exact (int64 arithmetic wraps to the same bits).
    offsets = np.subtract(stamps, np.min(stamps, where=present, initial=np.iinfo(np.int64).max), out=stamps).view(
        np.uint64
    )
    offsets[missing] = 0
    step = np.gcd.reduce(offsets)
    if step > 1:
        offsets //= step
    offsets[missing] = offsets.max() + np.uint64(1)  # below 2 ** 64 - 1: no stamp is NaT's int64 minimum
    return offsets
