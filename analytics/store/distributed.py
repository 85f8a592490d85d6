"""Analysis beyond one process: parsing and scoring on a Dask cluster, written as a corpus directory.

``python -m analytics analyze PATH... --out CORPUS_DIR [--scheduler tcp://HOST:8786 | --dask-workers N]``
calls :func:`analyze_to_corpus_dir`. The result is the single-process result,
``analytics.enrich(analytics.load(paths))``, row for row, stored as partitioned Parquet
(:mod:`analytics.store.corpus_store`) that ``streamlit run app.py -- CORPUS_DIR`` and
:func:`analytics.store.corpus_store.open_corpus_dir` open.

How the work is split:

1. Each input file is loaded on a worker (``analytics.load``, one file at a time). A folder is
   split into its files where it only holds files the loaders read one by one; a folder holding
   a Threadscope export (``articles.csv`` + ``comments.csv``) is loaded whole.
2. Files that hold the same article (the loaders then load it once and merge its comments) are
   loaded again together, so the merge is the loaders' own.
3. Reply reconstruction needs whole articles, so partitions are batches of whole articles
   (about ``partition_comments`` comments each, never one article split). Each is scored, its
   replies reconstructed and its articles, comments and reply edges written as one Parquet part.
4. Commenters and threads summarise the whole corpus; one task computes them from the
   comments written.

The load report lists every file and warning, as the single-process load does (warnings about
files that repeat an article come after the others). Rows come in the single-process order,
except that the comments a repeated article gains from a later file follow its first copy
(the single-process load lists them with that later file).

Inputs and the output folder must be reachable under the same names from every worker: any
folder on one machine, a shared file system for a cluster of several. Workers need
Threadscope and its requirements installed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..enrich import enrich
from ..loaders import Corpus, LoadError, LoadReport, load
from ..loaders.inputs import SUPPORTED_TEXT, list_inputs, unsupported_note
from ..model.schema import flagged_rows
from ..scoring import sentiment
from ..threads import activity, timeline
from . import corpus_store

__all__ = ["Unit", "analyze_to_corpus_dir", "input_units", "local_cluster", "progress_printer", "PAIR_FILES"]

# The two files of a Threadscope export, which the loaders read as one input.
PAIR_FILES = ("articles.csv", "comments.csv")
DEFAULT_PARTITION_COMMENTS = 50_000


@dataclass(frozen=True)
class Unit:
    """What one worker loads with ``analytics.load(paths)``; ``shown`` names it in messages and
    ``in_folder`` tells whether it came from a folder (which reports a file it cannot read and
    goes on, where a file named directly stops the load)."""

    paths: tuple[str, ...]
    shown: str
    in_folder: bool


def input_units(paths: Iterable[str | Path] | str | Path) -> tuple[list[Unit], list[str]]:
    """The inputs of ``analytics.load(paths)`` as units loaded one at a time, and the warnings
    about files left out (types the loaders do not read), as the loaders word them.

    Raises :class:`~analytics.LoadError` as ``analytics.load`` does for a missing path or a
    folder without a supported file.

    Examples:
        >>> import analytics
        >>> units, notes = input_units([analytics.SAMPLE])
        >>> [Path(p).name for p in units[0].paths], units[0].in_folder, notes
        (['naharnet_2013-02-20_lavrov-warns-syria-rivals.txt'], False, [])
    """
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    listing = list_inputs(paths)
    units: list[Unit] = []
    pairs: dict[Path, int] = {}  # folder -> index of its unit, for export files named one by one
    # A folder with an export inside is one unit: the loaders sort it out, and report what they leave out.
    whole = {f.given for f in listing.files if f.in_folder and f.path.name in PAIR_FILES}
    notes = [line for k, line in listing.left_out if k not in whole]
    for f in listing.files:
        if f.given in whole:
            if not units or units[-1].paths != (str(paths[f.given]),):
                units.append(Unit((str(paths[f.given]),), str(paths[f.given]), False))
            continue
        if f.in_folder and f.supported:
            units.append(Unit((str(f.path),), str(f.path), True))
        elif f.in_folder:
            notes.append(unsupported_note(f.path))
        elif f.path.name in PAIR_FILES and f.path.parent in pairs:
            k = pairs[f.path.parent]
            units[k] = Unit(units[k].paths + (str(f.path),), units[k].shown, False)
        else:
            if f.path.name in PAIR_FILES:
                pairs[f.path.parent] = len(units)
            units.append(Unit((str(f.path),), str(f.path), False))
    read = {f.given for f in listing.files if f.in_folder and f.supported} | whole
    for k in listing.folders:
        if k not in read:
            raise LoadError(str(paths[k]), f"folder holds no supported file ({SUPPORTED_TEXT})")
    return units, notes


# -- on the workers ----------------------------------------------------------------------------


@dataclass
class _Loaded:
    corpus: Corpus | None
    error: str | None = None  # what was expected, for a unit that could not be loaded


def _load_unit(paths: Sequence[str], mapping: Mapping[str, str] | None, header: bool | None = None) -> _Loaded:
    try:
        return _Loaded(load(list(paths), mapping=mapping, header=header))
    except LoadError as err:
        return _Loaded(None, err.expected)


def _summary(loaded: _Loaded) -> dict:
    """The little the client needs: the report and each article with its comment count."""
    if loaded.corpus is None:
        return {"error": loaded.error}
    corpus = loaded.corpus
    counts = corpus.comments["article_id"].value_counts()
    return {
        "error": None,
        "files": corpus.report.files,
        "warnings": list(corpus.report.warnings),
        "not_loaded": list(corpus.report.not_loaded),
        "articles": [(a, int(counts.get(a, 0))) for a in corpus.articles["article_id"]],
    }


def _select(corpus: Corpus, article_ids: Sequence[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    if article_ids is None:
        return corpus.articles, corpus.comments
    wanted = set(article_ids)
    return (
        corpus.articles[corpus.articles["article_id"].isin(wanted)],
        corpus.comments[corpus.comments["article_id"].isin(wanted)],
    )


def _write_partition(
    part: int, selections: Sequence[Sequence[str] | None], root: str, options: dict, *loaded: _Loaded
) -> dict:
    """Score and reconstruct replies for one batch of whole articles; write its parts."""
    picked = [_select(item.corpus, ids) for item, ids in zip(loaded, selections)]
    articles = (
        pd.concat([a for a, _ in picked], ignore_index=True) if len(picked) > 1 else picked[0][0].reset_index(drop=True)
    )
    comments = (
        pd.concat([c for _, c in picked], ignore_index=True) if len(picked) > 1 else picked[0][1].reset_index(drop=True)
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = enrich(Corpus(articles, comments, LoadReport()), **options)
    tables = analysis.tables()
    parts = {
        name: corpus_store.write_table_part(tables[name], Path(root), name, part)
        for name in ("articles", "comments", "replies")
    }
    return {
        "parts": parts,
        "settings": analysis.settings,
        "comments": len(comments),
        "warnings": [(w.category, str(w.message)) for w in caught],
    }


def _write_summaries(root: str, comment_parts: Sequence[dict], include_flagged: bool) -> dict:
    """Commenters and threads of the whole corpus, from the comments written (text left out),
    counting what ``analytics.enrich`` counts: flagged comments only with ``include_flagged``."""
    files = [Path(root) / p["file"] for p in comment_parts]
    # The input's own columns (extra_...) may differ from part to part, and summaries need none.
    columns = [c for c in corpus_store.parquet_columns(comment_parts[0]) if c != "text" and not c.startswith("extra_")]
    comments = corpus_store.frame_from_arrow([pq.read_table(f, columns=columns) for f in files])
    if not include_flagged:
        comments = comments[~flagged_rows(comments)]
    return {
        "commenters": corpus_store.write_table_part(activity.commenter_activity(comments), Path(root), "commenters", 0),
        "threads": corpus_store.write_table_part(timeline.thread_summary(comments), Path(root), "threads", 0),
    }


# -- on the client -----------------------------------------------------------------------------


def _components(summaries: list[dict]) -> list[list[int]]:
    """Units grouped where they share an article, each group in input order, groups in the
    order of their first unit."""
    parent = list(range(len(summaries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, s in enumerate(summaries):
        if s["error"] is not None:
            continue
        for article, _ in s["articles"]:
            if article in owner:
                a, b = root(owner[article]), root(i)
                parent[max(a, b)] = min(a, b)
            else:
                owner[article] = i
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(summaries):
        if s["error"] is None:
            groups.setdefault(root(i), []).append(i)
    return [groups[r] for r in sorted(groups)]


def _partitions(articles: list[list[tuple[str, int]]], target: int) -> list[list[tuple[int, list[str] | None]]]:
    """Batches of whole articles of about ``target`` comments: per batch, ``(component, article
    ids)`` pairs, ``None`` standing for all of a component's articles."""
    batches: list[list[tuple[int, list[str]]]] = []
    current: list[tuple[int, list[str]]] = []
    size = 0
    for k, items in enumerate(articles):
        for article, n in items:
            if current and size + n > target:
                batches.append(current)
                current, size = [], 0
            if not current or current[-1][0] != k:
                current.append((k, []))
            current[-1][1].append(article)
            size += n
    if current:
        batches.append(current)
    if not batches:  # no article at all: one empty partition gives the tables their columns
        batches = [[(0, [])]]
    whole = {k: [a for a, _ in items] for k, items in enumerate(articles)}
    return [[(k, None if ids == whole[k] else ids) for k, ids in batch] for batch in batches]


