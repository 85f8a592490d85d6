"""Writing frames to files: CSV tables with ISO 8601 timestamps, and the load report as JSON."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .enrich import Analysis
from .loaders import Corpus, LoadReport


def table_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as it goes into CSV: timestamps in ISO 8601, lists as JSON arrays."""
    out = frame.copy()
    for name in out.columns:
        s = out[name]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[name] = s.map(lambda t: t.isoformat() if pd.notna(t) else None)
        elif s.dtype == object and s.map(lambda v: isinstance(v, (list, tuple))).any():
            out[name] = s.map(lambda v: json.dumps(list(v), ensure_ascii=False)
                              if isinstance(v, (list, tuple)) else v)
    return out


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each frame to ``out_dir/<name>.csv`` (UTF-8) and return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out_dir / f"{name}.csv"
        table_for_csv(frame).to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def write_report(report: LoadReport, out_dir: Path) -> Path:
    path = out_dir / "report.json"
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def export_corpus(corpus: Corpus, out_dir: Path) -> list[Path]:
    """``articles.csv``, ``comments.csv`` (the contract's columns) and ``report.json``."""
    written = write_tables({"articles": corpus.articles, "comments": corpus.comments}, out_dir)
    return written + [write_report(corpus.report, out_dir)]


def export_analysis(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Every table of an :class:`~analytics.enrich.Analysis` as CSV, plus ``report.json``.

    ``comments.csv`` holds the contract's columns followed by the enriched ones;
    ``commenters.csv``, ``replies.csv`` (one row per reply edge, with latency) and
    ``threads.csv`` are written beside it.
    """
    written = write_tables(analysis.tables(), out_dir)
    return written + [write_report(analysis.report, out_dir)]
