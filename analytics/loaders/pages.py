"""The steps both saved-page parsers (Naharnet, WordPress page) share: reading the text, and
ids, checks and the report once the page is parsed."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import BinaryIO

from ..model import ids
from ..model.load_report import FileReport, LoadError
from .decoding import decode
from .registry import Head, Loader, register
from .saved_html import declared_charset, looks_like_html, page_text

#: The warning a page saved as HTML gets (:func:`from_html` looks for it).
HTML_NOTE = (
    "a saved HTML page: read as the text it shows (head, scripts and styles dropped, blocks as lines); "
    "line numbers are those of that text"
)


def read_page(binary: BinaryIO, report: FileReport) -> str:
    """The whole page read from ``binary`` and decoded, an HTML page turned into the text it shows
    (:func:`.saved_html.page_text`); its encoding and any warnings in ``report``."""
    raw = binary.read()
    text, encoding, warnings = decode(raw, report.source)
    if looks_like_html(text):
        charset = declared_charset(raw)
        if encoding != "utf-8" and charset and codecs_name(charset) not in (None, codecs_name(encoding)):
            try:  # the page says what it is in: believed over a guess, if its bytes agree
                text = raw.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
                encoding, warnings = charset, [f"not UTF-8: decoded as {charset}, as the page's <meta> declares"]
            except UnicodeDecodeError:
                warnings.append(f"the page declares {charset} but its bytes are not: decoded as {encoding}")
        text = page_text(text)
        warnings.append(HTML_NOTE)
    report.encoding = encoding
    report.warnings.extend(warnings)
    return text


def codecs_name(name: str) -> str | None:
    """Python's name for an encoding, or None for one it does not know."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def from_html(report: FileReport) -> bool:
    """Whether the page ``report`` is about was saved as HTML."""
    return HTML_NOTE in report.warnings


def page_lines(text: str, report: FileReport, empty: str) -> list[str]:
    """The page's lines (the empty string after a final newline is not one), counted in ``report``;
    :class:`LoadError` saying ``empty`` for a page of blank lines."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    report.lines = len(lines)
    if not any(line.strip() for line in lines):
        raise LoadError(report.source, empty)
    return lines


def trim_blank(block: list[int], lines: list[str], report: FileReport) -> list[int]:
    """``block`` (line numbers) without its leading and trailing blank lines, which are counted as blank."""
    first, end = 0, len(block)
    while first < end and not lines[block[first]].strip():
        first += 1
    while end > first and not lines[block[end - 1]].strip():
        end -= 1
    if len(block) > end - first:
        report.line_roles["blank"] += len(block) - (end - first)
    return block[first:end]


def finish_page(article: dict, comments: list[dict], report: FileReport) -> tuple[list[dict], list[dict]]:
    """Give ``comments`` their ids, check them against the page's declared count and complete ``report``.

    ``article`` holds the article row without its counts (``article_id``, ``title``, ``body``,
    ``source``, ``published``, ``declared_comments``); the rows are returned as the parsers return them.
    """
    for row, cid in zip(
        comments, ids.comment_ids(article["article_id"], ((c["author"], c["timestamp"], c["text"]) for c in comments))
    ):
        row["comment_id"] = cid
    declared = article["declared_comments"]
    if declared is not None and declared != len(comments):
        report.warnings.append(f"the page declares {declared} comments but {len(comments)} were parsed")
    report.skipped.sort(key=lambda s: s.line)
    report.articles = 1
    report.declared_comments = declared
    report.parsed_comments = len(comments)
    return [{**article, "parsed_comments": len(comments)}], comments


def register_layout(
    name: str, *, priority: int, sniff: Callable[[Head], float], parse: Callable, expected: str
) -> Loader:
    """Register a saved-page layout: a ``.txt`` (or saved ``.html``) loader that reads the whole decoded text
    (``reads_text``: a page's landmarks may lie past its first bytes) and returns row dicts."""
    return register(
        Loader(
            name,
            "page",
            "a saved news page",
            (".txt", ".html", ".htm"),
            priority=priority,
            reads_text=True,
            sniff=sniff,
            parse=lambda text, report, head: parse(text, report),
            expected=expected,
        )
    )
