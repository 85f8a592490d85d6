"""Corpus directories: an enriched corpus stored as Parquet, checked on every read.

A corpus directory holds every table of an :class:`~analytics.enrich.Analysis`, its load report
and its settings::

    CORPUS_DIR/
      manifest.json                  format, version, and each file's size, SHA-256 and rows
      report.json                    the LoadReport, every file and warning
      settings.json                  engines, label engine, thresholds
      articles/part-00000.parquet    one or more parts per table, read in order
      comments/part-00000.parquet ...
      comments/part-00000.text.arrow ...   the comments' text (and MAPPED_COLUMNS' others), memory-mapped
      commenters/  replies/  threads/

The cache (:mod:`analytics.store.cache`) writes one part per table; ``python -m analytics analyze``
(:mod:`analytics.store.distributed`) writes one part per batch of whole articles. Both are opened by
:func:`open_corpus_dir`, which gives back the frames as they were written (dtypes, missing
values, lists of mentions, timedeltas) and raises :class:`CorruptCorpus` for a directory that is
missing a file, truncated, altered, or of another format version: never a partial corpus.

A directory appears under its final name only once complete (written beside it, then renamed),
so a reader never sees one half written.

The comments' text (and the other :data:`MAPPED_COLUMNS`) is stored beside each Parquet part as
an Arrow IPC file, uncompressed, and read by mapping it into memory: the dashboard serves a million comments
without holding their text (docs/performance.md#memory-mapped-text). The operating system reads a page of text when a
page of the dashboard shows it, and may drop it again when memory is short, since the file holds
it; a search or an export reads all of it. Directories of format version 1 (text in the Parquet
parts) are still read. A mapped file must not change while it is open: write a new directory and
rename it into place (as the cache and ``analyze`` do), never edit one in place.

Examples:
    >>> import tempfile, analytics
    >>> result = analytics.enrich(analytics.load(analytics.SAMPLE))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_corpus_dir(result, Path(tmp) / "lavrov")
    ...     again = open_corpus_dir(path)
    >>> again.comments.equals(result.comments), again.report == result.report
    (True, True)
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..columns import mapped as mapped_columns
from ..enrich import Analysis
from ..errors import CorruptCorpus
from ..loaders import FileReport, LoadReport, SkippedLine
from ..scoring.sentiment import Cutoffs, Thresholds

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "TABLES",
    "CorruptCorpus",
    "is_corpus_dir",
    "open_corpus_dir",
    "write_corpus_dir",
    "write_table_part",
    "write_corpus_metadata",
    "install_dir",
    "staging_dir",
    "read_manifest",
    "read_report",
    "frame_from_arrow",
    "parquet_columns",
    "MAPPED_COLUMNS",
    "report_to_json",
    "report_from_json",
    "settings_to_json",
    "settings_from_json",
]

FORMAT = "threadscope-corpus"
FORMAT_VERSION = 2  # 2: MAPPED_COLUMNS in Arrow IPC files beside the Parquet parts
_READ_VERSIONS = (1, 2)
TABLES: tuple[str, ...] = ("articles", "comments", "commenters", "replies", "threads")
MANIFEST, REPORT, SETTINGS = "manifest.json", "report.json", "settings.json"

# Fast to decode (the cache's point), a third of the text's size; row groups small enough to
# decode on every core, page checksums so a flipped bit fails the read, not a number.
_WRITE_OPTIONS = {"compression": "lz4", "row_group_size": 65_536, "write_page_checksum": True}
#: Columns stored apart, as Arrow IPC files read by memory mapping: read a few rows at a time while
#: serving (the text, the toxicity reasons and the quoted words of the rows shown; the avatar and
#: the input's own ids by exports only). What the dashboard scans on every view (ids it joins on,
#: scores, labels) stays in the Parquet parts.
MAPPED_COLUMNS: dict[str, tuple[str, ...]] = {
    "comments": ("text", "source_id", "source_parent_id", "avatar", "toxicity_reasons", "quotes_article")
}


# -- writing -----------------------------------------------------------------------------------


def _sha256(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table; lists of strings stay lists of strings even when all empty."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise ValueError("a stored table needs the default index (0, 1, 2 ...); call reset_index(drop=True)")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.list_(pa.string())))
    return table


def write_table_part(frame: pd.DataFrame, root: Path, table: str, part: int) -> dict:
    """Write ``frame`` to ``root/<table>/part-<part>.parquet``; the manifest entry of that part.

    The entry (``file``, ``rows``, ``bytes``, ``sha256``, ``columns``) is what
    :func:`write_corpus_metadata` records and :func:`open_corpus_dir` checks.
    """
    apart = [c for c in MAPPED_COLUMNS.get(table, ()) if c in frame.columns]
    arrow = _arrow_table(frame.drop(columns=apart))
    relative = f"{table}/part-{part:05d}.parquet"
    path = Path(root) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    # Straight to the file, hashed on the way: the whole file held in memory first raised the
    # cold open's peak (docs/performance.md#storing-and-opening-the-cache).
    with open(path, "wb") as f:
        sink = _HashingWriter(f)
        pq.write_table(arrow, sink, **_WRITE_OPTIONS)
    entry = {
        "file": relative,
        "rows": len(frame),
        "bytes": sink.size,
        "sha256": sink.sha.hexdigest(),
        "columns": list(frame.columns),
    }
    if apart:
        entry["mapped"] = [_write_mapped(frame[name], root, f"{table}/part-{part:05d}.{name}.arrow") for name in apart]
    return entry


def _write_mapped(column: pd.Series, root: Path, relative: str) -> dict:
    """``column`` as an Arrow IPC file (one column, uncompressed, in pieces of a row group's size);
    its manifest entry (``column``, ``file``, ``bytes``, ``sha256``)."""
    table = pa.Table.from_pandas(column.to_frame(), preserve_index=False)
    with open(Path(root) / relative, "wb") as f:
        sink = _HashingWriter(f)
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table, max_chunksize=_WRITE_OPTIONS["row_group_size"])
    return {"column": column.name, "file": relative, "bytes": sink.size, "sha256": sink.sha.hexdigest()}


class _HashingWriter:
    """A binary file's ``write``, counting and hashing every byte written through it."""

    def __init__(self, file) -> None:
        self._file = file
        self.sha = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data) -> int:
        self.sha.update(data)
        self.size += len(memoryview(data).cast("B"))
        return self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self.size


