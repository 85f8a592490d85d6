"""Fuzzing every loader: random bytes and mutations of real and hand-made files, as uploads.

The property, for any bytes ``raw`` and any file name with a supported extension::

    analytics.load_bytes(raw, name)

either raises :class:`analytics.LoadError` (and nothing else), its message one line that starts
with the file's name, or returns a corpus whose frames pass :func:`analytics.validate` and whose
load report accounts for every input: for each :class:`FileReport`, the line roles add up to
``lines``; the articles and comments it counts are the ones in the frames; for saved pages and
JSON Lines, ``lines`` is the number of lines in the file and every skipped line lies inside it.
The same holds for an export pair (``articles.csv`` + ``comments.csv``) given to
:func:`analytics.loaders.load_files`.

Inputs (Hypothesis strategies, shrunk to a small example on failure):

* random bytes and random text (UTF-8 or a legacy encoding), named with every supported extension;
* mutations of seed files: the bundled Naharnet sample, one small file of every format written
  here (CSV, TSV, JSON array and object, JSON Lines, Excel, Disqus and WordPress XML, a WordPress
  page), the files in ``tests/fixtures/``, and with ``--real`` the validation data in
  ``../shared/data/real/`` (never committed). A mutation flips, inserts, deletes, duplicates or
  swaps bytes and lines, cuts the file, splices in format landmarks (``Comments 3``, comment
  headers, quotes, ``<![CDATA[``, byte-order marks, right-to-left marks...), re-encodes it, and
  names it with its own or another extension;
* mutations of one file of an export pair.

``tests/loaders/test_fuzz_loaders.py`` runs a few hundred examples in CI. The longer run::

    .venv/bin/python -m bench.fuzz --minutes 10          # prints examples run and failures
    .venv/bin/python -m bench.fuzz --minutes 60 --real    # real data among the seeds as well
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import analytics
from analytics.loaders import SUPPORTED_SUFFIXES, LoadError, load_files
from analytics.loaders.pages import read_page
from analytics.model import schema
from analytics.model.load_report import FileReport

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
REAL_HEAD_BYTES = 200_000  # real files are cut to this size as seeds (a cut is a mutation too)
NAMES = ("comments", "upload", "articles", "export", "page", "x")

# --- seeds -----------------------------------------------------------------------------------------

CSV = b"""comment_id,parent_id,author,timestamp,article,title,text
1,,geha,2013-02-20 17:55,a1,"Lavrov warns","First, with a ""quote""
and a line break"
2,1,realist,2013-02-20T18:10:00Z,a1,Lavrov warns,@geha no
3,9,x,not a date,a2,Other,orphan reply
4,,,,a2,Other,
,,,,,,
5,3,trueself,1361382600,a2,Other,=HYPERLINK("x")
"""
JSONL = (
    b'{"user": "a", "text": "hi", "created_at": "2015-01-01T10:00:00+02:00", "thread": "t1"}\n'
    b"\n"
    b'{"user": "b", "text": "@a yo", "meta": {"likes": 3}, "mentions": ["a"], "thread": "t1"}\n'
    b"not json\n"
    b"[1, 2]\n"
    b'{"user": "c", "text": "\\u202eRTL", "thread": "t2", "is_deleted": true}\n'
)
JSON_ARRAY = (
    b'[{"author": "a", "body": "first", "date": "2020-01-01", "id": 1},\n'
    b' {"author": "b", "body": "second", "date": "bad", "id": 2, "parent": 1},\n'
    b' 3,\n {"author": null, "body": "", "id": 4}]'
)
JSON_OBJECT = b'{"site": "x", "comments": [{"name": "a", "message": "one"}, {"name": "b", "message": "two"}]}'
DISQUS = b"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>f</forum><title>General</title></category>
  <thread dsq:id="10"><id>a</id><link>https://n.example/a</link><title>Port reopens</title>
    <message><![CDATA[<p>The port.</p>]]></message><createdAt>2020-08-10T08:00:00Z</createdAt></thread>
  <post dsq:id="100"><message><![CDATA[<p>First &amp; foremost.</p>]]></message>
    <createdAt>2020-08-10T09:15:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Rania</name><isAnonymous>true</isAnonymous></author><thread dsq:id="10" /></post>
  <post dsq:id="101"><message><![CDATA[<p>@Rania agreed</p>]]></message>
    <createdAt>2020-08-10T12:00:00+02:00</createdAt><author><username>omar</username></author>
    <thread dsq:id="10" /><parent dsq:id="100" /></post>
  <post dsq:id="102"><message>orphan</message><thread dsq:id="99" /><parent dsq:id="555" /></post>
</disqus>
"""
WXR = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>A blog</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Cedars</title><content:encoded><![CDATA[<p>Snow.</p>]]></content:encoded>
<wp:post_id>18</wp:post_id><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Maya]]></wp:comment_author>
<wp:comment_date>2014-01-14 19:00:00</wp:comment_date><wp:comment_date_gmt>2014-01-14 17:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Beautiful.
Second line.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>6</wp:comment_id><wp:comment_author>Tarek</wp:comment_author>
<wp:comment_date>0000-00-00 00:00:00</wp:comment_date><wp:comment_content>@Maya yes</wp:comment_content>
<wp:comment_approved>spam</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>
<wp:comment_parent>5</wp:comment_parent></wp:comment>
</item>
<item><title>About</title><wp:post_type>attachment</wp:post_type></item>
</channel></rss>
"""
WORDPRESS_PAGE = """Cedar Notes \u2014 a blog about the mountains

