"""Threadscope on the command line: ``python -m analytics COMMAND ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .enrich import enrich
from .errors import ThreadscopeError
from .loaders import load
from .loaders.compressed import CAP_FLOOR, CAP_RATIO, CAP_VARIABLE
from .model import schema
from .model.corpus import Corpus
from .output.bundle import build_report, find_browser
from .output.export import export_analysis, export_corpus
from .scoring.fastscore import progress_printer
from .scoring.fastscore.parallel import PARALLEL_MIN_TEXTS
from .views.filters import Filters
from .views.kinds import Names
from .views.settings import SETTINGS


def _mapping(pairs: list[str], records: str | None = None) -> dict[str, str]:
    """``["author=user_id", "text=content"]`` -> ``{"author": "user_id", "text": "content"}``; ``records``
    (``--records``) is the mapping's ``records`` entry."""
    mapping = {"records": records} if records else {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise SystemExit(f"error: --map expects FIELD=COLUMN, got {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _header(args: argparse.Namespace) -> bool | None:
    """``load``'s ``header``: False with ``--no-header``, else None (told from the first rows)."""
    return False if args.no_header else None


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", help="input files, or folders holding them")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="exit 0 when some files of a folder or archive could not be loaded (they are reported either way)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="for tables: the input column holding a contract field, e.g. author=user_id; "
        "or its position, 1-based, e.g. text=2",
    )
    parser.add_argument(
        "--no-header",
        action="store_true",
        help="CSV/TSV files have no header row: every row is a comment, columns are named 1, 2 ... "
        "(map them by position: --map text=2). Without it, a first row that reads as data is read as data",
    )
    parser.add_argument(
        "--records",
        metavar="KEY",
        help="for JSON: the array holding the comments, a dotted path such as data.comments (same as --map records=KEY)",
    )


#: What ``--help`` says about exit statuses.
EXIT_STATUS = f"""exit status:
  0  done
  2  an error: bad input, bad options, an output that cannot be written (one line on stderr)
  3  the output is written, but some files of a folder or archive could not be loaded; the
     report lists each with why ("not loaded"); --keep-going exits 0 instead

Compressed inputs (.gz, .bz2, .xz, .zst) are read as the file inside and .zip archives as
folders; decompressing stops at {CAP_RATIO} times a file's size (at least {CAP_FLOOR >> 20} MiB) unless the
environment variable {CAP_VARIABLE} sets another cap (e.g. 20G)."""

#: The exit status of a load some files of which were not loaded (EXIT_STATUS).
PARTIAL_LOAD = 3


def _exit_status(report, args: argparse.Namespace) -> int:
    """0, or :data:`PARTIAL_LOAD` (said on stderr) when files were not loaded and ``--keep-going`` is not given."""
    if not report.not_loaded or args.keep_going:
        return 0
    print(
        f"error: {len(report.not_loaded)} file(s) could not be loaded (the warnings above say why); "
        "the output is written; --keep-going exits 0",
        file=sys.stderr,
    )
    return PARTIAL_LOAD


#: From this many comments, export and report show the scoring's progress on stderr.
PROGRESS_MIN_COMMENTS = PARALLEL_MIN_TEXTS


def _scoring_progress(corpus) -> Callable[[int, int], None] | None:
    """Counts, rate and time left of the scoring on stderr, for corpora large enough to wait for."""
    return progress_printer(sys.stderr) if len(corpus.comments) >= PROGRESS_MIN_COMMENTS else None


def _export(args: argparse.Namespace) -> int:
    corpus = load(args.paths, mapping=_mapping(args.map, args.records), header=_header(args))
    if args.no_analysis:
        written = export_corpus(corpus, Path(args.out))
    else:
        written = export_analysis(enrich(corpus, progress=_scoring_progress(corpus)), Path(args.out))
    print(corpus.report.summary(), file=sys.stderr)
    for w in corpus.report.all_warnings:
        print(f"warning: {w}", file=sys.stderr)
    print("\n".join(str(p) for p in written))
    return _exit_status(corpus.report, args)


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    """One option per setting of :class:`analytics.views.filters.Filters`, as its kind offers it."""
    group = parser.add_argument_group("filters", "the dashboard's sidebar filters; each left out filters nothing")
    for s in SETTINGS:
        group.add_argument(s.option, dest=s.name, **s.kind.cli_arguments(s.help))


def _filters_from_args(args: argparse.Namespace, corpus: Corpus) -> Filters:
    """The :class:`Filters` the options ask for; names shown as a title (articles) given by either."""
    values = {}
    for s in SETTINGS:
        given = getattr(args, s.name)
        if given in (None, [], False):
            continue
        try:
            value = s.kind.from_option(given)
        except ValueError as err:
            raise ValueError(f"{s.option}: {err}") from None
        if isinstance(s.kind, Names) and s.kind.shown_as:
            value = _ids_of(value, getattr(corpus, s.kind.listed_in), s.kind, s.option)
        values[s.name] = value
    return Filters(**values)


def _ids_of(given: tuple[str, ...], table: pd.DataFrame, kind: Names, option: str) -> tuple[str, ...]:
    """The ids of ``table`` whose id or ``kind.shown_as`` (a title) is one of ``given``."""
    ids = []
    for name in given:
        found = table.loc[(table[kind.column] == name) | (table[kind.shown_as] == name), kind.column]
        if found.empty:
            raise ValueError(
                f"{option}: no loaded {kind.listed_in.removesuffix('s')} has the id or {kind.shown_as} {name!r}"
            )
        ids += found.tolist()
    return tuple(dict.fromkeys(ids))


def _report(args: argparse.Namespace) -> int:
    if not args.no_images and find_browser() is None:
        print(
            "error: PNG and SVG need Chrome or Chromium, and none was found (apt-get install chromium); "
            "--no-images writes the report with HTML charts only",
            file=sys.stderr,
        )
        return 2
    corpus = load(args.paths, mapping=_mapping(args.map, args.records), header=_header(args))
    print(corpus.report.summary(), file=sys.stderr)
    for w in corpus.report.all_warnings:
        print(f"warning: {w}", file=sys.stderr)
    try:
        filters = _filters_from_args(args, corpus)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for name in filters.commenters:
        if not (corpus.comments["author"] == name).any():
            print(f"warning: --commenters: no comment by {name!r} in the data", file=sys.stderr)
    analysis = enrich(corpus, progress=_scoring_progress(corpus))
    raw = build_report(
        analysis,
        filters,
        inputs=args.paths,
        images=not args.no_images,
        progress=lambda line: print(line, file=sys.stderr),
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(raw)
    print(out)
    return _exit_status(corpus.report, args)


def _analyze(args: argparse.Namespace) -> int:
    from .store.distributed import analyze_to_corpus_dir, progress_printer  # imports Dask: only here

    try:
        out = analyze_to_corpus_dir(
            args.paths,
            out=args.out,
            scheduler=args.scheduler,
            n_workers=args.dask_workers,
            mapping=_mapping(args.map, args.records),
            header=_header(args),
            partition_comments=args.partition_comments,
            progress=progress_printer(),
        )
    except (FileExistsError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    from .store.corpus_store import read_manifest, read_report

    report = read_report(out)
    print(report.summary(), file=sys.stderr)
    for w in report.all_warnings:
        print(f"warning: {w}", file=sys.stderr)
    tables = read_manifest(out)["tables"]
    print(", ".join(f"{t['rows']:,} {name}" for name, t in tables.items()), file=sys.stderr)
    print(out)
    return _exit_status(report, args)


def _contract(args: argparse.Namespace) -> int:
    print(schema.render_markdown())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="load files and folders, write CSV tables and the load report")
    _add_input_options(export)
    export.add_argument(
        "--out",
        required=True,
        help="folder to write articles.csv, comments.csv, "
        "commenters.csv, replies.csv, threads.csv, aliases.csv, entities.csv and report.json",
    )
    export.add_argument(
        "--no-analysis",
        action="store_true",
        help="only load: write the contract's articles.csv, comments.csv and report.json",
    )
    export.set_defaults(run=_export)
    report = commands.add_parser(
        "report",
        help="load files and folders, write a ZIP of every chart (PNG, SVG, "
        "HTML) and table (CSV) for the given filters, with provenance.json",
    )
    _add_input_options(report)
    report.add_argument("--out", required=True, help="the ZIP file to write, e.g. report.zip")
    report.add_argument(
        "--no-images",
        action="store_true",
        help="leave out PNG and SVG (they need Chrome or Chromium); HTML charts and CSV stay",
    )
    _add_filter_options(report)
    report.set_defaults(run=_report)
    analyze = commands.add_parser(
        "analyze",
        help="load and analyse files and folders on a Dask cluster, write a "
        "corpus folder of Parquet tables that `streamlit run app.py -- CORPUS_DIR` opens",
    )
    _add_input_options(analyze)
    analyze.add_argument("--out", required=True, metavar="CORPUS_DIR", help="the corpus folder to write")
    where = analyze.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="an existing Dask scheduler; its workers must see the inputs and CORPUS_DIR",
    )
    where.add_argument(
        "--dask-workers",
        type=int,
        metavar="N",
        help="start a local Dask cluster of N worker processes on 127.0.0.1 (default: one per core)",
    )
    analyze.add_argument(
        "--partition-comments",
        type=int,
        default=50_000,
        metavar="N",
        help="about N comments per Parquet part (whole articles, never one split)",
    )
    analyze.set_defaults(run=_analyze)
    contract = commands.add_parser("contract", help="print the data contract as Markdown")
    contract.set_defaults(run=_contract)
    for shown in (parser, export, report, analyze):
        shown.epilog, shown.formatter_class = EXIT_STATUS, argparse.RawDescriptionHelpFormatter
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a :class:`ThreadscopeError` (bad input, a broken contract, an export that
    cannot be drawn, a corrupt corpus directory) is one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ThreadscopeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
