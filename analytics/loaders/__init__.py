"""Loaders: every input format lands in the contract's two frames plus a :class:`LoadReport`.

``load(paths)`` takes files and folders; ``load_bytes(raw, name)`` and ``load_files`` take uploads.
Formats (recognised by content, the extension as a hint): saved news pages (naharnet and
WordPress layouts, as text or HTML), tables (CSV, TSV, JSON, JSON Lines, Excel), Disqus,
WordPress WXR and Blogger exports, and the ``articles.csv`` + ``comments.csv`` pair
``python -m analytics export`` writes. Any of them compressed (gzip, bzip2, xz, Zstandard) is
read as the file inside, and a zip archive as a folder (:mod:`.compressed`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from ..model import schema
from ..model.corpus import Corpus
from ..model.load_report import FileReport, LoadError, LoadReport, SkippedLine

# Each loader module registers its formats when imported (registry.py); the order here is not precedence.
from . import blogger, disqus, naharnet, registry, sniff, table_formats, tables, threadscope_csv, wordpress_page, wxr  # noqa: F401
from .compressed import ARCHIVE_SUFFIXES, Opened, open_input, zip_archive
from .extra_columns import aligned_extras
from .inputs import SUPPORTED_SUFFIXES, SUPPORTED_TEXT, list_inputs, supported_name, unsupported_note
from .pages import from_html, read_page
from .table_columns import FIELDS as TABLE_FIELDS
from .table_columns import RECORDS, recognised_columns

__all__ = [
    "Corpus",
    "LoadError",
    "LoadReport",
    "FileReport",
    "SkippedLine",
    "load",
    "load_bytes",
    "load_files",
    "preview_table",
    "recognised_columns",
    "SUPPORTED_SUFFIXES",
    "TABLE_FIELDS",
]

_PAIR = (threadscope_csv.ARTICLES_FILE, threadscope_csv.COMMENTS_FILE)


@dataclass
class _Parsed:
    articles: pd.DataFrame
    comments: pd.DataFrame
    reports: list[FileReport]
    # Where each article row came from, when the rows are from several files (saved pages merged
    # into one part); otherwise every row is from the last report's file.
    article_sources: list[str] | None = None


@dataclass
class _PageRows:
    """A saved page's rows before they become frames: pages are turned into frames many at a
    time, since building two small typed frames per page cost several times the parsing."""

    articles: list[dict]
    comments: list[dict]
    reports: list[FileReport]


class _Hashing(io.RawIOBase):
    """Reads through to ``raw``, hashing every byte on the way: the file is read once."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.sha.update(memoryview(buffer)[:n])
        return n or 0

    def hexdigest(self) -> str:
        """The hash of the whole file, reading whatever the parser left unread."""
        while chunk := self.raw.read(1 << 20):
            self.sha.update(chunk)
        return self.sha.hexdigest()

    def close(self) -> None:  # the opener closes ``raw``
        super().close()


Opener = Callable[[], BinaryIO]


@dataclass
class _Input:
    """One file to read (or an export pair), where it came from, and how to open it."""

    name: str  # the file name, as reports and the article ``source`` column give it
    where: str  # the path (or upload name) errors name
    open: Opener
    in_folder: bool = False
    pair: dict[str, Opener] = field(default_factory=dict)  # export pair: file name -> opener
    size: int | None = None  # bytes, for the cap on decompressing it (compressed.decompressed_cap)
    digest: Callable[[], str] | None = None  # the SHA-256 of the file it is in (a zip member's archive)


def _digest(item: _Input, opened: Opened, hashing: _Hashing | None, report: FileReport) -> str:
    """The SHA-256 of the file as stored (compressed, or the archive holding it), and the
    decompression said in ``report``."""
    digest = item.digest() if item.digest else None
    if opened.decompressed is not None:
        digest = digest or opened.decompressed.hexdigest()
        report.warnings.insert(len(opened.notes), opened.decompressed.note())
    return digest or hashing.hexdigest()


