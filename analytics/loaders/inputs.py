"""Input files: which files the paths and folders given stand for, and what their content hashes to.

One walk for everything that looks at inputs: the loaders (:func:`analytics.load`), the cache's
key (:mod:`analytics.store.cache`), the Dask split (:mod:`analytics.store.distributed`) and the
dashboard's fingerprint of its inputs. The rules, the same for all of them:

- A path given is read whatever its name (a hidden file, an unusual suffix): the user named it.
  A path that does not exist is a :class:`~analytics.errors.LoadError`.
- A folder is walked recursively, entries in name order (as ``sorted(folder.rglob("*"))``).
- Symbolic links are followed, to files and to folders, wherever they point (a link is how a
  researcher puts a data set into a folder without copying it), but the walk never loops and
  never reads a file twice: a folder reached again (a link to an ancestor, or a second link to
  a folder already walked) is not entered again, and a file reached again (by a link, a hard
  link or a second path given) is left out. Both are said in :attr:`InputListing.skipped`.
- Hidden files and folders (names starting with ``.``: ``.git``, ``.ipynb_checkpoints`` with its
  copies of the data, ``.DS_Store``) inside a folder are left out, each named once in
  ``skipped``; a hidden folder is not entered.
- Broken links, sockets and devices, and folders that cannot be listed, are left out and named.

Nothing is left out silently: every entry met is either in :attr:`InputListing.files` or has a
line in :attr:`InputListing.skipped`. Which suffixes the loaders read is theirs to say
(:data:`SUPPORTED_SUFFIXES`, also compressed or in a zip archive: :func:`supported_name`;
:func:`unsupported_note`): the listing holds every file. A zip archive is one file here (its
hash is the archive's); the loaders read its members as a folder's files.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_kind
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import LoadError
from .compressed import ARCHIVE_SUFFIXES, COMPRESSED_SUFFIXES, inner_name

__all__ = [
    "SUPPORTED_SUFFIXES",
    "SUPPORTED_TEXT",
    "DigestMemo",
    "InputFile",
    "InputListing",
    "file_digests",
    "fingerprint",
    "list_inputs",
    "supported_name",
    "unsupported_note",
]

SUPPORTED_SUFFIXES = (
    ".txt",
    ".csv",
    ".tsv",
    ".tab",
    ".json",
    ".jsonl",
    ".ndjson",
    ".js",
    ".xlsx",
    ".xml",
    ".atom",
    ".html",
    ".htm",
)


def supported_name(name: str) -> bool:
    """Whether a file of this name is read in a folder: a supported suffix, also compressed
    (``comments.csv.gz``; a compressed file without an inner suffix, like Pushshift's
    ``RC_2019-04.zst``, is read by its content), or a zip archive (read as a folder).

    Examples:
        >>> [supported_name(n) for n in ("a.CSV", "a.csv.gz", "RC_2019-04.zst", "a.zip", "a.png.gz", "a.md")]
        [True, True, True, True, False, False]
    """
    suffix = os.path.splitext(name)[1].lower()
    if suffix in ARCHIVE_SUFFIXES:
        return True
    if suffix in COMPRESSED_SUFFIXES:
        inner = os.path.splitext(inner_name(name))[1].lower()
        return inner in SUPPORTED_SUFFIXES or not inner
    return suffix in SUPPORTED_SUFFIXES


#: The supported types as a report names them.
SUPPORTED_TEXT = (
    f"{', '.join(SUPPORTED_SUFFIXES)}; each also compressed as {', '.join(COMPRESSED_SUFFIXES)}; "
    f"or in a {', '.join(ARCHIVE_SUFFIXES)} archive"
)


class InputFile(NamedTuple):  # a tuple of strings: the dashboard lists its inputs on every rerun
    """One file of the inputs. ``where`` is the file as reached (through any links), which reports
    and errors name (:attr:`path`); ``given`` the index of the path given it was found under;
    ``name`` its path relative to that one, ``/``-separated (``""`` for a file given itself);
    ``stat`` its ``os.stat`` when listed."""

    where: str
    given: int
    name: str
    stat: os.stat_result

    @property
    def path(self) -> Path:
        return Path(self.where)

    @property
    def in_folder(self) -> bool:
        return self.name != ""

    @property
    def supported(self) -> bool:
        """Whether its name is one the loaders read in a folder (:func:`supported_name`)."""
        return supported_name(self.where)


@dataclass
class InputListing:
    """Every file the paths given stand for, each once, in walk order; and one line
    (``"PATH: skipped, WHY"``) for every entry met and left out, with the path given it was under."""

    files: list[InputFile] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (index of the path given, line)
    folders: list[int] = field(default_factory=list)  # which of the paths given were folders walked

    @property
    def skipped(self) -> list[str]:
        return [line for _, line in self.left_out]


def unsupported_note(path: Path | str) -> str:
    """The report's line for a file in a folder whose type the loaders do not read."""
    return f"{path}: skipped, not a supported file type ({SUPPORTED_TEXT})"


