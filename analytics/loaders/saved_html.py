"""Saved HTML pages ("Save page as..."): the text a browser shows, with its line structure, so the
saved-page layouts (Naharnet, WordPress page) read an ``.html`` save as they read a ``.txt`` one.

The page is read with the standard library's HTML parser (tolerant of broken markup; it never
fetches anything and expands only HTML's own character references): the ``<head>``, scripts,
styles, templates and form controls are dropped; block elements (paragraphs, divisions, list
items, headings, table rows...) start new lines, ``<p>`` and headings a blank line; ``<br>`` is
a line break; an image shows its ``alt`` text (Naharnet's avatars are images: ``Thumb``);
items of a numbered list (``<ol>``) get their number, as a browser draws them (WordPress comment
lists); runs of white space are one space, as on screen, except in ``<pre>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["declared_charset", "looks_like_html", "page_text"]

# Elements whose content is never shown.
_HIDDEN = frozenset(
    {"head", "script", "style", "template", "noscript", "select", "textarea", "button", "svg", "iframe"}
)
# Elements that stand apart by a blank line, and the other block elements, which start a new line.
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr", "figure"})
_BLOCKS = _PARAGRAPHS | frozenset(
    {
        "address",
        "article",
        "aside",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "footer",
        "form",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "section",
        "summary",
        "tr",
        "ul",
        "body",
        "html",
    }
)
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source"})
_FIRST_HTML_TAG = re.compile(r"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` (a file's start) is an HTML document: its first element, after any XML
    declaration and comments, is a doctype ``html``, ``<html>``, ``<head>`` or ``<body>`` (an XML
    export quoting HTML in a message is not).

    Examples:
        >>> looks_like_html("<!DOCTYPE html>\\n<html><body>hi</body></html>"), looks_like_html("Title\\n<b>x</b>")
        (True, False)
        >>> looks_like_html("<?xml version='1.0'?><disqus><post><message><![CDATA[<html>]]></message></post></disqus>")
        False
    """
    return _FIRST_HTML_TAG.match(text[:4096].lstrip("\ufeff")) is not None


def declared_charset(raw: bytes) -> str | None:
    """The character set a page's ``<meta>`` declares in its first bytes, if any.

    Examples:
        >>> declared_charset(b'<html><head><meta charset="windows-1256"></head>')
        'windows-1256'
        >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
        'Shift_JIS'
    """
    found = _CHARSET.search(raw[:4096])
    return found.group(1).decode("ascii") if found else None


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden: list[str] = []  # open hidden elements
        self.pre = 0
        self.lists: list[list[int]] = []  # per open list: [next number] for <ol>, [] for <ul>
        self.after_marker = False  # the current line holds only a list number so far
        self.pending = 0  # line breaks owed before the next text: 1 (new line) or 2 (blank line)

    def _break(self, blank: bool) -> None:
        if self.after_marker:  # a block right after a number stays on its line, as drawn
            return
        self.pending = max(self.pending, 2 if blank else 1)

    def _emit(self, text: str) -> None:
        if self.pending:
            if self.out:
                self.out.append("\n" * self.pending)
            self.pending = 0
        self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.hidden:
            if tag in _HIDDEN and tag not in _VOID:
                self.hidden.append(tag)
            return
        if tag in _HIDDEN:
            self.hidden.append(tag)
        elif tag == "br":
            self._emit("\n")
            self.after_marker = False
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self.handle_data(f" {alt.strip()} ")
        elif tag in _BLOCKS:
            self._break(tag in _PARAGRAPHS)
            if tag == "pre":
                self.pre += 1
            elif tag in ("ol", "ul"):
                start = dict(attrs).get("start") or "1"
                self.lists.append([int(start) if start.strip().isdigit() else 1] if tag == "ol" else [])
            elif tag == "li" and self.lists and self.lists[-1]:
                value = dict(attrs).get("value") or ""
                number = int(value) if value.strip().isdigit() else self.lists[-1][0]
                self.lists[-1][0] = number + 1
                self._emit(f"{number}. ")
                self.after_marker = True

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            elif tag in self.hidden:  # an unclosed hidden element inside: close up to it
                del self.hidden[self.hidden.index(tag) :]
            return
        if tag in ("td", "th"):
            self.handle_data(" ")
        elif tag in _BLOCKS:
            self.after_marker = False
            self._break(tag in _PARAGRAPHS)
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
            elif tag in ("ol", "ul") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.pre:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
            if data.startswith(" ") and (self.pending or not self.out or self.out[-1].endswith((" ", "\n"))):
                data = data[1:]  # white space between tags: one space on screen, none at a line's start
        if data.strip():
            self.after_marker = False
            self._emit(data)
        elif data and not self.pending:
            self.out.append(data)


def page_text(html: str) -> str:
    """The text a browser shows for ``html``, one line per rendered line, blank lines between
    paragraphs (never two in a row), each line stripped.

    Examples:
        >>> page_text("<html><head><title>t</title><script>x()</script></head><body><h1>Title</h1>"
        ...           "<p>One<br>two &amp; <b>three</b></p><ol><li><p>First</p></li><li>Second</li></ol></body></html>")
        'Title\\n\\nOne\\ntwo & three\\n\\n1. First\\n\\n2. Second\\n'
    """
    parser = _Lines()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" \t\u00a0") for line in "".join(parser.out).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
