"""CSV and TSV files without a header row: telling a first row of data from a header.

A first row is read as data when none of its cells names a known field and some of its cells
could not be column names while the rows below hold the same kind of value in that column: a
number or a date-time where a name would be, or a sentence (more than four words, or more than
40 characters). Such a file's columns are named by position, 1-based (``"1"``, ``"2"`` ...), and
a mapping names them so: ``--map text=2``. ``--no-header`` (``load(..., header=False)``) says so
without the guess.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from .table_columns import recognised_columns

__all__ = ["first_row_reads_as_data", "positions_note", "sample_rows", "unmapped_complaint"]

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:[eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?:[ ,T].*)?$")
_SAMPLE_ROWS = 20


def _kind(cell: str) -> str:
    cell = cell.strip()
    if not cell:
        return "empty"
    if _NUMBER.match(cell):
        return "number"
    if _DATE.match(cell):
        return "date"
    if len(cell) > 40 or len(cell.split()) > 4:
        return "sentence"
    return "word"


def sample_rows(head_text: str, sep: str) -> list[list[str]]:
    """The first complete records of a delimited file's decoded first bytes (the last, maybe cut
    short, left out when there are others)."""
    text = head_text.lstrip("\ufeff")
    cut = not text.endswith(("\n", "\r"))
    try:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if any(c.strip() for c in r)]
    except csv.Error:
        return []
    if cut and len(rows) > 1:
        rows = rows[:-1]
    return rows[:_SAMPLE_ROWS]


def first_row_reads_as_data(rows: Sequence[Sequence[str]], mapping: Mapping[str, str] | None = None) -> str | None:
    """Why the first of ``rows`` is data, not a header (a short reason for the report), or None.

    A ``mapping`` naming a first-row cell that could not be a column name (the workaround of
    mapping a headerless file's first comment as its text column) also makes it data.

    Examples:
        >>> first_row_reads_as_data([["42", "ann", "I think this is wrong, sadly."], ["43", "bob", "Me too, really."]])
        "cell 1 ('42') is a number and cell 3 ('I think this is wrong, sadly.') a sentence, as in the rows below"
        >>> first_row_reads_as_data([["id", "user", "comment"], ["1", "ann", "hi there you all, friends"]]) is None
        True
        >>> first_row_reads_as_data([["who", "msg"], ["ann", "hello"]]) is None
        True
    """
    if not rows:
        return None
    first = [str(c) for c in rows[0]]
    try:
        if recognised_columns(first):
            return None
    except ValueError:
        return None
    named = [c for c in (mapping or {}).values() if c in first and _kind(c) in ("sentence", "number", "date")]
    if named:
        return f"the mapping names {named[0]!r}, which reads as a value, not a column name"
    below = rows[1:]
    if not below:
        return None
    evidence = []
    for k, cell in enumerate(first):
        kind = _kind(cell)
        if kind not in ("number", "date", "sentence"):
            continue
        kinds = [_kind(r[k]) for r in below if k < len(r) and r[k].strip()]
        alike = ("sentence", "word") if kind == "sentence" else (kind,)  # a text column holds short texts too
        if kinds and sum(x in alike for x in kinds) * 2 >= len(kinds):
            evidence.append((k, cell, kind))
    if not evidence:
        return None
    said = [
        f"cell {k + 1} ({cell[:40]!r}) {'is ' if i == 0 else ''}a {kind}"
        for i, (k, cell, kind) in enumerate(evidence[:2])
    ]
    return " and ".join(said) + ", as in the rows below"


def positions_note(n: int, reason: str | None) -> str:
    """The report line for a file read without a header row."""
    why = f"its first row reads as data ({reason})" if reason else "as asked (--no-header)"
    return f"no header row, {why}: every row is a comment and columns are named by position, 1 to {n}"


def unmapped_complaint(first_row: Sequence[str]) -> str:
    """The one-line error for a headerless file whose text column is not named.

    Examples:
        >>> unmapped_complaint(["42", "ann", "I think so"])
        "no header row and no column for the comment text: name it by position, 1-based (--map text=3); first row: 1='42', 2='ann', 3='I think so'"
    """
    cells = ", ".join(f"{k}={str(c)[:60]!r}" for k, c in enumerate(first_row, 1))
    longest = max(range(len(first_row)), key=lambda k: len(str(first_row[k])), default=0) + 1
    return (
        f"no header row and no column for the comment text: name it by position, 1-based (--map text={longest}); "
        f"first row: {cells}"
    )
