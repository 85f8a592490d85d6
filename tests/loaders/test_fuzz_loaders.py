"""Fuzzing the loaders (reduced for CI): random bytes and mutated files through every loader.

Only :class:`analytics.LoadError` may come out, and a loaded corpus accounts for every line
or record (the property is :func:`bench.fuzz.check`). The longer run is
``python -m bench.fuzz --minutes 10``; a failure found there is replayed here by adding its
bytes to ``test_known_inputs``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import analytics
from analytics.loaders import SUPPORTED_SUFFIXES
from bench import fuzz


def ci(examples: int) -> settings:
    """A bounded run: a few hundred examples in all keep this file under a minute on a slow machine."""
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@ci(200)
@given(fuzz.random_inputs())
def test_random_bytes_under_every_extension(case):
    fuzz.check(*case)


@ci(500)
@given(fuzz.mutated_inputs())
def test_mutated_files(case):
    fuzz.check(*case)


@ci(80)
@given(fuzz.mutated_pairs())
def test_mutated_export_pairs(case):
    fuzz.check_pair(*case)


@pytest.mark.parametrize("name, raw", fuzz.seeds(), ids=[name for name, _ in fuzz.seeds()])
def test_every_seed_loads_and_accounts_for_every_line(name, raw):
    """The seeds themselves load (else the mutations would test only the error paths)."""
    assert fuzz.check(raw, name) == "loaded"


def test_the_seeds_reach_every_format():
    formats = {f.format for name, raw in fuzz.seeds() for f in analytics.load_bytes(raw, name).report.files}
    assert {"naharnet-page", "wordpress-page", "disqus-xml", "wordpress-wxr", "blogger-atom"} <= formats
    assert sum(1 for f in formats if f.lower().startswith(("csv", "tsv", "json", "excel"))) >= 4 or len(formats) >= 8, (
        formats
    )
    assert fuzz.check_pair(*fuzz.export_pair()) == "loaded"


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00" * 64,
        b"\xff\xfe\x00",
        b"PK\x03\x04broken",
        b"%PDF-1.4",
        b"\n\n\n",
        b"\xef\xbb\xbf",
        b"<",
        b"[",
        b"{",
        b'"',
        b"a,b\n",
    ],
)
def test_known_inputs(raw, suffix):
    """Edge cases, and inputs the longer fuzz runs found (add them here)."""
    fuzz.check(raw, "x" + suffix)


def _billion_laughs(pad: int) -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (
        f'<?xml version="1.0"?>\n<!-- <disqus> {"x" * pad} -->\n<!DOCTYPE disqus [{entities}]>\n'
        '<disqus xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1"><title>&l9;</title></thread>'
        '<post><message>hi</message><thread dsq:id="1" /></post></disqus>'
    ).encode()


@pytest.mark.parametrize("pad", [0, 9000, 70_000])
def test_entity_expansion_is_refused_wherever_the_declaration_is(pad):
    """Entity declarations early are refused by the format check, later ones by the XML parser's
    amplification limit; either way a LoadError, never a billion 'lol's in memory."""
    with pytest.raises(analytics.LoadError):
        analytics.load_bytes(_billion_laughs(pad), "export.xml")


def test_external_entities_are_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doc = (
        f'<?xml version="1.0"?>\n<!-- {"x" * 9000} -->\n<!DOCTYPE disqus [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<disqus xmlns:dsq="http://disqus.com/disqus-internals"><post><message>&s;</message></post></disqus>'
    )
    try:
        corpus = analytics.load_bytes(doc.encode(), "export.xml")
    except analytics.LoadError as err:
        assert "TOP-SECRET" not in str(err)
    else:
        assert not corpus.comments["text"].str.contains("TOP-SECRET").any()


# --- regressions: inputs the fuzzer found, each with what should happen -----------------------------------


def test_trailing_delimiters_do_not_shift_the_columns():
    """A CSV whose rows end with a comma the header lacks: pandas made the first column an index."""
    corpus = analytics.load_bytes(b"author,text\ngeha,hello,\nrealist,yo,\n", "x.csv")
    assert corpus.comments[["author", "text"]].to_dict("list") == {
        "author": ["geha", "realist"],
        "text": ["hello", "yo"],
    }
    extra = analytics.load_bytes(b"author,text\ngeha,hello,a,b\nrealist,yo\n", "x.csv")
    assert extra.comments["text"].tolist() == ["hello", "yo"]
    assert any("more cells than the header" in w for w in extra.report.files[0].warnings)


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("page.txt", b"Comments 8", b"Comments 99999999999999999999"),
        ("blog.txt", b"3 thoughts", b"99999999999999999999 thoughts"),
    ],
)
def test_an_impossible_comment_count_is_ignored_with_a_warning(name, old, new):
    raw = dict(fuzz.seeds())["sample.txt" if name == "page.txt" else "wordpress.txt"]
    assert old in raw
    corpus = analytics.load_bytes(raw.replace(old, new), name)
    assert corpus.articles["declared_comments"].isna().all()
    assert any("impossible count" in w or "too large" in w for w in corpus.report.files[0].warnings)


def test_load_error_is_one_line_even_for_a_header_with_a_line_break():
    with pytest.raises(analytics.LoadError) as err:
        analytics.load_bytes(b'"a\nb",c\n1,2\n', "x.csv")
    assert "\n" not in str(err.value) and str(err.value).startswith("x.csv: ")


def test_a_carriage_return_in_an_export_header_is_a_load_error():
    from analytics.loaders import load_files

    with pytest.raises(analytics.LoadError):
        load_files([("articles.csv", b"a\rb,c\n"), ("comments.csv", b"x,y\n")])


def test_the_seeds_reach_every_json_tree_shape():
    """The hand-written tree fixtures are seeds (tests/fixtures), so mutations reach every tree reader."""
    warnings = [w for name, raw in fuzz.seeds() for w in analytics.load_bytes(raw, name).report.all_warnings]
    for shape in (
        "read as a Reddit comment listing",
        "read as YouTube Data API comment pages",
        "read as Hacker News items",
        "read as a Twitter/X archive",
        "read as Facebook scraper JSON",
        "read as a Duoshuo export",
        "a JSON object with several arrays: read the comments from",
    ):
        assert any(shape in w for w in warnings), shape
