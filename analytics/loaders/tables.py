"""Tables of comments: CSV, TSV, JSON (an array of objects), JSON Lines and Excel (.xlsx).

One row is one comment. Columns are recognised by their usual names (:data:`FIELDS`, compared
without case, spaces or underscores) or named by a mapping (``{"author": "user_id"}``, the
command line's ``--map author=user_id``). Only the comment text is required.

Articles: rows are grouped by the article column (article / thread / post / url / title ...);
a table without one is one article named after the file. An article's title is the title
column's first value in the group, else the group's key.

CSV, TSV, JSON and JSON Lines are read in chunks of :data:`CHUNK_ROWS` rows from a stream, so a
file of any size is read once with memory bounded by the frames it yields (Excel workbooks are
read whole: openpyxl cannot stream them to pandas).

For tables the report counts records, not physical lines (a quoted CSV field may span lines):
the header row, then one record per row; JSON Lines counts lines (blank ones too).
"""

from __future__ import annotations

import codecs
import contextvars
import io
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO, TextIO

import charset_normalizer
import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport, LoadError
from ..model.text import MENTION
from .decoding import looks_binary
from .frames import articles_with_counts, comment_ids_by_article, renumber_repeated_ids
from .parents import resolve_parents
from .timestamps import parse_timestamps, unreadable_timestamps

CHUNK_ROWS = 50_000
HEAD_BYTES = 1 << 16
FORMATS = {
    "csv": "CSV table",
    "tsv": "TSV table",
    "json": "JSON array",
    "jsonl": "JSON Lines",
    "xlsx": "Excel workbook",
}
LEGACY_ENCODINGS = ["cp1252", "cp1256", "iso8859_6", "latin_1"]
_TRUE = frozenset({"true", "1", "yes", "y", "t"})
# ``n_words`` is ``len(text.split())`` as in analytics.model.text.


