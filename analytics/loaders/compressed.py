"""Compressed inputs: gzip, bzip2, xz and Zstandard files are read as the file inside them, and a
zip archive is read as a folder.

A compressed file is known by its first bytes, its name a hint: ``comments.csv.gz`` is sniffed
as ``comments.csv`` and Pushshift's ``RC_2019-04.zst`` by its content alone. Zstandard frames
may use a window of up to 2 GiB (Pushshift's dumps are written with ``--long=31``).

Decompression is streamed (never the whole file in memory) and capped: a file may grow to
:data:`CAP_RATIO` times its compressed size, and to at least :data:`CAP_FLOOR`; the environment
variable :data:`CAP_VARIABLE` (``20G``, ``500M``, bytes) sets another cap. Past the cap, or on
corrupt or truncated data, reading stops with a one-line :class:`LoadError` naming the file. A
zip archive is checked against the same cap before any member is read, from the sizes its
directory declares (and each member stops at its declared size), so a zip bomb is refused at once.

The report's ``sha256`` of a compressed file is that of the file as stored (what ``sha256sum``
gives, and what the cache's key hashes); a zip member's is its archive's.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import zstandard

from ..errors import LoadError

__all__ = [
    "ARCHIVE_SUFFIXES",
    "CAP_FLOOR",
    "CAP_RATIO",
    "CAP_VARIABLE",
    "COMPRESSED_SUFFIXES",
    "COMPRESSIONS",
    "Archive",
    "Compression",
    "Decompressed",
    "Opened",
    "decompressed_cap",
    "inner_name",
    "open_input",
    "zip_archive",
]

#: A compressed file may decompress to this many times its size ...
CAP_RATIO = 100
#: ... and to at least this many bytes: real text compresses 3 to 15 times (JSON with repeated
#: keys, Pushshift's dumps with a long window: up to about 30), bombs a thousand times and more.
CAP_FLOOR = 64 << 20
#: The environment variable that sets the cap in bytes (suffixes K, M, G, T: powers of 1024).
CAP_VARIABLE = "THREADSCOPE_MAX_DECOMPRESSED"
#: Zstandard's largest window (Pushshift's ``zstd --long=31``); the library's default is 128 MiB.
ZSTD_MAX_WINDOW = 1 << 31
#: Compressed bytes given to the Zstandard decompressor at a time: its output per call is at most
#: about 32,000 times its input (run-length blocks), so 1 KiB bounds a step's memory to 32 MiB.
_ZSTD_STEP = 1 << 10


@dataclass(frozen=True)
class Compression:
    """One compressed format: its ``name``, the suffixes it comes under, and how it is read."""

    name: str
    suffixes: tuple[str, ...]
    is_start: Callable[[bytes], bool]
    reader: Callable[[BinaryIO], BinaryIO]

    @property
    def what(self) -> str:
        return f"{'an' if self.name == 'xz' else 'a'} {self.name}-compressed file"


def _bzip2_start(head: bytes) -> bool:
    # "BZh", a block size digit, then a block's or the end's magic: not a text starting "BZh".
    return head[:3] == b"BZh" and head[3:4] in b"123456789" and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")


class _ZstdReader(io.RawIOBase):
    """Zstandard frames, one after another, read from ``source`` a step at a time.

    The library's own stream reader ends quietly on a truncated frame; here one is an error.
    """

    def __init__(self, source: BinaryIO):
        self.source = source
        self.context = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self.frame = None
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            data = self.source.read(_ZSTD_STEP)
            if not data:
                if self.frame is not None and not self.frame.eof:
                    raise EOFError("the data ends inside a Zstandard frame (truncated)")
                return 0
            out = []
            while data:
                if self.frame is None or self.frame.eof:
                    self.frame = self.context.decompressobj()
                out.append(self.frame.decompress(data))
                data = self.frame.unused_data if self.frame.eof else b""
            self.pending = memoryview(b"".join(out))
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


COMPRESSIONS = (
    Compression("gzip", (".gz",), lambda head: head[:3] == b"\x1f\x8b\x08", lambda f: gzip.GzipFile(fileobj=f)),
    Compression("bzip2", (".bz2",), _bzip2_start, bz2.BZ2File),
    Compression("xz", (".xz",), lambda head: head[:6] == b"\xfd7zXZ\x00", lzma.LZMAFile),
    Compression("zstandard", (".zst", ".zstd"), lambda head: head[:4] == b"\x28\xb5\x2f\xfd", _ZstdReader),
)
COMPRESSED_SUFFIXES = tuple(s for c in COMPRESSIONS for s in c.suffixes)
ARCHIVE_SUFFIXES = (".zip",)
# What corrupt data raises from the readers (zipfile: ValueError on a damaged header, a negative offset).
_ERRORS = (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError, zstandard.ZstdError, zipfile.BadZipFile)


def inner_name(name: str) -> str:
    """The name of the file inside a compressed file's name.

    Examples:
        >>> inner_name("comments.csv.gz"), inner_name("RC_2019-04.zst"), inner_name("notes.csv")
        ('comments.csv', 'RC_2019-04', 'notes.csv')
    """
    stem, suffix = os.path.splitext(name)
    return stem if suffix.lower() in COMPRESSED_SUFFIXES else name


def _size_text(n: int) -> str:
    """Bytes as people read them: ``1,234 bytes``, ``3.2 MiB``."""
    for unit, shift in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}"
    return f"{n:,} bytes"


def decompressed_cap(compressed_size: int) -> tuple[int, str]:
    """``(bytes, why)``: how far a file of ``compressed_size`` bytes may decompress, and the rule.

    Examples:
        >>> decompressed_cap(10 << 20)[0] == 1000 << 20
        True
    """
    given = os.environ.get(CAP_VARIABLE, "").strip()
    if given:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?", given, flags=re.IGNORECASE)
        if not match:
            raise LoadError(CAP_VARIABLE, f"expected a size such as 20G, 500M or 1000000, found {given!r}")
        power = " KMGT".index(match[2].upper() or " ")
        return int(float(match[1]) * (1 << (10 * power))), f"the cap {CAP_VARIABLE}={given}"
    cap = max(CAP_FLOOR, CAP_RATIO * compressed_size)
    return (
        cap,
        f"the cap of {CAP_RATIO}x the compressed size, at least {_size_text(CAP_FLOOR)}; {CAP_VARIABLE} sets another",
    )


def _over_cap(source: str, cap: tuple[int, str]) -> LoadError:
    return LoadError(source, f"decompresses to more than {_size_text(cap[0])} ({cap[1]}); a decompression bomb?")


class _Counted(io.RawIOBase):
    """The compressed bytes, counted and hashed as they are read."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer) or 0
        self.sha.update(memoryview(buffer)[:n])
        self.count += n
        return n

    def drain(self) -> None:
        while chunk := self.raw.read(1 << 20):
            self.sha.update(chunk)
            self.count += len(chunk)


