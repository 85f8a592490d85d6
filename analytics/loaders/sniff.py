"""Which format a file holds: judged from its first bytes, with its extension as a hint.

The content decides, through the registry (:mod:`.registry`): a file whose extension says
otherwise is read by its content with a warning. What no format can be (empty, an image or an
archive, XML with entity declarations) is refused here first, an HTML document goes to the page
layouts (read as the text it shows), and content no loader knows is a :class:`LoadError` naming
what was expected.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from ..model.load_report import LoadError
from . import registry
from .saved_html import looks_like_html
from .table_chunks import delimiter, head_encoding

HEAD_BYTES = 1 << 16
PAGE = "a saved news page"  # what text no loader knows by its head is last read as
EXPECTED = (
    "a saved news page (.txt, .html), a table (.csv, .tsv, .json, .jsonl, .xlsx) or a Disqus, WordPress or "
    "Blogger export (.xml, .atom)"
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"BZh", "a bzip2-compressed file (decompress it first)"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .doc): save it as .xlsx or CSV"),
)


def _decoded(head: bytes, name: str) -> str:
    encoding, _ = head_encoding(head, name)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def unrecognised_table(head: bytes, name: str) -> str | None:
    """``"csv"`` or ``"tsv"`` for text with no page landmarks whose first line reads as a header of
    two or more columns none of which is a known text column (so a mapping can name one); else None.

    Examples:
        >>> unrecognised_table(b"who\\tmsg\\nann\\thello\\n", "talk.txt")
        'tsv'
        >>> unrecognised_table(b"A title\\n\\nSome prose, with a comma.\\n", "page.txt") is None
        True
    """
    text = _decoded(head, name)
    pages = [known for known in registry.LOADERS if known.reads_text]
    if registry.best(registry.Head(head, name, Path(name).suffix.lower(), text), among=pages):
        return None
    lines = [line for line in text.split("\n")[:20] if line.strip()]
    if len(lines) < 2:
        return None
    sep = delimiter(lines[0])
    widths = {len(next(csv.reader([line], delimiter=sep), [])) for line in lines[:-1]}
    return ("tsv" if sep == "\t" else "csv") if len(widths) == 1 and widths.pop() >= 2 else None


def _whats(loaders: list[registry.Loader]) -> str:
    return " or ".join(dict.fromkeys(loader.what for loader in loaders))


def choose(
    head: bytes, name: str, *, mapping: Mapping[str, str] | None = None
) -> tuple[registry.Loader | None, list[str]]:
    """``(loader, warnings)`` for a file named ``name`` starting with ``head``: the registered
    loader most confident about it (:func:`.registry.best`), or None for text no loader knows by
    its head, which only a page loader may still read (:func:`choose_page`, on the whole text).

    Raises :class:`LoadError` for an empty, binary or unrecognised file, naming what was expected.
    """
    suffix = Path(name).suffix.lower()
    hinted = registry.claiming(suffix)
    if not head.strip():
        raise LoadError(name, f"empty file; expected {_whats(hinted) or EXPECTED}")
    zipped = head.startswith(b"PK\x03\x04")  # a workbook is a zip archive: the one binary format read
    for magic, what in () if zipped else _MAGIC:
        if head.startswith(magic):
            raise LoadError(name, f"expected {EXPECTED}; found {what}")
    text = "" if zipped else _decoded(head, name)
    if text.startswith("<") and "<!entity" in text.lower():
        raise LoadError(
            name,
            "XML with entity declarations is not accepted (it could expand without "
            "bound); expected a Disqus or WordPress export",
        )
    # A saved HTML page is a page: read as the text it shows, by the page layouts (pages.read_page).
    html = looks_like_html(text)
    loader = None if html else registry.best(registry.Head(head, name, suffix, text, mapping))
    if loader is None and not html:
        _unknown(text, name, suffix, hinted)
    what = PAGE if loader is None else loader.what
    expected = loader in hinted if loader else any(known.reads_text for known in hinted)
    return loader, [f"named {suffix} but holds {what}: read as {what}"] if suffix and not expected else []


def _unknown(text: str, name: str, suffix: str, hinted: list[registry.Loader]) -> None:
    """Raise the error for text no loader recognises by its head, unless a page loader may read it."""
    if text.startswith("<"):
        if text.startswith("<?xml") or suffix == ".xml":
            raise LoadError(
                name,
                "XML that is neither a Disqus export (<disqus>), a WordPress WXR export (<rss> with wp: elements) "
                "nor a Blogger export (<feed> with Blogger entries)",
            )
    if hinted and not any(known.reads_text for known in hinted):
        raise LoadError(name, f"expected {_whats(hinted)}; the file starts with {text.split(chr(10), 1)[0][:60]!r}")


def choose_page(text: str, name: str, *, html: bool = False) -> registry.Loader:
    """The page loader for the whole decoded ``text``, chosen again on all of it (a page's
    landmarks may lie past its first bytes); :class:`LoadError` naming the layouts when none fits
    (``html``: the text is that of a saved HTML page)."""
    pages = [known for known in registry.LOADERS if known.reads_text]
    loader = registry.best(registry.Head(b"", name, Path(name).suffix.lower(), text), among=pages)
    if loader is None:
        raise LoadError(
            name,
            ("an HTML page of no layout Threadscope reads" if html else "not a saved news page of a known layout")
            + ": expected "
            + " or ".join(known.expected or known.what for known in pages)
            + ("" if html else ", or a table with a text column"),
        )
    return loader


def detect(head: bytes, name: str, *, mapping: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """``(kind, warnings)`` for a file named ``name`` starting with ``head``: :func:`choose`,
    with the loader told by its kind (``"page"``, ``"csv"``, ``"jsonl"``, ``"disqus"``, ...).

    Examples:
        >>> detect(b'{"user": "a", "text": "hi"}\\n{"user": "b", "text": "yo"}\\n', "fox.json")
        ('jsonl', [])
        >>> detect(b"author,text\\nx,hello\\n", "comments.txt")
        ('csv', ['named .txt but holds a CSV table: read as a CSV table'])
    """
    loader, notes = choose(head, name, mapping=mapping)
    return ("page" if loader is None else loader.kind), notes