@dataclass(frozen=True)
class Field:
    """A comment or article field a table can hold, and the column names that hold it."""

    name: str
    names: tuple[str, ...]  # recognised column names, most telling first
    meaning: str
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field(
        "text",
        ("text", "body", "comment", "content", "message", "comment_text", "comment_body", "comment_content"),
        "the comment's text",
        required=True,
    ),
    Field(
        "author",
        (
            "author",
            "user",
            "username",
            "name",
            "author_name",
            "user_name",
            "screen_name",
            "commenter",
            "user_id",
            "author_id",
        ),
        "who wrote it",
    ),
    Field(
        "timestamp",
        (
            "timestamp",
            "date",
            "time",
            "created_at",
            "created_utc",
            "created",
            "datetime",
            "posted",
            "posted_at",
            "date_gmt",
        ),
        "when it was posted",
    ),
    Field("id", ("comment_id", "id", "source_id", "cid"), "the comment's own id, which replies name as parent"),
    Field(
        "parent",
        ("parent", "parent_id", "reply_to", "parent_comment_id", "in_reply_to", "in_reply_to_id", "source_parent_id"),
        "the id of the comment it answers",
    ),
    Field(
        "article",
        (
            "article",
            "article_id",
            "article_url",
            "thread",
            "thread_id",
            "post",
            "post_id",
            "url",
            "link",
            "permalink",
            "page",
            "page_url",
        ),
        "the article or thread it is under",
    ),
    Field("title", ("title", "article_title", "thread_title", "post_title", "headline"), "the article's title"),
    Field("body", ("article_body", "article_text"), "the article's text"),
    Field(
        "published",
        ("published", "published_at", "article_date", "article_published"),
        "when the article was published",
    ),
    Field("is_guest", ("is_guest", "guest", "is_anonymous", "anonymous"), "true for unregistered authors"),
    Field("avatar", ("avatar",), "the avatar marker"),
    Field("is_deleted", ("is_deleted", "deleted"), "true for deleted comments"),
    Field("is_spam", ("is_spam", "spam"), "true for spam"),
    Field("is_pingback", ("is_pingback", "pingback"), "true for pingbacks and trackbacks"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
# Other names a mapping may use for a field (the contract's column names among them).
MAPPING_ALIASES = {
    "comment_id": "id",
    "source_id": "id",
    "parent_id": "parent",
    "source_parent_id": "parent",
    "article_id": "article",
    "thread": "article",
    "url": "article",
    "user": "author",
    "article_body": "body",
    "created_at": "timestamp",
    "date": "timestamp",
}


def _norm(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _field_name(key: str) -> str:
    name = MAPPING_ALIASES.get(key.strip(), key.strip())
    if name not in FIELD_NAMES:
        raise ValueError(f"unknown field {key!r} in the column mapping; fields: {', '.join(FIELD_NAMES)}")
    return name


def recognised_columns(columns: Sequence[str], *, mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which column holds which field: the ``mapping`` first, then the usual names.

    Raises ``ValueError`` for a mapping that names an unknown field or a column not in ``columns``.

    Examples:
        >>> recognised_columns(["id", "comment_id", "parent_comment_id", "user_id", "content"])
        {'text': 'content', 'author': 'user_id', 'id': 'comment_id', 'parent': 'parent_comment_id'}
        >>> recognised_columns(["msg", "who"], mapping={"text": "msg", "author": "who"})
        {'text': 'msg', 'author': 'who'}
    """
    columns = [str(c) for c in columns]
    found: dict[str, str] = {}
    for key, column in (mapping or {}).items():
        name = _field_name(key)
        if column in columns:
            found[name] = column
        else:
            match = [c for c in columns if _norm(c) == _norm(column)]
            if not match:
                raise ValueError(
                    f"mapped column {column!r} (for {name}) not found; found columns: {', '.join(columns) or '(none)'}"
                )
            found[name] = match[0]
    used = set(found.values())
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    for field in FIELDS:
        if field.name in found:
            continue
        for candidate in field.names:
            column = by_norm.get(_norm(candidate))
            if column is not None and column not in used:
                found[field.name] = column
                used.add(column)
                break
    return {f.name: found[f.name] for f in FIELDS if f.name in found}


def missing_text_column(columns: Sequence[str]) -> str:
    """The one-line complaint for a table without a text column: columns found and expected."""
    text = next(f for f in FIELDS if f.name == "text")
    return (
        f"no column for the comment text: found columns {', '.join(map(str, columns)) or '(none)'}; "
        f"expected one of {', '.join(text.names)} (or name it: --map text=COLUMN)"
    )


# --- bytes to text --------------------------------------------------------------------------------

_bad_bytes: contextvars.ContextVar[list[int]] = contextvars.ContextVar("threadscope_bad_bytes")


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    counter = _bad_bytes.get(None)
    if counter is not None:
        counter[0] += err.end - err.start
    return "\ufffd", err.end


codecs.register_error("threadscope.replace", _replace_and_count)


def head_encoding(head: bytes, source: str) -> tuple[str, list[str]]:
    """The encoding to read a text file with, judged from its first bytes, and warnings."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", []
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    if looks_binary(head):
        raise LoadError(source, "expected a text file, found binary data (NUL bytes)")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if not (err.reason == "unexpected end of data" and err.start >= len(head) - 3):
            best = (
                charset_normalizer.from_bytes(head, cp_isolation=LEGACY_ENCODINGS).best()
                or charset_normalizer.from_bytes(head).best()
            )
            if best is None:
                raise LoadError(
                    source, "expected text in UTF-8 or a legacy single-byte encoding; could not decode it"
                ) from None
            return best.encoding, [f"not UTF-8: decoded as {best.encoding}"]
    return "utf-8", []


def text_stream(binary: BinaryIO, encoding: str) -> TextIO:
    """``binary`` as text; undecodable bytes become U+FFFD and are counted (see :func:`_bad_bytes`)."""
    return io.TextIOWrapper(binary, encoding=encoding, errors="threadscope.replace", newline="")


# --- records ----------------------------------------------------------------------------------------


def _flat(record: dict, prefix: str = "") -> dict[str, str]:
    """A JSON object as one level of string cells: nested objects as ``outer.inner`` columns."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, name + "."))
        elif value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            out[name] = str(value)
        else:
            out[name] = json.dumps(value, ensure_ascii=False)
    return out


def _frame(records: list[dict[str, str]], numbers: list[int]) -> pd.DataFrame:
    """String cells of ``records``; ``attrs["records"]`` keeps each row's line or record number."""
    frame = pd.DataFrame.from_records(records).fillna("").astype("str")
    frame.attrs["records"] = numbers
    return frame


_EXTRA_CELLS = "rows with more cells than the header has columns: the cells beyond the last column are not read"


def _csv_chunks(stream: TextIO, report: FileReport, *, sep: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
    # index_col=False: rows with more cells than the header never turn the first column(s) into an
    # index (pandas' implicit index), which shifted every column of such a file by one.
    reader = pd.read_csv(
        stream,
        sep=sep,
        dtype="str",
        keep_default_na=False,
        na_values=[],
        index_col=False,
        chunksize=chunk_rows,
        on_bad_lines="warn",
        engine="c",
        skip_blank_lines=True,
    )
    report.line_roles["header"] += 1
    with reader:
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                chunk = next(reader, None)
            for w in caught:
                for m in re.finditer(r"Skipping line (\d+): (.*)", str(w.message)):
                    report.skip(int(m[1]), f"malformed row: {m[2].strip()}", "")
                if (
                    str(w.message).startswith("Length of header or names does not match")
                    and _EXTRA_CELLS not in report.warnings
                ):
                    report.warnings.append(_EXTRA_CELLS)
            if chunk is None:
                return
            yield chunk


def _jsonl_chunks(stream: TextIO, report: FileReport, *, chunk_rows: int) -> Iterator[pd.DataFrame]:
    def values() -> Iterator[tuple[int, object, str]]:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                report.line_roles["blank"] += 1
                continue
            try:
                yield number, json.loads(line), line[:500].rstrip("\r\n")
            except ValueError as err:
                report.skip(number, f"not valid JSON ({getattr(err, 'msg', err)})", line[:500].rstrip("\r\n"))

    return _object_chunks(values(), report, chunk_rows=chunk_rows)


def _object_chunks(
    numbered: Iterable[tuple[int, object, str | None]], report: FileReport, *, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """Frames of ``chunk_rows`` JSON objects each; anything else is skipped with its record number.

    ``numbered`` yields (record number, value, the text to show if skipped, or None for the value's JSON).
    """
    batch: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, value, shown in numbered:
        if not isinstance(value, dict):
            report.skip(
                number,
                f"a JSON {type(value).__name__}, not an object",
                json.dumps(value)[:500] if shown is None else shown,
            )
            continue
        batch.append(_flat(value))
        numbers.append(number)
        if len(batch) >= chunk_rows:
            yield _frame(batch, numbers)
            batch, numbers = [], []
    if batch:
        yield _frame(batch, numbers)


def _json_values(
    stream: TextIO, source: str, *, block: int = 1 << 20, limit: int = 64 << 20
) -> Iterator[tuple[int, object]]:
    """The values of a top-level JSON array, one at a time, without reading the whole file."""
    decoder = json.JSONDecoder()
    buffer, pos, eof, number = stream.read(block), 0, False, 0
    pos = len(buffer) - len(buffer.lstrip())
    if buffer[pos : pos + 1] != "[":
        raise LoadError(source, "expected a JSON array of objects ([{...}, ...]) or JSON Lines")
    pos += 1
    expect_value = True
    while True:
        while pos < len(buffer) and buffer[pos] in " \t\r\n":
            pos += 1
        if pos >= len(buffer) - 1 and not eof:
            more = stream.read(block)
            eof = not more
            buffer, pos = buffer[pos:] + more, 0
            continue
        if pos >= len(buffer):
            raise LoadError(source, f"the JSON array is cut short after {number} value(s) (no closing ])")
        char = buffer[pos]
        if char == "]" and (not expect_value or number == 0):
            return
        if not expect_value:
            if char != ",":
                raise LoadError(
                    source,
                    f"expected ',' or ']' after value {number} of the JSON array, found {buffer[pos : pos + 20]!r}",
                )
            pos, expect_value = pos + 1, True
            continue
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as err:
            if not eof and len(buffer) - pos < limit:
                more = stream.read(block)
                eof = not more
                buffer, pos = buffer[pos:] + more, 0
                continue
            if eof and err.pos >= len(buffer.rstrip()):
                raise LoadError(source, f"the JSON array is cut short in value {number + 1}") from None
            raise LoadError(source, f"value {number + 1} of the JSON array is not valid JSON ({err.msg})") from None
        if end >= len(buffer) and not eof:  # a number may continue in the next block
            more = stream.read(block)
            eof = not more
            buffer, pos = buffer[pos:] + more, 0
            if more:
                continue
            value, end = decoder.raw_decode(buffer, pos)
        number += 1
        yield number, value
        pos, expect_value = end, False
        if pos > block:
            buffer, pos = buffer[pos:], 0


def _json_chunks(stream: TextIO, report: FileReport, *, chunk_rows: int) -> Iterator[pd.DataFrame]:
    source = report.source
    start = stream.read(1 << 16)
    if start.lstrip().startswith("{"):
        # One object: a wrapper such as {"comments": [...]} is read whole (no streaming).
        try:
            whole = json.loads(start + stream.read())
        except ValueError as err:
            raise LoadError(source, f"not valid JSON ({getattr(err, 'msg', err)})") from None
        lists = {k: v for k, v in whole.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
        if len(lists) == 1:
            key, values = next(iter(lists.items()))
            report.warnings.append(f"read the array of objects under the key {key!r}; other keys ignored")
        elif not lists:
            values = [whole]
        else:
            raise LoadError(
                source, f"a JSON object with several arrays ({', '.join(lists)}); expected one array of comment objects"
            )
        numbered: Iterator[tuple[int, object]] = iter(enumerate(values, 1))
    else:
        numbered = _json_values(_Prefixed(start, stream), source)
    yield from _object_chunks(((number, value, None) for number, value in numbered), report, chunk_rows=chunk_rows)


class _Prefixed:
    """A text stream with some already-read text put back in front."""

    def __init__(self, prefix: str, rest: TextIO):
        self.prefix, self.rest = prefix, rest

    def read(self, n: int = -1) -> str:
        if self.prefix:
            out, self.prefix = self.prefix, ""
            return out
        return self.rest.read(n)


def _xlsx_chunks(binary: BinaryIO, report: FileReport) -> Iterator[pd.DataFrame]:
    raw = binary.read()
    try:
        book = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for a damaged or foreign zip
        raise LoadError(
            report.source,
            f"expected an Excel workbook (.xlsx), could not open it ({type(err).__name__}: {err})".replace("\n", " "),
        ) from None
    with book:
        if len(book.sheet_names) > 1:
            report.warnings.append(
                f"read the first sheet {book.sheet_names[0]!r}; other sheets ignored: "
                f"{', '.join(map(repr, book.sheet_names[1:]))}"
            )
        frame = pd.read_excel(book, sheet_name=book.sheet_names[0], dtype="str", keep_default_na=False, na_values=[])
    report.line_roles["header"] += 1
    yield frame.fillna("").astype("str")


def delimiter(header_line: str) -> str:
    """The separator a CSV header line most plausibly uses.

    Examples:
        >>> delimiter("author;text;date")
        ';'
        >>> delimiter('"a, b",c')
        ','
    """
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def chunks(
    binary: BinaryIO, report: FileReport, *, kind: str, head: bytes, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of a table file as frames of string cells (``""`` where empty), chunk by chunk."""
    if kind == "xlsx":
        report.encoding = "xlsx"
        yield from _xlsx_chunks(binary, report)
        return
    encoding, notes = head_encoding(head, report.source)
    report.encoding = encoding
    report.warnings.extend(notes)
    stream = text_stream(binary, encoding)
    if kind == "jsonl":
        yield from _jsonl_chunks(stream, report, chunk_rows=chunk_rows)
    elif kind == "json":
        yield from _json_chunks(stream, report, chunk_rows=chunk_rows)
    else:
        first = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="replace")
        first = first.lstrip("\ufeff").split("\n", 1)[0]
        sep = "\t" if kind == "tsv" else delimiter(first)
        try:
            yield from _csv_chunks(stream, report, sep=sep, chunk_rows=chunk_rows)
        except pd.errors.EmptyDataError:
            raise LoadError(report.source, "empty file; expected a header row and comment rows") from None
        except pd.errors.ParserError as err:
            raise LoadError(report.source, f"not a readable {FORMATS[kind]}: {err}".replace("\n", " ")) from None


# --- rows to the contract --------------------------------------------------------------------------


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
        self.articles: dict[str, dict] = {}  # article id -> article row
        self.keys: dict[str, str] = {}  # the article column's value -> article id
        self.merged: list[tuple[str, str]] = []
        self.rows = 0
        self.positions: Counter = Counter()  # comments so far per article id
        self.counts: Counter = Counter()
        self.examples: dict[str, str] = {}

    def _resolve(self, columns: list[str]) -> None:
        new = [c for c in columns if c not in self.columns]
        if not new:
            return
        self.columns += new
        try:
            found = recognised_columns(self.columns, mapping=self.mapping)
        except ValueError as err:
            raise LoadError(self.report.source, str(err)) from None
        for name, column in found.items():
            self.spec.setdefault(name, column)
        if "text" not in self.spec:
            raise LoadError(self.report.source, missing_text_column(self.columns))

    def add(self, chunk: pd.DataFrame) -> None:
        self._resolve([str(c) for c in chunk.columns])
        # Record numbers for the report: JSON readers give them; table rows follow the header.
        numbers = chunk.attrs.get("records") or range(self.rows + 2, self.rows + 2 + len(chunk))
        chunk = chunk.rename(columns=str)
        self.rows += len(chunk)
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

        text = col("text")
        if text.str.contains("\r", regex=False).any():
            text = text.str.replace("\r\n", "\n").str.replace("\r", "\n")
        texts = text.tolist()
        author = col("author")
        author = pd.Series("", index=chunk.index, dtype="str") if author is None else author.str.strip()
        raw_time = col("timestamp")
        if raw_time is None:
            stamps = pd.Series(pd.NaT, index=chunk.index, dtype="datetime64[us]")
        else:
            stamps = parse_timestamps(raw_time)
            bad = unreadable_timestamps(raw_time, stamps)
            if bad.any():
                self.counts["bad_time"] += int(bad.sum())
                self.examples.setdefault("bad_time", str(raw_time[bad].iloc[0]))
        article = self._articles(chunk, col)
        out = pd.DataFrame(
            {
                "article_id": article,
                "author": author,
                "is_guest": False if col("is_guest") is None else _flags(col("is_guest")),
                "avatar": None if col("avatar") is None else _missing_to_none(col("avatar")),
                "timestamp": stamps,
                "text": text,
                "mentions": [MENTION.findall(t) if "@" in t else [] for t in texts],
                "n_words": pd.Series([len(t.split()) for t in texts], index=chunk.index, dtype="int64"),
                "source_id": None if col("id") is None else _missing_to_none(col("id")),
                "source_parent_id": None if col("parent") is None else _missing_to_none(col("parent")),
            },
            index=chunk.index,
        )
        for flag in schema.EXCLUDED_BY_DEFAULT:
            out[flag] = False if col(flag) is None else _flags(col(flag))
        out["position"] = out.groupby("article_id", sort=False).cumcount() + out["article_id"].map(
            self.positions
        ).fillna(0).astype("int64")
        self.positions.update(out["article_id"].value_counts().to_dict())
        out["comment_id"] = comment_ids_by_article(out)
        self.frames.append(out.reset_index(drop=True))

    def _articles(self, chunk: pd.DataFrame, col) -> pd.Series:
        key_col = col("article") if col("article") is not None else col("title")
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
        comments["comment_id"] = renumber_repeated_ids(comments["comment_id"])
        comments["parent_id"] = resolve_parents(comments, report, within_article=False)
        comments = schema.comments_frame(comments)
        articles = articles_with_counts(list(self.articles.values()), comments)
        self._warn(comments)
        report.articles = len(articles)
        report.parsed_comments = len(comments)
        report.lines = report.accounted_lines
        return articles, comments

    def _warn(self, comments: pd.DataFrame) -> None:
        report, counts = self.report, self.counts
        report.warnings.append("columns read: " + ", ".join(f"{c} as {f}" for f, c in self.spec.items()))
        unused = [c for c in self.columns if c not in self.spec.values()]
        if unused:
            report.warnings.append(f"columns not used: {', '.join(unused)}")
        if "author" not in self.spec:
            report.warnings.append("no author column: authors left empty (name one with --map author=COLUMN)")
        if "article" not in self.spec and "title" not in self.spec:
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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a table file read from ``binary``.

    ``head`` is the file's first bytes (already read to recognise it; ``binary`` still starts
    at byte 0). Fills ``report``; raises :class:`LoadError` for a table that cannot be read,
    has no text column (naming the columns found and expected) or has no rows.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    counter = [0]
    token = _bad_bytes.set(counter)
    try:
        rows = _Rows(report, mapping)
        for chunk in chunks(binary, report, kind=kind, head=head, chunk_rows=chunk_rows):
            rows.add(chunk)
        if counter[0]:
            report.warnings.append(f"{counter[0]} byte(s) not valid {report.encoding} replaced by U+FFFD")
        return rows.frames_out()
    finally:
        _bad_bytes.reset(token)


def preview_rows(binary: BinaryIO, source: str, *, kind: str, head: bytes, rows: int = 5) -> pd.DataFrame:
    """The first ``rows`` rows of a table file as string cells, for a column-mapping form."""
    report = FileReport(source=source, format=kind, encoding="", sha256="")
    for chunk in chunks(binary, report, kind=kind, head=head, chunk_rows=rows):
        return chunk.head(rows).rename(columns=str).reset_index(drop=True)
    raise LoadError(source, "no rows to preview")
