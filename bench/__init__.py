"""Threadscope benchmarks: ``python -m bench`` prints one table of figures measured side by side.

Each measurement runs in a fresh Python process (so its peak resident memory is its own) and
repeats its runs, reporting the median; comparisons (fast against naive, several processes
against one) alternate their runs within that process, so both sides see the same machine.
``python -m bench --quick`` runs every case on tiny inputs: a smoke test, not a measurement.

Corpora come from :mod:`bench.make_corpus` and are kept, by size and seed, in a work folder
(``--work``, default ``<temp>/threadscope-bench``) for the next run.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def machine() -> str:
    """One line naming the machine: CPU, cores usable, memory, Python, OS, load."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory_text = f", {memory:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        memory_text = ""
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    return (
        f"{cpu}, {cores} cores usable{memory_text}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}{load}"
    )


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MiB."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 2**20  # ru_maxrss: KB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return own, children


def memory_target(mib: float, gb: float) -> str:
    """How ``mib`` (MiB) stands against a target of ``gb`` "GB", in both readings of GB: 10^9
    bytes and 2^30 (GiB). Issue 6 does not say which; the table says both.

    Examples:
        >>> memory_target(1382, 1.5)
        'target 1.5 GB: met (1,382 MiB is under 1.5 x 10^9 bytes, 1,431 MiB)'
        >>> memory_target(1449, 1.5)
        'target 1.5 GB: met as 1.5 GiB (1,536 MiB), NOT as 1.5 x 10^9 bytes (1,431 MiB)'
        >>> memory_target(1600, 1.5)
        'target 1.5 GB: NOT met (1,600 MiB is over 1.5 GiB, 1,536 MiB)'
    """
    decimal, binary = gb * 1e9 / 2**20, gb * 1024
    if mib <= decimal:
        return f"target {gb:g} GB: met ({mib:,.0f} MiB is under {gb:g} x 10^9 bytes, {decimal:,.0f} MiB)"
    if mib <= binary:
        return (
            f"target {gb:g} GB: met as {gb:g} GiB ({binary:,.0f} MiB), NOT as {gb:g} x 10^9 bytes ({decimal:,.0f} MiB)"
        )
    return f"target {gb:g} GB: NOT met ({mib:,.0f} MiB is over {gb:g} GiB, {binary:,.0f} MiB)"


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_runs(
    fns: dict[str, Callable[[], object]], runs: int, before: Callable[[], object] | None = None
) -> dict[str, float]:
    """Median seconds of each function over ``runs`` rounds; within a round the functions run
    one after the other (side by side), ``before`` ahead of each."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            if before is not None:
                before()
            times[name].append(timed(fn))
    return {name: statistics.median(values) for name, values in times.items()}


REPO = Path(__file__).resolve().parents[1]
