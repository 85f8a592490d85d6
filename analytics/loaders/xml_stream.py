"""XML exports read as a stream of records, safely, with the file line each record starts on.

Every XML loader (Disqus, WordPress WXR, Blogger) reads its file through :func:`xml_records`:
expat, fed a chunk at a time, builds one record element (an element ``depth`` levels under the
root) at a time and drops it from the tree once the loader has it, so memory stays bounded.

Safe by construction (SECURITY.md): an entity declaration anywhere in the file is refused (no
expansion, however small), external entities and DTDs are never loaded (expat fetches nothing
without a handler), and nothing reaches the network.

One repair is made, and said in the report: exports written by WordPress.com and feed tools use
namespace prefixes they never declare (``atom:link`` in a channel), which makes the file not
well-formed XML. Prefixes used but undeclared are declared on the root element, on its own line,
so every line number stays that of the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO
from xml.parsers import expat

from ..model.load_report import FileReport, LoadError

__all__ = ["local_name", "undeclared_prefixes", "xml_records"]

CHUNK_BYTES = 1 << 20
#: The namespace an undeclared prefix ``p`` is given: ``urn:threadscope:undeclared:p``.
UNDECLARED = "urn:threadscope:undeclared:"
#: Prefixes feed and export tools use without declaring them, declared for them when the root does
#: not: the prefixes of a later undeclared use past the first chunk could not be added after the fact.
COMMON_PREFIXES = (
    "atom",
    "content",
    "dc",
    "excerpt",
    "wfw",
    "wp",
    "slash",
    "sy",
    "georss",
    "geo",
    "media",
    "itunes",
    "googleplay",
    "openSearch",
    "thr",
    "gd",
    "blogger",
    "app",
    "dsq",
    "xsi",
)
_NAME = r"[A-Za-z_][\w.-]*"
_ROOT_TAG = re.compile(rb"<(?P<name>[A-Za-z_][\w.:-]*)(?P<attrs>(?:\s+[^\s=>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
_USED_PREFIX = re.compile(rf"(?:</?|\s)({_NAME}):{_NAME}".encode())
_DECLARED_PREFIX = re.compile(rf"xmlns:({_NAME})\s*=".encode())


def local_name(tag: str) -> str:
    """A tag without its namespace.

    Examples:
        >>> local_name("{http://disqus.com}post"), local_name("post")
        ('post', 'post')
    """
    return tag.rsplit("}", 1)[-1]


def _root_start(head: bytes) -> re.Match | None:
    """The root element's start tag in ``head``: the first start tag after the prolog."""
    at = 0
    while True:
        at = head.find(b"<", at)
        if at < 0 or at + 1 >= len(head):
            return None
        nxt = head[at + 1 : at + 2]
        if nxt == b"?":
            at = head.find(b"?>", at)
        elif head.startswith(b"<!--", at):
            at = head.find(b"-->", at)
        elif nxt == b"!":
            at = head.find(b">", at)
        else:
            return _ROOT_TAG.match(head, at)
        if at < 0:
            return None


def undeclared_prefixes(head: bytes) -> tuple[bytes, list[str]]:
    """``head`` (the file's first bytes) with the namespace prefixes its root does not declare
    declared on the root element, and the prefixes so declared (used in ``head`` or common in
    feeds; :data:`COMMON_PREFIXES`). Unchanged when no root start tag is found.

    Examples:
        >>> fixed, added = undeclared_prefixes(b'<rss version="2.0"><atom:link/></rss>')
        >>> b' xmlns:atom="urn:threadscope:undeclared:atom"' in fixed, "atom" in added
        (True, True)
        >>> fixed.endswith(b' version="2.0"><atom:link/></rss>')
        True
    """
    root = _root_start(head)
    if root is None:
        return head, []
    declared = {m.decode() for m in _DECLARED_PREFIX.findall(head)}
    declared_on_root = {m.decode() for m in _DECLARED_PREFIX.findall(root.group("attrs"))}
    used = {m.decode() for m in _USED_PREFIX.findall(head)} - declared - {"xml", "xmlns"}
    added = sorted((used | set(COMMON_PREFIXES)) - declared_on_root - {"xml", "xmlns"})
    if not added:
        return head, []
    decl = b"".join(f' xmlns:{p}="{UNDECLARED}{p}"'.encode() for p in added)
    end_name = root.start("name") + len(root.group("name"))
    return head[:end_name] + decl + head[end_name:], added


