"""Stable ids: derived from content, so reloading a file (or loading the same article from
another file) gives the same ids, whatever the order files are read in."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable


def _digest(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def article_id(title: str, body: str) -> str:
    return "a" + _digest(title, body)


def comment_ids(article: str, comments: Iterable[tuple[str, object, str]]) -> list[str]:
    """Ids for ``(author, timestamp, text)`` triples of one article, in display order.

    Exact duplicates (same author, time and text: double posts) get ``-2``, ``-3`` ... in the
    order they are shown.
    """
    seen: Counter = Counter()
    ids = []
    for author, timestamp, text in comments:
        base = "c" + _digest(article, author, timestamp, text)
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids
