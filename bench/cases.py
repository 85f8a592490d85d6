"""The benchmark cases. Each runs in its own process (``python -m bench --case NAME ...``) and
returns rows for the table: ``measure``, ``input``, ``value`` with ``unit``, ``compare`` (a
ratio to its baseline) and ``rss`` (peak resident memory).

A case takes the run settings (``runs``, sizes) and the corpus folders it needs, made by
:func:`corpus`. To add a case: write a function here, add it to :data:`CASES` and to the plan
in ``bench/__main__.py``.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import make_corpus, median_runs, memory_target, peak_rss_mib, timed

#: Issue 6's "analysing 1M comments peaks under 2.5 GB" (see bench.memory_target).
TARGET_ANALYSING_GB = 2.5

Row = dict[str, object]
DEFAULT_WORK = Path(tempfile.gettempdir()) / "threadscope-bench"


def corpus(n_comments: int, work: Path, *, seed: int = 0) -> Path:
    """The folder of a benchmark corpus of ``n_comments`` comments, made once and kept."""
    sources = make_corpus.load_sources()
    folder = work / f"corpus-{n_comments}-seed{seed}-v{make_corpus.VERSION}-{sources.digest}"
    if not (folder / "corpus.json").exists():
        partial = folder.with_name(folder.name + ".partial")
        if partial.exists():
            import shutil

            shutil.rmtree(partial)
        make_corpus.write(
            make_corpus.build(n_comments, seed=seed, sources=sources), partial, sources=sources, seed=seed
        )
        partial.rename(folder)
    return folder


def _texts(folder: Path) -> list[str]:
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f)]


def _mib(rss: tuple[float, float], *, workers: bool = False) -> str:
    own, children = rss
    return f"{own:,.0f} MiB + workers {children:,.0f} MiB each" if workers else f"{own:,.0f} MiB"


def parse(folder: str, runs: int, max_seconds: float = float("inf")) -> list[Row]:
    """``analytics.load`` of a corpus's saved pages: comments/s and MiB/s. Stops repeating once
    another run would pass ``max_seconds`` in all (at least one run)."""
    import statistics
    import time

    import analytics

    pages = Path(folder) / "pages"
    size = sum(p.stat().st_size for p in pages.iterdir())
    info = json.loads((Path(folder) / "corpus.json").read_text(encoding="utf-8"))
    n = info["comments"]
    times: list[float] = []
    while len(times) < runs and (not times or sum(times) + times[-1] <= max_seconds):
        start = time.perf_counter()
        loaded = len(analytics.load(pages).comments)
        times.append(time.perf_counter() - start)
        if loaded != n:
            raise RuntimeError(f"loaded {loaded} comments, the corpus holds {n}")
    t = statistics.median(times)
    note = f"median of {len(times)} runs" if len(times) > 1 else "1 run"
    return [
        {
            "measure": "parse saved pages (analytics.load)",
            "input": f"{n:,} comments, {info['articles']:,} pages, {size / 2**20:,.0f} MiB",
            "value": n / t,
            "unit": f"comments/s ({size / 2**20 / t:,.1f} MiB/s)",
            "compare": note,
            "rss": _mib(peak_rss_mib()),
            "seconds": t,
        }
    ]


def sentiment(folder: str, sample: int, runs: int) -> list[Row]:
    """Fast scorers against the naive per-row calls on the same texts, with their largest difference."""
    import numpy as np
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analytics.scoring.fastscore import textblob_fast, vader_fast

    texts = _texts(Path(folder))
    texts = random.Random(1).sample(texts, min(sample, len(texts)))
    analyzer = SentimentIntensityAnalyzer()
    out: dict[str, object] = {}

    def clear() -> None:
        textblob_fast.clear_caches()
        vader_fast.clear_caches()

    fns: dict[str, Callable[[], object]] = {
        "textblob naive": lambda: out.__setitem__("tb", [tuple(TextBlob(t).sentiment) for t in texts]),
        "textblob cold": lambda: (clear(), out.__setitem__("tbf", textblob_fast.textblob_sentiment_many(texts))),
        "textblob warm": lambda: textblob_fast.textblob_sentiment_many(texts),
        "vader naive": lambda: out.__setitem__("vd", [analyzer.polarity_scores(t)["compound"] for t in texts]),
        "vader cold": lambda: (clear(), out.__setitem__("vdf", vader_fast.vader_compound_many(texts))),
        "vader warm": lambda: vader_fast.vader_compound_many(texts),
    }
    t = median_runs(fns, runs)
    # What a real run gets: every comment of the corpus, the token caches starting empty and
    # filling as it goes (the naive per-row cost does not depend on how many comments there are).
    everything = _texts(Path(folder))
    t.update(
        median_runs(
            {
                "textblob corpus": lambda: textblob_fast.textblob_sentiment_many(everything),
                "vader corpus": lambda: vader_fast.vader_compound_many(everything),
            },
            runs,
            before=clear,
        )
    )
    tb_diff = float(np.abs(np.array(out["tb"]).reshape(-1, 2) - out["tbf"]).max(initial=0.0))
    vd_diff = float(np.abs(np.array(out["vd"]) - out["vdf"]).max(initial=0.0))
    words = sum(len(x.split()) for x in texts) / len(texts)
    label = f"{len(texts):,} comments ({words:.0f} words on average)"
    rows: list[Row] = []
    for engine, diff, call in (
        ("textblob", tb_diff, "TextBlob(t).sentiment"),
        ("vader", vd_diff, 'polarity_scores(t)["compound"]'),
    ):
        naive = t[f"{engine} naive"]
        rows.append(
            {
                "measure": f"{engine}: naive {call}",
                "input": label,
                "value": len(texts) / naive,
                "unit": "comments/s",
                "compare": "1x",
                "rss": "",
            }
        )
        for kind, note in (("cold", "token caches emptied first"), ("warm", "token caches filled")):
            rows.append(
                {
                    "measure": f"{engine}: analytics.scoring.fastscore, {note}",
                    "input": label,
                    "value": len(texts) / t[f"{engine} {kind}"],
                    "unit": "comments/s",
                    "compare": f"{naive / t[f'{engine} {kind}']:.1f}x naive",
                    "rss": "",
                }
            )
        rate = len(everything) / t[f"{engine} corpus"]
        rows.append(
            {
                "measure": f"{engine}: analytics.scoring.fastscore over the whole corpus, one core, caches empty at "
                f"the start",
                "input": f"{len(everything):,} comments",
                "value": rate,
                "unit": "comments/s",
                "compare": f"{rate / (len(texts) / naive):.1f}x naive",
                "rss": "",
            }
        )
        rows.append(
            {
                "measure": f"{engine}: largest difference fast vs naive",
                "input": label,
                "value": diff,
                "unit": "absolute",
                "compare": "",
                "rss": "",
            }
        )
    rows[-1]["rss"] = _mib(peak_rss_mib())
    return rows


#: Rounds of the parallel case at least: its ratio is of two ~2-second runs on a machine whose
#: speed drifts by 10-15% from one second to the next (single rounds gave 1.4x to 2.4x; the
#: median of 20, 1.81x to 1.87x). Nine take about 50 s at 100k.
PARALLEL_ROUNDS = 9


def parallel(folder: str, runs: int, workers: int) -> list[Row]:
    """score_parallel on one process against ``workers`` processes, caches emptied before each run.

    The ratio is the median of the rounds' own ratios (each round runs one process, then the
    pool, right after each other), not the ratio of the two medians: a slow stretch of the
    machine then slows both sides of the same round instead of one side's median only."""
    import statistics

    from analytics.scoring.fastscore import score_parallel, textblob_fast, vader_fast

    texts = _texts(Path(folder))
    rounds = max(runs, PARALLEL_ROUNDS)
    one: list[float] = []
    every: list[float] = []
    for _ in range(rounds):
        for times, call in (
            (one, lambda: score_parallel(texts, workers=1)),
            (every, lambda: score_parallel(texts, workers=workers, min_parallel=0)),
        ):
            textblob_fast.clear_caches()
            vader_fast.clear_caches()
            times.append(timed(call))
    ratios = [a / b for a, b in zip(one, every)]
    label = f"{len(texts):,} comments, textblob + vader"
    note = f"median of {rounds} rounds"
    return [
        {
            "measure": f"score_parallel, 1 process ({note})",
            "input": label,
            "value": len(texts) / statistics.median(one),
            "unit": "comments/s",
            "compare": "1x",
            "rss": "",
        },
        {
            "measure": f"score_parallel, {workers} processes ({note})",
            "input": label,
            "value": len(texts) / statistics.median(every),
            "unit": "comments/s",
            "compare": f"{statistics.median(ratios):.2f}x 1 process (the median of the rounds' ratios; "
            f"{min(ratios):.2f}-{max(ratios):.2f}x)",
            "rss": _mib(peak_rss_mib(), workers=True),
        },
    ]