class Decompressed(io.RawIOBase):
    """The decompressed content of the compressed stream ``raw`` (seekable, read from byte 0),
    with the cap and corrupt data as :class:`LoadError` naming ``source``. Seeking back to the
    start decompresses again from the start (a sniff reads the head, then the parser all)."""

    def __init__(self, raw: BinaryIO, kind: Compression, source: str, compressed_size: int | None):
        super().__init__()
        self.raw, self.kind, self.source = raw, kind, source
        self.cap = decompressed_cap(compressed_size if compressed_size is not None else 0)
        self._start()

    def _start(self) -> None:
        self.raw.seek(0)
        self.compressed = _Counted(self.raw)
        self.reader = self.kind.reader(io.BufferedReader(self.compressed, buffer_size=1 << 20))
        self.out = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.out

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET and offset == 0:
            self._start()
        elif not (whence == io.SEEK_CUR and offset == 0):
            raise io.UnsupportedOperation("a decompressed stream seeks only back to its start")
        return self.out

    def readinto(self, buffer) -> int:
        try:
            n = self.reader.readinto(buffer) or 0
        except LoadError:
            raise
        except _ERRORS as err:
            reason = str(err) or type(err).__name__
            raise LoadError(self.source, f"{self.kind.what} that cannot be decompressed: {reason}") from None
        self.out += n
        if self.out > self.cap[0]:
            raise _over_cap(self.source, self.cap)
        return n

    def hexdigest(self) -> str:
        """The SHA-256 of the whole compressed file (reading what decompression left unread)."""
        self.compressed.drain()
        return self.compressed.sha.hexdigest()

    def note(self) -> str:
        grown = f" ({_size_text(self.out)})" if self.out >= 1 << 10 else ""
        return f"decompressed ({self.kind.name}): {self.compressed.count:,} bytes read as {self.out:,} bytes{grown}"