def _parse_one(item: _Input, mapping: Mapping[str, str] | None, header: bool | None = None) -> _Parsed | _PageRows:
    with item.open() as raw:
        # A compressed file is read as the file inside it, sniffed by that file's name.
        opened = open_input(raw, item.name, item.size, head_bytes=sniff.HEAD_BYTES)
        head, name = opened.head, opened.name
        loader, notes = sniff.choose(head, name, mapping=mapping)
        # Only a plain file is hashed as it is read: a compressed one is identified by its compressed
        # bytes (hashed as they are read, by Decompressed), a zip member by its archive.
        hashing = None if opened.decompressed is not None or item.digest else _Hashing(opened.stream)
        stream = io.BufferedReader(hashing or opened.stream, buffer_size=1 << 20)
        report = FileReport(
            source=item.name,
            format=loader.name if loader else "page",
            encoding="utf-8",
            sha256="",
            warnings=opened.notes + list(notes),
        )
        if loader is None or loader.reads_text:  # a page: chosen again on its whole text
            text = read_page(stream, report)
            loader = sniff.choose_page(text, name, html=from_html(report))
            report.format = loader.name
            articles, comments = loader.parse(text, report, None)
            report.sha256 = _digest(item, opened, hashing, report)
            return _PageRows(articles, comments, [report])
        articles, comments = loader.parse(stream, report, registry.Head(head, name, "", "", mapping, header))
        report.sha256 = _digest(item, opened, hashing, report)
    return _Parsed(articles, comments, [report])


def _parse_pair(item: _Input) -> _Parsed:
    files = {}
    with item.pair[_PAIR[0]]() as a_raw, item.pair[_PAIR[1]]() as c_raw:
        for name, raw in ((_PAIR[0], a_raw), (_PAIR[1], c_raw)):
            head = raw.read(sniff.HEAD_BYTES)
            raw.seek(0)
            hashing = _Hashing(raw)
            report = FileReport(
                source=f"{item.where}/{name}", format=threadscope_csv.FORMAT, encoding="utf-8", sha256=""
            )
            files[name] = (io.BufferedReader(hashing, buffer_size=1 << 20), head, report, hashing)
        articles, comments = threadscope_csv.read_export(files[_PAIR[0]][:3], files[_PAIR[1]][:3])
        for _, _, report, hashing in files.values():
            report.sha256 = item.digest() if item.digest else hashing.hexdigest()
    return _Parsed(articles, comments, [files[_PAIR[0]][2], files[_PAIR[1]][2]])


def _file_opener(path: Path) -> Opener:
    return lambda: open(path, "rb")


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(sniff.HEAD_BYTES)


def _export_pair(folder: Path) -> bool:
    files = [folder / name for name in _PAIR]
    if not all(f.is_file() for f in files):
        return False
    try:
        return threadscope_csv.pair_heads_match({f.name: _head(f) for f in files})
    except OSError:
        return False


def _pair_input(folder: Path, in_folder: bool) -> _Input:
    return _Input(
        name=folder.name,
        where=str(folder),
        open=_file_opener(folder / _PAIR[1]),
        in_folder=in_folder,
        pair={name: _file_opener(folder / name) for name in _PAIR},
    )


def _failing(err: LoadError) -> Opener:
    def opener() -> BinaryIO:
        raise err

    return opener


def _archive_inputs(where: str, name: str, open_archive: Opener, size: int, *, in_folder: bool, report: LoadReport):
    """A zip archive's members as inputs, read as a folder's files are (:func:`.compressed.zip_archive`).

    An archive that cannot be read, or holds no supported file, is a :class:`LoadError`, or in a
    folder an input that fails with it (reported, as any file of a folder that cannot be read).
    """
    try:
        archive = zip_archive(where, open_archive, size, supported_name)
        if not archive.members:
            raise LoadError(where, f"zip archive holds no supported file ({SUPPORTED_TEXT})")
    except LoadError as err:
        if not in_folder:
            raise
        return [_Input(name, where, _failing(err), in_folder=True)]
    report.warnings.extend(archive.skipped)
    members = {m.name: m for m in archive.members}
    inputs: list[_Input] = []
    pairs: set[str] = set()
    for m in archive.members:
        folder, _, base = m.name.rpartition("/")
        pair = [f"{folder}/{n}" if folder else n for n in _PAIR]
        if base in _PAIR and all(p in members for p in pair):
            heads = archive.heads(pair, sniff.HEAD_BYTES) if folder not in pairs else None
            if heads and threadscope_csv.pair_heads_match(dict(zip(_PAIR, heads.values()))):
                pairs.add(folder)
                inputs.append(
                    _Input(
                        f"{name}/{folder}".rstrip("/"),
                        f"{where}/{folder}".rstrip("/"),
                        members[pair[1]].open,
                        True,
                        {n: members[p].open for n, p in zip(_PAIR, pair)},
                        digest=archive.digest,
                    )
                )
            if folder in pairs:
                continue
        inputs.append(_Input(f"{name}/{m.name}", f"{where}/{m.name}", m.open, True, size=m.size, digest=archive.digest))
    archive.expect(sum(2 if i.pair else 1 for i in inputs))
    return inputs