def _info(folder: Path) -> dict:
    return json.loads((folder / "corpus.json").read_text(encoding="utf-8"))


def export(folder: str, runs: int) -> list[Row]:
    """``python -m analytics export`` of a corpus's saved pages, in a fresh process as a user runs
    it (every step: load, sentiment, toxicity, replies, summaries, CSV files), against the naive
    loop doing the same scoring: the same load, then ``TextBlob(t).sentiment`` and
    ``polarity_scores(t)`` for each English comment, and nothing else."""
    import shutil
    import subprocess
    import sys

    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import analytics
    from analytics.scoring.language import languages

    pages = Path(folder) / "pages"
    n = _info(Path(folder))["comments"]
    analyzer = SentimentIntensityAnalyzer()

    def pipeline() -> None:
        out = Path(tempfile.mkdtemp(prefix="export-", dir=folder))
        try:
            subprocess.run(
                [sys.executable, "-m", "analytics", "export", str(pages), "--out", str(out)],
                check=True,
                capture_output=True,
            )
        finally:
            shutil.rmtree(out)

    def naive() -> None:
        comments = analytics.load(pages).comments
        texts = comments["text"][(languages(comments["text"]) == "en").to_numpy()].tolist()
        [TextBlob(t).sentiment for t in texts]
        [analyzer.polarity_scores(t)["compound"] for t in texts]

    t = median_runs({"naive": naive, "export": pipeline}, runs)
    label = f"{n:,} comments (saved pages)"
    note = f"median of {runs} runs" if runs > 1 else "1 run"
    own, children = peak_rss_mib()
    return [
        {
            "measure": "naive loop: analytics.load, then per-row TextBlob and VADER (no other step)",
            "input": label,
            "value": t["naive"],
            "unit": "s",
            "compare": f"1x; {note}",
            "rss": f"{own:,.0f} MiB",
        },
        {
            "measure": "python -m analytics export (every step, CSV files written)",
            "input": label,
            "value": t["export"],
            "unit": "s",
            "compare": f"{t['naive'] / t['export']:.1f}x the naive speed",
            "rss": f"{children:,.0f} MiB (largest of the process and its workers)",
        },
    ]