@dataclass
class Opened:
    """A file opened to be sniffed and parsed: its ``stream`` (at byte 0), its first bytes
    ``head`` (decompressed), the ``name`` to sniff it by, and any warnings about its name."""

    stream: BinaryIO
    head: bytes
    name: str
    decompressed: Decompressed | None = None
    notes: list[str] = field(default_factory=list)


def open_input(raw: BinaryIO, name: str, size: int | None, *, head_bytes: int) -> Opened:
    """``raw`` (a seekable binary stream at byte 0) decompressed when its first bytes say it is
    compressed; ``size`` is its size in bytes, for the cap (None: unknown, the floor applies)."""
    head = raw.read(head_bytes)
    raw.seek(0)
    suffix = os.path.splitext(name)[1].lower()
    kind = next((c for c in COMPRESSIONS if c.is_start(head)), None)
    if kind is None:
        named = next((c for c in COMPRESSIONS if suffix in c.suffixes), None)
        notes = [f"named {suffix} but not {named.name}-compressed: read as it is"] if named else []
        return Opened(raw, head, name, notes=notes)
    notes = [] if suffix in kind.suffixes else [f"{kind.what} (named {suffix or 'without a suffix'}): decompressed"]
    stream = Decompressed(raw, kind, name, size)
    head = stream.read(head_bytes)
    stream.seek(0)
    if head[257:262] == b"ustar":
        raise LoadError(name, f"a tar archive ({kind.name}-compressed): extract it, or give it as a .zip")
    return Opened(stream, head, inner_name(name), stream, notes)


# --- zip archives ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A member of a zip archive to read: ``name`` its path inside (``/``-separated)."""

    name: str
    size: int  # decompressed, as the archive declares (and as far as it is read)
    open: Callable[[], BinaryIO]


@dataclass
class Archive:
    """The members of a zip archive to read, in name order, and a line (``"SHOWN/NAME:
    skipped, WHY"``) for each member left out; ``digest`` gives the archive's SHA-256."""

    members: list[Member]
    skipped: list[str]
    digest: Callable[[], str]
    shared: _Shared

    def heads(self, names: list[str], n: int) -> dict[str, bytes] | None:
        """The first ``n`` bytes of the members ``names`` (from an archive opened for them), or
        None if one cannot be read (reading it as a file then says why)."""
        try:
            with self.shared.open_archive() as raw, zipfile.ZipFile(raw) as archive:
                out = {}
                for name in names:
                    with archive.open(name) as member:
                        out[name] = member.read(n)
                return out
        except (NotImplementedError, RuntimeError, *_ERRORS):
            return None

    def expect(self, opens: int) -> None:
        """Close the archive once its members have been opened ``opens`` times and closed."""
        self.shared.users = opens


class _MemberStream(io.RawIOBase):
    """One member's bytes, with zip errors as :class:`LoadError` naming it."""

    def __init__(self, archive: _Shared, info: zipfile.ZipInfo, shown: str):
        super().__init__()
        self.shown = shown
        self.archive = archive
        self.member = None
        try:
            self.member = archive.zip().open(info)
        except (NotImplementedError, RuntimeError, *_ERRORS) as err:
            self.close()
            raise LoadError(shown, f"a zip member that cannot be read: {err}") from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.member.seek(offset, whence)

    def tell(self) -> int:
        return self.member.tell()

    def readinto(self, buffer) -> int:
        try:
            data = self.member.read(len(buffer))
        except (NotImplementedError, *_ERRORS) as err:
            raise LoadError(self.shown, f"a zip member that cannot be decompressed: {err}") from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            if self.member is not None:
                self.member.close()
            self.archive.release()
        super().close()


