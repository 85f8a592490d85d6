"""Nested and wrapped JSON read as comment records for the table path.

:func:`read_tree` recognises a parsed document's shape: a platform's API document
(:mod:`.json_platforms`: Reddit, YouTube, Hacker News, Twitter/X archive, Facebook scraper,
Duoshuo), or an object holding several arrays (a Disqus API dump ``{"posts": [...], "threads":
[...]}``), of which the array of comment-like records is read and another joined as articles.
The user may name the array (``records="data.comments"``, ``--records``). The result
(:class:`.tree_records.Tree`) becomes frames of string cells with :func:`tree_frames`; every
guess is stated in the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from ..model.load_report import FileReport, LoadError
from .json_platforms import READERS
from .table_columns import FIELD_NAMES, recognised_columns
from .tree_records import CANONICAL, Tree, extras, scalar

#: The ``window.YTD.<name>.part<N> = `` prefix of the Twitter/X archive's data files.
YTD_PREFIX = "window.YTD."
#: How deep into a document arrays are looked for (for the choice and the error naming them).
_DEPTH = 4


def strip_js_prefix(text: str) -> tuple[str, bool]:
    """``text`` without a Twitter/X archive's ``window.YTD.tweets.part0 =`` prefix, and whether it had one.

    Examples:
        >>> strip_js_prefix('window.YTD.tweets.part0 = [ {"tweet": {}} ]')
        ('[ {"tweet": {}} ]', True)
        >>> strip_js_prefix('[1]')
        ('[1]', False)
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith(YTD_PREFIX):
        return text, False
    head, sep, rest = stripped.partition("=")
    return (rest.lstrip(), True) if sep and "\n" not in head else (text, False)


def starts_tree(first: object) -> bool:
    """Whether a top-level array whose first value is ``first`` holds a platform's items (read
    whole as a tree) rather than flat records (streamed)."""
    try:
        return any(read([first], "") is not None for read in READERS)
    except RecursionError:
        return False


def read_tree(
    document: object, source: str, *, records: str | None = None, mapping: Mapping[str, str] | None = None
) -> Tree | None:
    """The comment records of a parsed JSON ``document``, or None for a document of no known shape
    holding at most one array (the table path reads those as before).

    Raises :class:`LoadError` for a ``records`` path naming nothing readable (listing the arrays
    found), an object whose arrays hold no comment-like records, and a shape with no comments.
    """
    try:
        tree = _read(document, source, records, mapping)
    except RecursionError:
        raise LoadError(source, "JSON nested too deeply to read") from None
    if tree is None:
        return None
    if not tree.records:
        raise LoadError(source, f"no comments: {tree.notes[0] if tree.notes else 'read as ' + tree.shape}")
    tree.repeats_note()
    return tree


def _read(document: object, source: str, records: str | None, mapping: Mapping[str, str] | None) -> Tree | None:
    if records:
        document = _at_path(document, records, source)
    tree = None
    for read in READERS:
        tree = tree or read(document, source)
    if tree is None and records:
        tree = _records_tree(document, f"the array {records!r} (--records)")
        _drop_repeats(tree, _comment_columns(tree.records, mapping))
    elif tree is None and isinstance(document, dict) and len(_arrays(document, 1)) >= 2:
        tree = _several_arrays(document, source, mapping)
    return tree


# --- arrays in an object --------------------------------------------------------------------------------


def _arrays(document: object, depth: int = _DEPTH, prefix: str = "") -> dict[str, list]:
    """The arrays of objects in ``document`` by dotted path, shallow ones first."""
    found: dict[str, list] = {}
    if not isinstance(document, dict) or depth <= 0:
        return found
    for key, value in document.items():
        if isinstance(value, list) and value and sum(isinstance(v, dict) for v in value) * 2 > len(value):
            found[f"{prefix}{key}"] = value
    for key, value in document.items():
        if isinstance(value, dict):
            found.update(_arrays(value, depth - 1, f"{prefix}{key}."))
    return found


def _at_path(document: object, path: str, source: str) -> object:
    at = document
    for part in path.split("."):
        if isinstance(at, dict) and part in at:
            at = at[part]
        elif isinstance(at, list) and part.isdigit() and int(part) < len(at):
            at = at[int(part)]
        else:
            found = list(_arrays(document)) or ["none"]
            raise LoadError(source, f"--records {path!r}: no such key; arrays of objects found: {', '.join(found)}")
    if not isinstance(at, list):
        found = list(_arrays(document)) or ["none"]
        raise LoadError(
            source,
            f"--records {path!r} holds a JSON {type(at).__name__}, not an array; arrays found: {', '.join(found)}",
        )
    return at


def _records_tree(values: list, shape: str) -> Tree:
    """Generic records (columns recognised by name): each object flattened, anything else skipped."""
    tree = Tree(shape, explicit=False)
    for value in values:
        number = tree.number()
        if isinstance(value, dict):
            tree.add(extras(value, frozenset(), arrays=True), number, key="")
        else:
            tree.skip(number, f"a JSON {type(value).__name__}, not an object", value)
    tree.notes.insert(0, f"read {shape}: {len(tree.records)} record(s)")
    return tree