def _pin_cache_key() -> None:
    """Leave the code fingerprint and the toxicity model out of cache keys in this process: the
    warm open and the dashboard must find the entry the cold open wrote, even when someone edits
    the checkout meanwhile (each is a hash of a few files, computed once per process)."""
    from analytics.store import cache

    cache.code_fingerprint = lambda: "bench"
    cache.toxicity_model_version = lambda: "bench"


def _warm_open(pages: str, cache: str) -> tuple[float, float]:
    """Seconds of ``cached_analysis`` reopening an entry in a fresh process (imports done first)
    and that process's peak resident memory in MiB."""
    import subprocess
    import sys

    from . import REPO

    code = (
        "import sys, time\n"
        "from bench.cases import _pin_cache_key\n"
        "from analytics.store import cache\n"
        "_pin_cache_key()\n"
        "start = time.perf_counter()\n"
        "analysis = cache.cached_analysis(sys.argv[1], cache_dir=sys.argv[2])\n"
        "seconds = time.perf_counter() - start\n"
        "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]\n"
        "print(seconds, int(hwm) / 1024, len(analysis.comments))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, pages, cache], cwd=REPO, check=True, capture_output=True, text=True
    )
    seconds, rss, _n = done.stdout.split()
    return float(seconds), float(rss)