def report_to_json(report: LoadReport) -> dict:
    """The whole :class:`LoadReport` as JSON-ready data (:func:`report_from_json` reverses it).

    Unlike ``LoadReport.to_dict`` (made for people), it keeps corpus-level and per-file warnings
    apart, so the report reads back equal.
    """
    return {
        "files": [_file_report_json(f) for f in report.files],
        "warnings": list(report.warnings),
        "not_loaded": list(report.not_loaded),
    }


def _file_report_json(report: FileReport) -> dict:
    # Not dataclasses.asdict: it rebuilds a Counter from (key, count) pairs, counting the pairs.
    out = {}
    for field in dataclasses.fields(report):
        value = getattr(report, field.name)
        if isinstance(value, Counter):
            value = dict(value)
        elif isinstance(value, list):
            value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]
        out[field.name] = value
    return out


def report_from_json(data: Mapping) -> LoadReport:
    """The :class:`LoadReport` that :func:`report_to_json` gave ``data`` for."""
    names = {f.name for f in dataclasses.fields(FileReport)}
    files = []
    for entry in data["files"]:
        unknown = set(entry) - names
        if unknown:
            raise ValueError(f"file report with unknown fields {sorted(unknown)}")
        entry = dict(
            entry,
            line_roles=Counter(entry.get("line_roles", {})),
            skipped=[SkippedLine(**s) for s in entry.get("skipped", [])],
        )
        files.append(FileReport(**entry))
    return LoadReport(files=files, warnings=list(data["warnings"]), not_loaded=list(data.get("not_loaded", [])))


def settings_to_json(settings: Mapping) -> dict:
    """``Analysis.settings`` as JSON-ready data; :class:`Thresholds` become tagged dicts.

    Raises TypeError for a value JSON cannot hold (never drops it).
    """
    out = {}
    for name, value in settings.items():
        if isinstance(value, Thresholds):
            value = {"__thresholds__": dataclasses.asdict(value)}
        json.dumps(value)  # TypeError here, not a half-written file later
        out[name] = value
    return out