The road to Bsharri
Posted by admin | January 3, 2015, 9:05 am
We drove up before dawn.
3 thoughts on \u201cThe road to Bsharri\u201d
1. Lovely account.
Posted by Nadine | January 3, 2015, 11:42 am
2. Agree with #1.
Posted by Georges | January 4, 2015, 12:10 pm

3.
Which month was this?
Posted by Sami | January 5, 2015, 8:00 PM

Leave a Reply
""".encode("utf-8")


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["author", "text", "date", "thread"])
    sheet.append(["geha", "first", "2013-02-20 17:55", "t"])
    sheet.append(["realist", "@geha no", 41325.75, "t"])
    sheet.append([None, None, None, None])
    book.create_sheet("other").append(["ignored"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _export_pair() -> tuple[bytes, bytes]:
    import tempfile

    from analytics.output.export import export_corpus

    with tempfile.TemporaryDirectory() as tmp:
        export_corpus(analytics.load(analytics.SAMPLE), Path(tmp))
        return (Path(tmp) / "articles.csv").read_bytes(), (Path(tmp) / "comments.csv").read_bytes()


@functools.cache
def seeds(real: bool = False) -> tuple[tuple[str, bytes], ...]:
    """``(file name, bytes)`` of every seed file, sorted by name (a stable order for Hypothesis)."""
    found = {
        "sample.txt": analytics.SAMPLE.read_bytes(),
        "comments.csv": CSV,
        "comments.tsv": CSV.replace(b",", b"\t"),
        "comments.jsonl": JSONL,
        "comments.json": JSON_ARRAY,
        "wrapped.json": JSON_OBJECT,
        "comments.xlsx": _xlsx(),
        "disqus.xml": DISQUS,
        "wxr.xml": WXR,
        "wordpress.txt": WORDPRESS_PAGE,
        "semicolons.csv": CSV.replace(b",", b";"),
    }
    articles, comments = export_pair()
    found["export-articles.csv"], found["export-comments.csv"] = articles, comments
    if FIXTURES.is_dir():
        for path in sorted(FIXTURES.iterdir()):
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES and path.stat().st_size < 1_000_000:
                found[f"fixture-{path.name}"] = path.read_bytes()
    if real and REAL_DATA.is_dir():
        for path in sorted(REAL_DATA.rglob("*")):
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
                with path.open("rb") as f:
                    found[f"real-{path.name}"] = f.read(REAL_HEAD_BYTES)
    return tuple(sorted(found.items()))


@functools.cache
def export_pair() -> tuple[bytes, bytes]:
    """``articles.csv`` and ``comments.csv`` as ``python -m analytics export`` writes them for the sample."""
    return _export_pair()


# --- mutations ---------------------------------------------------------------------------------------

# Pieces of every format, spliced into seeds so mutations reach deep into the parsers.
LANDMARKS = [
    b"Comments 3\n",
    b"Comments 99999999999999999999\n",
    b"Thumb geha 20 February 2013, 17:55\n",
    b"Default-user-icon x (Guest) 31 February 2013, 25:61\n",
    b"Missing ",
    b" (Guest)",
    b"3 thoughts on \xe2\x80\x9cT\xe2\x80\x9d\n",
    b"Posted by x | January 3, 2015, 9:05 am\n",
    b"Leave a Reply\n",
    "إقرأ هذا الخبر بالعربية".encode(),
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b'"',
    b'""',
    b",",
    b";",
    b"\t",
    b"|",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"{",
    b"}",
    b"[",
    b"]",
    b'{"text": "x"}\n',
    b"null",
    b"NaN",
    b"1e999",
    b"-0",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#x202e;",
    b"<![CDATA[",
    b"]]>",
    b"<!-- ",
    b" -->",
    b"<post>",
    b"</post>",
    b'<thread dsq:id="10" />',
    b'<parent dsq:id="100" />',
    b"<item>",
    b"</item>",
    b"<wp:comment>",
    b"</wp:comment>",
    b"<wp:comment_parent>6</wp:comment_parent>",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b'<atom:link rel="hub" href="x"/>',
    b"<entry>",
    b"</entry>",
    b"<blogger:type>COMMENT</blogger:type>",
    b"<blogger:parent>tag:blogger.com,1999:blog-1.post-2</blogger:parent>",
    b"<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-9'/>",
    b"2013-02-20T10:15:00.000+02:00",
    b"<!DOCTYPE html><html><body>",
    b"<br>",
    b"<ol><li>",
    b"</li></ol>",
    b"<p>",
    b'<img alt="Thumb">',
    b"0000-00-00 00:00:00",
    b"2013-02-20T18:18:00+99:00",
    b"1361382600",
    b"@geha ",
    b"=cmd|' /C calc'!A0",
    b"<script>alert(1)</script>",
    b"x" * 300,
    b"text,author\n",
    b"comment_id,parent_id,text\n",
    b"PK\x03\x04",
]
ENCODINGS = ("cp1252", "cp1256", "latin-1", "utf-16", "utf-8-sig", "gb18030", "cp932")


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """``data`` changed by one to five random edits."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 5))):
        op = draw(
            st.sampled_from(("flip", "insert", "landmark", "delete", "duplicate", "cut", "swap_lines", "reencode"))
        )
        n = len(out)
        at = draw(st.integers(0, n))
        if op == "flip" and n:
            at = min(at, n - 1)
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "landmark":
            out[at:at] = draw(st.sampled_from(LANDMARKS))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            piece = bytes(out[at : at + draw(st.integers(1, 256))])
            out[at:at] = piece * draw(st.integers(1, 3))
        elif op == "cut":
            del out[at:]
        elif op == "swap_lines":
            lines = bytes(out).split(b"\n")
            if len(lines) > 1:
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                out = bytearray(b"\n".join(lines))
        elif op == "reencode":
            text = bytes(out).decode("utf-8", errors="replace")
            out = bytearray(text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace"))
    return bytes(out)


def file_names(own_suffix: str | None = None) -> st.SearchStrategy[str]:
    """File names with a supported extension; ``own_suffix`` (the seed's) more often than the others."""
    suffixes = st.sampled_from(SUPPORTED_SUFFIXES)
    if own_suffix:
        suffixes = st.one_of(st.just(own_suffix), st.just(own_suffix), suffixes)
    return st.builds(lambda stem, suffix: stem + suffix, st.sampled_from(NAMES), suffixes)


def random_inputs() -> st.SearchStrategy[tuple[bytes, str]]:
    """Random bytes, or random text in some encoding, under every supported extension."""
    text = st.builds(
        lambda t, enc: t.encode(enc, errors="replace"), st.text(max_size=400), st.sampled_from(("utf-8",) + ENCODINGS)
    )
    return st.tuples(st.one_of(st.binary(max_size=600), text), file_names())


def mutated_inputs(real: bool = False) -> st.SearchStrategy[tuple[bytes, str]]:
    """A seed file after random edits, named with its own extension or another."""
    return st.sampled_from(seeds(real)).flatmap(
        lambda seed: st.tuples(mutations(seed[1]), file_names(Path(seed[0]).suffix.lower()))
    )


def mutated_pairs() -> st.SearchStrategy[tuple[bytes, bytes]]:
    """The sample's export pair with one or both files edited."""
    articles, comments = export_pair()
    return st.one_of(
        st.tuples(mutations(articles), st.just(comments)),
        st.tuples(st.just(articles), mutations(comments)),
        st.tuples(mutations(articles), mutations(comments)),
    )


# --- the property ---------------------------------------------------------------------------------------

OUTCOMES: Counter = Counter()  # "loaded" / "refused" by format, for the command's summary


class FuzzFailure(AssertionError):
    """A loader broke the property."""


def _lines_of(raw: bytes) -> list[str]:
    """The lines a page loader reads: of the decoded file, or of the text a saved HTML page shows."""
    text = read_page(io.BytesIO(raw), FileReport("fuzz", "page", "", ""))
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def _check_report(corpus: analytics.Corpus, raws: dict[str, bytes]) -> None:
    files = corpus.report.files
    for f in files:
        if f.accounted_lines != f.lines:
            raise FuzzFailure(
                f"{f.source} ({f.format}): line roles {dict(f.line_roles)} add up to "
                f"{f.accounted_lines}, the report says {f.lines} lines"
            )
        if any(n < 0 for n in f.line_roles.values()):
            raise FuzzFailure(f"{f.source}: negative line role count {dict(f.line_roles)}")
        if len(f.skipped) != f.line_roles.get("skipped", 0):
            raise FuzzFailure(
                f"{f.source}: {len(f.skipped)} skipped lines listed, {f.line_roles.get('skipped', 0)} counted"
            )
        raw = raws.get(f.source)
        if any(w.startswith("decompressed (") for w in f.warnings):
            raw = None  # lines are those of the decompressed file, not of the bytes given
        if raw is not None and f.format in ("naharnet-page", "wordpress-page", "jsonl"):
            if f.format == "jsonl":
                text = raw.decode(f.encoding, errors="replace")
                expected = len(io.StringIO(text, newline="").readlines())
            else:
                expected = len(_lines_of(raw))
            if f.lines != expected:
                raise FuzzFailure(
                    f"{f.source} ({f.format}): the report counts {f.lines} lines, the file has {expected}"
                )
            outside = [s.line for s in f.skipped if not 1 <= s.line <= f.lines]
            if outside:
                raise FuzzFailure(f"{f.source}: skipped line numbers {outside[:5]} outside 1..{f.lines}")
    # Files that repeat an article are merged (a warning says so): then the reports count more.
    merged = len(files) > 1 and not all(f.format == "threadscope-export" for f in files)
    for what, counted, held in (
        ("comments", sum(f.parsed_comments for f in files), len(corpus.comments)),
        ("articles", sum(f.articles for f in files), len(corpus.articles)),
    ):
        if counted < held or (counted != held and not merged):
            raise FuzzFailure(f"reports count {counted} {what}, the frame holds {held}")
    if corpus.articles.empty:  # an article without comments is a finding; nothing at all is not
        raise FuzzFailure("loaded an empty corpus as success")
    schema.validate(corpus.articles, corpus.comments)


def _refused(err: LoadError, names: list[str]) -> None:
    message = str(err)
    if "\n" in message or "\r" in message:
        raise FuzzFailure(f"LoadError message is not one line: {message!r}")
    if not any(message.startswith(n) for n in names + ["export", "(folder)", "(no input)"]):
        raise FuzzFailure(f"LoadError message does not start with the file's name {names}: {message!r}")


def check_files(files: list[tuple[str, bytes]]) -> str:
    """Load ``files`` as uploads and check the property; returns ``"loaded"`` or ``"refused"``."""
    try:
        corpus = load_files(files)
    except LoadError as err:
        _refused(err, [name for name, _ in files])
        OUTCOMES["refused"] += 1
        return "refused"
    except Exception as err:  # noqa: BLE001 - the property: nothing but LoadError escapes
        raise FuzzFailure(f"{type(err).__name__} escaped the loaders for {[n for n, _ in files]}: {err}") from err
    _check_report(corpus, dict(files))
    OUTCOMES["loaded " + "+".join(sorted({f.format for f in corpus.report.files}))] += 1
    return "loaded"


def check(raw: bytes, name: str) -> str:
    """The property for one upload: ``analytics.load_bytes(raw, name)`` (see the module's docstring)."""
    return check_files([(name, raw)])


def check_pair(articles: bytes, comments: bytes) -> str:
    """The property for an export pair given as two uploads."""
    return check_files([("articles.csv", articles), ("comments.csv", comments)])


# --- the command ---------------------------------------------------------------------------------------


def _settings(examples: int, seed: int | None) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=(Phase.generate, Phase.target, Phase.shrink),
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )


def run(minutes: float, *, real: bool = False, batch: int = 200, out=sys.stdout) -> int:
    """Fuzz for ``minutes``, in batches of ``batch`` examples per input kind; return the failures found."""
    kinds = {
        "random bytes": (random_inputs(), lambda case: check(*case)),
        "mutated files": (mutated_inputs(real), lambda case: check(*case)),
        "mutated export pairs": (mutated_pairs(), lambda case: check_pair(*case)),
    }
    seeds(real)  # built once, outside the clock of the first batch
    deadline = time.monotonic() + minutes * 60
    started = time.monotonic()
    failures = 0
    examples = Counter()
    while time.monotonic() < deadline:
        for kind, (strategy, checker) in kinds.items():
            if time.monotonic() >= deadline:
                break
            before = sum(OUTCOMES.values())

            @_settings(batch, None)
            @given(strategy)
            def prop(case):
                checker(case)  # noqa: B023 - prop runs within this iteration

            try:
                prop()
            except Exception as err:  # noqa: BLE001 - report and go on fuzzing
                failures += 1
                notes = "\n".join(getattr(err, "__notes__", []))
                print(f"FAILURE ({kind}): {type(err).__name__}: {err}\n{notes}", file=out, flush=True)
            examples[kind] += sum(OUTCOMES.values()) - before
        total = sum(examples.values())
        print(f"{time.monotonic() - started:7.0f} s  {total:,} examples  {failures} failure(s)", file=out, flush=True)
    elapsed = time.monotonic() - started
    total = sum(examples.values())
    print(
        f"\nfuzzed the loaders for {elapsed:.0f} s: {total:,} examples ({total / max(elapsed, 1e-9):.0f}/s), "
        f"{failures} failure(s)",
        file=out,
    )
    for kind, n in examples.items():
        print(f"  {kind}: {n:,}", file=out)
    for outcome, n in OUTCOMES.most_common():
        print(f"  {outcome}: {n:,}", file=out)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="how long to fuzz (default 10)")
    parser.add_argument(
        "--real",
        action="store_true",
        help=f"also mutate the validation data in {REAL_DATA} (first {REAL_HEAD_BYTES:,} bytes of each)",
    )
    parser.add_argument("--batch", type=int, default=200, help="examples per input kind between reports")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return 1 if run(args.minutes, real=args.real, batch=args.batch) else 0


if __name__ == "__main__":
    sys.exit(main())