def local_cluster(n_workers: int | None = None):
    """A Dask ``LocalCluster`` of ``n_workers`` single-threaded worker processes (default: one per
    core), listening on 127.0.0.1 only, without a dashboard."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )


def analyze_to_corpus_dir(
    paths: Iterable[str | Path] | str | Path,
    *,
    out: str | Path,
    client=None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    mapping: Mapping[str, str] | None = None,
    header: bool | None = None,
    engines: Sequence[str] = ("textblob", "vader"),
    label_engine: str = "textblob",
    thresholds: sentiment.Thresholds | None = None,
    include_flagged: bool = False,
    partition_comments: int = DEFAULT_PARTITION_COMMENTS,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Load and analyse ``paths`` on a Dask cluster; write the corpus directory ``out``; its path.

    The cluster: ``client`` (a ``distributed.Client``) when given, else a client of the
    scheduler at ``scheduler`` (``tcp://HOST:8786``), else a :func:`local_cluster` of
    ``n_workers`` processes started here and stopped at the end. ``progress(done, total)`` is
    called with comment counts as partitions finish. ``engines``, ``label_engine``,
    ``thresholds`` and ``include_flagged`` are those of :func:`analytics.enrich`.

    ``out`` appears only once complete; an existing corpus directory there is replaced,
    anything else is a FileExistsError. Raises :class:`~analytics.LoadError` as
    ``analytics.load`` does. Warnings raised while analysing (reply orphans, cycles) are raised
    again here, one per partition. ``mapping`` and ``header`` are those of :func:`analytics.load`.
    """
    if partition_comments < 1:
        raise ValueError(f"partition_comments must be at least 1, got {partition_comments}")
    options = {
        "engines": tuple(engines),
        "label_engine": label_engine,
        "thresholds": thresholds or sentiment.Thresholds(),
        "include_flagged": include_flagged,
    }
    unknown = [name for name in options["engines"] if name not in sentiment.ENGINES]
    if unknown:  # before a cluster starts
        raise ValueError(f"unknown engines {unknown}; registered: {sorted(sentiment.ENGINES)}")
    units, notes = input_units(paths)
    out = Path(out)
    if out.exists() and not (corpus_store.is_corpus_dir(out) or (out.is_dir() and not any(out.iterdir()))):
        raise FileExistsError(
            f"{out}: exists and is not a Threadscope corpus directory; choose another --out or remove it"
        )
    if client is not None:
        return _analyze(client, units, notes, out, (mapping, header), options, partition_comments, progress)
    from distributed import Client

    if scheduler is not None:
        with Client(scheduler) as own:
            return _analyze(own, units, notes, out, (mapping, header), options, partition_comments, progress)
    with local_cluster(n_workers) as cluster, Client(cluster) as own:
        return _analyze(own, units, notes, out, (mapping, header), options, partition_comments, progress)


