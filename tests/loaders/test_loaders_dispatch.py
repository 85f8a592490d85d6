"""The dispatcher: which reader a file goes to, folders, many files, the same article twice."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analytics
from analytics.loaders import LoadError, load, load_bytes, load_files, sniff
from analytics.model import schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = analytics.SAMPLE.read_bytes()
CSV = b"author,text\nann,hello\nbob,hi\n"
JSONL = b'{"user": "ann", "text": "hello"}\n{"user": "bob", "text": "hi"}\n'


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


# --- recognising formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, name, kind",
    [
        (SEED, "page.txt", "naharnet-page"),
        ((FIXTURES / "wordpress_page.txt").read_bytes(), "blog.txt", "wordpress-page"),
        (CSV, "c.csv", "csv"),
        (b"author\ttext\nann\thello\n", "c.tsv", "tsv"),
        (JSONL, "c.jsonl", "jsonl"),
        (JSONL, "c.json", "jsonl"),  # JSON Lines saved as .json, as the Fox News set is
        (b'[{"text": "x"}]', "c.json", "json"),
        ((FIXTURES / "disqus_traps.xml").read_bytes(), "d.xml", "disqus-xml"),
        ((FIXTURES / "wxr_traps.xml").read_bytes(), "w.xml", "wordpress-wxr"),
    ],
)
def test_each_format_goes_to_its_reader(raw, name, kind):
    assert load_bytes(raw, name).report.files[0].format == kind


@pytest.mark.parametrize(
    "raw, name, kind",
    [
        (CSV, "comments.txt", "csv"),
        (JSONL, "comments.csv", "jsonl"),
        (SEED, "page.csv", "naharnet-page"),
        ((FIXTURES / "disqus_traps.xml").read_bytes(), "export.txt", "disqus-xml"),
        (CSV, "comments.dat", "csv"),
    ],
)
def test_wrong_extension_is_read_by_content_with_a_warning(raw, name, kind):
    corpus = load_bytes(raw, name)
    assert corpus.report.files[0].format == kind
    suffix = Path(name).suffix
    assert f"named {suffix} but holds" in warnings_of(corpus)


@pytest.mark.parametrize(
    "raw, name, expected",
    [
        (b"", "x.csv", "empty file"),
        (b"   \n\n", "x.txt", "empty file"),
        (b"\x00\x01\x02\x03binary\x00", "x.csv", "binary data"),
        (b"\x00\x01\x02\x03binary\x00", "x.txt", "binary data"),
        ("author,text\nann,hello\n".encode("utf-16-le"), "x.csv", "binary data"),  # UTF-16 without its mark
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "x.csv", "found a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "x.txt", "found a PNG image"),
        (b"\x1f\x8b\x08\x00\x00\x00", "x.jsonl", "gzip-compressed"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "x.xls", "old Office file"),
        (b"PK\x03\x04\x14\x00\x00\x00garbage", "x.xlsx", "expected an Excel workbook"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "x.txt", "an HTML page"),
        (b"just words, no structure\n", "x.json", "expected JSON"),
        (b"just some notes\nwith no structure\n", "x.txt", "not a saved news page"),
    ],
)
def test_unreadable_input_is_a_one_line_error_naming_the_file(raw, name, expected):
    with pytest.raises(LoadError, match=expected) as err:
        load_bytes(raw, name)
    assert str(err.value).startswith(f"{name}: ") and "\n" not in str(err.value)


@pytest.mark.parametrize(
    "name, raw",
    [
        ("x.csv", b'author,text,timestamp\nann,"hello\x00world",2013-02-20 10:00\nbob,fine,2013-02-20 11:00\n'),
        ("x.tsv", b"author\ttext\tdate\nann\thello\x00world\t2013-02-20 10:00\nbob\tfine\t2013-02-20 11:00\n"),
    ],
)
def test_a_stray_nul_in_a_comment_is_text_not_binary(name, raw):
    corpus = load_bytes(raw, name)
    assert corpus.comments["text"].tolist() == ["hello\x00world", "fine"]


def test_explicit_file_of_an_unsupported_type_is_an_error(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(LoadError, match=r"photo.png: expected .*found a PNG image"):
        load(path)


def test_detect_reports_jsonl_and_csv_without_reading_more_than_the_head():
    kind, notes = sniff.detect(JSONL[:40], "c.json")
    assert (kind, notes) == ("jsonl", [])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.binary(max_size=300),
    suffix=st.sampled_from([".txt", ".csv", ".tsv", ".json", ".jsonl", ".xlsx", ".xml", ""]),
)
def test_any_bytes_give_a_corpus_or_a_load_error(raw, suffix):
    try:
        corpus = load_bytes(raw, "f" + suffix)
    except LoadError as err:
        assert "\n" not in str(err)
        return
    assert len(corpus.articles) > 0
    schema.validate(corpus.articles, corpus.comments)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["text", "author", "id", "parent", "date", "title"]), st.text(max_size=20), min_size=1
        ),
        min_size=1,
        max_size=8,
    ),
    kind=st.sampled_from(["csv", "jsonl", "json"]),
)
def test_any_table_gives_a_corpus_or_a_load_error(rows, kind):
    if kind == "csv":
        raw = pd.DataFrame(rows).to_csv(index=False).encode()
    elif kind == "jsonl":
        raw = "\n".join(json.dumps(r) for r in rows).encode()
    else:
        raw = json.dumps(rows).encode()
    try:
        corpus = load_bytes(raw, "t." + kind)
    except LoadError as err:
        assert "\n" not in str(err)
        return
    schema.validate(corpus.articles, corpus.comments)
    assert all(f.lines == f.accounted_lines for f in corpus.report.files)


# --- folders and many files -----------------------------------------------------------------------


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pages" / "2013").mkdir(parents=True)
    shutil.copy(analytics.SAMPLE, tmp_path / "pages" / "2013" / "lavrov.txt")
    shutil.copy(FIXTURES / "wordpress_page.txt", tmp_path / "pages" / "blog.txt")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "c.csv").write_bytes(CSV)
    (tmp_path / "tables" / "c.jsonl").write_bytes(b'{"user": "x", "text": "y", "title": "J"}\n')
    shutil.copy(FIXTURES / "disqus_traps.xml", tmp_path / "disqus.xml")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return tmp_path


def test_folder_is_read_recursively_into_one_corpus(folder):
    corpus = load(folder)
    assert sorted(f.source for f in corpus.report.files) == ["blog.txt", "c.csv", "c.jsonl", "disqus.xml", "lavrov.txt"]
    assert set(corpus.articles["source"]) == {"blog.txt", "c.csv", "c.jsonl", "disqus.xml", "lavrov.txt"}
    assert len(corpus.comments) == 8 + 3 + 2 + 1 + 9
    schema.validate(corpus.articles, corpus.comments)


def test_unsupported_files_in_a_folder_are_listed(folder):
    warnings = warnings_of(load(folder))
    assert "README.md: skipped, not a supported file type" in warnings
    assert "photo.png: skipped, not a supported file type" in warnings


def test_unreadable_file_in_a_folder_is_reported_and_the_rest_loaded(folder):
    (folder / "tables" / "broken.csv").write_bytes(b"who,what\nx,y\n")
    corpus = load(folder)
    assert "broken.csv: not loaded: no column for the comment text" in warnings_of(corpus)
    assert len(corpus.report.files) == 5


def test_folder_where_nothing_loads_is_an_error(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"who,what\nx,y\n")
    with pytest.raises(LoadError, match="a.csv: no column for the comment text"):
        load(tmp_path)


def test_folder_without_supported_files_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(LoadError, match="folder holds no supported file"):
        load(tmp_path)


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(LoadError, match="no such file or folder"):
        load(tmp_path / "nowhere.csv")


def test_same_article_twice_is_loaded_once_with_a_warning(tmp_path):
    shutil.copy(analytics.SAMPLE, tmp_path / "a.txt")
    shutil.copy(analytics.SAMPLE, tmp_path / "b.txt")
    corpus = load(tmp_path)
    assert len(corpus.articles) == 1 and len(corpus.comments) == 8
    assert (
        "b.txt: article \"Lavrov Warns Syria Rivals Risk 'Mutual Destruction'\" already loaded from a.txt; "
        "loaded once" in warnings_of(corpus)
    )


def test_a_repeat_names_the_page_it_repeats_when_pages_are_read_together(tmp_path):
    # Pages with new articles become frames together; the repeat still names its first file.
    shutil.copy(analytics.SAMPLE, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(
        "Another Title\n\nA body.\n\nComments 1\n\nThumb geha 20 February 2013, 17:55\nFirst comment.\n",
        encoding="utf-8",
    )
    shutil.copy(analytics.SAMPLE, tmp_path / "c.txt")
    corpus = load(tmp_path)
    assert corpus.articles["title"].tolist()[1] == "Another Title" and len(corpus.comments) == 9
    assert corpus.comments["position"].tolist() == list(range(8)) + [0]
    assert [f.source for f in corpus.report.files] == ["a.txt", "b.txt", "c.txt"]
    assert (
        "c.txt: article \"Lavrov Warns Syria Rivals Risk 'Mutual Destruction'\" already loaded from a.txt; "
        "loaded once" in warnings_of(corpus)
    )


def test_same_article_in_two_tables_adds_only_the_comments_not_seen(tmp_path):
    (tmp_path / "1.csv").write_bytes(b"title,author,text\nT,a,one\nT,b,two\n")
    (tmp_path / "2.csv").write_bytes(b"title,author,text\nT,b,two\nT,c,three\n")
    corpus = load(tmp_path)
    assert len(corpus.articles) == 1
    assert corpus.comments["text"].tolist() == ["one", "two", "three"]
    assert corpus.comments["position"].tolist() == [0, 1, 2]
    assert corpus.articles["parsed_comments"].tolist() == [3]
    assert "1 comment(s) not in the first copy added" in warnings_of(corpus)


def test_mapping_applies_to_every_table(tmp_path):
    (tmp_path / "1.csv").write_bytes(b"who,msg\na,x\n")
    (tmp_path / "2.jsonl").write_bytes(b'{"who": "b", "msg": "y"}\n')
    shutil.copy(analytics.SAMPLE, tmp_path / "page.txt")  # pages ignore the mapping
    corpus = load(tmp_path, mapping={"author": "who", "text": "msg"})
    assert {"a", "b"} <= set(corpus.comments["author"]) and len(corpus.comments) == 10


def test_load_files_reads_many_uploads():
    corpus = load_files([("c.csv", CSV), ("page.txt", SEED)])
    assert len(corpus.articles) == 2 and len(corpus.comments) == 10


# --- what the report says about each file -----------------------------------------------------------


def test_report_hash_is_the_files_sha256(folder):
    corpus = load(folder)
    for f in corpus.report.files:
        path = next(folder.rglob(f.source))
        assert f.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_upload_hash_is_the_bytes_sha256():
    assert load_bytes(CSV, "c.csv").report.files[0].sha256 == hashlib.sha256(CSV).hexdigest()


def test_every_file_accounts_for_every_line_or_record(folder):
    for f in load(folder).report.files:
        assert f.lines > 0 and f.accounted_lines == f.lines, (f.source, f.line_roles, f.lines)


def test_corpus_frames_are_copies_the_caller_may_change(tmp_path):
    (tmp_path / "c.csv").write_bytes(CSV)
    corpus = load(tmp_path)
    copy = corpus.copy()
    copy.comments.loc[0, "text"] = "changed"
    assert corpus.comments["text"][0] == "hello"


def test_excel_upload_through_the_dispatcher():
    out = io.BytesIO()
    pd.DataFrame([{"author": "a", "comment": "x"}]).to_excel(out, index=False)
    corpus = load_bytes(out.getvalue(), "sheet.xlsx")
    assert corpus.report.files[0].format == "xlsx" and corpus.comments["text"].tolist() == ["x"]


def test_txt_table_with_unusual_column_names_previews_and_loads_once_mapped():
    from analytics.loaders import preview_table

    raw = b"who\tmsg\nann\thello\nbob\thi\n"
    assert preview_table(raw, "talk.txt")["msg"].tolist() == ["hello", "hi"]
    with pytest.raises(LoadError, match="not a saved news page"):
        load_bytes(raw, "talk.txt")
    corpus = load_bytes(raw, "talk.txt", mapping={"text": "msg", "author": "who"})
    assert corpus.comments["author"].tolist() == ["ann", "bob"]


def test_prose_page_gets_no_table_preview():
    from analytics.loaders import preview_table

    assert preview_table(b"A title\n\nSome prose, with a comma.\nAnd more.\n", "notes.txt") is None
