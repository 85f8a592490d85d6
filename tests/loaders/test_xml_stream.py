"""XML records read as a stream: file lines, the undeclared-prefix repair, and what is never read."""

from __future__ import annotations

import io

import pytest

from analytics.loaders.xml_stream import UNDECLARED, undeclared_prefixes, xml_records
from analytics.model.load_report import FileReport, LoadError


def records(raw: bytes, root: str = "r", depth: int = 1) -> tuple[list[tuple[int, str]], FileReport]:
    report = FileReport("x.xml", "test", "utf-8", "")
    got = [
        (line, e.tag) for line, e in xml_records(io.BytesIO(raw), report, root_name=root, what="a test", depth=depth)
    ]
    return got, report


def test_records_come_with_the_line_their_start_tag_is_on():
    raw = b'<?xml version="1.0"?>\n<!-- a\ncomment -->\n<r>\n  <a>\n    text\n  </a><b/>\n\n  <c\n    x="1"/>\n</r>\n'
    assert records(raw)[0] == [(5, "a"), (7, "b"), (9, "c")]


def test_records_past_the_first_chunk_keep_their_lines():
    raw = b"<r>\n" + b"<a>x</a>\n" * 200_000 + b"<last/>\n</r>"
    got, _ = records(raw)
    assert len(got) == 200_001 and got[-1] == (200_002, "last") and got[1] == (3, "a")


def test_an_entity_declaration_is_refused_wherever_it_is():
    raw = b"<!--" + b"x" * 100_000 + b'--><!DOCTYPE r [<!ENTITY e "boom">]><r><a>&e;</a></r>'
    with pytest.raises(LoadError, match="x.xml: XML with entity declarations \\(not accepted"):
        records(raw)


def test_an_undefined_entity_is_not_well_formed():
    with pytest.raises(LoadError, match="not well-formed XML \\(undefined entity"):
        records(b"<r><a>&nbsp;</a></r>")


def test_a_prefix_undeclared_past_the_first_chunk_is_a_one_line_error():
    raw = b"<r>\n" + b"<a>x</a>\n" * 200_000 + b"<zz:late/>\n</r>"
    with pytest.raises(LoadError, match="not well-formed XML \\(unbound prefix: line 200002"):
        records(raw)


def test_the_repair_keeps_line_numbers_and_names_what_it_declared():
    raw = b'<?xml version="1.0"?>\n<rss\n  version="2.0">\n<channel>\n<atom:link href="x"/>\n</channel>\n</rss>'
    got, report = records(raw, root="rss", depth=2)
    assert got == [(5, f"{{{UNDECLARED}atom}}link")]
    assert report.warnings == [
        "the file uses namespace prefix(es) atom without declaring them (not well-formed XML as written): "
        "read with them declared on the root element; nothing else was changed"
    ]


@pytest.mark.parametrize(
    "head, added",
    [
        (b'<rss xmlns:atom="http://www.w3.org/2005/Atom"><atom:link/></rss>', False),
        (b"<!DOCTYPE rss><rss><x:y/></rss>", True),
        (b"no xml here", False),
    ],
)
def test_undeclared_prefixes(head, added):
    fixed, prefixes = undeclared_prefixes(head)
    assert ("x" in prefixes) is (added and b"x:y" in head)
    assert ("atom" in prefixes) is (b"<rss" in head and b"xmlns:atom" not in head)
    assert fixed.count(b"\n") == head.count(b"\n")


def test_wrong_root_is_a_one_line_error():
    with pytest.raises(LoadError, match="expected a test \\(root element <r>\\), found <feed>"):
        records(b"<feed/>")