class _Walk:
    """The state of one :func:`list_inputs` call: what has been reached, and by which path."""

    def __init__(self) -> None:
        self.listing = InputListing()
        self.files: dict[tuple[int, int], str] = {}  # (device, inode) -> the path that reached it first
        self.folders: dict[tuple[int, int], str] = {}

    def skip(self, given: int, line: str) -> None:
        self.listing.left_out.append((given, line))

    def add_file(self, path: str, given: int, name: str, st: os.stat_result) -> None:
        first = self.files.setdefault((st.st_dev, st.st_ino), path)
        if first is path:
            self.listing.files.append(InputFile(path, given, name, st))
        else:
            self.skip(given, f"{path}: skipped, the same file as {first} (read once)")

    def walk(self, top: Path, given: int, st: os.stat_result) -> None:
        self.folders[(st.st_dev, st.st_ino)] = str(top)
        self.listing.folders.append(given)
        found: list[tuple[list[str], str, os.stat_result]] = []
        pending: list[tuple[str, str, tuple[tuple[int, int], ...]]] = [(str(top), "", ((st.st_dev, st.st_ino),))]
        while pending:
            folder, prefix, ancestors = pending.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError as err:
                if folder == str(top):
                    raise LoadError(str(top), f"folder cannot be read ({err.strerror or err})") from None
                self.skip(given, f"{folder}: skipped, cannot be read ({err.strerror or err})")
                continue
            inside = []
            for entry in entries:
                path, name = entry.path, prefix + entry.name
                if entry.name.startswith("."):
                    self.skip(given, f"{path}: skipped, hidden")
                    continue
                try:
                    st = entry.stat()  # follows a link
                except OSError:
                    self.skip(given, f"{path}: skipped, a link to nothing ({_target(path)})")
                    continue
                if stat_kind.S_ISDIR(st.st_mode):
                    key = (st.st_dev, st.st_ino)
                    if key in ancestors:
                        self.skip(given, f"{path}: skipped, a link back to {self.folders[key]} (a loop)")
                    elif key in self.folders:
                        self.skip(given, f"{path}: skipped, the same folder as {self.folders[key]} (read once)")
                    else:
                        self.folders[key] = path
                        inside.append((path, name + "/", ancestors + (key,)))
                elif stat_kind.S_ISREG(st.st_mode):
                    found.append((name.split("/"), path, st))
                else:
                    self.skip(given, f"{path}: skipped, not a regular file")
            pending += reversed(inside)  # folders walked in name order: the first path to a folder names it
        # In name order, part by part, as pathlib sorts; duplicates are judged in that order.
        for parts, path, st in sorted(found, key=lambda f: f[0]):
            self.add_file(path, given, "/".join(parts), st)


def _target(link: str) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "unreadable"


