"""Benchmark of the corpus cache: reopening an analysed corpus of 1M comments from Parquet.

    .venv/bin/python -m bench.bench_cache                      # 1M comments, median of 5 runs
    .venv/bin/python -m bench.bench_cache --comments 20000 --runs 1   # smoke test

Scoring a million comments takes minutes, so the analysed corpus is synthetic, made in memory
with the schema, dtypes and value mix of ``analytics.enrich`` output (10,000 articles of 100
comments; comment lengths log-normal from 1 to 600 words, ~60 on average; 15% of comments with
``@mentions``; a third of them replies, with latencies; every enriched column). The same comments
are written as saved pages (one file per article) so that the warm path hashes inputs of the
real size. The analysis is stored as the cache entry of those pages (``cache_key``), then:

* ``key``: hashing every input file (what every ``cached_analysis`` call does first);
* ``open``: :func:`analytics.store.corpus_store.open_corpus_dir` with every check (SHA-256 of each
  file, Parquet page checksums, row counts), and without the SHA-256 (``verify=False``);
* ``warm``: the whole ``cached_analysis(folder)`` call, in this process and in a fresh one (its
  peak resident memory is the memory of serving the corpus, interpreter and imports included).

Each figure is the median of ``--runs`` runs: wall clock, user and system CPU time (all
threads) side by side; on a shared, noisy machine the CPU times are the steadier figures. The
last row is the machine's floor: a fresh process touching as much new memory as the opened
corpus holds (on a virtual machine whose host hands memory out lazily, that alone costs
seconds of system time). Input files sit in the OS page cache (just written), as they do on a
warm reopen; the warm calls find their hashes remembered (``file-hashes.json``), the first one
after writing them reads and hashes them all.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import analytics
from analytics.enrich import Analysis
from analytics.store import cache, corpus_store

COMMENTS_PER_ARTICLE = 100


def _ids(prefix: str, n: int, offset: int = 0) -> pd.Series:
    return pd.Series([f"{prefix}{i + offset:012x}" for i in range(n)], dtype="str")


def _texts(rng: np.random.Generator, vocabulary: list[str], n: int) -> tuple[pd.Series, np.ndarray]:
    """``n`` comment texts of log-normal length (1 to 600 words) and their word counts."""
    lengths = np.clip(rng.lognormal(3.6, 0.9, n).astype(np.int64), 1, 600)
    words = pc.take(pa.array(vocabulary), pa.array(rng.integers(0, len(vocabulary), int(lengths.sum()))))
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))
    texts = pc.binary_join(pa.LargeListArray.from_arrays(offsets, words), " ")
    return pd.Series(pd.array(texts, dtype="str")), lengths


def synthetic_analysis(n_comments: int, *, seed: int = 6) -> Analysis:
    """An analysed corpus of ``n_comments`` comments with ``analytics.enrich``'s tables and dtypes."""
    rng = np.random.default_rng(seed)
    sample = analytics.enrich(analytics.load(analytics.SAMPLE))
    vocabulary = sorted(set(" ".join(sample.comments["text"].tolist() + [sample.articles["body"][0]]).split()))
    n = n_comments
    n_articles = max(1, n // COMMENTS_PER_ARTICLE)
    n_authors = max(2, n // 20)

    article_ids = _ids("a", n_articles)
    articles = pd.DataFrame(
        {
            "article_id": article_ids,
            "title": pd.Series([f"Synthetic article {i}" for i in range(n_articles)], dtype="str"),
            "body": pd.Series([sample.articles["body"][0]] * n_articles, dtype="str"),
            "source": pd.Series([f"article-{i:05d}.txt" for i in range(n_articles)], dtype="str"),
            "published": pd.Series(
                pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 10**6, n_articles), unit="min"),
                dtype="datetime64[us]",
            ),
            "declared_comments": pd.array(np.full(n_articles, COMMENTS_PER_ARTICLE), dtype="Int64"),
            "parsed_comments": np.full(n_articles, COMMENTS_PER_ARTICLE, dtype="int64"),
        }
    )

    article_of = np.minimum(np.arange(n) // COMMENTS_PER_ARTICLE, n_articles - 1)
    authors = pd.Series([f"user{i}" for i in range(n_authors)], dtype="str")
    author_of = np.minimum(rng.zipf(1.6, n) - 1, n_authors - 1)
    text, n_words = _texts(rng, vocabulary, n)
    stamps = pd.Series(
        pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 10**8, n), unit="s"), dtype="datetime64[us]"
    ).mask(rng.random(n) < 0.02)
    mentioned = rng.random(n)
    mentions = [
        []
        if m >= 0.15
        else [f"user{rng.integers(n_authors)}"]
        if m >= 0.02
        else [f"user{rng.integers(n_authors)}", "geha"]
        for m in mentioned
    ]
    english = rng.random(n) < 0.93
    polarity = np.where(english, rng.uniform(-1, 1, n), np.nan)
    comment_ids = _ids("c", n)
    position = np.arange(n) % COMMENTS_PER_ARTICLE
    is_reply = (rng.random(n) < 0.33) & (position > 0)
    back = 1 + rng.integers(0, 5, n) % np.maximum(position, 1)  # 1 to 5 comments back, same article
    parent = np.where(is_reply, np.arange(n) - back, -1)
    reply_to = comment_ids.where(pd.Series(is_reply), None)
    reply_to.loc[is_reply] = comment_ids.to_numpy()[parent[is_reply]]
    method = np.where(is_reply, rng.choice(["mention", "quote", "parent"], n), "none")
    comments = pd.DataFrame(
        {
            "comment_id": comment_ids,
            "article_id": article_ids.to_numpy()[article_of],
            "position": position.astype("int64"),
            "author": authors.to_numpy()[author_of],
            "is_guest": rng.random(n) < 0.3,
            "avatar": pd.Series(rng.choice(["Thumb", "Default-user-icon", "Missing"], n), dtype="str"),
            "timestamp": stamps,
            "text": text,
            "mentions": mentions,
            "n_words": n_words,
            "parent_id": pd.Series([np.nan] * n, dtype="str"),
            "source_id": pd.Series([np.nan] * n, dtype="str"),
            "source_parent_id": pd.Series([np.nan] * n, dtype="str"),
            "is_deleted": np.zeros(n, bool),
            "is_spam": np.zeros(n, bool),
            "is_pingback": np.zeros(n, bool),
            "language": pd.Series(np.where(english, "en", "ar"), dtype="str"),
            "polarity": polarity,
            "subjectivity": np.where(english, rng.uniform(0, 1, n), np.nan),
            "vader_compound": np.where(english, rng.uniform(-1, 1, n).round(4), np.nan),
            "sentiment_label": analytics.scoring.sentiment.labels(
                pd.Series(polarity), analytics.scoring.sentiment.Thresholds().textblob
            ),
            "reply_to": reply_to,
            "reply_to_author": pd.Series(
                np.where(is_reply, authors.to_numpy()[author_of[np.maximum(parent, 0)]], None), dtype="str"
            ),
            "reply_method": pd.Series(method, dtype="str"),
            "reply_confidence": pd.Series(method).map(analytics.threads.replies.CONFIDENCE).to_numpy(),
            "thread_id": comment_ids,  # roots: enough for the sizes and dtypes stored
            "quotes_article": pd.Series(np.where(rng.random(n) < 0.01, "mutual destruction", None), dtype="str"),
        }
    )
    edges = comments[is_reply]
    parents = comments.iloc[parent[is_reply]]
    replies = pd.DataFrame(
        {
            "article_id": edges["article_id"].to_numpy(),
            "thread_id": edges["thread_id"].to_numpy(),
            "child_id": edges["comment_id"].to_numpy(),
            "child_author": edges["author"].to_numpy(),
            "child_position": edges["position"].to_numpy(),
            "child_time": edges["timestamp"].to_numpy(),
            "parent_id": edges["reply_to"].to_numpy(),
            "parent_author": edges["reply_to_author"].to_numpy(),
            "parent_position": pd.array(parents["position"].to_numpy(), dtype="Int64"),
            "parent_time": parents["timestamp"].to_numpy(),
            "method": edges["reply_method"].to_numpy(),
            "confidence": edges["reply_confidence"].to_numpy(),
        }
    )
    replies["latency"] = (replies["child_time"] - replies["parent_time"]).astype("timedelta64[us]")
    replies["latency_negative"] = (replies["latency"] < pd.Timedelta(0)).fillna(False).astype(bool)
    threads = pd.DataFrame(
        {
            "thread_id": comments["comment_id"],
            "article_id": comments["article_id"],
            "start": comments["timestamp"],
            "end": comments["timestamp"],
            "size": np.ones(n, "int64"),
            "depth": np.zeros(n, "int64"),
            "participants": np.ones(n, "int64"),
        }
    )
    commenters = analytics.threads.activity.commenter_activity(comments)
    analysis = Analysis(
        articles=articles,
        comments=comments,
        commenters=commenters,
        replies=replies,
        threads=threads,
        report=sample.report,
        settings=sample.settings,
    )
    for name, frame in analysis.tables().items():  # the dtypes of real output, column for column
        want = sample.tables()[name].dtypes
        assert list(frame.columns) == list(want.index), name
        for column in frame.columns:
            if str(frame[column].dtype) != str(want[column]):
                frame[column] = frame[column].astype(want[column])
    return analysis


