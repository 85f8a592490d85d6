"""Threadscope on the command line: ``python -m analytics COMMAND ...``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .enrich import enrich
from .export import export_analysis, export_corpus
from .loaders import LoadError, load


def _mapping(pairs: list[str]) -> dict[str, str]:
    """``["author=user_id", "text=content"]`` -> ``{"author": "user_id", "text": "content"}``."""
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise SystemExit(f"error: --map expects FIELD=COLUMN, got {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", help="input files, or folders holding them")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="for tables: the input column holding a contract field, e.g. author=user_id")


def _export(args: argparse.Namespace) -> int:
    corpus = load(args.paths, mapping=_mapping(args.map))
    if args.no_analysis:
        written = export_corpus(corpus, Path(args.out))
    else:
        written = export_analysis(enrich(corpus), Path(args.out))
    print(corpus.report.summary(), file=sys.stderr)
    for w in corpus.report.all_warnings:
        print(f"warning: {w}", file=sys.stderr)
    print("\n".join(str(p) for p in written))
    return 0


def _contract(args: argparse.Namespace) -> int:
    print(schema.render_markdown())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="load files and folders, write CSV tables and the load report")
    _add_input_options(export)
    export.add_argument("--out", required=True, help="folder to write articles.csv, comments.csv, "
                        "commenters.csv, replies.csv, threads.csv and report.json")
    export.add_argument("--no-analysis", action="store_true",
                        help="only load: write the contract's articles.csv, comments.csv and report.json")
    export.set_defaults(run=_export)
    contract = commands.add_parser("contract", help="print the data contract as Markdown")
    contract.set_defaults(run=_contract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except LoadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