def list_inputs(paths: Iterable[str | Path] | str | Path) -> InputListing:
    """The files ``paths`` (files and folders) stand for, by the rules in the module docstring.

    Raises :class:`~analytics.errors.LoadError` for a path that does not exist (or is a link
    to nothing) and for a folder given that cannot be listed.

    Examples:
        >>> import analytics
        >>> listing = list_inputs(analytics.SAMPLE)
        >>> [(f.path.name, f.name, f.in_folder) for f in listing.files], listing.skipped
        ([('naharnet_2013-02-20_lavrov-warns-syria-rivals.txt', '', False)], [])
    """
    walk = _Walk()
    for k, p in enumerate([paths] if isinstance(paths, (str, Path)) else paths):
        p = Path(p)
        try:
            st = p.stat()
        except OSError:
            raise LoadError(str(p), "no such file or folder") from None
        if stat_kind.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) in walk.folders:
                walk.skip(k, f"{p}: skipped, the same folder as {walk.folders[(st.st_dev, st.st_ino)]} (read once)")
                continue
            walk.walk(p, k, st)
        else:
            walk.add_file(str(p), k, "", st)
    return walk.listing


# --- content hashes --------------------------------------------------------------------------------

#: A file changed this shortly before it was hashed is hashed again next time (git's "racily
#: clean" rule): its change time may not yet show a write made in the same tick.
SETTLED_NS = 2_000_000_000


class DigestMemo:
    """Content hashes remembered by file identity between calls (in a process, or saved by the caller).

    ``known`` maps an absolute path to ``[device, inode, size, mtime_ns, ctime_ns, sha256,
    hashed_at_ns]``. A remembered hash is used only while the file's device, inode, size,
    modification and change times are those seen when it was hashed, and only if its last change
    came at least :data:`SETTLED_NS` before that hashing began: any write moves the change time,
    which no program can set back, so an edited file is always read again. ``changed`` tells
    whether anything was hashed (and so whether saving the memo is worth it).
    """

    def __init__(self, known: dict[str, list] | None = None) -> None:
        self.known: dict[str, list] = known if known is not None else {}
        self.changed = False

    def digests(self, files: Sequence[InputFile]) -> list[str]:
        started = time.time_ns()
        out: list[str] = []
        todo: list[int] = []
        for i, f in enumerate(files):
            st = f.stat
            seen = self.known.get(os.path.abspath(f.where))
            if seen and seen[:5] == _signature(st) and max(st.st_mtime_ns, st.st_ctime_ns) < seen[6] - SETTLED_NS:
                out.append(seen[5])
            else:
                out.append("")
                todo.append(i)
        for i, digest in zip(todo, _hash_all([files[i].where for i in todo])):
            out[i] = digest
            self.known[os.path.abspath(files[i].where)] = _signature(files[i].stat) + [digest, started]
        self.changed = self.changed or bool(todo)
        return out


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _file_sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _hash_all(files: Sequence[str]) -> list[str]:
    """SHA-256 of each file, on a few threads (hashlib lets go of the GIL), in order."""
    k = max(1, min(4, os.cpu_count() or 1, len(files)))
    if k == 1:
        return [_file_sha256(f) for f in files]
    with ThreadPoolExecutor(max_workers=k) as pool:
        batches = list(pool.map(lambda i: [_file_sha256(f) for f in files[i::k]], range(k)))
    out = [""] * len(files)
    for i, batch in enumerate(batches):
        out[i::k] = batch
    return out


def file_digests(files: Sequence[InputFile], memo: DigestMemo | None = None) -> list[str]:
    """The SHA-256 of each file's content, in order; through ``memo`` when given."""
    return (memo or DigestMemo()).digests(files)


def fingerprint(paths: Iterable[str | Path] | str | Path, memo: DigestMemo | None = None) -> str:
    """One SHA-256 of the inputs: every file's name and content hash, and every line of what was
    left out, so an edited, added, removed or renamed file changes it, and nothing else does.

    Raises :class:`~analytics.errors.LoadError` as :func:`list_inputs` does.
    """
    listing = list_inputs(paths)
    h = hashlib.sha256()
    for f, digest in zip(listing.files, file_digests(listing.files, memo)):
        h.update(f"{f.given}\0{f.where}\0{digest}\0".encode())
    for line in listing.skipped:
        h.update(f"{line}\0".encode())
    return h.hexdigest()