def write_pages(analysis: Analysis, folder: Path) -> int:
    """The comments as saved pages, one file per article; the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    c = analysis.comments
    headers = ("Thumb " + c["author"] + " " + c["timestamp"].dt.strftime("%d %B %Y, %H:%M").fillna("")).tolist()
    texts = c["text"].tolist()
    total = 0
    for k, row in enumerate(analysis.articles.itertuples()):
        lo, hi = k * COMMENTS_PER_ARTICLE, min((k + 1) * COMMENTS_PER_ARTICLE, len(c))
        page = (
            "\n\n".join(
                [row.title, row.body, f"Comments {hi - lo}"] + [f"{headers[i]}\n\n{texts[i]}" for i in range(lo, hi)]
            )
            + "\n"
        )
        raw = page.encode("utf-8")
        (folder / row.source).write_bytes(raw)
        total += len(raw)
    return total


def _cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime, usage.ru_stime


def _timed(function, runs: int) -> tuple[float, float, float, object]:
    """Median wall, user CPU and system CPU seconds of ``runs`` calls, and the last result."""
    walls, users, systems, result = [], [], [], None
    for _ in range(runs):
        result = None
        (u, s), w = _cpu(), time.perf_counter()
        result = function()
        walls.append(time.perf_counter() - w)
        u2, s2 = _cpu()
        users.append(u2 - u)
        systems.append(s2 - s)
    return statistics.median(walls), statistics.median(users), statistics.median(systems), result


_FRESH = """
import resource, sys, time
t0 = time.perf_counter()
import analytics.store.cache as cache
imported = time.perf_counter() - t0
cache.code_fingerprint = lambda: sys.argv[3]
def refuse(*a, **k):
    raise SystemExit("cache miss: the entry was not served")
