"""A table file's rows as frames of string cells, chunk by chunk: CSV, TSV, JSON (an array of
objects), JSON Lines and Excel (.xlsx), and the encoding a text table is read with.

CSV, TSV, JSON and JSON Lines are read in chunks of :data:`CHUNK_ROWS` rows from a stream, so a
file of any size is read once with memory bounded by the frames it yields (Excel workbooks are
read whole: openpyxl cannot stream them to pandas).
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import io
import itertools
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO, TextIO

import pandas as pd

from ..model.load_report import FileReport, LoadError
from . import json_trees
from .decoding import LEGACY_ENCODINGS as LEGACY_ENCODINGS  # one list for pages and tables; tables re-exports it
from .decoding import legacy_encoding, looks_binary
from .headerless import first_row_reads_as_data, positions_note, sample_rows
from .table_columns import RECORDS

CHUNK_ROWS = 50_000
HEAD_BYTES = 1 << 16
FORMATS = {
    "csv": "CSV table",
    "tsv": "TSV table",
    "json": "JSON array",
    "jsonl": "JSON Lines",
    "xlsx": "Excel workbook",
}

# --- bytes to text --------------------------------------------------------------------------------

_bad_bytes: contextvars.ContextVar[list[int]] = contextvars.ContextVar("threadscope_bad_bytes")


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    counter = _bad_bytes.get(None)
    if counter is not None:
        counter[0] += err.end - err.start
    return "\ufffd", err.end


codecs.register_error("threadscope.replace", _replace_and_count)


@contextlib.contextmanager
def replaced_byte_count() -> Iterator[list[int]]:
    """A one-item list counting the bytes :func:`text_stream` replaces with U+FFFD while the block
    runs, in this context only (loads running at once each count their own)."""
    counter = [0]
    token = _bad_bytes.set(counter)
    try:
        yield counter
    finally:
        _bad_bytes.reset(token)


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
            encoding = legacy_encoding(head, source)
            return encoding, [f"not UTF-8: decoded as {encoding}"]
    return "utf-8", []


def text_stream(binary: BinaryIO, encoding: str) -> TextIO:
    """``binary`` as text; undecodable bytes become U+FFFD and are counted (see :func:`replaced_byte_count`)."""
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


def _csv_chunks(
    stream: TextIO, report: FileReport, *, sep: str, chunk_rows: int, names: list[str] | None = None
) -> Iterator[pd.DataFrame]:
    """``names``: a file without a header row, its columns so named (every row is a record)."""
    # index_col=False: rows with more cells than the header never turn the first column(s) into an
    # index (pandas' implicit index), which shifted every column of such a file by one.
    reader = pd.read_csv(
        stream,
        sep=sep,
        dtype="str",
        keep_default_na=False,
        na_values=[],
        index_col=False,
        header=None if names else "infer",
        names=names,
        chunksize=chunk_rows,
        on_bad_lines="warn",
        engine="c",
        skip_blank_lines=True,
    )
    if not names:
        report.line_roles["header"] += 1
    first_record = 1
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
            if names:  # records numbered from the first line (the readers of other tables number them)
                chunk.attrs["records"] = range(first_record, first_record + len(chunk))
                first_record += len(chunk)
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


def _json_chunks(
    stream: TextIO,
    report: FileReport,
    *,
    chunk_rows: int,
    records: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[pd.DataFrame]:
    source = report.source
    start, js_prefix = json_trees.strip_js_prefix(stream.read(1 << 16))
    if js_prefix:
        report.warnings.append("a Twitter/X archive data file: its window.YTD JavaScript prefix removed")
    if start.lstrip().startswith("{") or records:
        # One object (or a path into the document): read whole (no streaming).
        try:
            whole = json.loads(start + stream.read())
        except ValueError as err:
            raise LoadError(source, f"not valid JSON ({getattr(err, 'msg', err)})") from None
        except RecursionError:
            raise LoadError(source, "JSON nested too deeply to read") from None
        tree = json_trees.read_tree(whole, source, records=records, mapping=mapping)
        if tree is not None:
            yield from json_trees.tree_frames(tree, report, chunk_rows=chunk_rows)
            return
        lists = {k: v for k, v in whole.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
        if lists:  # at most one (several: read_tree chose among them)
            key, values = next(iter(lists.items()))
            report.warnings.append(f"read the array of objects under the key {key!r}; other keys ignored")
        else:
            values = [whole]
        numbered: Iterator[tuple[int, object]] = iter(enumerate(values, 1))
    else:
        numbered = _json_values(_Prefixed(start, stream), source)
        first = next(numbered, None)
        if first is not None and json_trees.starts_tree(first[1]):  # a platform's items: read them whole
            document = [first[1]] + [value for _, value in numbered]
            tree = json_trees.read_tree(document, source, mapping=mapping)
            if tree is not None:
                yield from json_trees.tree_frames(tree, report, chunk_rows=chunk_rows)
                return
            numbered = iter(enumerate(document, 1))
        elif first is not None:
            numbered = itertools.chain([first], numbered)
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
    binary: BinaryIO,
    report: FileReport,
    *,
    kind: str,
    head: bytes,
    chunk_rows: int = CHUNK_ROWS,
    header: bool | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[pd.DataFrame]:
    """The rows of a table file as frames of string cells (``""`` where empty), chunk by chunk.

    ``mapping``'s ``records`` entry (``--records KEY``) names the array of a JSON document to read.
    ``header`` (CSV and TSV): ``False`` for a file without a header row, ``None`` to tell from its
    first rows (:mod:`.headerless`; ``mapping`` is the user's column mapping). A file read without
    one has columns named ``"1"``, ``"2"`` ... and its first chunk's ``attrs["first_row"]`` holds
    the first row's cells."""
    records = (mapping or {}).get(RECORDS) or None
    if records and kind != "json":
        report.warnings.append(f"--records {records!r} names an array of a JSON document: ignored for a {kind} file")
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
        yield from _json_chunks(stream, report, chunk_rows=chunk_rows, records=records, mapping=mapping)
    else:
        first = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="replace")
        first = first.lstrip("\ufeff").split("\n", 1)[0]
        sep = "\t" if kind == "tsv" else delimiter(first)
        names = _positional_names(head, encoding, sep, report, header, mapping)
        try:
            for k, chunk in enumerate(_csv_chunks(stream, report, sep=sep, chunk_rows=chunk_rows, names=names)):
                if names and k == 0:
                    chunk.attrs["first_row"] = chunk.iloc[0].tolist() if len(chunk) else []
                yield chunk
        except pd.errors.EmptyDataError:
            raise LoadError(report.source, "empty file; expected a header row and comment rows") from None
        except pd.errors.ParserError as err:
            raise LoadError(report.source, f"not a readable {FORMATS[kind]}: {err}".replace("\n", " ")) from None


def _positional_names(
    head: bytes, encoding: str, sep: str, report: FileReport, header: bool | None, mapping: Mapping[str, str] | None
) -> list[str] | None:
    """Column names ``"1"`` ... ``"N"`` for a delimited file read without a header row (said in
    the report), or None for a file whose first row is its header."""
    if header is True:
        return None
    rows = sample_rows(head.decode(encoding, errors="replace"), sep)
    reason = None
    if header is None:
        reason = first_row_reads_as_data(rows, mapping)
        if reason is None:
            return None
    n = max((len(r) for r in rows), default=1)
    report.warnings.append(positions_note(n, reason))
    return [str(k) for k in range(1, n + 1)]
