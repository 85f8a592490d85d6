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

from . import make_corpus, median_runs, peak_rss_mb

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
        make_corpus.write(make_corpus.build(n_comments, seed=seed, sources=sources), partial,
                          sources=sources, seed=seed)
        partial.rename(folder)
    return folder


def _texts(folder: Path) -> list[str]:
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f)]


def _mb(rss: tuple[float, float], *, workers: bool = False) -> str:
    own, children = rss
    return f"{own:,.0f} MB + workers {children:,.0f} MB each" if workers else f"{own:,.0f} MB"


def parse(folder: str, runs: int, max_seconds: float = float("inf")) -> list[Row]:
    """``analytics.load`` of a corpus's saved pages: comments/s and MB/s. Stops repeating once
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
    return [{"measure": "parse saved pages (analytics.load)",
             "input": f"{n:,} comments, {info['articles']:,} pages, {size / 2**20:,.0f} MB",
             "value": n / t, "unit": f"comments/s ({size / 2**20 / t:,.1f} MB/s)",
             "compare": note, "rss": _mb(peak_rss_mb()), "seconds": t}]


def sentiment(folder: str, sample: int, runs: int) -> list[Row]:
    """Fast scorers against the naive per-row calls on the same texts, with their largest difference."""
    import numpy as np
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analytics.fastscore import textblob_fast, vader_fast

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
    tb_diff = float(np.abs(np.array(out["tb"]).reshape(-1, 2) - out["tbf"]).max(initial=0.0))
    vd_diff = float(np.abs(np.array(out["vd"]) - out["vdf"]).max(initial=0.0))
    words = sum(len(x.split()) for x in texts) / len(texts)
    label = f"{len(texts):,} comments ({words:.0f} words on average)"
    rows: list[Row] = []
    for engine, diff, call in (("textblob", tb_diff, "TextBlob(t).sentiment"),
                               ("vader", vd_diff, 'polarity_scores(t)["compound"]')):
        naive = t[f"{engine} naive"]
        rows.append({"measure": f"{engine}: naive {call}", "input": label, "value": len(texts) / naive,
                     "unit": "comments/s", "compare": "1x", "rss": ""})
        for kind, note in (("cold", "token caches emptied first"), ("warm", "token caches filled")):
            rows.append({"measure": f"{engine}: analytics.fastscore, {note}", "input": label,
                         "value": len(texts) / t[f"{engine} {kind}"], "unit": "comments/s",
                         "compare": f"{naive / t[f'{engine} {kind}']:.1f}x naive", "rss": ""})
        rows.append({"measure": f"{engine}: largest difference fast vs naive", "input": label,
                     "value": diff, "unit": "absolute", "compare": "", "rss": ""})
    rows[-1]["rss"] = _mb(peak_rss_mb())
    return rows


def parallel(folder: str, runs: int, workers: int) -> list[Row]:
    """score_parallel on one process against ``workers`` processes, caches emptied before each run."""
    from analytics.fastscore import score_parallel, textblob_fast, vader_fast

    texts = _texts(Path(folder))

    def clear() -> None:
        textblob_fast.clear_caches()
        vader_fast.clear_caches()

    t = median_runs({"one": lambda: score_parallel(texts, workers=1),
                     "all": lambda: score_parallel(texts, workers=workers, min_parallel=0)}, runs, before=clear)
    label = f"{len(texts):,} comments, textblob + vader"
    return [{"measure": "score_parallel, 1 process", "input": label, "value": len(texts) / t["one"],
             "unit": "comments/s", "compare": "1x", "rss": ""},
            {"measure": f"score_parallel, {workers} processes", "input": label, "value": len(texts) / t["all"],
             "unit": "comments/s", "compare": f"{t['one'] / t['all']:.2f}x 1 process",
             "rss": _mb(peak_rss_mb(), workers=True)}]


CASES: dict[str, Callable[..., list[Row]]] = {"parse": parse, "sentiment": sentiment, "parallel": parallel}