# Samples the memory of a process and its children (the scoring workers) from outside it, four
# times a second: a thread inside would make the pool start workers from a server instead of
# forking them. Each worker's peak PSS (its private pages plus its share of those shared with the
# parent it was forked from) and USS (private pages only): the RSS that ru_maxrss reports counts
# every shared page in full. And the peak of the whole at one instant: the parent's RSS plus the
# workers' USS, what the analysis holds of the machine's memory.
_MEMORY_SAMPLER = r"""
import json, os, select, sys
parent, me = int(sys.argv[1]), os.getpid()
peak = {"pss": 0.0, "uss": 0.0, "together": 0.0, "parent": 0.0, "workers": 0.0, "at_once": 0}
def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(x) for x in open(f"/proc/{pid}/task/{task}/children").read().split()]
    except OSError:
        pass
    return found
def rollup(pid):
    try:
        return {k.rstrip(":"): int(v) / 1024 for k, v, *_ in
                (line.split() for line in open(f"/proc/{pid}/smaps_rollup")) if v.isdigit()}
    except (OSError, ValueError):
        return None
while not select.select([sys.stdin], [], [], 0.25)[0]:
    own = rollup(parent)
    if own is None:
        continue
    workers, alive = 0.0, 0
    for pid in children(parent):
        fields = None if pid == me else rollup(pid)
        if fields is None:
            continue
        uss = fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0)
        peak["pss"] = max(peak["pss"], fields.get("Pss", 0.0))
        peak["uss"] = max(peak["uss"], uss)
        workers += uss
        alive += 1
    peak["at_once"] = max(peak["at_once"], alive)
    if own.get("Rss", 0.0) + workers > peak["together"]:
        peak.update(together=own.get("Rss", 0.0) + workers, parent=own.get("Rss", 0.0), workers=workers)
print(json.dumps(peak))
"""


