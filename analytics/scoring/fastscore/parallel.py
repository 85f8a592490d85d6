"""Score many texts on every core, with progress reports.

Small inputs are scored in this process (starting workers would cost more than it saves);
large ones are cut into chunks that worker processes score while this process collects the
results and reports progress. Each worker keeps to one engine while it can, so each engine's
token caches fill in one process, not in every one; chunks shrink as the work runs out, so the
workers finish together. Workers start by ``fork`` where that is safe (Linux, no other thread
running: the command line), and then read their chunks from what they inherit, this process
scoring as one of them; else by ``forkserver`` (a server with the scorers loaded, so each
worker starts warm) or ``spawn``, and are sent their chunks.
"""

from __future__ import annotations

import collections
import gc
import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import TextIO, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from .textblob_fast import check_texts, textblob_sentiment_many
from .vader_fast import vader_compound_many

__all__ = [
    "ENGINES",
    "PARALLEL_MIN_TEXTS",
    "map_chunks",
    "score_many",
    "score_parallel",
    "default_workers",
    "progress_printer",
    "texts_for_workers",
    "distinct_texts",
    "TextSelection",
]

#: Engine name -> the columns it fills (the names of the data contract's enriched columns).
ENGINES: dict[str, tuple[str, ...]] = {
    "textblob": ("polarity", "subjectivity"),
    "vader": ("vader_compound",),
}
#: Below this many texts, ``score_parallel`` scores in this process.
PARALLEL_MIN_TEXTS = 20_000
_PRELOAD = ["analytics.scoring.fastscore.textblob_fast", "analytics.scoring.fastscore.vader_fast"]

Progress = Callable[[int, int], None]
T = TypeVar("T")


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check(texts, engines: Sequence[str]) -> tuple[str, ...]:
    unknown = [e for e in engines if e not in ENGINES]
    if unknown or not engines:
        raise ValueError(f"unknown engines {unknown}; expected some of {sorted(ENGINES)}")
    if not isinstance(texts, TextSelection):  # checked when made
        check_texts(texts)
    return tuple(engines)


def _score_engine(texts: list[str] | pa.Array | pa.ChunkedArray, engine: str) -> np.ndarray:
    """One engine's columns for ``texts``: shape (len(texts), its number of columns)."""
    if engine == "textblob":
        return textblob_sentiment_many(texts)  # splits Arrow text without a str per comment
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        texts = texts.to_pylist()
    return vader_compound_many(texts)[:, None]


def _score_chunk(texts: Sequence[str], engines: tuple[str, ...]) -> np.ndarray:
    """The engines' columns for ``texts``, side by side: shape (len(texts), n_columns)."""
    parts = [_score_engine(texts, engine) for engine in engines]
    return np.hstack(parts) if len(parts) > 1 else parts[0]


def _frame(values: np.ndarray, engines: tuple[str, ...], index) -> pd.DataFrame:
    columns = [c for e in engines for c in ENGINES[e]]
    return pd.DataFrame(values, columns=columns, index=index)


def score_many(texts: Sequence[str], *, engines: Sequence[str] = ("textblob", "vader")) -> pd.DataFrame:
    """The engines' scores for every text, in this process (see :func:`score_parallel`).

    Examples:
        >>> score_many(["Good point!", "no"])
           polarity  subjectivity  vader_compound
        0     0.875           0.6          0.4926
        1     0.000           0.0         -0.2960
    """
    engines = _check(texts, engines)
    index = texts.index if isinstance(texts, pd.Series) else None
    return _frame(_score_chunk(list(texts), engines).reshape(len(texts), -1), engines, index)


def texts_for_workers(values) -> pa.Array | pa.ChunkedArray | list:
    """``values`` (a Series, Index, array or list of texts) as an Arrow array of strings where
    each is a string or missing, else as a list.

    Forked workers read an Arrow array where it lies, page for page shared with this process;
    a list of Python strings would have them copy every page they touch (reference counts are
    written), and making the list costs this process as much again as the texts.

    Examples:
        >>> texts_for_workers(pd.Series(["a", None], dtype="str")).to_pylist()
        ['a', None]
        >>> texts_for_workers([1, "b"])
        [1, 'b']
    """
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        arrow = values
    else:
        try:
            arrow = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            return list(values)
    if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
        return arrow
    return list(values)