def _expand(paths: Iterable[str | Path], report: LoadReport) -> list[_Input]:
    """The inputs to read from the files ``paths`` stand for (:func:`.inputs.list_inputs`); what is
    left out is said in ``report``: every file met is read or named there."""
    paths = [Path(p) for p in paths]
    listing = list_inputs(paths)
    report.warnings.extend(listing.skipped)
    inputs: list[_Input] = []
    pairs_taken: set[Path] = set()
    export_dirs = {
        d for d in {f.path.parent for f in listing.files if f.name and f.path.name in _PAIR} if _export_pair(d)
    }
    for f in listing.files:
        folder = f.path.parent
        if f.path.suffix.lower() in ARCHIVE_SUFFIXES and folder not in export_dirs:
            archive = _archive_inputs(
                str(f.path), f.path.name, _file_opener(f.path), f.stat.st_size, in_folder=f.in_folder, report=report
            )
            inputs += archive
        elif not f.in_folder and f.path.name in _PAIR and _export_pair(folder):
            if folder not in pairs_taken:
                pairs_taken.add(folder)
                inputs.append(_pair_input(folder, in_folder=False))
        elif not f.in_folder:
            inputs.append(_Input(f.path.name, str(f.path), _file_opener(f.path), size=f.stat.st_size))
        elif folder in export_dirs:
            if folder not in pairs_taken:
                pairs_taken.add(folder)
                inputs.append(_pair_input(folder, in_folder=True))
            if f.path.name not in _PAIR:
                why = (
                    "part of a Threadscope export, not needed to load it"
                    if f.path.name in threadscope_csv.EXPORT_EXTRAS
                    else "in a Threadscope export folder"
                )
                report.warnings.append(f"{f.path}: ignored, {why}")
        elif f.supported:
            inputs.append(_Input(f.path.name, str(f.path), _file_opener(f.path), in_folder=True, size=f.stat.st_size))
        else:
            report.warnings.append(unsupported_note(f.path))
    read = {f.given for f in listing.files if f.in_folder and (f.supported or f.path.parent in export_dirs)}
    for k in listing.folders:
        if k not in read:
            raise LoadError(str(paths[k]), f"folder holds no supported file ({SUPPORTED_TEXT})")
    return inputs


