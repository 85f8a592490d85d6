"""Score many texts on every core, with progress reports.

Small inputs are scored in this process (starting workers would cost more than it saves);
large ones are cut into chunks that worker processes score while this process collects the
results in order and reports progress. Workers start by ``fork`` where that is safe (Linux, no
other thread running: the command line), else by ``forkserver`` (a server with the scorers
loaded, so each worker starts warm) or ``spawn``.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from functools import partial
from typing import TextIO, TypeVar

import numpy as np
import pandas as pd

from .textblob_fast import textblob_sentiment_many
from .vader_fast import vader_compound_many

__all__ = ["ENGINES", "PARALLEL_MIN_TEXTS", "map_chunks", "score_many", "score_parallel", "default_workers",
           "progress_printer"]

#: Engine name -> the columns it fills (the names of the data contract's enriched columns).
ENGINES: dict[str, tuple[str, ...]] = {
    "textblob": ("polarity", "subjectivity"),
    "vader": ("vader_compound",),
}
#: Below this many texts, ``score_parallel`` scores in this process.
PARALLEL_MIN_TEXTS = 20_000
_PRELOAD = ["analytics.fastscore.textblob_fast", "analytics.fastscore.vader_fast"]

Progress = Callable[[int, int], None]
T = TypeVar("T")


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check(texts: Sequence[str], engines: Sequence[str]) -> tuple[str, ...]:
    unknown = [e for e in engines if e not in ENGINES]
    if unknown or not engines:
        raise ValueError(f"unknown engines {unknown}; expected some of {sorted(ENGINES)}")
    if not all(isinstance(t, str) for t in texts):
        k = next(k for k, t in enumerate(texts) if not isinstance(t, str))
        raise TypeError(f"texts[{k}]: expected a str, got {type(texts[k]).__name__}")
    return tuple(engines)


def _score_chunk(texts: Sequence[str], engines: tuple[str, ...]) -> np.ndarray:
    """The engines' columns for ``texts``, side by side: shape (len(texts), n_columns)."""
    parts = []
    for engine in engines:
        if engine == "textblob":
            parts.append(textblob_sentiment_many(texts))
        else:
            parts.append(vader_compound_many(texts)[:, None])
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
    """Enough chunks to keep every worker busy to the end and to report progress often."""
    return max(200, min(5_000, -(-n // (workers * 8))))


def map_chunks(func: Callable[[list], T], items: Sequence, *, workers: int | None = None,
               progress: Progress | None = None, min_parallel: int = PARALLEL_MIN_TEXTS) -> list[T]:
    """``func`` applied to consecutive chunks of ``items``: the results, one per chunk, in order.

    The machinery of :func:`score_parallel`, for any scorer: ``func`` must be a module-level
    function (it is sent to worker processes) that takes a list and may return anything
    picklable. Same rules for ``workers``, ``min_parallel`` and daemonic processes; and
    ``progress(done, total)`` counts items.

    Examples:
        >>> map_chunks(len, list(range(450)))  # chunks of at least 200
        [200, 200, 50]
    """
    items = list(items)
    n = len(items)
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if progress is not None:
        progress(0, n)
    # A daemonic process (a Dask or multiprocessing worker) may not start processes of its own.
    parallel = workers > 1 and n >= min_parallel and not multiprocessing.current_process().daemon
    size = _chunk_size(n, workers if parallel else 1)
    starts = range(0, n, size)
    results: dict[int, T] = {}
    if not parallel:
        for start in starts:
            results[start] = func(items[start:start + size])
            if progress is not None:
                progress(min(start + size, n), n)
        return [results[s] for s in starts]
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        pending = {pool.submit(func, items[s:s + size]): s for s in starts}
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    start = pending.pop(future)
                    results[start] = future.result()
                    done += min(size, n - start)
                    if progress is not None:
                        progress(done, n)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [results[s] for s in starts]


def score_parallel(texts: Sequence[str], *, workers: int | None = None, progress: Progress | None = None,
                   engines: Sequence[str] = ("textblob", "vader"),
                   min_parallel: int = PARALLEL_MIN_TEXTS) -> pd.DataFrame:
    """The engines' scores for every text, using every core for large inputs.

    Returns one row per text, in order (with the index of ``texts`` if it is a Series) and the
    columns ``polarity`` and ``subjectivity`` (engine ``textblob``, equal to
    ``TextBlob(text).sentiment``) and ``vader_compound`` (engine ``vader``, equal to VADER's
    ``polarity_scores(text)["compound"]``).

    ``workers``: processes to use (default: every core this process may run on); ``1``, fewer
    than ``min_parallel`` texts, or a call from a daemonic worker process scores in this process. ``progress(done, total)`` is
    called from this thread as chunks finish (and once with ``(0, total)`` at the start).

    Examples:
        >>> score_parallel(["Good point!", "no"], engines=["vader"])
           vader_compound
        0          0.4926
        1         -0.2960
    """
    engines = _check(texts, engines)
    index = texts.index if isinstance(texts, pd.Series) else None
    width = sum(len(ENGINES[e]) for e in engines)
    parts = map_chunks(partial(_score_chunk, engines=engines), texts, workers=workers, progress=progress,
                       min_parallel=min_parallel)
    out = np.vstack([p.reshape(len(p), width) for p in parts]) if parts else np.empty((0, width))
    return _frame(out, engines, index)


def progress_printer(stream: TextIO | None = None, *, label: str = "scored", unit: str = "comments",
                     every: float = 1.0) -> Progress:
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