def _worker_paths(client, units: list[Unit], out: Path) -> tuple[list[Unit], Path]:
    """Paths as given where every worker shares this process's working folder, else absolute."""
    here = os.getcwd()
    if all(cwd == here for cwd in client.run(os.getcwd).values()):
        return units, out
    return ([Unit(tuple(os.path.abspath(p) for p in u.paths), u.shown, u.in_folder) for u in units], out.absolute())


def _report(units: list[Unit], notes: list[str], summaries: list[dict]) -> LoadReport:
    report = LoadReport(warnings=list(notes))
    for unit, s in zip(units, summaries):
        if s["error"] is None:
            report.files.extend(s["files"])
            report.warnings.extend(s["warnings"])
            report.not_loaded.extend(s["not_loaded"])
        elif unit.in_folder:
            report.warnings.append(f"{unit.shown}: not loaded: {s['error']}")
            report.not_loaded.append(f"{unit.shown}: {s['error']}")
        else:
            raise LoadError(unit.shown, s["error"])
    if all(s["error"] is not None for s in summaries):
        raise LoadError(
            units[0].shown if len(units) == 1 else "(folder)",
            "no file could be loaded: " + "; ".join(report.warnings[-3:]),
        )
    return report


def _joined_corpora(
    client,
    loaded: list,
    summaries: list[dict],
    units: list[Unit],
    worker_units: list[Unit],
    load_options: tuple[Mapping[str, str] | None, bool | None],
) -> tuple[list, list[list[tuple[str, int]]], list[str]]:
    """Per group of units that share an article (:func:`_components`): the corpus future (the
    units loaded again together, so the loaders merge the article), its articles with their
    comment counts, and the warnings the joint loads add to the units' own."""
    groups = _components(summaries)
    corpora = [
        loaded[group[0]]
        if len(group) == 1
        else client.submit(_load_unit, [p for i in group for p in worker_units[i].paths], *load_options, pure=False)
        for group in groups
    ]
    merged = {k: client.submit(_summary, corpora[k], pure=False) for k, group in enumerate(groups) if len(group) > 1}
    merged = dict(zip(merged, client.gather(list(merged.values()))))
    articles, added = [], []
    for k, group in enumerate(groups):
        if k not in merged:
            articles.append(summaries[group[0]]["articles"])
            continue
        summary = merged[k]
        if summary["error"] is not None:
            raise LoadError(units[group[0]].shown, summary["error"])
        own = Counter(w for i in group for w in summaries[i]["warnings"])
        added.extend((Counter(summary["warnings"]) - own).elements())
        articles.append(summary["articles"])
    return corpora, articles, added


