"""Which format a file holds: judged from its first bytes, with its extension as a hint.

The content decides; a file whose extension says otherwise is read by its content with a
warning. Content no reader knows is a :class:`LoadError` naming what was expected.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path

from . import naharnet, wordpress_page
from ..model.load_report import LoadError
from .tables import delimiter, head_encoding, recognised_columns

HEAD_BYTES = 1 << 16
KINDS = {"page": "a saved news page", "csv": "a CSV table", "tsv": "a TSV table", "json": "JSON",
         "jsonl": "JSON Lines", "xlsx": "an Excel workbook", "disqus": "a Disqus XML export",
         "wxr": "a WordPress WXR export"}
SUFFIXES = {".txt": "page", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl",
            ".ndjson": "jsonl", ".xlsx": "xlsx", ".xml": "xml"}
EXPECTED = ("a saved news page (.txt), a table (.csv, .tsv, .json, .jsonl, .xlsx) or a Disqus or "
            "WordPress export (.xml)")
_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
          (b"BZh", "a bzip2-compressed file (decompress it first)"), (b"7z\xbc\xaf", "a 7-Zip archive"),
          (b"Rar!", "a RAR archive"),
          (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .doc): save it as .xlsx or CSV"))


def _is_table_header(line: str, mapping: Mapping[str, str] | None) -> str | None:
    """``"csv"`` or ``"tsv"`` if ``line`` is a header row naming a text column, else None."""
    sep = delimiter(line)
    columns = next(csv.reader([line], delimiter=sep), [])
    if len(columns) < 2:
        return None
    try:
        found = recognised_columns(columns, mapping=mapping)
    except ValueError:
        return None
    return ("tsv" if sep == "\t" else "csv") if "text" in found else None


def unrecognised_table(head: bytes, name: str) -> str | None:
    """``"csv"`` or ``"tsv"`` for text with no page landmarks whose first line reads as a header of
    two or more columns none of which is a known text column (so a mapping can name one); else None.

    Examples:
        >>> unrecognised_table(b"who\\tmsg\\nann\\thello\\n", "talk.txt")
        'tsv'
        >>> unrecognised_table(b"A title\\n\\nSome prose, with a comma.\\n", "page.txt") is None
        True
    """
    encoding, _ = head_encoding(head, name)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n").replace("\r\n", "\n")
    if naharnet.looks_like_page(text) or wordpress_page.looks_like_page(text):
        return None
    lines = [line for line in text.split("\n")[:20] if line.strip()]
    if len(lines) < 2:
        return None
    sep = delimiter(lines[0])
    widths = {len(next(csv.reader([line], delimiter=sep), [])) for line in lines[:-1]}
    return ("tsv" if sep == "\t" else "csv") if len(widths) == 1 and widths.pop() >= 2 else None


def _json_kind(text: str) -> str:
    if text.startswith("["):
        return "json"
    first, _, rest = text.partition("\n")
    try:
        record = json.loads(first)
    except ValueError:
        return "json"  # one object over several lines
    return "jsonl" if isinstance(record, dict) and rest.strip() else "json"


def detect(head: bytes, name: str, *, mapping: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """``(kind, warnings)`` for a file named ``name`` starting with ``head``.

    ``kind`` is a key of :data:`KINDS`. Raises :class:`LoadError` for an empty, binary or
    unrecognised file.

    Examples:
        >>> detect(b'{"user": "a", "text": "hi"}\\n{"user": "b", "text": "yo"}\\n', "fox.json")
        ('jsonl', [])
        >>> detect(b"author,text\\nx,hello\\n", "comments.txt")
        ('csv', ['named .txt but holds a CSV table: read as a CSV table'])
    """
    suffix = Path(name).suffix.lower()
    hint = SUFFIXES.get(suffix)
    if not head.strip():
        raise LoadError(name, f"empty file; expected {KINDS.get(hint, EXPECTED) if hint != 'xml' else EXPECTED}")
    if head.startswith(b"PK\x03\x04"):
        kind = "xlsx"
    else:
        for magic, what in _MAGIC:
            if head.startswith(magic):
                raise LoadError(name, f"expected {EXPECTED}; found {what}")
        kind = _text_kind(head, name, hint, mapping)
    notes = []
    expected = hint and (kind == hint or {kind, hint} == {"json", "jsonl"} or (hint == "xml" and kind in ("disqus", "wxr")))
    if suffix and not expected:
        notes.append(f"named {suffix} but holds {KINDS[kind]}: read as {KINDS[kind]}")
    return kind, notes


def _text_kind(head: bytes, name: str, hint: str | None, mapping: Mapping[str, str] | None) -> str:
    encoding, _ = head_encoding(head, name)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("<"):
        low = text.lower()
        if "<!entity" in low:
            raise LoadError(name, "XML with entity declarations is not accepted (it could expand without "
                            "bound); expected a Disqus or WordPress export")
        if "<disqus" in low:
            return "disqus"
        if "<rss" in low and "wordpress.org/export" in low:
            return "wxr"
        if "<html" in low or "<!doctype html" in low:
            raise LoadError(name, "an HTML page; expected the page saved as plain text (.txt), a table or "
                            "a Disqus or WordPress export")
        if text.startswith("<?xml") or hint == "xml":
            raise LoadError(name, "XML that is neither a Disqus export (<disqus>) nor a WordPress WXR "
                            "export (<rss> with wp: elements)")
    if text.startswith(("[", "{")):
        return _json_kind(text)
    first_line = text.split("\n", 1)[0]
    table = _is_table_header(first_line, mapping)
    landmarks = naharnet.looks_like_page(text) or wordpress_page.looks_like_page(text)
    if hint in ("csv", "tsv"):
        return table or ("page" if landmarks else hint)
    if landmarks:
        return "page"
    if table:
        return table
    if hint in ("json", "jsonl", "xlsx", "xml"):
        expected = "a Disqus or WordPress export" if hint == "xml" else KINDS[hint]
        raise LoadError(name, f"expected {expected}; the file starts with {first_line[:60]!r}")
    return "page"  # the page readers name the layouts they expected
