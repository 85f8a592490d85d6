"""Tables of comments: CSV, TSV, JSON (an array of objects), JSON Lines and Excel (.xlsx).

One row is one comment. Which column holds which field is :mod:`.table_columns` (recognised
names or a mapping; only the comment text is required); reading each format into chunks of
string cells is :mod:`.table_chunks`. This module turns those chunks into the contract's frames.

Articles: rows are grouped by the article column (article / thread / post / url / title ...);
a table without one is one article named after the file. An article's title is the title
column's first value in the group, else the group's key.

For tables the report counts records, not physical lines (a quoted CSV field may span lines):
the header row, then one record per row; JSON Lines counts lines (blank ones too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import BinaryIO

import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport, LoadError
from ..model.text import MENTION
from .addressed import addressed_names
from .extra_columns import extra_names, kept_note, typed_extra
from .frames import articles_with_counts, comment_ids_by_article, renumber_repeated_ids
from .headerless import unmapped_complaint
from .html_text import cleaned_note, cleaned_texts
from .parents import resolve_parents
from .platforms import PlatformRows, column_roles, recognise

# Also re-exported (__all__): callers imported these names from here before the module was split.
from .table_chunks import (
    CHUNK_ROWS,
    FORMATS,
    HEAD_BYTES,
    LEGACY_ENCODINGS,
    chunks,
    delimiter,
    head_encoding,
    replaced_byte_count,
    text_stream,
)
from .table_columns import (
    FIELD_NAMES,
    FIELDS,
    MAPPING_ALIASES,
    RECORDS,
    Field,
    missing_text_column,
    recognised_columns,
)
from .time_roles import decide_time_columns, mapped_fields
from .timestamps import parse_timestamps, unreadable_timestamps

__all__ = [
    "CHUNK_ROWS",
    "FIELDS",
    "FIELD_NAMES",
    "FORMATS",
    "HEAD_BYTES",
    "LEGACY_ENCODINGS",
    "MAPPING_ALIASES",
    "Field",
    "chunks",
    "delimiter",
    "head_encoding",
    "missing_text_column",
    "preview_rows",
    "read_table",
    "recognised_columns",
    "text_stream",
]

_TRUE = frozenset({"true", "1", "yes", "y", "t"})
# ``n_words`` is ``len(text.split())`` as in analytics.model.text.


def _flags(values: pd.Series) -> pd.Series:
    return values.str.strip().str.lower().isin(_TRUE)


def _missing_to_none(values: pd.Series) -> pd.Series:
    stripped = values.str.strip()
    return stripped.astype(object).where(stripped != "", None)


class _Rows:
    """Accumulates chunks of rows into contract frames, keeping what every row became."""

    def __init__(self, report: FileReport, mapping: Mapping[str, str] | None):
        self.report = report
        self.mapping = dict(mapping or {})
        self.spec: dict[str, str] = {}
        self.columns: list[str] = []
        self.frames: list[pd.DataFrame] = []
        self.unused: list[pd.DataFrame] = []  # per frame, the string cells of the columns no field uses
        self.kept: list[str] = []
        self.first_row: list[str] | None = None  # a file without a header row: its first row's cells
        self.articles: dict[str, dict] = {}  # article id -> article row
        self.keys: dict[str, str] = {}  # the article column's value -> article id
        self.merged: list[tuple[str, str]] = []
        self.rows = 0
        self.positions: Counter = Counter()  # comments so far per article id
        self.counts: Counter = Counter()
        self.examples: dict[str, str] = {}
        self.platform = PlatformRows(report, None)  # the platform's rules (platforms.py)
        self.time_notes: list[str] | None = None  # the comment-time choice, made on the first chunk
        # A JSON tree's own column mapping (nothing guessed) and article rows by article key (json_trees).
        self.explicit: dict[str, str] | None = None
        self.article_rows: dict[str, dict[str, str]] = {}

    def _resolve(self, columns: list[str], first_row: list[str] | None = None) -> None:
        new = [c for c in columns if c not in self.columns]
        if not new:  # (a first chunk of empty objects, [{}], has no column at all: no text column either)
            if "text" not in self.spec:
                raise LoadError(self.report.source, missing_text_column(self.columns))
            return
        if first_row is not None:  # no header: a mapping naming a first-row cell means its position
            self.first_row = first_row
            self.mapping = {
                f: str(first_row.index(c) + 1) if c not in columns and c in first_row else c
                for f, c in self.mapping.items()
            }
        self.columns += new
        try:
            if self.explicit is None:
                plain = {k: v for k, v in self.mapping.items() if k != RECORDS}
                platform, found = column_roles(self.columns, mapping=plain)
            else:
                platform = None
                found = recognised_columns(self.columns, mapping={**self.explicit, **self.mapping}, guess=False)
        except ValueError as err:
            raise LoadError(self.report.source, str(err)) from None
        if platform is not None and self.platform.platform is None and not self.spec:
            self.platform.platform, self.platform.evidence = recognise(self.columns) or (None, [])
        settled = {"timestamp", "published"} if self.time_notes is not None else set()
        for name, column in found.items():
            if name not in settled and column not in self.spec.values():
                self.spec.setdefault(name, column)
        if "text" not in self.spec:
            if self.first_row is not None:
                raise LoadError(self.report.source, unmapped_complaint(self.first_row))
            raise LoadError(self.report.source, missing_text_column(self.columns))

    def add(self, chunk: pd.DataFrame) -> None:
        tree = chunk.attrs.pop("tree", None)
        if tree is not None:
            self.explicit, self.article_rows = tree["fields"], tree["articles"]
        self._resolve([str(c) for c in chunk.columns], chunk.attrs.get("first_row"))
        # Record numbers for the report: JSON readers give them; table rows follow the header.
        numbers = list(chunk.attrs.get("records") or range(self.rows + 2, self.rows + 2 + len(chunk)))
        chunk = chunk.rename(columns=str)
        self.rows += len(chunk)
        chunk, no_text, numbers = self._without_blank_rows(chunk, numbers)
        chunk, no_text = self._without_repeats(chunk, no_text, numbers)
        if self.time_notes is None:  # settled once, on the first chunk's rows
            self._decide_times(chunk)
        n = len(chunk)
        self.report.line_roles["comment"] += n
        if not n:
            return
        self.counts["empty_text"] += int(no_text.sum())

        def col(name: str) -> pd.Series | None:
            column = self.spec.get(name)
            if column is None:
                return None
            return chunk[column] if column in chunk.columns else pd.Series("", index=chunk.index, dtype="str")

        text, texts = self._texts(col("text"))
        author = col("author")
        author = pd.Series("", index=chunk.index, dtype="str") if author is None else author.str.strip()
        deleted, author = self.platform.deleted(author, text)
        parents = self.platform.stated_parents(col("parent"), col("id"))
        raw_time = col("timestamp")
        if raw_time is None:
            stamps = pd.Series(pd.NaT, index=chunk.index, dtype="datetime64[us]")
        else:
            stamps = parse_timestamps(raw_time)
            bad = unreadable_timestamps(raw_time, stamps)
            if bad.any():
                self.counts["bad_time"] += int(bad.sum())
                self.examples.setdefault("bad_time", str(raw_time[bad].iloc[0]))
        article = self._articles(chunk, col, self.platform.article_keys(col("id"), parents, chunk))
        named = self._addressed(col("reply_to_author"))
        out = pd.DataFrame(
            {
                "article_id": article,
                "author": author,
                "is_guest": False if col("is_guest") is None else _flags(col("is_guest")),
                "avatar": None if col("avatar") is None else _missing_to_none(col("avatar")),
                "timestamp": stamps,
                "text": text,
                "mentions": [MENTION.findall(t) if "@" in t else [] for t in texts],
                "addressed_to": [[] for _ in range(n)] if named is None else named,
                "n_words": pd.Series([len(t.split()) for t in texts], index=chunk.index, dtype="int64"),
                "source_id": None if col("id") is None else _missing_to_none(col("id")),
                "source_parent_id": None if parents is None else _missing_to_none(parents),
                "_own_key": self.platform.own_keys(col("id")),
                "_parent_key": self.platform.parent_keys(parents, col("article")),
            },
            index=chunk.index,
        )
        for flag in schema.EXCLUDED_BY_DEFAULT:
            out[flag] = False if col(flag) is None else _flags(col(flag))
        out["is_deleted"] |= deleted
        out["position"] = out.groupby("article_id", sort=False).cumcount() + out["article_id"].map(
            self.positions
        ).fillna(0).astype("int64")
        self.positions.update(out["article_id"].value_counts().to_dict())
        out["comment_id"] = comment_ids_by_article(out)
        self.frames.append(out.reset_index(drop=True))
        used = set(self.spec.values())
        self.unused.append(chunk[[c for c in chunk.columns if c not in used]].reset_index(drop=True))

    def _without_blank_rows(self, chunk: pd.DataFrame, numbers: list[int]) -> tuple[pd.DataFrame, pd.Series, list[int]]:
        """The rows with a cell that is not blank (the others reported), whether each has no text,
        and their record numbers."""
        no_text = (
            chunk[self.spec["text"]].str.strip() == ""
            if self.spec["text"] in chunk.columns
            else pd.Series(True, index=chunk.index)
        )
        blank = no_text.copy()
        if no_text.any():  # only rows without text can be blank throughout: check just those
            blank[no_text] = (chunk[no_text].apply(lambda s: s.str.strip()) == "").all(axis=1)
            for position in blank.to_numpy().nonzero()[0]:
                self.report.skip(int(numbers[position]), "empty row: every cell is blank", "")
            chunk, no_text = chunk[~blank], no_text[~blank]
            numbers = [number for number, dropped in zip(numbers, blank.tolist()) if not dropped]
        return chunk, no_text, numbers

    def _texts(self, text: pd.Series) -> tuple[pd.Series, list[str]]:
        """The comment texts (line breaks as ``\\n``, markup cleaned and counted), as a column and a list."""
        if text.str.contains("\r", regex=False).any():
            text = text.str.replace("\r\n", "\n").str.replace("\r", "\n")
        texts = text.tolist()
        if text.str.contains("<|&").any():  # only such texts can hold markup: the others are not looked at
            texts, cleaned = cleaned_texts(texts)
            if cleaned:
                self.counts["markup"] += cleaned
                text = pd.Series(texts, index=text.index, dtype="str")
        return text, texts

    def _addressed(self, column: pd.Series | None) -> list[list[str]] | None:
        """The authors each comment answers, from the reply_to_author column (None without one)."""
        if column is None:
            return None
        cells = column.tolist()
        named = [addressed_names(v) for v in cells]
        unread = [v for v, n in zip(cells, named) if v.strip() and not n]
        if unread:
            self.counts["no_name"] += len(unread)
            self.examples.setdefault("no_name", unread[0])
        return named

    def _without_repeats(
        self, chunk: pd.DataFrame, no_text: pd.Series, numbers: list[int]
    ) -> tuple[pd.DataFrame, pd.Series]:
        """The rows that do not repeat an earlier record (same id and text: platforms.py)."""

        def cells(name: str) -> pd.Series | None:
            return chunk[self.spec[name]] if self.spec.get(name) in chunk.columns else None

        texts = cells("text")
        repeated = self.platform.repeats(
            cells("id"), pd.Series("", index=chunk.index) if texts is None else texts, numbers
        )
        if repeated.any():
            chunk, no_text = chunk[~repeated], no_text[~repeated]
        return chunk, no_text

    def _decide_times(self, chunk: pd.DataFrame) -> None:
        """Settle which column is the comment time and which the article date (time_roles.py)."""
        key_col = self.spec.get("article") or self.spec.get("title")
        if key_col in chunk.columns:
            keys = chunk[key_col].str.strip()
        else:
            keys = pd.Series(self.report.source, index=chunk.index, dtype="str")
        platform = self.platform.platform
        self.time_notes = decide_time_columns(
            chunk,
            self.spec,
            keys,
            mapped=mapped_fields(self.mapping, MAPPING_ALIASES),
            platform=platform.short if platform else "",
        )

    def _articles(self, chunk: pd.DataFrame, col, derived: pd.Series | None = None) -> pd.Series:
        key_col = col("article") if col("article") is not None else col("title")
        if key_col is None and derived is not None:
            key_col = derived
        if key_col is None:
            keys = pd.Series(self.report.source, index=chunk.index, dtype="str")
        else:
            keys = key_col.str.strip()
            empty = keys == ""
            if empty.any():
                self.counts["no_article"] += int(empty.sum())
                keys = keys.where(~empty, f"{self.report.source} (rows without {key_col.name})")
        new = keys.map(self.keys).isna()
        if new.any():
            firsts = chunk[new].assign(_key=keys[new]).drop_duplicates("_key")
            titles = firsts["_key"] if col("title") is None else firsts[self.spec["title"]].str.strip()
            titles = titles.where(titles != "", firsts["_key"])
            bodies = "" if col("body") is None else firsts[self.spec["body"]].str.strip()
            bodies = pd.Series(bodies, index=firsts.index, dtype="str")
            published = (
                pd.Series(pd.NaT, index=firsts.index, dtype="datetime64[us]")
                if col("published") is None
                else parse_timestamps(firsts[self.spec["published"]])
            )
            given = [self.article_rows.get(key) for key in firsts["_key"]]
            if any(given):  # rows a JSON tree read from the article itself (or its array)
                titles = [g["title"] or t if g else t for g, t in zip(given, titles)]
                bodies = [g["body"] if g else b for g, b in zip(given, bodies)]
                stated = parse_timestamps(pd.Series([g["published"] if g else "" for g in given], dtype="str"))
                published = [s if g else p for g, s, p in zip(given, stated, published)]
            for key, title, body, when in zip(firsts["_key"], titles, bodies, published):
                article = ids.article_id(title, body)
                if article in self.articles:
                    self.merged.append((key, title))
                else:
                    self.articles[article] = {
                        "article_id": article,
                        "title": title,
                        "body": body,
                        "source": self.report.source,
                        "published": None if pd.isna(when) else when,
                        "declared_comments": None,
                    }
                self.keys[key] = article
        return keys.map(self.keys).astype("str")

    def frames_out(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        report = self.report
        if not self.columns:
            raise LoadError(report.source, "empty file; expected a header row and comment rows")
        if not self.frames:
            what = "only empty rows" if self.rows else f"a header ({', '.join(self.columns)}) but no rows"
            raise LoadError(report.source, f"no comments: the table has {what}")
        comments = pd.concat(self.frames, ignore_index=True)
        self.frames = []
        comments = self._with_extras(comments)
        comments["comment_id"] = renumber_repeated_ids(comments["comment_id"])
        comments["parent_id"] = resolve_parents(
            comments, report, within_article=False, own="_own_key", parent="_parent_key"
        )
        comments = schema.comments_frame(comments.drop(columns=["_own_key", "_parent_key"]))
        articles = articles_with_counts(list(self.articles.values()), comments)
        self._warn(comments)
        report.articles = len(articles)
        report.parsed_comments = len(comments)
        report.lines = report.accounted_lines
        return articles, comments

    def _with_extras(self, comments: pd.DataFrame) -> pd.DataFrame:
        """``comments`` with every input column no field uses kept as a typed ``extra_`` column."""
        cells = pd.concat(self.unused, ignore_index=True) if self.unused else pd.DataFrame(index=comments.index)
        self.unused = []
        used = set(self.spec.values())
        names, notes = extra_names([c for c in self.columns if c not in used and c in cells.columns])
        if not names:
            return comments
        extras = pd.DataFrame({name: typed_extra(cells[column].fillna("")) for column, name in names.items()})
        self.kept = [*notes, kept_note(names, extras)]  # reported after the columns read (_warn)
        return pd.concat([comments, extras], axis=1)

    def _warn(self, comments: pd.DataFrame) -> None:
        report, counts = self.report, self.counts
        report.warnings.extend(self.platform.warnings(self.spec, self.columns))
        report.warnings.append("columns read: " + ", ".join(f"{c} as {f}" for f, c in self.spec.items()))
        report.warnings.extend(self.time_notes or [])
        report.warnings.extend(self.kept)
        if "author" not in self.spec:
            report.warnings.append(
                "no author column: comments are anonymous (authors left empty; name one with --map author=COLUMN)"
            )
        if "article" not in self.spec and "title" not in self.spec and not self.platform.derived_articles:
            report.warnings.append(f"no article column: all rows form one article named {report.source!r}")
        if counts["no_article"]:
            report.warnings.append(
                f"{counts['no_article']} row(s) with an empty article column: grouped as one article"
            )
        if counts["bad_time"]:
            report.warnings.append(
                f"{counts['bad_time']} timestamp(s) could not be read (first: "
                f"{self.examples['bad_time']!r}); left missing, rows kept"
            )
        if counts["no_name"]:
            report.warnings.append(
                f"{counts['no_name']} {self.spec['reply_to_author']} value(s) name no author "
                f"(first: {self.examples['no_name']!r}): read as answering no one"
            )
        if counts["markup"]:
            report.warnings.append(cleaned_note(counts["markup"]))
        if counts["empty_text"]:
            report.warnings.append(f"{counts['empty_text']} comment(s) with empty text")
        for key, title in self.merged[:20]:
            report.warnings.append(
                f"article {key!r} has the same title and body as another "
                f"({title!r}): their comments are loaded as one article"
            )
        if len(self.merged) > 20:
            report.warnings.append(f"{len(self.merged) - 20} more article keys merged the same way")


def read_table(
    binary: BinaryIO,
    report: FileReport,
    *,
    kind: str,
    head: bytes,
    mapping: Mapping[str, str] | None = None,
    chunk_rows: int | None = None,
    header: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a table file read from ``binary``.

    ``head`` is the file's first bytes (already read to recognise it; ``binary`` still starts
    at byte 0). Fills ``report``; raises :class:`LoadError` for a table that cannot be read,
    has no text column (naming the columns found and expected) or has no rows. ``header``
    (CSV and TSV): ``False`` for a file without a header row, ``None`` to tell from its first rows.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    with replaced_byte_count() as replaced:
        rows = _Rows(report, mapping)
        for chunk in chunks(
            binary, report, kind=kind, head=head, chunk_rows=chunk_rows, header=header, mapping=mapping
        ):
            rows.add(chunk)
        if replaced[0]:
            report.warnings.append(f"{replaced[0]} byte(s) not valid {report.encoding} replaced by U+FFFD")
        return rows.frames_out()


def preview_rows(
    binary: BinaryIO, source: str, *, kind: str, head: bytes, rows: int = 5, header: bool | None = None
) -> pd.DataFrame:
    """The first ``rows`` rows of a table file as string cells, for a column-mapping form (columns
    named by position, ``"1"`` ..., for a file read without a header row: ``header`` as in :func:`read_table`)."""
    report = FileReport(source=source, format=kind, encoding="", sha256="")
    for chunk in chunks(binary, report, kind=kind, head=head, chunk_rows=rows, header=header):
        out = chunk.head(rows).rename(columns=str).reset_index(drop=True)
        out.attrs = {}  # record numbers and the first row: the reader's, not the preview's
        return out
    raise LoadError(source, "no rows to preview")