def _comment_columns(flat: list[dict[str, str]], mapping: Mapping[str, str] | None) -> dict[str, str]:
    columns = list(dict.fromkeys(k for r in flat for k in r))
    try:
        return recognised_columns(columns, mapping=mapping)
    except ValueError:  # a mapping naming columns of another array: judge by names alone
        return recognised_columns(columns)


def _comment_like(flat: list[dict[str, str]], found: dict[str, str]) -> int:
    """How many records have both a text and an author."""
    if "text" not in found or "author" not in found:
        return 0
    text, author = found["text"], found["author"]
    return sum(1 for r in flat if r.get(text, "").strip() and r.get(author, "").strip())


def _drop_repeats(tree: Tree, found: dict[str, str]) -> None:
    """Drop records repeating the id (the ``found`` id column) of one read before: paged dumps overlap."""
    if "id" not in found:
        return
    kept, numbers, seen = [], [], set()
    for record, number in zip(tree.records, tree.numbers):
        own = record.get(found["id"], "")
        if own and own in seen:
            tree.roles["repeat"] += 1
            continue
        seen.add(own)
        kept.append(record)
        numbers.append(number)
    tree.records, tree.numbers = kept, numbers


def _several_arrays(document: dict, source: str, mapping: Mapping[str, str] | None) -> Tree:
    arrays = _arrays(document, 1)
    flats = {
        key: [extras(v, frozenset(), arrays=True) for v in values if isinstance(v, dict)]
        for key, values in arrays.items()
    }
    columns = {key: _comment_columns(flat, mapping) for key, flat in flats.items()}
    scores = {key: _comment_like(flats[key], columns[key]) for key in arrays}
    best = max(scores, key=lambda k: scores[k])
    if not scores[best]:
        raise LoadError(
            source,
            f"a JSON object with several arrays ({', '.join(arrays)}) and none of comment-like records "
            "(a text and an author field); name the comments' array with --records KEY",
        )
    tree = _records_tree(arrays[best], f"the array {best!r}")
    found = columns[best]
    _drop_repeats(tree, found)
    others = [f"{k!r} ({len(v)})" for k, v in arrays.items() if k != best]
    tree.notes[0] = (
        f"a JSON object with several arrays: read the comments from {best!r} ({len(tree.records)} record(s) with "
        f"{scores[best]} having text and author, the most of any array); not read as comments: {', '.join(others)}"
    )
    if "article" in found:
        _join_articles(tree, found["article"], {k: v for k, v in flats.items() if k != best})
    return tree


def _join_articles(tree: Tree, column: str, others: dict[str, list[dict[str, str]]]) -> None:
    """Article rows from the array whose ids match the comments' ``column`` values most."""
    keys = {r.get(column, "") for r in tree.records} - {""}
    best, best_field, best_hits = None, "", 0
    for name, flat in others.items():
        fields = dict.fromkeys(k for r in flat for k in r)
        for field in fields:
            hits = len(keys & {r.get(field, "") for r in flat})
            if hits > best_hits:
                best, best_field, best_hits = name, field, hits
    if best is None:
        tree.notes.append(f"no other array has ids matching the comments' {column!r}: articles named by it")
        return
    found = recognised_columns(list(dict.fromkeys(k for r in others[best] for k in r)))
    title, link = found.get("title"), next((c for c in ("link", "url") if any(c in r for r in others[best])), None)
    when = found.get("timestamp") or found.get("published")
    for record in others[best]:
        key = record.get(best_field, "")
        if key in keys and key not in tree.articles:
            name = (record.get(title, "") if title else "") or (record.get(link, "") if link else "") or key
            tree.article(key, name, record.get(found["body"], "") if "body" in found else "", record.get(when, ""))
    tree.notes.append(
        f"articles joined from {best!r} by its {best_field!r} = the comments' {column!r} "
        f"({best_hits} of {len(keys)} article key(s) matched; title from {title or link or 'the key'!r})"
    )
    unmatched = sum(1 for r in others[best] if r.get(best_field, "") not in keys)
    if unmatched:
        tree.notes.append(f"{unmatched} record(s) of {best!r} match no comment: not loaded (articles without comments)")


# --- frames ---------------------------------------------------------------------------------------------


def tree_frames(tree: Tree, report: FileReport, *, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """``tree``'s records as frames of string cells for the table path, its notes, skipped nodes
    and other nodes' roles in ``report``. Each frame's ``attrs["tree"]`` carries the explicit
    column mapping (None: columns recognised by name) and the article rows."""
    report.warnings.extend(tree.notes)
    if tree.fields:
        report.warnings.append(f"fields read: {tree.fields}")
    for number, reason, text in tree.skipped:
        report.skip(number, reason, text)
    report.line_roles.update({role: n for role, n in tree.roles.items() if n})
    columns = list(dict.fromkeys(k for r in tree.records for k in r))
    fields = {k: k for k in CANONICAL if k in FIELD_NAMES and k in columns} if tree.explicit else None
    for start in range(0, len(tree.records), chunk_rows):
        frame = pd.DataFrame.from_records(tree.records[start : start + chunk_rows], columns=columns)
        frame = frame.fillna("").astype("str")
        frame.attrs["records"] = tree.numbers[start : start + chunk_rows]
        frame.attrs["tree"] = {"fields": fields, "articles": tree.articles}
        yield frame


__all__ = ["YTD_PREFIX", "read_tree", "scalar", "starts_tree", "strip_js_prefix", "tree_frames"]