class _Shared:
    """The archive's ``ZipFile``, opened once for all its members (reading the directory of a
    large archive again for each member would make reading it quadratic) and closed after the
    last member is read."""

    def __init__(self, open_archive: Callable[[], BinaryIO], users: int):
        self.open_archive, self.users = open_archive, users
        self._raw: BinaryIO | None = None
        self._zip: zipfile.ZipFile | None = None

    def zip(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._raw = self.open_archive()
            self._zip = zipfile.ZipFile(self._raw)
        return self._zip

    def release(self) -> None:
        self.users -= 1
        if self.users <= 0 and self._zip is not None:
            self._zip.close()
            self._raw.close()
            self._zip = self._raw = None


def _left_out(name: str, info: zipfile.ZipInfo) -> str | None:
    """Why a member is not read (None: it is): the reasons a folder's walk leaves a file out."""
    parts = name.split("/")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or ".." in parts:
        return "a path outside the archive (not read)"
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return "hidden"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a link (not followed)"
    if info.flag_bits & 0x1:
        return "encrypted (not read)"
    if name.lower().endswith(ARCHIVE_SUFFIXES):
        return "an archive inside an archive (extract it first)"
    return None


def zip_archive(shown: str, open_archive: Callable[[], BinaryIO], size: int, wanted: Callable[[str], bool]) -> Archive:
    """The members of the zip archive ``open_archive()`` opens (``size`` bytes), named
    ``shown/NAME``: those ``wanted`` (by name) to read, each other member on a line.

    Raises :class:`LoadError` for an archive that is not a readable zip, and for one whose
    members to read declare more bytes than the cap (a zip bomb), before reading any.
    """
    try:
        with open_archive() as raw, zipfile.ZipFile(raw) as archive:
            infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename.split("/"))
    except _ERRORS as err:
        raise LoadError(shown, f"a zip archive that cannot be read: {err}") from None
    chosen: list[zipfile.ZipInfo] = []
    skipped: list[str] = []
    hidden: set[str] = set()
    for info in infos:
        name = info.filename
        why = _left_out(name.replace("\\", "/"), info)
        if why == "hidden":  # a hidden folder's files are named once, by the folder, as a walk does
            top = next(i for i, p in enumerate(name.split("/")) if p.startswith(".") or p == "__MACOSX")
            where = "/".join(name.split("/")[: top + 1])
            if where not in hidden:
                hidden.add(where)
                skipped.append(f"{shown}/{where}: skipped, hidden")
        elif why:
            skipped.append(f"{shown}/{name}: skipped, {why}")
        elif not wanted(name):
            skipped.append(f"{shown}/{name}: skipped, not a supported file type")
        else:
            chosen.append(info)
    declared = sum(i.file_size for i in chosen)
    cap = decompressed_cap(size)
    if declared > cap[0]:
        raise LoadError(
            shown,
            f"its members declare {_size_text(declared)} decompressed, more than {_size_text(cap[0])} "
            f"({cap[1]}); a zip bomb?",
        )
    shared = _Shared(open_archive, len(chosen))
    members = [Member(i.filename, i.file_size, _member_opener(shared, i, f"{shown}/{i.filename}")) for i in chosen]
    return Archive(members, skipped, _digest_once(open_archive), shared)


def _member_opener(shared: _Shared, info: zipfile.ZipInfo, shown: str) -> Callable[[], BinaryIO]:
    return lambda: _MemberStream(shared, info, shown)


def _digest_once(open_archive: Callable[[], BinaryIO]) -> Callable[[], str]:
    found: list[str] = []

    def digest() -> str:
        if not found:
            with open_archive() as raw:
                found.append(hashlib.file_digest(raw, "sha256").hexdigest())
        return found[0]

    return digest
