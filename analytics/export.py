"""Writing frames to files: CSV tables with ISO 8601 timestamps, and the load report as JSON."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .loaders import Corpus


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


def export_corpus(corpus: Corpus, out_dir: Path) -> list[Path]:
    """``articles.csv``, ``comments.csv`` and ``report.json`` for a loaded corpus."""
    written = write_tables({"articles": corpus.articles, "comments": corpus.comments}, out_dir)
    report_path = out_dir / "report.json"
    report_path.write_text(json.dumps(corpus.report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return written + [report_path]