class _Builder:
    """Expat handlers building record elements; each finished record is queued with its line.

    Kept lean (a cache of tag names, the root checked by a handler that then gives way): these
    run for every element of files of hundreds of megabytes."""

    def __init__(self, parser, report: FileReport, root_name: str, what: str, depth: int):
        self.parser, self.report, self.root_name, self.what, self.depth = parser, report, root_name, what, depth
        self.tree = ET.TreeBuilder()
        self.stack: list[ET.Element] = []
        self.line = 0  # the line of the record being built
        self.done: list[tuple[int, ET.Element]] = []
        self.undeclared_used: set[str] = set()
        self.tags: dict[str, str] = {}

    def _tag(self, name: str) -> str:
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = "{" + name if "}" in name else name
            if name.startswith(UNDECLARED):
                self.undeclared_used.add(name.split("}")[0][len(UNDECLARED) :])
        return tag

    def root(self, name: str, attrs: dict) -> None:
        if local_name(name) != self.root_name:
            raise LoadError(
                self.report.source,
                f"expected {self.what} (root element <{self.root_name}>), found <{local_name(name)}>",
            )
        self.parser.StartElementHandler = self.start
        self.start(name, attrs)

    def start(self, name: str, attrs: dict) -> None:
        if attrs:
            attrs = {self._tag(k): v for k, v in attrs.items()}
        self.stack.append(self.tree.start(self.tags.get(name) or self._tag(name), attrs))
        if len(self.stack) == self.depth + 1:
            self.line = self.parser.CurrentLineNumber

    def end(self, name: str) -> None:
        elem = self.tree.end(self.tags[name])
        self.stack.pop()
        if len(self.stack) == self.depth:
            self.done.append((self.line, elem))
            self.stack[-1].remove(elem)

    def refuse(self, *_args) -> None:
        """An entity declaration, wherever it is: refused (it could expand without bound)."""
        raise LoadError(
            self.report.source,
            f"XML with entity declarations (not accepted: they could expand without bound); expected {self.what}",
        )


def xml_records(
    binary: BinaryIO, report: FileReport, *, root_name: str, what: str, depth: int = 1
) -> Iterator[tuple[int, ET.Element]]:
    """Yield ``(line, element)`` for each element ``depth`` levels under the root, in file order;
    ``line`` is the line of the file its start tag is on.

    Raises :class:`LoadError` for XML that is not well-formed, declares entities, or whose root
    is not ``root_name``; undeclared namespace prefixes are declared, with a warning in ``report``.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    build = _Builder(parser, report, root_name, what, depth)
    parser.StartElementHandler = build.root
    parser.EndElementHandler = build.end
    parser.CharacterDataHandler = build.tree.data
    parser.EntityDeclHandler = build.refuse
    parser.UnparsedEntityDeclHandler = build.refuse
    added: list[str] = []
    first = True
    try:
        while True:
            chunk = binary.read(CHUNK_BYTES)
            if first:
                chunk, added = undeclared_prefixes(chunk)
                first = False
            parser.Parse(chunk, not chunk)
            yield from build.done
            build.done.clear()
            if not chunk:
                break
    except expat.ExpatError as err:
        raise LoadError(report.source, f"not well-formed XML ({err}); expected {what}") from None
    except (LookupError, ValueError) as err:  # an encoding Python does not know, named in the XML declaration
        raise LoadError(report.source, f"XML in an unknown encoding ({err}); expected {what}") from None
    used = sorted(build.undeclared_used & set(added))
    if used:
        report.warnings.append(
            f"the file uses namespace prefix(es) {', '.join(used)} without declaring them (not well-formed "
            "XML as written): read with them declared on the root element; nothing else was changed"
        )