def settings_from_json(data: Mapping) -> dict:
    """The settings :func:`settings_to_json` gave ``data`` for."""
    out = {}
    for name, value in data.items():
        if isinstance(value, dict) and set(value) == {"__thresholds__"}:
            t = value["__thresholds__"]
            value = Thresholds(
                textblob=Cutoffs(**t["textblob"]),
                vader=Cutoffs(**t["vader"]),
                others=tuple((n, Cutoffs(**c)) for n, c in t["others"]),
            )
        out[name] = value
    return out


def _write_json(root: Path, name: str, data: object) -> dict:
    raw = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
    (root / name).write_bytes(raw)
    return {"bytes": len(raw), "sha256": _sha256(raw)}


def write_corpus_metadata(
    root: Path,
    *,
    parts: Mapping[str, Sequence[dict]],
    report: LoadReport,
    settings: Mapping,
    key: str | None = None,
    about: Mapping | None = None,
) -> Path:
    """Write ``report.json``, ``settings.json`` and, last, ``manifest.json`` into ``root``.

    ``parts`` maps each of :data:`TABLES` to its parts' entries from :func:`write_table_part`,
    in reading order. ``key`` (the cache key) and ``about`` (free JSON: what the corpus was made
    from) are recorded for readers. Returns the manifest's path.
    """
    from .._version import __version__

    missing = [t for t in TABLES if t not in parts]
    if missing:
        raise ValueError(f"no parts given for tables {missing}")
    root = Path(root)
    files = {
        REPORT: _write_json(root, REPORT, report_to_json(report)),
        SETTINGS: _write_json(root, SETTINGS, settings_to_json(settings)),
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "threadscope_version": __version__,
        "key": key,
        "about": dict(about or {}),
        "files": files,
        "tables": {t: {"rows": sum(p["rows"] for p in parts[t]), "parts": list(parts[t])} for t in TABLES},
    }
    path = root / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def install_dir(staged: Path, target: Path, *, replace: bool) -> bool:
    """Rename the complete directory ``staged`` to ``target``; whether it was installed.

    An existing ``target`` is replaced only with ``replace`` and only when it is a corpus
    directory or empty (FileExistsError otherwise); it is moved aside first, so ``target``
    never holds a mix of two. Where ``target`` is taken (without ``replace``, or by another
    writer in between), ``staged`` is removed and False returned.
    """
    staged, target = Path(staged), Path(target)
    old = None
    if replace and target.exists():
        if not (is_corpus_dir(target) or (target.is_dir() and not any(target.iterdir()))):
            shutil.rmtree(staged, ignore_errors=True)
            raise FileExistsError(
                f"{target}: exists and is not a Threadscope corpus directory; choose another folder or remove it"
            )
        old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(target, old)
        except FileNotFoundError:  # removed meanwhile
            old = None
    try:
        os.rename(staged, target)
        installed = True
    except OSError:
        if not target.exists():
            raise
        shutil.rmtree(staged, ignore_errors=True)
        installed = False
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return installed


