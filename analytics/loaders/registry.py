"""The loaders' registry: every input format as one :class:`Loader` record, chosen by content.

A loader module describes its format once, at its end::

    register(Loader(name="disqus-xml", kind="disqus", what="a Disqus XML export", suffixes=(".xml",),
                    sniff=sniff, parse=parse, priority=90))

and :func:`analytics.load` reads a file with the loader whose ``sniff`` is most confident about
its first bytes (:func:`best`); equal confidences go to the higher ``priority``, so the order of
precedence is data, here, not the order of an if/elif chain. Adding a format is one module and
its ``register`` call (imported in ``loaders/__init__.py``).

The checks that no format can pass (empty files, images and archives, XML with entity
declarations) come first, and a saved HTML page goes to the page layouts, in :mod:`.sniff`, which also words the warning for a file whose
extension says another format. Threadscope's own export (``articles.csv`` + ``comments.csv``)
is two files read together: it is recognised by its file names and headers
(:func:`.threadscope_csv.pair_heads_match`), before any file is offered to the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model.load_report import FileReport

__all__ = ["Head", "Loader", "LOADERS", "best", "claiming", "register", "unregister"]


@dataclass(frozen=True)
class Head:
    """What a sniff looks at: the file's first bytes (``raw``, at most :data:`.sniff.HEAD_BYTES`;
    the whole file for a text loader's second look), its name and lower-case ``suffix``, the
    start of its ``text`` (decoded, line breaks made ``\\n``, a leading BOM and blank space
    dropped), the column ``mapping`` the user gave for tables and whether their first row is a
    ``header`` (None: tell from the rows)."""

    raw: bytes
    name: str
    suffix: str
    text: str
    mapping: Mapping[str, str] | None = None
    header: bool | None = None  # tables: False for a file without a header row, None to tell


@dataclass(frozen=True)
class Loader:
    """One input format.

    ``sniff(head)`` is the confidence, 0 to 1, that ``head`` starts a file of this format (0: not
    this format). ``parse(source, report, head)`` reads the whole file and returns ``(articles,
    comments)``: contract frames, or for a page, lists of row dicts (many pages become frames
    at once). ``source`` is a binary stream at byte 0, or for a loader with ``reads_text`` the
    whole file decoded (such a loader is chosen again on the whole text: a page's landmarks
    may lie past its first bytes). ``kind`` groups formats for messages (``"page"``, ``"csv"``,
    ...); ``what`` names the format in them; ``expected`` describes it for an error (``what``
    when empty); ``suffixes`` are the extensions it is expected under.
    """

    name: str
    kind: str
    what: str
    suffixes: tuple[str, ...]
    sniff: Callable[[Head], float]
    parse: Callable[[Any, FileReport, Head], tuple[Any, Any]]
    priority: int
    reads_text: bool = False
    expected: str = ""


#: Every registered loader, highest priority first.
LOADERS: list[Loader] = []


def register(loader: Loader) -> Loader:
    """Add ``loader`` to the registry (replacing one of the same name); returns it."""
    unregister(loader.name)
    LOADERS.append(loader)
    LOADERS.sort(key=lambda known: -known.priority)  # stable: equal priorities keep their order
    return loader


def unregister(name: str) -> None:
    LOADERS[:] = [known for known in LOADERS if known.name != name]


def best(head: Head, *, among: list[Loader] | None = None) -> Loader | None:
    """The loader most confident about ``head`` (ties: the higher priority), or None if none is."""
    found, top = None, 0.0
    for loader in LOADERS if among is None else among:
        confidence = loader.sniff(head)
        if confidence > top:
            found, top = loader, confidence
    return found


def claiming(suffix: str) -> list[Loader]:
    """The loaders that expect files with this extension, highest priority first."""
    return [loader for loader in LOADERS if suffix in loader.suffixes]
