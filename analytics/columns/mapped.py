"""Arrow string columns memory-mapped from their files, and their values read without the mapping.

A corpus directory keeps the comments' text in Arrow files that are mapped, not read
(:data:`analytics.store.corpus_store.MAPPED_COLUMNS`): a page of text enters the process's memory
when something reads it. But Linux maps the cached pages around each one touched, so a few
thousand random texts (a scatter's hover) made the whole column resident for a small read
(docs/performance.md#memory-mapped-text). :func:`take` reads the values of the rows
asked for with ``pread`` from the file instead, which maps nothing; :func:`pieces` reads whole
pieces so, one at a time, for a scan of every value (a search).

:func:`register` records, for a column read from mapped files, which file holds each piece's
values and where; :func:`take` uses it for that very column object (while it is alive) and only
while the file at that path is still the one mapped (cache entries are replaced by renaming, never
rewritten in place). Anything else is taken by Arrow, through the mapping, with the same result.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa

__all__ = ["is_mapped", "pieces", "register", "take"]

_Place = tuple[str, tuple[int, int], int]  # the file, its (device, inode), where the piece's values start in it
_REGISTERED: dict[int, tuple[weakref.ref, list[_Place | None]]] = {}  # by id of the column's Arrow array
_LOCK = threading.Lock()


def _root(buffer: pa.Buffer) -> pa.Buffer:
    while buffer.parent is not None:
        buffer = buffer.parent
    return buffer


def register(column: pa.ChunkedArray, files: Sequence[tuple[pa.Buffer, str | os.PathLike]]) -> None:
    """Remember which of ``files`` (each a buffer mapping a whole file, and that file's path) holds
    the values of each piece of the string ``column``; :func:`take` then reads them from the file.

    Kept while ``column`` is alive (a weak reference: the same object, not an equal one).
    """
    if column.type not in (pa.large_string(), pa.string()):
        return
    roots = {}
    for buffer, path in files:
        stat = os.stat(path)
        roots[buffer.address, buffer.size] = (os.fspath(path), (stat.st_dev, stat.st_ino))
    places: list[_Place | None] = []
    for chunk in column.chunks:
        data = chunk.buffers()[2]
        root = None if data is None else _root(data)
        found = None if root is None else roots.get((root.address, root.size))
        places.append(None if found is None else (*found, data.address - root.address))
    key = id(column)
    with _LOCK:
        _REGISTERED[key] = (weakref.ref(column, lambda _: _forget(key)), places)


def _forget(key: int) -> None:
    with _LOCK:
        entry = _REGISTERED.get(key)
        if entry is not None and entry[0]() is None:
            del _REGISTERED[key]


def is_mapped(column) -> bool:
    """Whether the values of every piece of ``column`` (Arrow, or a pandas column of Arrow strings)
    are read from files (:func:`register`).

    Examples:
        >>> is_mapped(pa.chunked_array([["held in memory"]]))
        False
    """
    column = getattr(getattr(column, "array", None), "_pa_array", column)
    with _LOCK:
        entry = _REGISTERED.get(id(column))
    return entry is not None and entry[0]() is column and all(place is not None for place in entry[1])


def _place(column: pa.ChunkedArray, piece: int) -> _Place | None:
    with _LOCK:
        entry = _REGISTERED.get(id(column))
    if entry is None or entry[0]() is not column:
        return None
    return entry[1][piece]


def take(column: pa.ChunkedArray, piece: int, rows: np.ndarray) -> pa.Array:
    """``column.chunk(piece).take(rows)``; the values of a registered column are read from its file.

    Examples:
        >>> take(pa.chunked_array([["a", None, "c"]]), 0, np.array([2, 1])).to_pylist()
        ['c', None]
    """
    chunk = column.chunk(piece)
    rows = np.asarray(rows, dtype=np.int64)
    place = _place(column, piece) if len(rows) else None
    if place is not None and len(rows) > len(chunk) // 8:  # many rows: one read of the whole piece
        whole = _read_piece(chunk, place)
        if whole is not None:
            return whole.take(pa.array(rows))
    read = None if place is None else _read_rows(chunk, rows, place)
    return chunk.take(pa.array(rows)) if read is None else read


def pieces(column: pa.ChunkedArray) -> Iterator[pa.Array]:
    """The pieces of ``column`` in order; those of a registered column read from its files, each
    a copy let go when the caller moves on. A scan through the mapping would leave every page of
    the text in the process's memory (the file's pages stay cached by the system either way).

    Examples:
        >>> [p.to_pylist() for p in pieces(pa.chunked_array([["a"], ["b", None]]))]
        [['a'], ['b', None]]
    """
    for k, chunk in enumerate(column.chunks):
        place = _place(column, k) if len(chunk) else None
        read = None if place is None else _read_piece(chunk, place)
        yield chunk if read is None else read


def _read_piece(chunk: pa.Array, place: _Place) -> pa.Array | None:
    """``chunk`` with its values read from the file into memory; None when the file is not the one mapped."""
    path, identity, base = place
    offsets = _offsets(chunk)
    first, size = int(offsets[0]), int(offsets[-1] - offsets[0])
    values = _pread(path, identity, [(base + first, size)])
    if values is None:
        return None
    # Offsets from the first value read; the leading ones (for a sliced piece) only keep the validity bits aligned.
    rebased = np.zeros(chunk.offset + len(chunk) + 1, dtype=offsets.dtype)
    rebased[chunk.offset :] = offsets - first
    return pa.Array.from_buffers(
        chunk.type,
        len(chunk),
        [chunk.buffers()[0], pa.py_buffer(rebased), pa.py_buffer(values[0])],
        null_count=chunk.null_count,
        offset=chunk.offset,
    )


def _offsets(chunk: pa.Array) -> np.ndarray:
    """Where each value of the string array ``chunk`` starts in its values buffer, and where the last ends."""
    width = np.dtype(np.int64 if chunk.type == pa.large_string() else np.int32)
    return np.frombuffer(chunk.buffers()[1], dtype=width, count=len(chunk) + 1, offset=chunk.offset * width.itemsize)


def _pread(path: str, identity: tuple[int, int], ranges: list[tuple[int, int]]) -> list[bytes] | None:
    """The bytes at ``(start, size)`` ``ranges`` of the file ``path``; None when it is not the
    file of that identity any more, or shorter than they say."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        stat = os.fstat(fd)
        if (stat.st_dev, stat.st_ino) != identity:  # removed and written again: not the file mapped
            return None
        values = [os.pread(fd, size, start) if size else b"" for start, size in ranges]
    finally:
        os.close(fd)
    if any(len(v) != size for v, (_, size) in zip(values, ranges)):
        return None  # shorter than mapped: the mapping will say so
    return values


def _read_rows(chunk: pa.Array, rows: np.ndarray, place: _Place) -> pa.Array | None:
    """The values at ``rows`` of ``chunk`` read with ``pread``; None when the file is not the one mapped."""
    path, identity, base = place
    if rows.min() < 0 or rows.max() >= len(chunk):
        raise IndexError(f"positions out of bounds for {len(chunk):,} rows")
    offsets = _offsets(chunk)
    starts, sizes = offsets[rows].astype(np.int64), (offsets[rows + 1] - offsets[rows]).astype(np.int64)
    values = _pread(path, identity, list(zip((starts + base).tolist(), sizes.tolist())))
    if values is None:
        return None
    missing = None if chunk.null_count == 0 else ~chunk.is_valid().to_numpy(zero_copy_only=False)[rows]
    binary = pa.large_binary() if chunk.type == pa.large_string() else pa.binary()
    return pa.array(values, type=binary, mask=missing).cast(chunk.type)