cache.enrich = refuse
def vm(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field + ":")) / 1024
base = vm("VmHWM")
before, w = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
result = cache.cached_analysis(sys.argv[1], cache_dir=sys.argv[2])
wall, after = time.perf_counter() - w, resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so it would report the parent's peak.
print(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, imported, len(result.comments),
      vm("VmHWM"), base)
"""

# The machine's floor: a fresh process taking and touching as much new memory as the opened
# corpus holds. On a virtual machine whose host hands out memory lazily this costs seconds.
_TOUCH = """
import resource, sys, time
import numpy as np
before, w = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
block = np.ones(int(float(sys.argv[1]) * 2**20), dtype=np.uint8)
wall, after = time.perf_counter() - w, resource.getrusage(resource.RUSAGE_SELF)
print(wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)
"""


def _machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.node()}: {model or platform.processor()}, {os.cpu_count()} cores, load {load:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cache", description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", help="folder for the pages and the cache (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-cache-"))
    rows: list[tuple[str, float, float, float, str]] = []
    # The code fingerprint (part of the key) is taken once: in a shared checkout someone may
    # edit a module during the run, which would rightly make every entry a miss.
    fingerprint = cache.code_fingerprint()
    cache.code_fingerprint = lambda: fingerprint
    started = time.perf_counter()

    def step(what: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {what}", file=sys.stderr, flush=True)

    try:
        step("making the synthetic analysis")
        t = time.perf_counter()
        analysis = synthetic_analysis(args.comments)
        made = time.perf_counter() - t
        step("writing the pages")
        pages = work / "pages"
        shutil.rmtree(pages, ignore_errors=True)
        input_bytes = write_pages(analysis, pages)
        cache_dir = work / "cache"
        shutil.rmtree(cache_dir, ignore_errors=True)
        key = cache.cache_key(pages)
        entry = cache_dir / "corpora" / key
        step("storing the entry")
        wall, user, system, _ = _timed(lambda: corpus_store.write_corpus_dir(analysis, entry, key=key), 1)
        entry_bytes = sum(p.stat().st_size for p in entry.rglob("*") if p.is_file())
        rows.append(("store the entry (once)", wall, user, system, f"{entry_bytes / 1e6:,.0f} MB on disk"))
        step("hashing the inputs")
        wall, user, system, _ = _timed(lambda: cache.cache_key(pages), args.runs)
        rows.append(
            (
                "key: read and hash every input",
                wall,
                user,
                system,
                f"{input_bytes / 1e6:,.0f} MB in {len(analysis.articles):,} files",
            )
        )
        step("opening the entry")
        wall, user, system, opened = _timed(lambda: corpus_store.open_corpus_dir(entry, key=key), args.runs)
        rows.append(("open the entry, all checks", wall, user, system, f"{len(opened.comments):,} comments"))
        del opened
        wall, user, system, _ = _timed(lambda: corpus_store.open_corpus_dir(entry, verify=False), args.runs)
        rows.append(("open the entry, no SHA-256", wall, user, system, "page checksums, sizes, rows"))

        def warm():
            original, cache.enrich = cache.enrich, None  # a miss would fail: the entry must be served
            try:
                return cache.cached_analysis(pages, cache_dir=cache_dir)
            finally:
                cache.enrich = original

        step("warm cached_analysis")
        time.sleep(2.5)  # the pages must have settled before their hashes are remembered
        wall, user, system, _ = _timed(warm, 1)
        rows.append(("first warm call (hashes remembered)", wall, user, system, "reads and hashes every input"))
        wall, user, system, got = _timed(warm, args.runs)
        step("comparing with what was stored")
        for name, frame in analysis.tables().items():
            pd.testing.assert_frame_equal(got.tables()[name], frame, check_exact=True, obj=name)
        del got
        rows.append(("warm cached_analysis(folder)", wall, user, system, "equal to what was stored"))
        step("warm cached_analysis in fresh processes")
        fresh = [
            subprocess.run(
                [sys.executable, "-c", _FRESH, str(pages), str(cache_dir), fingerprint],
                check=True,
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parents[1],
            ).stdout.split()
            for _ in range(args.runs)
        ]
        wall, user, system, imported, _, rss, base = (statistics.median(float(r[i]) for r in fresh) for i in range(7))
        rows.append(
            (
                "warm, in a fresh process",
                wall,
                user,
                system,
                f"peak RSS {rss:,.0f} MiB ({base:,.0f} MiB after imports, which take {imported:.1f} s more)",
            )
        )
        step("the machine's floor")
        grown = max(rss - base, 1.0)
        floor = [
            subprocess.run(
                [sys.executable, "-c", _TOUCH, str(grown)], check=True, capture_output=True, text=True
            ).stdout.split()
            for _ in range(args.runs)
        ]
        wall, user, system = (statistics.median(float(r[i]) for r in floor) for i in range(3))
        rows.append(
            (f"floor: touch {grown:,.0f} MiB of new memory", wall, user, system, "a fresh process, nothing else")
        )
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"corpus cache, {args.comments:,} synthetic analysed comments (made in {made:.0f} s), "
        f"median of {args.runs} run(s)"
    )
    print(_machine())
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'wall s':>7}  {'user s':>7}  {'sys s':>7}  notes")
    for what, wall, user, system, note in rows:
        print(f"{what:<{width}}  {wall:>7.2f}  {user:>7.2f}  {system:>7.2f}  {note}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
