"""Threadscope's own export read back: the ``articles.csv`` + ``comments.csv`` pair that
``python -m analytics export`` writes (ISO 8601 timestamps, lists as JSON arrays).

Loading the pair gives back the frames that were exported, ids included. Columns beyond the
contract (enriched columns, added by later versions) and the other files of an export folder
are ignored and reported, but for the input's own columns kept as ``extra_...``
(:mod:`.extra_columns`), which are read back, typed again from their values. Columns this version added to the contract (the source ids and the
flags) may be absent, as in exports written before them, and take their defaults.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from typing import BinaryIO

import pandas as pd

from ..model import schema
from ..model.load_report import FileReport, LoadError
from ..model.safety import restore_series
from ..model.text import mentions
from . import table_chunks
from .extra_columns import typed_extra
from .table_chunks import chunks

FORMAT = "threadscope-export"
ARTICLES_FILE, COMMENTS_FILE = "articles.csv", "comments.csv"
# Written by ``python -m analytics export`` next to the pair; not needed to load it.
EXPORT_EXTRAS = ("report.json", "commenters.csv", "replies.csv", "threads.csv")
# Contract columns an export may lack (written before they were added): they take their defaults.
OPTIONAL = frozenset({"source_id", "source_parent_id", "is_deleted", "is_spam", "is_pingback", "addressed_to"})
_BOOLS = {"True": True, "False": False, "true": True, "false": False}


def _required(frame_name: str) -> list[str]:
    return [c.name for c in schema.FRAMES[frame_name] if c.name not in OPTIONAL]


def header_columns(head: bytes) -> list[str]:
    """The column names in the first line of a CSV file's first bytes."""
    line = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a stray carriage return mid-line: not an export's header
        return []


def is_export_table(head: bytes, frame_name: str) -> bool:
    """Whether a CSV file's header holds every column of the contract's ``frame_name`` frame.

    Examples:
        >>> is_export_table(b"article_id,title,body,source,published,declared_comments,parsed_comments\\n", "articles")
        True
        >>> is_export_table(b"author,text\\n", "comments")
        False
    """
    return set(_required(frame_name)) <= set(header_columns(head))


def _typed_columns(frame: pd.DataFrame, frame_name: str, report: FileReport, first_row: int) -> pd.DataFrame:
    out = {}
    for col in schema.FRAMES[frame_name]:
        if col.name not in frame.columns:  # an OPTIONAL column: checked before
            out[col.name] = [list(col.default)] * len(frame) if col.dtype == "list of strings" else col.default
            continue
        s = frame[col.name]
        if col.dtype == "integer":
            numbers = pd.to_numeric(s.where(s != "", None), errors="coerce")
            bad = numbers.isna() & ((s != "") | (not col.nullable))
            if bad.any():
                row = first_row + int(bad.to_numpy().nonzero()[0][0]) + 1
                raise LoadError(
                    report.source, f"column {col.name}: expected whole numbers, found {s[bad].iloc[0]!r} in row {row}"
                )
            out[col.name] = numbers
        elif col.dtype == "boolean":
            flags = s.map(_BOOLS)
            if flags.isna().any():
                row = first_row + int(flags.isna().to_numpy().nonzero()[0][0]) + 1
                raise LoadError(
                    report.source,
                    f"column {col.name}: expected True or False, found {s[flags.isna()].iloc[0]!r} in row {row}",
                )
            out[col.name] = flags.astype(bool)
        elif col.dtype == "datetime":
            stamps = pd.to_datetime(s.where(s != "", None), format="ISO8601", errors="coerce")
            bad = stamps.isna() & (s != "")
            if bad.any():
                report.warnings.append(
                    f"column {col.name}: {int(bad.sum())} value(s) not ISO 8601 "
                    f"(first: {s[bad].iloc[0]!r}); left missing"
                )
            out[col.name] = stamps
        elif col.dtype == "list of strings":
            out[col.name] = s.map(_json_list)
        else:
            s = restore_series(s)  # the export put an apostrophe before formula-like text (analytics.model.safety)
            out[col.name] = s.where(s != "", None) if col.nullable else s
    typed = pd.DataFrame(out, index=frame.index)
    if frame_name == "comments":
        broken = typed["mentions"].isna()
        if broken.any():
            report.warnings.append(f"{int(broken.sum())} mentions value(s) not a JSON list: recomputed from the text")
            typed.loc[broken, "mentions"] = typed.loc[broken, "text"].map(mentions)
    return typed


