"""The table formats in the registry: how a CSV, TSV, JSON, JSON Lines or Excel file is recognised.

They share one reader (:func:`.tables.read_table`, told the kind). A header row naming a text
column makes a table (``--map text=COLUMN`` names an unusual one); it wins over a page's
landmarks when the file is named ``.csv``/``.tsv``, and loses to them otherwise. A ``.csv`` or
``.tsv`` file with no recognisable header is still read as that table, which then says which
columns it found.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping

from .json_trees import YTD_PREFIX
from .platforms import column_roles
from .registry import Head, Loader, register
from .table_chunks import delimiter
from .tables import read_table

_TABLE_SUFFIXES = {"csv": (".csv",), "tsv": (".tsv", ".tab")}
# An array in .jsonl, or lines in .json: both read silently; .js: the Twitter/X archive's data files.
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".js")


def header_kind(line: str, mapping: Mapping[str, str] | None) -> str | None:
    """``"csv"`` or ``"tsv"`` if ``line`` is a header row naming a text column, else None.

    Examples:
        >>> header_kind("author\\ttext", None), header_kind("who,msg", None), header_kind("who,msg", {"text": "msg"})
        ('tsv', None, 'csv')
    """
    sep = delimiter(line)
    columns = next(csv.reader([line], delimiter=sep), [])
    if len(columns) < 2:
        return None
    try:
        found = column_roles(columns, mapping)[1]
    except ValueError:
        return None
    return ("tsv" if sep == "\t" else "csv") if "text" in found else None


def json_kind(text: str) -> str | None:
    """``"json"`` (an array, or one object over several lines) or ``"jsonl"`` (one object a line)
    for text starting with ``[`` or ``{`` (or a Twitter/X archive's ``window.YTD.`` prefix); None for other text.

    Examples:
        >>> json_kind('window.YTD.tweets.part0 = [ {'), json_kind('{"a": 1}\\n{"a": 2}'), json_kind("a,b")
        ('json', 'jsonl', None)
    """
    if text.startswith(YTD_PREFIX):
        return "json"
    if not text.startswith(("[", "{")):
        return None
    if text.startswith("["):
        return "json"
    first, _, rest = text.partition("\n")
    try:
        record = json.loads(first)
    except ValueError:
        return "json"  # one object over several lines
    return "jsonl" if isinstance(record, dict) and rest.strip() else "json"


def _delimited(kind: str):
    def sniff(head: Head) -> float:
        if json_kind(head.text):
            return 0.0
        found = header_kind(head.text.split("\n", 1)[0], head.mapping)
        named = any(head.suffix in suffixes for suffixes in _TABLE_SUFFIXES.values())
        if found == kind:
            return 0.8 if named else 0.5
        return 0.2 if head.suffix in _TABLE_SUFFIXES[kind] else 0.0

    return sniff


def _parser(kind: str):
    def parse(binary, report, head: Head):
        return read_table(binary, report, kind=kind, head=head.raw, mapping=head.mapping, header=head.header)

    return parse


register(
    Loader(
        "xlsx",
        "xlsx",
        "an Excel workbook",
        (".xlsx",),
        priority=90,
        parse=_parser("xlsx"),
        sniff=lambda head: 1.0 if head.raw.startswith(b"PK\x03\x04") else 0.0,
    )
)
register(
    Loader(
        "json",
        "json",
        "JSON",
        _JSON_SUFFIXES,
        priority=80,
        parse=_parser("json"),
        sniff=lambda head: 1.0 if json_kind(head.text) == "json" else 0.0,
    )
)
register(
    Loader(
        "jsonl",
        "jsonl",
        "JSON Lines",
        _JSON_SUFFIXES,
        priority=79,
        parse=_parser("jsonl"),
        sniff=lambda head: 1.0 if json_kind(head.text) == "jsonl" else 0.0,
    )
)
register(
    Loader(
        "csv", "csv", "a CSV table", _TABLE_SUFFIXES["csv"], priority=50, parse=_parser("csv"), sniff=_delimited("csv")
    )
)
register(
    Loader(
        "tsv", "tsv", "a TSV table", _TABLE_SUFFIXES["tsv"], priority=50, parse=_parser("tsv"), sniff=_delimited("tsv")
    )
)
