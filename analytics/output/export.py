"""Writing frames to files: CSV tables with ISO 8601 timestamps, JSON and Parquet tables, and
the load report as JSON.

CSV is for spreadsheets, so its text cells go through :func:`analytics.model.safety.neutralise_frame`
(a cell a spreadsheet would run as a formula gets an apostrophe in front; Threadscope's loader
takes it off again). JSON and Parquet keep the raw text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..enrich import Analysis
from ..loaders import Corpus, LoadReport
from ..model.safety import neutralise_frame
from ..model.schema import flagged_rows
from ..signals import aliases, entities

TABLE_FORMATS = ("csv", "json", "parquet")


def _iso_and_json_lists(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        s = out[name]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[name] = s.map(lambda t: t.isoformat() if pd.notna(t) else None)
        elif s.dtype == object and s.map(lambda v: isinstance(v, (list, tuple))).any():
            out[name] = s.map(lambda v: json.dumps(list(v), ensure_ascii=False) if isinstance(v, (list, tuple)) else v)
    return out


def table_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as it goes into CSV: timestamps in ISO 8601, lists as JSON arrays, and
    text a spreadsheet could run as a formula neutralised (:mod:`analytics.model.safety`).

    Examples:
        >>> import pandas as pd
        >>> table_for_csv(pd.DataFrame({"text": ["=1+1", "hi"], "score": [-0.5, 1.0]})).to_dict("list")
        {'text': ["'=1+1", 'hi'], 'score': [-0.5, 1.0]}
    """
    return neutralise_frame(_iso_and_json_lists(frame))


def _json_value(value: object) -> object:
    if isinstance(value, (pd.Timestamp, pd.Timedelta)):
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def table_json(frame: pd.DataFrame) -> bytes:
    """The table as a UTF-8 JSON array of objects, the raw text kept: timestamps and time spans
    in ISO 8601, lists as arrays, missing values as ``null``, numbers as written (shortest exact form).

    Examples:
        >>> import pandas as pd
        >>> table_json(pd.DataFrame({"text": ["=1+1"], "mentions": [["geha"]], "score": [-0.1]})).decode()
        '[{"text": "=1+1", "mentions": ["geha"], "score": -0.1}]'
    """
    cells = frame.astype(object).where(frame.notna(), None)
    records = [dict(zip(map(str, frame.columns), row)) for row in cells.itertuples(index=False, name=None)]
    return json.dumps(records, ensure_ascii=False, default=_json_value).encode("utf-8")


def table_parquet(frame: pd.DataFrame) -> bytes:
    """The table as Parquet bytes, types and raw text kept (lists stay lists)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, *, format: str = "csv") -> list[Path]:
    """Write each frame to ``out_dir/<name>.<format>`` and return the paths written.

    ``format`` is one of :data:`TABLE_FORMATS`: ``csv`` (UTF-8, CRLF rows, formulas neutralised),
    ``json`` or ``parquet`` (raw text).
    """
    if format not in TABLE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(TABLE_FORMATS)}, got {format!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out_dir / f"{name}.{format}"
        if format == "csv":
            # CRLF between rows (RFC 4180): Python's csv module then quotes every cell holding a
            # carriage return, which a bare "\n" terminator leaves unquoted (and readers split on).
            table_for_csv(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
        else:
            path.write_bytes(table_json(frame) if format == "json" else table_parquet(frame))
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


def seeded_sample(comments: pd.DataFrame, size: int) -> pd.DataFrame:
    """``size`` rows of ``comments`` (all of them when fewer) drawn at random, in frame order; seeded,
    so the same comments give the same sample (the report and the Signals page draw it alike).

    Examples:
        >>> frame = pd.DataFrame({"text": list("abcdef")})
        >>> seeded_sample(frame, 3).equals(seeded_sample(frame, 3)), len(seeded_sample(frame, 10))
        (True, 6)
    """
    rows = np.sort(np.random.default_rng(0).choice(len(comments), size=min(size, len(comments)), replace=False))
    return comments.iloc[rows]


def signal_tables(
    analysis: Analysis, *, sample_above: int | None = None, sample_size: int = 10_000
) -> dict[str, pd.DataFrame]:
    """The signal tables of an analysis, by file stem: ``aliases``
    (:func:`analytics.signals.aliases.alias_suspects`, strongest suspicion first) and ``entities``
    (:func:`analytics.signals.entities.entity_mentions`, per article).

    Computed from the comments the analysis counts: flagged ones (deleted, spam, pingbacks) are
    left out unless ``enrich(include_flagged=True)`` or the filters applied include them. Both are
    pure-Python text analysis (about half a millisecond a comment): with ``sample_above``, more
    comments than that are replaced by ``sample_size`` of them drawn at random (seeded, so the
    same comments give the same sample; the Signals page draws it the same way).

    Examples:
        >>> import analytics
        >>> tables = signal_tables(analytics.enrich(analytics.load(analytics.SAMPLE)))
        >>> tables["aliases"][["author_a", "author_b"]].iloc[0].tolist()
        ['trueself', 'trieself']
    """
    comments = analysis.comments
    settings = analysis.settings or {}
    keep_flagged = settings.get("include_flagged", False) or getattr(settings.get("filters"), "include_flagged", False)
    if not keep_flagged:
        comments = comments[~flagged_rows(comments)]
    if sample_above is not None and len(comments) > sample_above:
        comments = seeded_sample(comments, sample_size)
    return {
        "aliases": aliases.alias_suspects(comments),
        "entities": entities.entity_mentions(analysis.articles, comments),
    }


def export_analysis(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Every table of an :class:`~analytics.enrich.Analysis` and its :func:`signal_tables` as
    CSV, plus ``report.json``.

    ``comments.csv`` holds the contract's columns followed by the enriched ones (sentiment,
    toxicity and its reasons, replies); ``commenters.csv``, ``replies.csv`` (one row per reply
    edge, with latency), ``threads.csv``, ``aliases.csv`` and ``entities.csv`` are written
    beside it.
    """
    written = write_tables({**analysis.tables(), **signal_tables(analysis)}, out_dir)
    return written + [write_report(analysis.report, out_dir)]
