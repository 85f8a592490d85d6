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