class TextSelection:
    """Some strings of an Arrow array, picked by ascending position and not copied out of it.

    What the workers score when only some rows count (the English comments, the first of each
    distinct text): a forked worker takes its chunk's strings from the array it shares page for
    page with this process, where a copy of the picked strings would cost this process as much
    memory again (see docs/performance.md#parallel-pool). ``len`` and ``slice(offset, length)`` (an Arrow
    array of those strings) as an Arrow array has them.

    Examples:
        >>> picked = TextSelection(pa.array(["a", "b", "c", "d"]), [1, 3])
        >>> len(picked), picked.to_pylist(), picked.slice(1, 1).to_pylist()
        (2, ['b', 'd'], ['d'])
    """

    def __init__(self, texts: pa.Array | pa.ChunkedArray, positions: Sequence[int] | np.ndarray):
        if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
            raise TypeError(f"texts: expected strings, got an Arrow array of {texts.type}")
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) and (positions[0] < 0 or positions[-1] >= len(texts) or (np.diff(positions) <= 0).any()):
            raise ValueError(f"positions: expected ascending positions below {len(texts)}")
        if texts.null_count:
            missing = texts.is_null().to_numpy(zero_copy_only=False)[positions]
            if missing.any():
                raise TypeError(f"texts[{positions[np.argmax(missing)]}]: expected a str, got NoneType")
        self.texts = texts
        self.positions = positions
        # a pool takes chunk after chunk from the same array: its chunks' bounds found once
        self._bounds = _chunk_bounds(texts) if isinstance(texts, pa.ChunkedArray) else None

    def __len__(self) -> int:
        return len(self.positions)

    def slice(self, offset: int = 0, length: int | None = None) -> pa.Array | pa.ChunkedArray:
        stop = len(self.positions) if length is None else offset + length
        return _take_ascending(self.texts, self.positions[offset:stop], self._bounds)

    def to_pylist(self) -> list[str]:
        return self.slice().to_pylist()


#: What the pool hands out in Arrow slices (and forked workers read where it lies).
_ARROW = (pa.Array, pa.ChunkedArray, TextSelection)


def _digests(texts: list) -> np.ndarray:
    """128-bit BLAKE2b digests of the texts' UTF-8, one row of two uint64 each (module level:
    run in worker processes)."""
    digest = hashlib.blake2b
    joined = b"".join(digest(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts)
    return np.frombuffer(joined, dtype=np.uint64).reshape(len(texts), 2)


def distinct_texts(values, where: np.ndarray | None = None) -> tuple[np.ndarray, TextSelection | pa.Array | list]:
    """``(codes, distinct)`` of the texts ``values[where]`` (every one where ``where`` is not
    given): each text's number in ``distinct``, the texts in order of first appearance, as
    ``pd.factorize`` gives them.

    Where ``values`` holds Arrow strings (a Series of them, say) and none of those picked is
    missing, ``distinct`` is a :class:`TextSelection` of ``values``: neither the picked texts
    nor the distinct ones are copied. The texts are told apart by 128-bit BLAKE2b digests made
    on every core (a collision is as likely as 1 in 10^26 for 1M distinct texts): hashing the
    texts themselves (pandas' factorize, Arrow's dictionary_encode) held a copy of every
    distinct text in a hash table at the peak (docs/performance.md#parallel-pool). Otherwise
    ``distinct`` is as :func:`texts_for_workers` makes it.

    Examples:
        >>> codes, distinct = distinct_texts(pd.Series(["b", "a", "b", "c"], dtype="str"))
        >>> codes.tolist(), distinct.to_pylist()
        ([0, 1, 0, 2], ['b', 'a', 'c'])
        >>> codes, distinct = distinct_texts(pd.Series(["b", "a", "b", "c"], dtype="str"),
        ...                                  where=np.array([False, True, True, True]))
        >>> codes.tolist(), distinct.to_pylist()
        ([0, 1, 2], ['a', 'b', 'c'])
    """
    arrow = texts_for_workers(values)
    if where is not None and len(where) != len(arrow):
        raise ValueError(f"where: expected {len(arrow)} flags, one per text, got {len(where)}")
    rows = np.arange(len(arrow)) if where is None else np.flatnonzero(np.asarray(where, dtype=bool))
    try:
        picked = TextSelection(arrow, rows) if not isinstance(arrow, list) else None
    except TypeError:  # a missing text among those picked
        picked = None
    if picked is None:
        every = arrow if isinstance(arrow, list) else arrow.to_pylist()
        codes, distinct = pd.factorize(pd.Series([every[k] for k in rows], dtype="object"))
        return codes, texts_for_workers(distinct)
    parts = map_chunks(_digests, picked)
    digests = np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.uint64)
    keys = np.ascontiguousarray(digests).view(np.dtype((np.void, 16))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # number the distinct texts by first appearance
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()], TextSelection(arrow, rows[first[order]])


