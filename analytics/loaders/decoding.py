"""Turning the bytes of a saved page into text, saying how."""

from __future__ import annotations

import charset_normalizer

from ..model.load_report import LoadError

BOM = b"\xef\xbb\xbf"
#: Legacy encodings tried first, for pages and tables alike: the sites we read are English, French
#: and Arabic (Lebanon), and comment dumps come in Chinese (GB18030, a superset of GBK and GB2312)
#: and Japanese (Windows' Shift-JIS, cp932). charset-normalizer on its own guesses Baltic or Polish
#: code pages for short French texts, and short Shift-JIS ones pass for cp1252 unless it may say cp932.
LEGACY_ENCODINGS = ["cp1252", "cp1256", "iso8859_6", "latin_1", "gb18030", "cp932"]
PREFERRED_LEGACY = LEGACY_ENCODINGS  # the name this module used before


# Share of control bytes (other than whitespace) above which a head holding a NUL is binary data
# (or UTF-16 text, whose English letters are every other byte NUL) rather than text with a stray NUL.
BINARY_CONTROL_SHARE = 0.05
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\v\f\r")


def looks_binary(head: bytes) -> bool:
    """Binary data, not text: ``head`` holds a NUL and either many control bytes or no valid UTF-8.

    A comment may legitimately hold a NUL character (JSON's ``\\u0000``), and an export of it must
    load back, so one NUL alone does not make a file binary.

    Examples:
        >>> looks_binary(b"author,text\\nann,hello\\x00world and the rest of a long comment\\n")
        False
        >>> looks_binary(b"PK\\x03\\x04\\x14\\x00\\x06\\x00\\x08\\x00")
        True
        >>> looks_binary("text".encode("utf-16-le"))
        True
    """
    if b"\x00" not in head:
        return False
    if len(head) - len(head.translate(None, _CONTROL)) > BINARY_CONTROL_SHARE * len(head):
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return not (err.reason == "unexpected end of data" and err.start >= len(head) - 3)
    return False


def legacy_encoding(raw: bytes, source: str) -> str:
    """The legacy encoding ``raw`` (text that is not UTF-8) reads best in: one of
    :data:`LEGACY_ENCODINGS` if any fits, else charset-normalizer's guess among all it knows.
    ``raw`` may be a file's head, cut inside a multi-byte character: up to 3 last bytes are let go.

    Raises :class:`LoadError` when no encoding decodes it.

    Examples:
        >>> legacy_encoding("author,text\\n王伟,港口终于重新开放了\\n".encode("gb18030"), "t.csv")
        'gb18030'
        >>> legacy_encoding("author,text\\nRené,café crème\\n".encode("cp1252"), "t.csv")
        'cp1252'
    """
    for cut in range(4):
        best = charset_normalizer.from_bytes(raw[: len(raw) - cut], cp_isolation=LEGACY_ENCODINGS).best()
        if best is not None:
            return best.encoding
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise LoadError(source, "expected text in UTF-8 or a known legacy encoding; could not decode it")
    return best.encoding


def decode(raw: bytes, source: str) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding, warnings)`` with line endings normalised to ``\\n``.

    UTF-8 (with or without a byte-order mark) is read as is. A file cut inside a multi-byte
    character keeps its text and reports the cut bytes. Anything else is decoded with the
    legacy encoding charset-normalizer finds most plausible, with a warning naming it.
    """
    warnings: list[str] = []
    if looks_binary(raw[:8192]):
        raise LoadError(source, "expected a text file, found binary data (NUL bytes)")
    encoding = "utf-8"
    if raw.startswith(BOM):
        raw, encoding = raw[len(BOM) :], "utf-8-sig"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(raw) - 3:
            text = raw[: err.start].decode("utf-8")
            warnings.append(f"file ends inside a UTF-8 character: {len(raw) - err.start} byte(s) dropped")
        else:
            encoding = legacy_encoding(raw, source)
            warnings.append(f"not UTF-8: decoded as {encoding}")
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                text = raw.decode(encoding, errors="replace")
                warnings.append(f"{text.count(chr(0xFFFD))} character(s) not valid {encoding}: shown as U+FFFD")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, warnings