def _json_list(value: str) -> list[str] | None:
    try:
        got = json.loads(value) if value else []
    except ValueError:
        return None
    return got if isinstance(got, list) and all(isinstance(x, str) for x in got) else None


def _read(
    binary: BinaryIO, head: bytes, report: FileReport, frame_name: str, role: str, chunk_rows: int
) -> pd.DataFrame:
    parts = []
    kept: list[pd.DataFrame] = []  # the input's own columns (extra_...), typed once all are read
    rows = 0
    extra: list[str] = []
    for chunk in chunks(binary, report, kind="csv", head=head, chunk_rows=chunk_rows):
        missing = [c for c in _required(frame_name) if c not in chunk.columns]
        if missing:
            raise LoadError(
                report.source,
                f"not a Threadscope {frame_name} table: missing columns "
                f"{', '.join(missing)}; found {', '.join(map(str, chunk.columns))}",
            )
        contract = {col.name for col in schema.FRAMES[frame_name]}
        own = schema.extra_columns(chunk) if frame_name == "comments" else []
        extra = [c for c in chunk.columns if c not in contract and c not in own]
        parts.append(_typed_columns(chunk, frame_name, report, rows))
        kept.append(chunk[own].apply(restore_series) if own else chunk[own])
        report.line_roles[role] += len(chunk)
        rows += len(chunk)
    if extra:
        report.warnings.append(f"columns beyond the contract ignored: {', '.join(extra)}")
    if not parts or not rows:
        raise LoadError(report.source, f"no rows: expected a Threadscope {frame_name} table with rows")
    frame = pd.concat(parts, ignore_index=True)
    cells = pd.concat(kept, ignore_index=True)
    for name in cells.columns:  # typed again from the text the export wrote (Int64, float, bool, time, text)
        frame[name] = typed_extra(cells[name].fillna(""))
    return frame


def read_export(
    articles_file: tuple[BinaryIO, bytes, FileReport],
    comments_file: tuple[BinaryIO, bytes, FileReport],
    *,
    chunk_rows: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames from an export pair, each given as ``(binary, head, report)``."""
    chunk_rows = chunk_rows or table_chunks.CHUNK_ROWS
    a_bin, a_head, a_report = articles_file
    c_bin, c_head, c_report = comments_file
    articles = _read(a_bin, a_head, a_report, "articles", "article", chunk_rows)
    comments = _read(c_bin, c_head, c_report, "comments", "comment", chunk_rows)
    dup_articles = articles["article_id"].duplicated()
    for k in dup_articles[dup_articles].index:
        a_report.skip(int(k) + 2, "article_id already in an earlier row", articles.at[k, "article_id"])
        a_report.line_roles["article"] -= 1
    articles = articles[~dup_articles].reset_index(drop=True)
    unknown = ~comments["article_id"].isin(articles["article_id"])
    dup_comments = comments["comment_id"].duplicated() & ~unknown
    for k in unknown[unknown].index:
        c_report.skip(
            int(k) + 2,
            f"article_id {comments.at[k, 'article_id']!r} not in {ARTICLES_FILE}",
            comments.at[k, "text"][:500],
        )
    for k in dup_comments[dup_comments].index:
        c_report.skip(
            int(k) + 2,
            f"comment_id {comments.at[k, 'comment_id']!r} already in an earlier row",
            comments.at[k, "text"][:500],
        )
    c_report.line_roles["comment"] -= int(unknown.sum() + dup_comments.sum())
    comments = schema.comments_frame(comments[~unknown & ~dup_comments].reset_index(drop=True))
    counts = comments["article_id"].value_counts()
    loaded = articles["article_id"].map(counts).fillna(0).astype("int64")
    differ = loaded != articles["parsed_comments"]
    if differ.any():
        a_report.warnings.append(
            f"{int(differ.sum())} article(s) list a parsed_comments count that differs "
            "from the comments loaded: recounted"
        )
    articles = schema.articles_frame(articles.assign(parsed_comments=loaded).to_dict("records"))
    for report, frame_name, n in ((a_report, "articles", len(articles)), (c_report, "comments", len(comments))):
        report.lines = report.accounted_lines
        report.articles = len(articles) if frame_name == "articles" else 0
        report.parsed_comments = n if frame_name == "comments" else 0
    return articles, comments


def pair_heads_match(heads: Mapping[str, bytes]) -> bool:
    """Whether ``{"articles.csv": head, "comments.csv": head}`` look like a Threadscope export."""
    return is_export_table(heads[ARTICLES_FILE], "articles") and is_export_table(heads[COMMENTS_FILE], "comments")
