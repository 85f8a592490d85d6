"""Which column of a table is the comment time and which the article date, judged on the rows.

A column whose values differ from row to row within one article is a comment time, never an
article date: a ``published*`` column is the article's date only when it is the same on every
row of each article (YouTube's ``publishedAt`` is the comment's own time). Where no column is
named as a comment time, a column named like a time (``comment_date``, ``published_time`` ...)
whose values read as times and differ within an article is taken, and the report says so; where
none is found, the report says that and lists the columns considered. The choice is made on
the first chunk of rows (:data:`.table_chunks.CHUNK_ROWS`) and stated in the load report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .timestamps import parse_timestamps, unreadable_timestamps

__all__ = ["decide_time_columns", "differs_within_articles"]

# Names that may hold a time, and of those the ones that hold an edit time, not the posting time.
_TIMEISH = re.compile(r"time|date|created|published|posted|updated|modified|edited", re.IGNORECASE)
_EDIT_TIME = re.compile(r"updated|modified|edited", re.IGNORECASE)
# Share of non-empty cells that must read as times before a column is guessed to be the comment time.
_READABLE = 0.8


def differs_within_articles(values: pd.Series, keys: pd.Series) -> bool:
    """Whether some article (rows of one ``keys`` value) has two different non-empty ``values``.

    Examples:
        >>> keys = pd.Series(["v1", "v1", "v2"])
        >>> differs_within_articles(pd.Series(["10:00", "10:05", "9:00"]), keys)
        True
        >>> differs_within_articles(pd.Series(["Mon", "Mon", "Tue"]), keys)
        False
    """
    text = values.astype("str").fillna("").str.strip()
    given = text != ""
    return bool((text[given].groupby(keys[given], sort=False).nunique() > 1).any())


def _reason_kept(keys: pd.Series) -> str:
    if keys.value_counts().max() <= 1:
        return "no article has two rows here, so it could not be checked"
    return "its values are the same within each article"


def decide_time_columns(
    chunk: pd.DataFrame, spec: dict[str, str], keys: pd.Series, *, mapped: set[str], platform: str = ""
) -> list[str]:
    """Settle ``spec``'s ``timestamp`` and ``published`` columns on the rows of ``chunk`` grouped
    by article ``keys`` (changing ``spec`` in place); returns the report's sentences. Fields the
    user ``mapped`` are kept as mapped."""
    out: list[str] = []
    stamp, published = spec.get("timestamp"), spec.get("published")
    if published and "published" not in mapped and differs_within_articles(chunk[published], keys):
        del spec["published"]
        if stamp is None and "timestamp" not in mapped:
            spec["timestamp"] = published
            out.append(f"{published} read as the comment time: its values differ within an article")
        else:
            out.append(
                f"{published} not read as the article date: its values differ within an article "
                f"(comment times are read from {stamp})"
            )
    elif published:
        out.append(f"{published} read as the article date: {_reason_kept(keys)}")
    stamp = spec.get("timestamp")
    if stamp and stamp != published and re.search("publish", stamp, re.IGNORECASE):
        if differs_within_articles(chunk[stamp], keys):
            out.append(f"{stamp} read as the comment time: its values differ within an article")
        elif platform:
            out.append(f"{stamp} read as the comment time: on {platform} it is the comment's own time")
    if stamp is None and "timestamp" not in mapped:
        out.append(_guess_comment_time(chunk, spec, keys))
    return out


def _guess_comment_time(chunk: pd.DataFrame, spec: dict[str, str], keys: pd.Series) -> str:
    """Take an unused time-like column as the comment time if its values read as times and differ
    within an article; the sentence saying what was chosen, or that none was and what was considered."""
    used = set(spec.values())
    considered: list[str] = []
    for column in [str(c) for c in chunk.columns if str(c) not in used and _TIMEISH.search(str(c))]:
        if _EDIT_TIME.search(column):
            considered.append(f"{column} (an edit time)")
            continue
        values = chunk[column]
        parsed = parse_timestamps(values)
        given = int((values.astype("str").str.strip() != "").sum())
        readable = given - int(unreadable_timestamps(values, parsed).sum())
        if not given:
            considered.append(f"{column} (empty)")
        elif readable < _READABLE * given:
            considered.append(f"{column} (values not read as times)")
        elif not differs_within_articles(values, keys):
            considered.append(f"{column} (the same within each article)")
        else:
            spec["timestamp"] = column
            return (
                f"{column} read as the comment time: its values read as times and differ within an article "
                "(guessed from its name; choose another with --map timestamp=COLUMN)"
            )
    if spec.get("published"):
        considered.insert(0, f"{spec['published']} (the article date)")
    listed = ", ".join(considered) if considered else "none is named like a time (timestamp, date, created_at, ...)"
    return f"no comment-time column: timestamps left missing; columns considered: {listed}"


def mapped_fields(mapping: Mapping[str, str], aliases: Mapping[str, str]) -> set[str]:
    """The fields a user mapping names (aliases such as ``date`` resolved)."""
    return {aliases.get(key.strip(), key.strip()) for key in mapping}
