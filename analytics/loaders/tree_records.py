"""What reading a JSON tree yields: flat comment records with canonical keys, article rows, and
what every other node became (:class:`Tree`), plus the small conversions the platform readers share.

A record's canonical keys (:data:`CANONICAL`) are the table path's field names, mapped explicitly
(nothing is guessed): ``text``, ``author``, ``timestamp`` (ISO 8601 with a zone), ``id``,
``parent`` (the parent comment's own id, empty for top-level), ``article`` (the article key),
``is_deleted`` and ``reply_to_author``. The record's other scalar fields keep their own names.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

#: The keys a tree record may set for the table path, each the name of a table field.
CANONICAL = ("text", "author", "timestamp", "id", "parent", "article", "title", "is_deleted", "reply_to_author")


@dataclass
class Tree:
    """Comment records read from a JSON document of a known shape, and what else it held.

    ``roles`` counts nodes that are not comments by what they were (``article``, ``more-stub``,
    ``repeat``); ``skipped`` lists nodes read as nothing, with the reason; ``articles`` maps an
    article key (the records' ``article``) to its ``title``, ``body`` and ``published`` (text).
    ``explicit``: the records use :data:`CANONICAL` keys (False: generic records whose columns
    the table path recognises by name).
    """

    shape: str
    records: list[dict[str, str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    articles: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    roles: Counter = field(default_factory=Counter)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    explicit: bool = True
    fields: str = ""  # which node fields the canonical keys are read from, for the report
    nodes: int = 0
    seen: set[str] = field(default_factory=set)

    def number(self) -> int:
        """The next node's 1-based number, the one the report names it by."""
        self.nodes += 1
        return self.nodes

    def add(self, record: dict[str, str], number: int, *, key: str = "id") -> None:
        """Keep ``record`` unless a record with the same platform id was kept before (a paged dump
        repeating a page): such a repeat is counted once, under ``roles["repeat"]``."""
        own = record.get(key, "")
        if own:
            if own in self.seen:
                self.roles["repeat"] += 1
                return
            self.seen.add(own)
        self.records.append(record)
        self.numbers.append(number)

    def skip(self, number: int, reason: str, node: object) -> None:
        self.skipped.append((number, reason, shown(node)))

    def article(
        self, key: str, title: object = "", body: object = "", published: object = "", *, node: bool = False
    ) -> None:
        """Record the article ``key``'s row: from the article ``node`` itself (replacing any row), or
        from what a comment says about it (kept only while the article has no row)."""
        if key in self.articles and not node:
            return
        self.articles[key] = {"title": scalar(title).strip(), "body": scalar(body), "published": scalar(published)}

    def repeats_note(self) -> None:
        if self.roles["repeat"]:
            self.notes.append(
                f"{self.roles['repeat']} record(s) repeat the id of a record read before (overlapping pages "
                "of a dump): each counted once"
            )


def shown(node: object) -> str:
    """A node as the report shows it: its JSON, cut at 300 characters."""
    return json.dumps(node, ensure_ascii=False)[:300]


def scalar(value: object) -> str:
    """A JSON scalar as a table cell.

    Examples:
        >>> scalar(None), scalar(True), scalar(3), scalar(2.5), scalar("x")
        ('', 'true', '3', '2.5', 'x')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def epoch_time(value: object) -> str:
    """Unix seconds (int or float; milliseconds when 1e11 or more) as ISO 8601 in UTC; other
    values as they are (the table path then counts them as unreadable).

    Examples:
        >>> epoch_time(1539202764), epoch_time(1539202764.5), epoch_time(1539202764000)
        ('2018-10-10T20:19:24+00:00', '2018-10-10T20:19:24.500000+00:00', '2018-10-10T20:19:24+00:00')
        >>> epoch_time(""), epoch_time("soon")
        ('', 'soon')
    """
    if value is None or isinstance(value, bool) or value == "":
        return scalar(value)
    try:
        seconds = float(value)
        if abs(seconds) >= 1e11:
            seconds /= 1000
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return scalar(value)


def extras(node: dict, used: frozenset[str] | set[str], prefix: str = "", *, arrays: bool = False) -> dict[str, str]:
    """``node``'s fields not in ``used``, as cells: nested objects as ``outer.inner``; arrays (the
    tree's structure, tags, awards) are not kept unless ``arrays`` (then as JSON text, as a flat
    JSON table keeps them).

    Examples:
        >>> extras({"score": 3, "body": "x", "kids": [1], "a": {"b": None}}, {"body"})
        {'score': '3', 'a.b': ''}
        >>> extras({"kids": [1, 2]}, set(), arrays=True)
        {'kids': '[1, 2]'}
    """
    out: dict[str, str] = {}
    for key, value in node.items():
        if key in used or (isinstance(value, list) and not arrays):
            continue
        if isinstance(value, dict):
            out.update(extras(value, frozenset(), f"{prefix}{key}.", arrays=arrays))
        else:
            out[f"{prefix}{key}"] = scalar(value)
    return out


def comment(extra: dict[str, str], **canonical: object) -> dict[str, str]:
    """A record: the node's other fields, then the canonical keys (which win a name clash)."""
    record = {k: v for k, v in extra.items() if k not in CANONICAL}
    record.update({k: scalar(v) for k, v in canonical.items()})
    return record