def _memory_sampler():
    """A process sampling this one's and its children's memory until its stdin closes; ``None``
    where /proc has no smaps_rollup (not Linux)."""
    import os
    import subprocess
    import sys

    if not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
        return None
    return subprocess.Popen(
        [sys.executable, "-c", _MEMORY_SAMPLER, str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _sampled_peak(sampler) -> dict | None:
    if sampler is None:
        return None
    out, _ = sampler.communicate("")
    return json.loads(out)


def open_corpus(folder: str, cache: str, runs: int) -> list[Row]:
    """Cold open (no cache entry: ``cached_analysis`` hashes, parses, analyses and stores) against
    warm open (the entry reopened in a fresh process), of a corpus's saved pages. The parse rows
    come from the cold open's own ``analytics.load``."""
    import shutil
    import statistics
    import time

    from analytics.store import cache as cache_module

    pages = str(Path(folder) / "pages")
    info = _info(Path(folder))
    size = sum(p.stat().st_size for p in Path(pages).iterdir())
    spans: dict[str, float] = {}

    def timed_step(name: str, fn: Callable) -> Callable:
        def step(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spans[name] = time.perf_counter() - start

        return step

    _pin_cache_key()
    cache_module.load = timed_step("parse", cache_module.load)
    cache_module.enrich = timed_step("analyse", cache_module.enrich)
    shutil.rmtree(cache, ignore_errors=True)
    sampler = _memory_sampler()
    start = time.perf_counter()
    n = len(cache_module.cached_analysis(pages, cache_dir=cache).comments)
    cold = time.perf_counter() - start
    if n != info["comments"]:
        raise RuntimeError(f"opened {n} comments, the corpus holds {info['comments']}")
    rss = _mib(peak_rss_mib(), workers=True)
    own = peak_rss_mib()[0]
    sampled = _sampled_peak(sampler)
    if sampled is not None:
        rss += f" (workers' peak PSS {sampled['pss']:,.0f} MiB, USS {sampled['uss']:,.0f} MiB)"
    warm = [_warm_open(pages, cache) for _ in range(runs)]
    if len(cache_module.cache_entries(cache_dir=cache)) != 1:
        raise RuntimeError(
            "a warm open analysed the corpus again: did the code or the toxicity model change while the benchmark ran?"
        )
    seconds = statistics.median(s for s, _ in warm)
    label = f"{n:,} comments, {info['articles']:,} pages, {size / 2**20:,.0f} MiB"
    rest = cold - spans["parse"] - spans["analyse"]
    return [
        {
            "measure": "parse saved pages (analytics.load, within the cold open)",
            "input": label,
            "value": n / spans["parse"],
            "unit": f"comments/s ({size / 2**20 / spans['parse']:,.1f} MiB/s)",
            "compare": "1 run",
            "rss": "",
        },
        {
            "measure": "cold open: cached_analysis without an entry (parse, analyse, store)",
            "input": label,
            "value": cold,
            "unit": "s",
            "compare": f"1 run: parse {spans['parse']:,.0f} s, analyse (enrich) "
            f"{spans['analyse']:,.0f} s, hash and store {rest:,.0f} s",
            "rss": rss,
        },
        {
            "measure": "warm open: cached_analysis reopening the entry, fresh process",
            "input": label,
            "value": seconds,
            "unit": "s",
            "compare": f"{cold / seconds:,.0f}x faster than cold; median of {runs}",
            "rss": f"{statistics.median(r for _, r in warm):,.0f} MiB (the whole process)",
        },
        *(
            []
            if sampled is None
            else [
                {
                    "measure": "analysing: peak resident memory of the cold open, the process and its workers at one "
                    "instant",
                    "input": label,
                    "value": sampled["together"],
                    "unit": "MiB",
                    "compare": f"{memory_target(sampled['together'], TARGET_ANALYSING_GB)}; the process's RSS plus its "
                    "workers' USS, sampled 4 times a second; at most "
                    f"{own + sampled['at_once'] * sampled['uss']:,.0f} MiB (its own peak and each of the "
                    f"{sampled['at_once']} workers seen at once at the largest worker's)",
                    "rss": f"{sampled['together']:,.0f} MiB ({sampled['parent']:,.0f} "
                    f"+ workers {sampled['workers']:,.0f})",
                }
            ]
        ),
    ]


def dashboard(folder: str, cache: str, runs: int) -> list[Row]:
    """The dashboard's page reruns after a filter change (:mod:`bench.dashboard`), on the saved
    pages of a corpus opened from the cache entry the ``open`` case left (else analysed first)."""
    import os

    os.environ["THREADSCOPE_CACHE"] = cache  # the app's cached_analysis finds the entry there
    from analytics.store.cache import cache_entries

    from .dashboard import page_rerun_seconds

    _pin_cache_key()
    before = len(cache_entries(cache_dir=cache))
    rows = page_rerun_seconds(str(Path(folder) / "pages"), runs=runs)
    if before and len(cache_entries(cache_dir=cache)) != before:
        raise RuntimeError(
            "the dashboard analysed the corpus again instead of reopening the cache entry: did "
            "the code or the toxicity model change while the benchmark ran?"
        )
    return rows


CASES: dict[str, Callable[..., list[Row]]] = {
    "parse": parse,
    "sentiment": sentiment,
    "parallel": parallel,
    "export": export,
    "open": open_corpus,
    "dashboard": dashboard,
}