def staging_dir(target: Path) -> Path:
    """A new empty directory beside ``target`` to write into before :func:`install_dir`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".tmp-{target.name}-{uuid.uuid4().hex[:8]}")
    staged.mkdir()
    return staged


def write_corpus_dir(
    analysis: Analysis, path: str | Path, *, key: str | None = None, about: Mapping | None = None, replace: bool = True
) -> Path:
    """Store ``analysis`` as the corpus directory ``path`` (one part per table); returns ``path``.

    Written beside ``path`` and renamed into place when complete. An existing corpus directory
    at ``path`` is replaced (with ``replace``); anything else there is a FileExistsError.
    """
    target = Path(path)
    staged = staging_dir(target)
    try:
        tables = analysis.tables()
        parts = {name: [write_table_part(tables[name], staged, name, 0)] for name in TABLES}
        write_corpus_metadata(
            staged, parts=parts, report=analysis.report, settings=analysis.settings, key=key, about=about
        )
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    install_dir(staged, target, replace=replace)
    return target


# -- reading -----------------------------------------------------------------------------------


def is_corpus_dir(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding a Threadscope corpus manifest (not yet checked)."""
    manifest = Path(path) / MANIFEST
    if not manifest.is_file():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def read_manifest(path: str | Path) -> dict:
    """The checked-for-shape manifest of the corpus directory ``path``; CorruptCorpus otherwise."""
    root = Path(path)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorruptCorpus(f"{root}: no {MANIFEST}; not a complete corpus directory") from None
    except (OSError, ValueError) as err:
        raise CorruptCorpus(f"{root}: unreadable {MANIFEST} ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CorruptCorpus(f"{root}: {MANIFEST} is not a Threadscope corpus manifest")
    if manifest.get("format_version") not in _READ_VERSIONS:
        raise CorruptCorpus(
            f"{root}: corpus format version {manifest.get('format_version')!r}; "
            f"this Threadscope reads versions {', '.join(map(str, _READ_VERSIONS))}"
        )
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or sorted(tables) != sorted(TABLES):
        raise CorruptCorpus(f"{root}: {MANIFEST} does not list the tables {list(TABLES)}")
    return manifest


def _checked_bytes(root: Path, relative: str, entry: Mapping) -> bytes:
    path = root / relative
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorruptCorpus(f"{root}: {relative} cannot be read ({err.strerror or err})") from None
    if len(data) != entry["bytes"]:
        raise CorruptCorpus(f"{root}: {relative} has {len(data)} bytes, the manifest says {entry['bytes']}")
    return data


def _mapped(root: Path, relative: str, entry: Mapping) -> pa.Buffer:
    """A part's bytes, memory-mapped: read straight from the OS file cache, never copied (the
    text of a large corpus is its largest column). Entries are never changed in place: a new one
    is written beside and renamed, an old one renamed away before it is removed."""
    path = root / relative
    try:
        size = path.stat().st_size
        if size != entry["bytes"]:
            raise CorruptCorpus(f"{root}: {relative} has {size} bytes, the manifest says {entry['bytes']}")
        with pa.memory_map(str(path), "r") as mapped:
            return mapped.read_buffer(size)
    except (OSError, pa.ArrowException) as err:
        raise CorruptCorpus(f"{root}: {relative} cannot be read ({getattr(err, 'strerror', None) or err})") from None


@contextmanager
def _gc_paused():
    """Garbage collection off while a million small lists are made (it would scan them all,
    again and again, for nothing: lists of strings hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lists(column: pa.ChunkedArray) -> np.ndarray:
    """A list<string> column as an object array of Python lists (what the loaders build)."""
    rows: list = []
    with _gc_paused():
        for chunk in column.chunks:
            offsets = chunk.offsets.to_numpy()
            base = int(offsets[0])
            values = chunk.values.slice(base, int(offsets[-1]) - base).to_numpy(zero_copy_only=False).tolist()
            bounds = (offsets - base).tolist()
            part = [values[a:b] for a, b in zip(bounds, bounds[1:])]
            if chunk.null_count:
                for i in np.flatnonzero(~chunk.is_valid().to_numpy(zero_copy_only=False)):
                    part[i] = None
            rows += part
        return np.fromiter(rows, dtype=object, count=len(rows))


def frame_from_arrow(tables: Sequence[pa.Table]) -> pd.DataFrame:
    """One frame from Arrow tables of the same columns (parts of one table), in order, with
    list columns as Python lists and the pandas dtypes recorded when they were written."""
    order = list(dict.fromkeys(n for t in tables for n in t.column_names))
    tables, extras = _apart_extras(tables)
    table = tables[0] if len(tables) == 1 else pa.concat_tables(tables, promote_options="permissive")
    list_columns = [
        (i, f.name) for i, f in enumerate(table.schema) if pa.types.is_list(f.type) or pa.types.is_large_list(f.type)
    ]
    lists = {name: _lists(table.column(i)) for i, name in list_columns}
    frame = table.drop_columns([name for _, name in list_columns]).to_pandas(split_blocks=True)
    for i, name in list_columns:
        frame.insert(i, name, pd.Series(lists[name], index=frame.index, dtype=object))
    if not extras:
        return frame
    return frame.assign(**{name: _extra_series(column, frame.index) for name, column in extras.items()})[order]


_EXTRA = "extra_"  # analytics.model.schema.EXTRA_PREFIX: the input's own columns, which may differ by part


def _apart_extras(tables: Sequence[pa.Table]) -> tuple[list[pa.Table], dict[str, pa.ChunkedArray]]:
    """The tables without their kept input columns (``extra_...``), and those columns joined
    over all tables: a part without one gives missing values, and one typed differently in
    different parts (whole numbers in one file, decimals in another) takes a type holding both."""
    names = list(dict.fromkeys(n for t in tables for n in t.column_names if n.startswith(_EXTRA)))
    if not names:
        return list(tables), {}
    joined = {}
    for name in names:
        types = {t.schema.field(name).type for t in tables if name in t.column_names}
        target = types.pop() if len(types) == 1 else None
        if target is None:
            numeric = all(pa.types.is_integer(x) or pa.types.is_floating(x) for x in types | {target} - {None})
            target = pa.float64() if numeric else pa.string()
        pieces = []
        for t in tables:
            if name not in t.column_names:
                pieces.append(pa.nulls(t.num_rows, target))
                continue
            column = t.column(name)
            if column.type != target:
                column = (
                    column.cast(target)
                    if target != pa.string()
                    else pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())
                )
            pieces += column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        joined[name] = pa.chunked_array(pieces, type=target)
    return [t.drop_columns([n for n in names if n in t.column_names]) for t in tables], joined


def _extra_series(column: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """A kept input column as the loaders type it: Int64, float64, bool (boolean with missing
    values), datetime64[us] or strings."""
    kind = column.type
    if pa.types.is_integer(kind):
        return pd.Series(column.to_pandas(types_mapper={kind: pd.Int64Dtype()}.get), index=index, dtype="Int64")
    if pa.types.is_boolean(kind):
        dtype = "boolean" if column.null_count else "bool"
        return pd.Series(column.to_pandas(types_mapper={kind: pd.BooleanDtype()}.get), index=index).astype(dtype)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return pd.Series(column.to_pylist(), index=index, dtype="str")
    return pd.Series(column.to_pandas(), index=index)


def _read_table(root: Path, name: str, entry: Mapping, pool: ThreadPoolExecutor, verify: bool) -> pd.DataFrame:
    parts = entry.get("parts") or []
    if not parts:
        raise CorruptCorpus(f"{root}: table {name} has no parts")
    tables, hashes = [], []
    files: dict[str, list[tuple[pa.Buffer, Path]]] = {}  # mapped column -> its files, mapped
    for part in parts:
        data = _mapped(root, part["file"], part)
        if verify:
            hashes.append((part, pool.submit(_sha256, memoryview(data))))
        try:
            table = pq.read_table(pa.BufferReader(data), page_checksum_verification=True)
        except (pa.ArrowException, OSError, ValueError) as err:
            raise CorruptCorpus(f"{root}: {part['file']} is not readable Parquet ({err})") from None
        apart = part.get("mapped") or []
        stored = parquet_columns(part)
        if table.num_rows != part["rows"] or table.column_names != stored:
            raise CorruptCorpus(
                f"{root}: {part['file']} holds {table.num_rows} rows x {table.column_names}, "
                f"the manifest says {part['rows']} rows x {stored}"
            )
        for mapped in sorted(apart, key=lambda m: part["columns"].index(m["column"])):
            if verify:  # read as a file, not through the mapping: hashing would keep every page mapped in
                hashes.append((mapped, pool.submit(_file_sha256, root, mapped["file"])))
            column, buffer = _mapped_column(root, mapped, part["rows"])
            files.setdefault(mapped["column"], []).append((buffer, root / mapped["file"]))
            table = table.add_column(part["columns"].index(mapped["column"]), column.field(0), column.column(0))
        tables.append(table)
    for part, digest in hashes:
        if digest.result() != part["sha256"]:
            raise CorruptCorpus(f"{root}: {part['file']} does not match its SHA-256 in the manifest")
    try:
        frame = frame_from_arrow(tables)
    except (pa.ArrowException, ValueError, TypeError) as err:
        raise CorruptCorpus(f"{root}: table {name} cannot be rebuilt ({err})") from None
    for column, held in files.items():
        chunked = getattr(frame[column].array, "_pa_array", None)
        if isinstance(chunked, pa.ChunkedArray):
            mapped_columns.register(chunked, held)
    return frame


def parquet_columns(part: Mapping) -> list[str]:
    """The columns a table part's Parquet file holds (all of its ``columns`` but those stored apart,
    :data:`MAPPED_COLUMNS`), from its manifest entry."""
    apart = {m["column"] for m in part.get("mapped") or []}
    return [c for c in part["columns"] if c not in apart]


def _mapped_column(root: Path, entry: Mapping, rows: int) -> tuple[pa.Table, pa.Buffer]:
    """The one-column table of a mapped part (:data:`MAPPED_COLUMNS`), its values left in the file,
    and the buffer mapping that file."""
    data = _mapped(root, entry["file"], entry)
    try:
        table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
        table.validate()  # the pieces' sizes and offsets against their buffers; not every value (that reads them all)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise CorruptCorpus(f"{root}: {entry['file']} is not a readable Arrow file ({err})") from None
    if table.num_rows != rows or table.column_names != [entry["column"]]:
        raise CorruptCorpus(
            f"{root}: {entry['file']} holds {table.num_rows} rows x {table.column_names}, "
            f"the manifest says {rows} rows x {[entry['column']]}"
        )
    return table, data


def _file_sha256(root: Path, relative: str) -> str:
    try:
        with open(root / relative, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as err:
        raise CorruptCorpus(f"{root}: {relative} cannot be read ({err.strerror or err})") from None


def _read_json(root: Path, name: str, entry: Mapping, verify: bool) -> object:
    data = _checked_bytes(root, name, entry)
    if verify and _sha256(data) != entry["sha256"]:
        raise CorruptCorpus(f"{root}: {name} does not match its SHA-256 in the manifest")
    try:
        return json.loads(data)
    except ValueError as err:
        raise CorruptCorpus(f"{root}: {name} is not JSON ({err})") from None


def read_report(path: str | Path) -> LoadReport:
    """The load report of the corpus directory ``path`` alone (checked against the manifest)."""
    root = Path(path)
    manifest = read_manifest(root)
    try:
        return report_from_json(_read_json(root, REPORT, manifest["files"][REPORT], True))
    except (KeyError, TypeError) as err:
        raise CorruptCorpus(f"{root}: manifest or report malformed ({type(err).__name__}: {err})") from None


def open_corpus_dir(path: str | Path, *, key: str | None = None, verify: bool = True) -> Analysis:
    """The :class:`~analytics.enrich.Analysis` stored in the corpus directory ``path``.

    Every file is checked against the manifest: present, of the recorded size and row count,
    Parquet page checksums, and (``verify``, the default) the SHA-256 of each file. The mapped
    columns' files (:data:`MAPPED_COLUMNS`) have no page checksums: without ``verify`` only their
    layout is checked, not their values. With
    ``key``, the manifest must have been written under that cache key. Any mismatch raises
    :class:`CorruptCorpus`; nothing partial is returned. This is what the dashboard calls for
    ``streamlit run app.py -- CORPUS_DIR``.
    """
    root = Path(path)
    manifest = read_manifest(root)
    if key is not None and manifest.get("key") != key:
        raise CorruptCorpus(f"{root}: written for another input (key {manifest.get('key')!r})")
    try:
        files = manifest["files"]
        with ThreadPoolExecutor(max_workers=2) as pool:
            frames = {name: _read_table(root, name, manifest["tables"][name], pool, verify) for name in TABLES}
        report = report_from_json(_read_json(root, REPORT, files[REPORT], verify))
        settings = settings_from_json(_read_json(root, SETTINGS, files[SETTINGS], verify))
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, CorruptCorpus):
            raise
        raise CorruptCorpus(f"{root}: manifest or metadata malformed ({type(err).__name__}: {err})") from None
    for name in TABLES:
        if len(frames[name]) != manifest["tables"][name]["rows"]:
            raise CorruptCorpus(
                f"{root}: table {name} has {len(frames[name])} rows, "
                f"the manifest says {manifest['tables'][name]['rows']}"
            )
    return Analysis(report=report, settings=settings, **frames)
