"""Loaders: every input format lands in the contract's two frames plus a :class:`LoadReport`.

``load(paths)`` takes files and folders; ``load_bytes(raw, name)`` takes an upload.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import schema
from . import naharnet
from .decoding import decode
from .report import FileReport, LoadError, LoadReport, SkippedLine

__all__ = ["Corpus", "LoadError", "LoadReport", "FileReport", "SkippedLine", "load", "load_bytes",
           "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt",)


@dataclass
class Corpus:
    """A loaded corpus: the contract's two frames and the report of how they were read."""
    articles: pd.DataFrame
    comments: pd.DataFrame
    report: LoadReport

    def copy(self) -> "Corpus":
        return Corpus(self.articles.copy(), self.comments.copy(), self.report)


def _parse_file(raw: bytes, source: str) -> tuple[list[dict], list[dict], FileReport]:
    text, encoding, warnings = decode(raw, source)
    report = FileReport(source=source, format=naharnet.FORMAT, encoding=encoding,
                        sha256=hashlib.sha256(raw).hexdigest(), warnings=warnings)
    articles, comments = naharnet.parse(text, report)
    return articles, comments, report


def _expand(paths: Iterable[str | Path], report: LoadReport) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            inside = sorted(f for f in p.rglob("*") if f.is_file())
            for f in inside:
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(f)
                else:
                    report.warnings.append(f"{f}: skipped, not a supported file type "
                                           f"({', '.join(SUPPORTED_SUFFIXES)})")
            if not any(f.suffix.lower() in SUPPORTED_SUFFIXES for f in inside):
                raise LoadError(str(p), f"folder holds no supported file ({', '.join(SUPPORTED_SUFFIXES)})")
        elif p.is_file():
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise LoadError(str(p), f"unsupported file type {p.suffix or '(none)'}; "
                                f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
            files.append(p)
        else:
            raise LoadError(str(p), "no such file or folder")
    return files


def _corpus(parsed: list[tuple[list[dict], list[dict], FileReport]], report: LoadReport) -> Corpus:
    article_rows: list[dict] = []
    comment_rows: list[dict] = []
    seen: dict[str, str] = {}
    for articles, comments, file_report in parsed:
        report.files.append(file_report)
        for article in articles:
            first = seen.get(article["article_id"])
            if first is not None:
                report.warnings.append(f"{file_report.source}: article {article['title']!r} already "
                                       f"loaded from {first}; loaded once")
                continue
            seen[article["article_id"]] = file_report.source
            article_rows.append(article)
            comment_rows.extend(c for c in comments if c["article_id"] == article["article_id"])
    articles_df = schema.articles_frame(article_rows)
    comments_df = schema.comments_frame(comment_rows)
    schema.validate(articles_df, comments_df)
    return Corpus(articles_df, comments_df, report)


def load(paths: Iterable[str | Path] | str | Path, *, mapping: dict[str, str] | None = None) -> Corpus:
    """Load files and folders (recursively) into one corpus.

    ``mapping`` names, for table formats, the input column that holds a contract column
    (``{"author": "user_id", "text": "content"}``); saved pages ignore it.

    Raises :class:`LoadError` (one line: the file and what was expected) for input that cannot
    be read; never returns an empty corpus as success.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = LoadReport()
    files = _expand(paths, report)
    if not files:
        raise LoadError("(no input)", "expected at least one file or folder")
    parsed = []
    for f in files:
        try:
            raw = f.read_bytes()
        except OSError as err:
            raise LoadError(str(f), f"cannot be read ({err.strerror})") from None
        try:
            parsed.append(_parse_file(raw, f.name))
        except LoadError as err:  # name the path the user gave, not just the file name
            raise LoadError(str(f), err.expected) from None
    return _corpus(parsed, report)


def load_bytes(raw: bytes, name: str, *, mapping: dict[str, str] | None = None) -> Corpus:
    """Load one uploaded file given as bytes and its file name."""
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(name, f"unsupported file type; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    return _corpus([_parse_file(raw, name)], LoadReport())