def _chunk_bounds(arrow: pa.ChunkedArray) -> np.ndarray:
    """The first position of each chunk of ``arrow``, then its length."""
    return np.cumsum([0] + [len(chunk) for chunk in arrow.chunks])


def _take_ascending(
    arrow: pa.Array | pa.ChunkedArray, positions: np.ndarray, bounds: np.ndarray | None = None
) -> pa.Array | pa.ChunkedArray:
    """``arrow.take(positions)`` for ascending positions, chunk by chunk: Arrow's take of a
    chunked array first joins its chunks into one, a transient copy of every text. ``bounds``:
    ``_chunk_bounds(arrow)``, where known."""
    if isinstance(arrow, pa.Array):
        return arrow.take(pa.array(positions, type=pa.int64()))
    bounds = _chunk_bounds(arrow) if bounds is None else bounds
    if not len(positions):
        return pa.chunked_array([], type=arrow.type)
    # only the chunks the positions fall in: a loaded column may hold one chunk per page read
    first, last = np.searchsorted(bounds, [positions[0], positions[-1]], side="right") - 1
    cuts = np.searchsorted(positions, bounds[first : last + 2])
    pieces = [
        arrow.chunk(i).take(pa.array(positions[cuts[j] : cuts[j + 1]] - bounds[i], type=pa.int64()))
        for j, i in enumerate(range(first, last + 1))
        if cuts[j + 1] > cuts[j]
    ]
    return pa.chunked_array(pieces, type=arrow.type)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _chunk_size(n: int, workers: int) -> int:
    """The largest chunk: 16 a worker, to report progress often (a pool's last chunks are
    smaller still, see :class:`_Plan`)."""
    return max(200, min(5_000, -(-n // (workers * 16))))


def _items_of(items: Sequence | pa.Array | pa.ChunkedArray | TextSelection, start: int, stop: int) -> list:
    if isinstance(items, _ARROW):
        return items.slice(start, stop - start).to_pylist()
    return list(items[start:stop])


def _texts_of(
    texts: Sequence[str] | pa.Array | pa.ChunkedArray | TextSelection, start: int, stop: int
) -> list | pa.Array | pa.ChunkedArray:
    """A chunk of texts to score where they are: Arrow stays Arrow (``_score_engine`` takes both)."""
    if isinstance(texts, _ARROW):
        return texts.slice(start, stop - start)
    return list(texts[start:stop])


def _serve(conn: Connection, funcs: Sequence[Callable], items, chunk_of: Callable = _items_of) -> None:
    """A worker's loop: ``(k, start, stop, chunk)`` in, ``(True, funcs[k](chunk))`` or
    ``(False, error)`` out; ``chunk`` is ``None`` where the worker has ``items`` (forked) and
    reads the chunk from them with ``chunk_of(items, start, stop)``."""
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        k, start, stop, chunk = task
        try:
            reply = (True, funcs[k](chunk_of(items, start, stop) if chunk is None else chunk))
        except BaseException as err:  # noqa: BLE001 - handed to the parent, which raises it
            reply = (False, err)
        try:
            conn.send(reply)
        except Exception as err:  # noqa: BLE001 - an unpicklable result or error
            conn.send((False, RuntimeError(f"a worker could not send its result back: {err!r}")))


class _Plan:
    """Which items each process scores next: queue ``k`` holds the positions ``funcs[k]`` is yet
    to be given, ``[front[k], back[k])``; process ``w`` takes from the front of queue
    ``w % len(queues)`` (its own: the token caches of its scorer fill once, in one process) and,
    once that is empty, from the back of the queue with the most left (what its owner would
    reach last).

    A take is at most ``size`` items and at most ``1 / (2 * processes)`` of what the queues have
    left between them (but at least ``size // 32``): chunks shrink as the work runs out, so the
    processes finish close together instead of one waiting out the other's last full-size
    chunk. The queues' total, not each queue's own: a queue that runs out early (one engine's,
    its owner then taking the other's) keeps its chunks whole, for each call of a scorer has a
    cost of its own.
    """

    def __init__(self, n_queues: int, n: int, size: int, processes: int):
        self.front = [0] * n_queues
        self.back = [n] * n_queues
        self.size = size
        self.least = max(1, size // 32)
        self.shares = 2 * processes

    def take(self, worker: int) -> tuple[int, int, int] | None:
        """``(queue, start, stop)`` for process ``worker``, or ``None`` once every queue is empty."""
        lefts = [b - f for f, b in zip(self.front, self.back)]
        own = worker % len(lefts)
        k = own if lefts[own] > 0 else max(range(len(lefts)), key=lefts.__getitem__)
        if lefts[k] <= 0:
            return None
        count = min(lefts[k], self.size, max(self.least, -(-sum(lefts) // self.shares)))
        if k == own:
            self.front[k] += count
            return k, self.front[k] - count, self.front[k]
        self.back[k] -= count
        return k, self.back[k], self.back[k] + count


# Over 80 lines on purpose: one scheduling loop (start, feed, collect, score here too, clean up) over shared state.
def _run_pool(
    funcs: Sequence[Callable],
    items,
    size: int,
    workers: int,
    done: Callable[[int, int, int, object], None],
    chunk_of: Callable = _items_of,
) -> None:
    """Every ``funcs[k]`` on every item of ``items``, in chunks of at most ``size``, on ``workers``
    processes; ``done(k, start, stop, result)`` as the chunk ``items[start:stop]`` finishes, in
    this thread.

    Forked workers read their chunks from the ``items`` they inherit with ``chunk_of`` (nothing
    is copied; an Arrow array of texts is shared page for page with this process). A task is
    then a few bytes, so each worker is kept two tasks ahead and this process scores too, as
    worker 0, looking in on the others between chunks of its own (no larger than theirs: while
    it scores one, each worker has a whole chunk waiting): one process fewer to start, and no
    worker waits for this one to be scheduled to get its next task. Workers started otherwise
    are sent each chunk as a list; this process could not take a result back while sending the
    next chunk (a deadlock when both are large), so each is given one task at a time and this
    process only hands them out.
    """
    ctx = _context()
    inherit = ctx.get_start_method() == "fork"
    n = len(items)
    plan = _Plan(len(funcs), n, size, workers)
    ahead = 2 if inherit else 1
    first = 1 if inherit else 0  # worker 0 is this process when it scores too
    procs, conns = [], []
    given: list[collections.deque] = []  # each worker's tasks in the order it does them
    released: set[int] = set()

    def release(i: int) -> None:
        if i not in released:
            released.add(i)
            try:
                conns[i].send(None)
            except OSError:  # it has ended
                pass

    def give(i: int) -> None:
        while len(given[i]) < ahead:
            task = plan.take(first + i)
            if task is None:
                if not given[i]:
                    release(i)  # it exits while the others finish: joining it later takes no time
                return
            k, start, stop = task
            conns[i].send((k, start, stop, None if inherit else _items_of(items, start, stop)))
            given[i].append(task)

    def collect(timeout: float | None) -> None:
        """Every result ready within ``timeout`` seconds (``None``: wait for one at least)."""
        busy = [i for i in range(len(procs)) if given[i]]
        by_conn = {conns[i]: i for i in busy}
        by_sentinel = {procs[i].sentinel: i for i in busy}
        for ready in wait(list(by_conn) + list(by_sentinel), timeout):
            i = by_conn.get(ready)
            if i is None:
                i = by_sentinel[ready]
                if given[i] and not conns[i].poll():
                    raise RuntimeError(f"a worker process ended unexpectedly (exit code {procs[i].exitcode})")
                continue
            while given[i] and conns[i].poll():
                ok, result = conns[i].recv()
                if not ok:
                    raise result
                done(*given[i].popleft(), result)
            give(i)

    try:
        if inherit:
            # A forked worker's garbage collector would otherwise visit (write to) every container
            # it inherits, copying the pages of a large parent's frames into each worker.
            gc.freeze()
        try:
            for _ in range(min(workers, len(funcs) * -(-n // size)) - first):  # none without a chunk
                ours, theirs = ctx.Pipe()
                proc = ctx.Process(
                    target=_serve, args=(theirs, list(funcs), items if inherit else None, chunk_of), daemon=True
                )
                proc.start()
                theirs.close()
                procs.append(proc)
                conns.append(ours)
                given.append(collections.deque())
        finally:
            if inherit:
                gc.unfreeze()
        for i in range(len(procs)):
            give(i)
        while True:
            task = plan.take(0) if inherit else None
            if task is not None:
                k, start, stop = task
                done(k, start, stop, funcs[k](chunk_of(items, start, stop)))
                if procs:
                    collect(0)
            elif any(given):
                collect(None)
            else:
                break
    except BaseException:
        for i, proc in enumerate(procs):
            if given[i]:  # their chunks are of no use now
                proc.terminate()
        raise
    finally:
        for i in range(len(conns)):
            release(i)
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
                proc.join()
        for conn in conns:
            conn.close()


def _parallel(workers: int, n: int, min_parallel: int) -> bool:
    # A daemonic process (a Dask or multiprocessing worker) may not start processes of its own.
    return workers > 1 and n >= min_parallel and not multiprocessing.current_process().daemon


def _chunking(
    n: int, workers: int | None, min_parallel: int, progress: Progress | None
) -> tuple[int, bool, int, range]:
    """``(workers, parallel, size, starts)`` for ``n`` items: how many processes, whether to
    start any, the chunk size and the chunks' first positions; reports ``progress(0, n)``."""
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if progress is not None:
        progress(0, n)
    parallel = _parallel(workers, n, min_parallel)
    size = _chunk_size(n, workers if parallel else 1)
    return workers, parallel, size, range(0, n, size)


def map_chunks(
    func: Callable[[list], T],
    items: Sequence | pa.Array | pa.ChunkedArray | TextSelection,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    min_parallel: int = PARALLEL_MIN_TEXTS,
) -> list[T]:
    """``func`` applied to consecutive chunks of ``items``: the results, one per chunk, in order.

    The machinery of :func:`score_parallel`, for any scorer: ``func`` must be a module-level
    function (it is sent to worker processes) that takes a list and may return anything
    picklable. ``items`` is a sequence, an Arrow array (of strings, say: chunks reach ``func``
    as lists of Python values, made in the worker) or a :class:`TextSelection`. Same rules for
    ``workers``, ``min_parallel`` and daemonic processes; and ``progress(done, total)`` counts
    items.

    Examples:
        >>> map_chunks(len, list(range(450)))  # chunks of at least 200
        [200, 200, 50]
    """
    if not isinstance(items, _ARROW):
        items = list(items)
    n = len(items)
    workers, parallel, size, starts = _chunking(n, workers, min_parallel, progress)
    results: dict[int, T] = {}  # by first position
    finished = [0]

    def done(_k: int, start: int, stop: int, result: T) -> None:
        results[start] = result
        finished[0] += stop - start
        if progress is not None:
            progress(finished[0], n)

    if parallel:
        _run_pool([func], items, size, workers, done)
    else:
        for start in starts:
            done(0, start, min(start + size, n), func(_items_of(items, start, start + size)))
    return [results[start] for start in sorted(results)]


def score_parallel(
    texts: Sequence[str] | pa.Array | pa.ChunkedArray | TextSelection,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    engines: Sequence[str] = ("textblob", "vader"),
    min_parallel: int = PARALLEL_MIN_TEXTS,
) -> pd.DataFrame:
    """The engines' scores for every text, using every core for large inputs.

    Returns one row per text, in order (with the index of ``texts`` if it is a Series) and the
    columns ``polarity`` and ``subjectivity`` (engine ``textblob``, equal to
    ``TextBlob(text).sentiment``) and ``vader_compound`` (engine ``vader``, equal to VADER's
    ``polarity_scores(text)["compound"]``). ``texts`` may be an Arrow array of strings (no
    nulls) or a :class:`TextSelection` of one: forked workers then share it with this process
    instead of copying it.

    ``workers``: processes to use (default: every core this process may run on); ``1``, fewer
    than ``min_parallel`` texts, or a call from a daemonic worker process scores in this process.
    Workers score one engine each where they can (the engines' token caches then fill once, not
    once per worker), taking chunks of the other engines once theirs are done.
    ``progress(done, total)`` is called from this thread as chunks finish (and once with
    ``(0, total)`` at the start).

    Examples:
        >>> score_parallel(["Good point!", "no"], engines=["vader"])
           vader_compound
        0          0.4926
        1         -0.2960
    """
    engines = _check(texts, engines)
    index = texts.index if isinstance(texts, pd.Series) else None
    if not isinstance(texts, _ARROW):
        texts = list(texts)
    n = len(texts)
    widths = [len(ENGINES[e]) for e in engines]
    offsets = np.cumsum([0] + widths)
    out = np.empty((n, offsets[-1]))
    workers, parallel, size, starts = _chunking(n, workers, min_parallel, progress)
    scored = [0]

    def done(k: int, start: int, stop: int, values: np.ndarray) -> None:
        out[start:stop, offsets[k] : offsets[k + 1]] = values.reshape(stop - start, widths[k])
        scored[0] += stop - start
        if progress is not None:
            progress(scored[0] // len(engines), n)

    if parallel:
        _run_pool([partial(_score_engine, engine=e) for e in engines], texts, size, workers, done, chunk_of=_texts_of)
    else:
        for start in starts:
            chunk = _texts_of(texts, start, start + size)
            for k, engine in enumerate(engines):
                done(k, start, start + len(chunk), _score_engine(chunk, engine))
    return _frame(out, engines, index)


def progress_printer(
    stream: TextIO | None = None, *, label: str = "scored", unit: str = "comments", every: float = 1.0
) -> Progress:
    """A ``progress`` callback printing counts, rate and time left, at most every ``every``
    seconds (and at the end): ``scored 40,000/100,000 comments (40%), 21,000/s, 3 s left``.

    Examples:
        >>> import io
        >>> out = io.StringIO()
        >>> report = progress_printer(out)
        >>> report(0, 10); report(10, 10)
        >>> out.getvalue().splitlines()[-1].startswith("scored 10/10 comments (100%)")
        True
    """
    stream = sys.stderr if stream is None else stream
    started = time.perf_counter()
    last = [-every]

    def report(done: int, total: int) -> None:
        now = time.perf_counter() - started
        if done < total and now - last[0] < every:
            return
        last[0] = now
        rate = done / now if now > 0 else 0.0
        share = f" ({done / total:.0%})" if total else ""
        line = f"{label} {done:,}/{total:,} {unit}{share}"
        if done and rate:
            line += f", {rate:,.0f}/s"
            if done < total:
                line += f", {(total - done) / rate:,.0f} s left"
            else:
                line += f", {now:,.1f} s"
        print(line, file=stream, flush=True)

    return report
