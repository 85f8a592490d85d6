"""Message HTML (Disqus, WordPress) to the plain text the contract's ``text`` holds."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that start a new paragraph; ``<br>`` starts a new line.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "hr",
    }
)
_HIDDEN = frozenset({"script", "style", "template"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of ``html``: tags dropped, entities decoded, ``<p>`` and other blocks separated by
    a blank line, ``<br>`` as a line break, line breaks already in the text kept.

    Examples:
        >>> plain_text("<p>Hello, <b>World</b> &amp; co.</p><p>Line one<br/>line two</p>")
        'Hello, World & co.\\n\\nLine one\\nline two'
        >>> plain_text("plain text\\nwith a break, and 1 < 2")
        'plain text\\nwith a break, and 1 < 2'
        >>> plain_text("<script>alert(1)</script>ok")
        'ok'
    """
    if "<" not in html and "&" not in html:
        text = html
    else:
        parser = _Text()
        parser.feed(html)
        parser.close()
        text = "".join(parser.parts)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# A tag as HTML writes it (a known element, attributes as name="value"), or a character reference:
# ``a<b && c>d``, ``<3`` and ``AT&T`` are not markup and are never touched.
_TAGS = (
    "a|abbr|b|big|blockquote|br|center|cite|code|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|"
    "s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul"
)
_MARKUP = re.compile(
    rf"</?(?:{_TAGS})(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*\s*/?>"
    r"|&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.IGNORECASE,
)


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag or a character reference (``&amp;``, ``&#x27;``).

    Examples:
        >>> has_markup("isn&#x27;t a good"), has_markup("<p>Hi</p>"), has_markup('<a href="x">y</a>')
        (True, True, True)
        >>> has_markup("a < b and c > d"), has_markup("I <3 you"), has_markup("if a<b && c>d"), has_markup("AT&T")
        (False, False, False, False)
    """
    return ("<" in text or "&" in text) and _MARKUP.search(text) is not None


def cleaned_texts(texts: list[str]) -> tuple[list[str], int]:
    """``texts`` with those holding markup (:func:`has_markup`) turned into :func:`plain_text`,
    and how many were: the step every loader whose text may hold HTML takes, so that one comment
    reads the same whichever route it came by.

    Examples:
        >>> cleaned_texts(["isn&#x27;t a good", "a < b", "<p>One</p><p>Two <a href='u'>link</a></p>"])
        (["isn't a good", 'a < b', 'One\\n\\nTwo link'], 2)
    """
    out = list(texts)
    cleaned = 0
    for k, text in enumerate(texts):
        if has_markup(text):
            out[k] = plain_text(text)
            cleaned += 1
    return out, cleaned


def cleaned_note(count: int) -> str:
    """The load report's line for ``count`` texts cleaned of markup."""
    return f"{count} text(s) held HTML markup or entities: tags stripped, entities decoded, paragraphs kept"
