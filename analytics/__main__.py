"""Threadscope on the command line: ``python -m analytics COMMAND ...``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .export import export_corpus
from .loaders import LoadError, load


def _export(args: argparse.Namespace) -> int:
    corpus = load(args.paths)
    written = export_corpus(corpus, Path(args.out))
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
    export.add_argument("paths", nargs="+", help="saved pages, or folders holding them")
    export.add_argument("--out", required=True, help="folder to write articles.csv, comments.csv, report.json")
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