def _merge(parsed: list[_Parsed], report: LoadReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Concatenate per-file frames; an article met again is loaded once, its new comments added."""
    if len(parsed) == 1:
        report.files.extend(parsed[0].reports)
        return parsed[0].articles, parsed[0].comments
    articles_parts: list[pd.DataFrame] = []
    comments_parts: list[pd.DataFrame] = []
    first_source: dict[str, str] = {}
    merged: set[str] = set()
    loaded: set[str] = set()  # comment ids of comments_parts[:in_loaded], filled only once an article repeats
    in_loaded = 0
    for p in parsed:
        report.files.extend(p.reports)
        source = p.reports[-1].source
        articles, comments = p.articles, p.comments
        # by a dict lookup: pandas' isin against every article seen so far is slow on Arrow strings
        again = pd.Series(
            [a in first_source for a in articles["article_id"].tolist()], index=articles.index, dtype=bool
        )
        if again.any():
            # A set grown part by part: concatenating every loaded id and pandas' isin against
            # them (slow on Arrow strings) at each repeat made loading many files quadratic.
            for part in comments_parts[in_loaded:]:
                loaded.update(part["comment_id"].tolist())
            in_loaded = len(comments_parts)
            repeated = comments["article_id"].isin(articles.loc[again, "article_id"])
            known = repeated & pd.Series(
                [cid in loaded for cid in comments["comment_id"].tolist()], index=comments.index, dtype=bool
            )
            for row in articles[again].itertuples():
                mine = comments["article_id"] == row.article_id
                added = int((mine & ~known).sum())
                report.warnings.append(
                    f"{source}: article {row.title!r} already loaded from {first_source[row.article_id]}; "
                    f"loaded once" + (f", {added} comment(s) not in the first copy added" if added else "")
                )
                if added:
                    merged.add(row.article_id)
            comments = comments[~known]
            articles = articles[~again]
        sources = p.article_sources or [source] * len(p.articles)
        for article_id, kept, from_file in zip(p.articles["article_id"].tolist(), (~again).tolist(), sources):
            if kept:
                first_source[article_id] = from_file
        articles_parts.append(articles)
        comments_parts.append(comments)
    articles = pd.concat(articles_parts, ignore_index=True) if len(articles_parts) > 1 else articles_parts[0]
    comments = pd.concat(comments_parts, ignore_index=True) if len(comments_parts) > 1 else comments_parts[0]
    comments = aligned_extras(comments)  # files may keep different columns, or type one differently
    if merged:
        mine = comments["article_id"].isin(merged)
        comments.loc[mine, "position"] = comments[mine].groupby("article_id", sort=False).cumcount()
        counts = comments["article_id"].value_counts()
        articles["parsed_comments"] = articles["article_id"].map(counts).fillna(0).astype("int64")
    return articles.reset_index(drop=True), comments.reset_index(drop=True)


#: Saved pages become frames this many comments at a time at most: enough to amortise building
#: typed frames, few enough that the pages' row dicts never all live at once (they take far
#: more memory than the frames they become; docs/performance.md#text-search-and-parsing).
_RUN_COMMENTS = 50_000


class _Parts:
    """Parsed inputs turned into parts (pairs of frames) as they come. Runs of saved pages
    whose articles are all new become one part (up to :data:`_RUN_COMMENTS` comments); a page
    repeating an article seen before stays a part of its own, so that ``_merge`` reports the
    repeat and its file as it does for any other input."""

    def __init__(self) -> None:
        self.parts: list[_Parsed] = []
        self._seen: set[str] = set()
        self._run: list[_PageRows] = []
        self._run_comments = 0

    def _close_run(self) -> None:
        run = self._run
        if run:
            self.parts.append(
                _Parsed(
                    schema.articles_frame([a for r in run for a in r.articles]),
                    schema.comments_frame([c for r in run for c in r.comments]),
                    [rep for r in run for rep in r.reports],
                    [r.reports[-1].source for r in run for _ in r.articles],
                )
            )
            self._run = []
            self._run_comments = 0

    def add(self, p: _Parsed | _PageRows) -> None:
        ids = [a["article_id"] for a in p.articles] if isinstance(p, _PageRows) else p.articles["article_id"].tolist()
        if isinstance(p, _PageRows) and self._seen.isdisjoint(ids) and len(set(ids)) == len(ids):
            self._run.append(p)
            self._run_comments += len(p.comments)
            if self._run_comments >= _RUN_COMMENTS:
                self._close_run()
        else:
            self._close_run()
            self.parts.append(
                _Parsed(schema.articles_frame(p.articles), schema.comments_frame(p.comments), p.reports)
                if isinstance(p, _PageRows)
                else p
            )
        self._seen.update(ids)

    def done(self) -> list[_Parsed]:
        self._close_run()
        return self.parts


def _load(
    inputs: list[_Input], report: LoadReport, mapping: Mapping[str, str] | None, header: bool | None = None
) -> Corpus:
    if not inputs:
        raise LoadError("(no input)", "expected at least one file or folder")
    parts = _Parts()
    failures: list[LoadError] = []
    for item in inputs:
        try:
            one = _parse_pair(item) if item.pair else _parse_one(item, mapping, header)
        except (LoadError, OSError) as err:
            expected = err.expected if isinstance(err, LoadError) else f"cannot be read ({err.strerror})"
            # An export pair's errors name the file of the pair; others name the path given.
            where = err.source if item.pair and isinstance(err, LoadError) else item.where
            if not item.in_folder:
                raise LoadError(where, expected) from None
            failures.append(LoadError(where, expected))
            report.warnings.append(f"{where}: not loaded: {expected}")
            report.not_loaded.append(f"{where}: {expected}")
        else:
            parts.add(one)
    parsed = parts.done()
    if not parsed:
        if len(failures) == 1:
            raise failures[0]
        raise LoadError("(folder)", f"none of the {len(failures)} files could be loaded; the first: {failures[0]}")
    articles, comments = _merge(parsed, report)
    schema.validate(articles, comments)
    return Corpus(articles, comments, report)


def _with_records(mapping: Mapping[str, str] | None, records: str | None) -> Mapping[str, str] | None:
    """``mapping`` with the ``records`` path of a JSON document (it travels with the mapping: cache keys,
    workers)."""
    if not records:
        return mapping
    return {**(mapping or {}), RECORDS: records}


def load(
    paths: Iterable[str | Path] | str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    records: str | None = None,
    header: bool | None = None,
) -> Corpus:
    """Load files and folders (recursively) into one corpus.

    ``mapping`` names, for table formats, the input column that holds a field
    (``{"author": "user_id", "text": "content"}``; fields in ``TABLE_FIELDS``); other formats
    ignore it. ``records`` names the array of a JSON document holding the comments (a dotted path:
    ``"data.comments"``; also ``mapping={"records": ...}``). In a folder, files of other types are
    listed in the report, a file that cannot be read is reported and skipped, and a folder holding
    ``articles.csv`` and ``comments.csv`` from ``python -m analytics export`` is read as that export.

    ``header=False`` reads CSV and TSV files as having no header row: every row is a comment and
    columns are named by position, 1-based (``mapping={"text": "2"}``); by default (``None``) a
    first row that reads as data is taken as data, and the report says so (:mod:`.headerless`).

    Raises :class:`LoadError` (one line: the file and what was expected) for input that cannot
    be read; never returns an empty corpus as success.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = LoadReport()
    return _load(_expand(paths, report), report, _with_records(mapping, records), header)


def _bytes_opener(raw: bytes) -> Opener:
    return lambda: io.BytesIO(raw)


def load_files(
    files: Sequence[tuple[str, bytes]],
    *,
    mapping: Mapping[str, str] | None = None,
    records: str | None = None,
    header: bool | None = None,
) -> Corpus:
    """Load uploaded files given as ``(name, bytes)`` pairs into one corpus (``records`` and ``header``: as for :func:`load`).

    ``articles.csv`` and ``comments.csv`` given together are read as a Threadscope export.
    """
    report = LoadReport()
    by_name = dict(files)
    inputs = []
    pair = all(n in by_name for n in _PAIR) and threadscope_csv.pair_heads_match(
        {n: by_name[n][: sniff.HEAD_BYTES] for n in _PAIR}
    )
    if pair:
        inputs.append(
            _Input(
                "export", "export", _bytes_opener(by_name[_PAIR[1]]), pair={n: _bytes_opener(by_name[n]) for n in _PAIR}
            )
        )
    for name, raw in files:
        if pair and name in _PAIR:
            continue
        if Path(name).suffix.lower() in ARCHIVE_SUFFIXES:
            inputs += _archive_inputs(name, name, _bytes_opener(raw), len(raw), in_folder=False, report=report)
        else:
            inputs.append(_Input(name, name, _bytes_opener(raw), size=len(raw)))
    return _load(inputs, report, _with_records(mapping, records), header)


def load_bytes(
    raw: bytes,
    name: str,
    *,
    mapping: Mapping[str, str] | None = None,
    records: str | None = None,
    header: bool | None = None,
) -> Corpus:
    """Load one uploaded file given as bytes and its file name."""
    return load_files([(name, raw)], mapping=mapping, records=records, header=header)


def preview_table(raw: bytes, name: str, *, rows: int = 5, header: bool | None = None) -> pd.DataFrame | None:
    """The first ``rows`` rows of a table file as text cells (for a column-mapping form), or
    ``None`` when the file is not a table (a page or an XML export needs no mapping).

    Raises :class:`LoadError` for a file that cannot be read at all.
    """
    if Path(name).suffix.lower() in ARCHIVE_SUFFIXES:
        return None  # a folder of files, each previewed when loaded
    opened = open_input(io.BytesIO(raw), name, len(raw), head_bytes=sniff.HEAD_BYTES)  # a compressed table too
    head, name = opened.head, opened.name
    kind, _ = sniff.detect(head, name)
    if kind == "page":  # a table whose text column has an unusual name reads as a page until mapped
        kind = sniff.unrecognised_table(head, name)
    if kind not in tables.FORMATS:
        return None
    return tables.preview_rows(opened.stream, name, kind=kind, head=head, rows=rows, header=header)