def _written_partitions(
    client,
    plan: list[list[tuple[int, list[str] | None]]],
    corpora: list,
    root: str,
    options: dict,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> list[dict]:
    """The results of :func:`_write_partition` for each batch of ``plan`` (in plan order), calling
    ``progress(done, total)`` with comment counts as they finish."""
    from distributed import as_completed

    futures = [
        client.submit(
            _write_partition,
            part,
            [ids for _, ids in batch],
            root,
            options,
            *[corpora[k] for k, _ in batch],
            pure=False,
        )
        for part, batch in enumerate(plan)
    ]
    done = 0
    if progress is not None:
        progress(done, total)
    for future in as_completed(futures):
        done += future.result()["comments"]
        if progress is not None:
            progress(done, total)
    return client.gather(futures)


def _analyze(
    client,
    units: list[Unit],
    notes: list[str],
    out: Path,
    load_options: tuple[Mapping[str, str] | None, bool | None],  # load's mapping and header
    options: dict,
    partition_comments: int,
    progress: Callable[[int, int], None] | None,
) -> Path:
    worker_units, worker_out = _worker_paths(client, units, out)
    loaded = [client.submit(_load_unit, u.paths, *load_options, pure=False) for u in worker_units]
    summaries = client.gather([client.submit(_summary, f, pure=False) for f in loaded])
    report = _report(units, notes, summaries)

    corpora, articles, merge_warnings = _joined_corpora(client, loaded, summaries, units, worker_units, load_options)
    report.warnings.extend(merge_warnings)

    staged = corpus_store.staging_dir(out)
    root = str(worker_out.parent / staged.name)
    try:
        plan = _partitions(articles, partition_comments)
        total = sum(n for items in articles for _, n in items)
        results = _written_partitions(client, plan, corpora, root, options, total, progress)
        del loaded, corpora  # let the workers free the parsed files
        parts = {name: [r["parts"][name] for r in results] for name in ("articles", "comments", "replies")}
        summaries_written = client.submit(
            _write_summaries, root, parts["comments"], options["include_flagged"], pure=False
        ).result()
        parts.update({name: [part] for name, part in summaries_written.items()})
        corpus_store.write_corpus_metadata(
            staged,
            parts=parts,
            report=report,
            settings=results[0]["settings"],
            about={
                "made_by": "python -m analytics analyze",
                "inputs": [u.shown for u in units],
                "partitions": len(plan),
            },
        )
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    corpus_store.install_dir(staged, out, replace=True)
    for category, message in (w for r in results for w in r["warnings"]):
        warnings.warn(message, category, stacklevel=3)
    return out


def progress_printer(stream=None) -> Callable[[int, int], None]:
    """A ``progress`` callback printing ``comments done/total, rate, ETA`` lines to ``stream``
    (standard error by default)."""
    start: list[float] = []  # set at the first call (done == 0 when work starts)

    def show(done: int, total: int) -> None:
        if not start:
            start.append(time.monotonic())
        elapsed = max(time.monotonic() - start[0], 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate else float("inf")
        if done:
            print(
                f"analyze: {done:,}/{total:,} comments, {rate:,.0f}/s, ETA {eta:,.0f} s",
                file=stream or sys.stderr,
                flush=True,
            )

    return show
