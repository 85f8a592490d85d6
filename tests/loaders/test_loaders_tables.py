"""Tables of comments to contract frames (analytics/loaders/tables.py): every format alike, the columns
reported, articles, parents, rows kept or skipped, and big files read once in chunks."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analytics
from analytics.loaders import LoadError, load, load_bytes, tables
from analytics.model import ids, schema
from analytics.model.text import MENTION, mentions, n_words


def csv_bytes(rows: list[dict], sep: str = ",") -> bytes:
    return pd.DataFrame(rows).to_csv(index=False, sep=sep).encode("utf-8")


def assert_accounted(corpus):
    for f in corpus.report.files:
        assert f.lines > 0 and f.accounted_lines == f.lines, (f.source, f.line_roles, f.lines)


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


THREAD = [
    {"id": "1", "parent_id": "", "user": "geha", "body": "first @realist", "date": "2013-02-20T18:18:00"},
    {"id": "2", "parent_id": "1", "user": "realist", "body": "no", "date": "2013-02-20T18:20:00"},
    {"id": "3", "parent_id": "2", "user": "geha", "body": "yes\nreally", "date": "2013-02-20T18:25:00"},
]


# --- each format -----------------------------------------------------------------------------


def _excel(rows: list[dict]) -> bytes:
    out = io.BytesIO()
    pd.DataFrame(rows).to_excel(out, index=False)
    return out.getvalue()


FORMATS = {
    "thread.csv": lambda rows: csv_bytes(rows),
    "thread.tsv": lambda rows: csv_bytes(rows, sep="\t"),
    "semicolons.csv": lambda rows: csv_bytes(rows, sep=";"),
    "thread.json": lambda rows: json.dumps(rows).encode(),
    "thread.jsonl": lambda rows: "\n".join(json.dumps(r) for r in rows).encode(),
    "thread.xlsx": _excel,
}


@pytest.mark.parametrize("name", FORMATS)
def test_every_table_format_gives_the_same_comments(name):
    corpus = load_bytes(FORMATS[name](THREAD), name)
    got = corpus.comments
    assert got["author"].tolist() == ["geha", "realist", "geha"]
    assert got["text"].tolist() == ["first @realist", "no", "yes\nreally"]
    assert got["timestamp"].tolist() == [
        pd.Timestamp("2013-02-20 18:18"),
        pd.Timestamp("2013-02-20 18:20"),
        pd.Timestamp("2013-02-20 18:25"),
    ]
    assert got["source_id"].tolist() == ["1", "2", "3"]
    assert got["parent_id"].tolist()[1:] == got["comment_id"].tolist()[:2]
    assert pd.isna(got["parent_id"][0])
    assert got["mentions"].tolist() == [["realist"], [], []]
    assert got["n_words"].tolist() == [2, 1, 2]
    assert_accounted(corpus)


@pytest.mark.parametrize("name", FORMATS)
def test_a_table_without_article_column_is_one_article_named_after_the_file(name):
    corpus = load_bytes(FORMATS[name](THREAD), name)
    assert corpus.articles["title"].tolist() == [name]
    assert corpus.articles["parsed_comments"].tolist() == [3]
    assert corpus.articles["source"].tolist() == [name]


def test_ids_are_the_contracts_hashes():
    corpus = load_bytes(csv_bytes(THREAD), "t.csv")
    article = ids.article_id("t.csv", "")
    assert corpus.articles["article_id"][0] == article
    expected = ids.comment_ids(
        article, [(r["user"], pd.Timestamp(r["date"]).to_pydatetime(), r["body"]) for r in THREAD]
    )
    assert corpus.comments["comment_id"].tolist() == expected


def test_frames_pass_the_contract():
    corpus = load_bytes(csv_bytes(THREAD), "t.csv")
    schema.validate(corpus.articles, corpus.comments)
    assert corpus.comments["is_deleted"].dtype == bool and not corpus.comments["is_spam"].any()


# --- columns read, not read and missing ---------------------------------------------------


def test_missing_author_column_leaves_authors_empty_and_says_so():
    corpus = load_bytes(csv_bytes([{"comment": "x"}, {"comment": "y"}]), "t.csv")
    assert corpus.comments["author"].tolist() == ["", ""]
    assert "no author column" in warnings_of(corpus)


def test_columns_used_and_unused_are_reported():
    corpus = load_bytes(csv_bytes([{"user": "a", "text": "x", "label": "1"}]), "t.csv")
    assert "columns read: text as text, user as author" in warnings_of(corpus)
    assert "columns kept as extra attributes: label as extra_label (integer)" in warnings_of(corpus)


def test_cli_map_pairs_reach_the_loader(tmp_path, capsys):
    from analytics.__main__ import main

    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([{"who": "a", "msg": "hello"}]))
    assert (
        main(
            [
                "export",
                str(path),
                "--out",
                str(tmp_path / "out"),
                "--no-analysis",
                "--map",
                "author=who",
                "--map",
                "text=msg",
            ]
        )
        == 0
    )
    written = pd.read_csv(tmp_path / "out" / "comments.csv")
    assert written["author"].tolist() == ["a"] and written["text"].tolist() == ["hello"]


# --- articles ----------------------------------------------------------------------------------


def test_rows_are_grouped_by_the_article_column_in_order_of_first_appearance():
    rows = [
        {"url": "u2", "title": "Second", "text": "a"},
        {"url": "u1", "title": "First", "text": "b"},
        {"url": "u2", "title": "Second - edited", "text": "c"},
    ]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.articles["title"].tolist() == ["Second", "First"]
    assert corpus.articles["parsed_comments"].tolist() == [2, 1]
    assert corpus.comments["position"].tolist() == [0, 0, 1]
    assert corpus.comments["article_id"][0] == corpus.comments["article_id"][2] == ids.article_id("Second", "")


def test_a_title_column_alone_groups_articles():
    rows = [{"title": "A", "text": "x"}, {"title": "B", "text": "y"}, {"title": "A", "text": "z"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.articles["title"].tolist() == ["A", "B"]


def test_an_article_key_without_title_is_the_title():
    corpus = load_bytes(csv_bytes([{"thread_id": "t-9", "text": "x"}]), "t.csv")
    assert corpus.articles["title"].tolist() == ["t-9"]


def test_rows_with_an_empty_article_cell_are_kept_in_one_article():
    rows = [{"thread": "t1", "text": "x"}, {"thread": "", "text": "y"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert len(corpus.comments) == 2 and len(corpus.articles) == 2
    assert "1 row(s) with an empty article column" in warnings_of(corpus)


def test_article_body_and_published_columns():
    rows = [{"title": "T", "article_body": "Body.", "published": "2013-02-20T10:00:00", "text": "x"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    article = corpus.articles.iloc[0]
    assert (article.body, article.published) == ("Body.", pd.Timestamp("2013-02-20 10:00"))
    assert article.article_id == ids.article_id("T", "Body.")


# --- parents -----------------------------------------------------------------------------------


def test_orphan_parent_is_kept_and_reported_with_its_id():
    rows = [{"id": "1", "parent": "", "text": "root"}, {"id": "2", "parent": "gone", "text": "orphan"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    orphan = corpus.comments.iloc[1]
    assert pd.isna(orphan.parent_id) and orphan.source_parent_id == "gone"
    assert "1 comment(s) answer a parent id that no comment in the file has" in warnings_of(corpus)
    assert "'gone'" in warnings_of(corpus)


def test_parent_named_before_it_appears_is_linked():
    rows = [{"id": "2", "parent": "1", "text": "reply first"}, {"id": "1", "parent": "", "text": "root later"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.comments["parent_id"][0] == corpus.comments["comment_id"][1]


def test_parent_ids_written_as_floats_still_link():
    rows = [{"id": "12", "parent": "", "text": "root"}, {"id": "13", "parent": "12.0", "text": "reply"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.comments["parent_id"][1] == corpus.comments["comment_id"][0]


def test_zero_parent_means_top_level_when_no_comment_has_id_zero():
    rows = [{"id": "1", "parent": "0", "text": "root"}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert pd.isna(corpus.comments["parent_id"][0]) and "orphan" not in warnings_of(corpus)


def test_self_reply_is_left_top_level_and_reported():
    corpus = load_bytes(csv_bytes([{"id": "1", "parent": "1", "text": "me"}]), "t.csv")
    assert pd.isna(corpus.comments["parent_id"][0])
    assert "name themselves as parent" in warnings_of(corpus)


def test_repeated_ids_link_replies_to_the_first_and_are_reported():
    rows = [
        {"id": "1", "parent": "", "text": "a"},
        {"id": "1", "parent": "", "text": "b"},
        {"id": "2", "parent": "1", "text": "c"},
    ]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.comments["parent_id"][2] == corpus.comments["comment_id"][0]
    assert "used by more than one comment" in warnings_of(corpus)


# --- cells and rows ------------------------------------------------------------------------------


def test_unreadable_timestamp_is_missing_counted_and_the_row_kept():
    rows = [{"text": "a", "date": "2013-02-20 10:00"}, {"text": "b", "date": "last week"}, {"text": "c", "date": ""}]
    corpus = load_bytes(csv_bytes(rows), "t.csv")
    assert corpus.comments["timestamp"].isna().tolist() == [False, True, True]
    assert "1 timestamp(s) could not be read (first: 'last week')" in warnings_of(corpus)


def test_blank_rows_are_skipped_and_empty_text_is_kept():
    corpus = load_bytes(b"author,text\na,\n,\n  ,  \nb,x\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["a", "b"]
    assert corpus.comments["text"].tolist() == ["", "x"]
    assert [s.reason for s in corpus.report.files[0].skipped] == ["empty row: every cell is blank"] * 2
    assert "1 comment(s) with empty text" in warnings_of(corpus)
    assert_accounted(corpus)


def test_flag_and_guest_columns_are_read():
    rows = [{"text": "a", "is_guest": "true", "deleted": "1", "spam": "no"}]
    row = load_bytes(csv_bytes(rows), "t.csv").comments.iloc[0]
    assert (bool(row.is_guest), bool(row.is_deleted), bool(row.is_spam)) == (True, True, False)


# --- bad input ---------------------------------------------------------------------------------------


def test_header_without_rows_is_an_error():
    with pytest.raises(LoadError, match=r"t.csv: no comments: the table has a header \(author, text\) but no rows"):
        load_bytes(b"author,text\n", "t.csv")


def test_only_blank_rows_is_an_error():
    with pytest.raises(LoadError, match="only empty rows"):
        load_bytes(b"author,text\n,\n,\n", "t.csv")


@pytest.mark.parametrize("raw, name", [(b"", "t.csv"), (b"\n\n", "t.tsv"), (b"", "t.jsonl"), (b"[]", "t.json")])
def test_empty_tables_are_errors(raw, name):
    with pytest.raises(LoadError, match="empty file|no comments|no rows"):
        load_bytes(raw, name)


# --- big files: streamed in chunks, read once ---------------------------------------------------------


def test_large_file_is_read_once_in_chunks(tmp_path, monkeypatch):
    n = 40_000
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("comment_id,parent_id,thread,author,created_at,text\n")
        for k in range(n):
            parent = f"c{k - 1}" if k % 3 else ""
            f.write(f"c{k},{parent},t{k % 7},user{k % 97},{1381432829 + k},comment number {k} @user{k % 5}\n")
    size = path.stat().st_size
    assert size > 2_000_000
    monkeypatch.setattr(tables, "CHUNK_ROWS", 5_000)
    sizes: list[int] = []
    real_chunks = tables.chunks

    def counting_chunks(*args, **kwargs):
        for chunk in real_chunks(*args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(tables, "chunks", counting_chunks)
    read = [0]
    real_open = open

    class Counting(io.BufferedReader):
        def read(self, n=-1):
            data = super().read(n)
            read[0] += len(data)
            return data

        def readinto(self, b):
            got = super().readinto(b)
            read[0] += got or 0
            return got

    monkeypatch.setattr("analytics.loaders._file_opener", lambda p: lambda: Counting(real_open(p, "rb", buffering=0)))
    corpus = load(path)
    assert len(sizes) == 8 and max(sizes) == 5_000 and sum(sizes) == n
    assert read[0] <= size + (1 << 16)  # the file once, plus the first block read to recognise it
    got = corpus.comments
    assert len(got) == n and got["parent_id"].notna().sum() == n - len(range(0, n, 3))
    assert got["position"].groupby(got["article_id"]).apply(lambda s: s.tolist() == list(range(len(s)))).all()
    assert got["timestamp"].iloc[-1] == pd.Timestamp(1381432829 + n - 1, unit="s")
    assert corpus.report.files[0].lines == n + 1


def test_duplicates_across_chunks_are_numbered_as_in_one_pass(monkeypatch):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 2)
    rows = [{"author": "a", "text": "same"}] * 5
    chunked = load_bytes(csv_bytes(rows), "t.csv").comments["comment_id"].tolist()
    article = ids.article_id("t.csv", "")
    assert chunked == ids.comment_ids(article, [("a", None, "same")] * 5)


def test_parents_across_chunks_are_linked(monkeypatch):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 1)
    corpus = load_bytes(csv_bytes(THREAD), "t.csv")
    assert corpus.comments["parent_id"].tolist()[1:] == corpus.comments["comment_id"].tolist()[:2]


# --- the mention pattern, "@" first for speed, is the rule written look-behind first ------------------

LOOKBEHIND_FIRST_MENTION = re.compile(r"(?<![\w@])@(-*\w(?:[\w.\-]*\w)?)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="@a-._ é\n1", max_size=40))
def test_mention_pattern_finds_what_the_plain_rule_finds(text):
    assert MENTION.findall(text) == LOOKBEHIND_FIRST_MENTION.findall(text) == mentions(text)


def test_n_words_matches_analytics_text():
    text = "one\u00a0two\tthree\u2003four\x1cfive"
    corpus = load_bytes(csv_bytes([{"text": text}]), "t.csv")
    assert corpus.comments["n_words"][0] == n_words(text)


def test_preview_shows_the_first_rows_as_text():
    raw = csv_bytes([{"id": str(k), "msg": f"m{k}"} for k in range(20)])
    preview = analytics.loaders.preview_table(raw, "t.csv", rows=3)
    assert preview.columns.tolist() == ["id", "msg"] and preview["msg"].tolist() == ["m0", "m1", "m2"]
    assert analytics.loaders.preview_table(analytics.SAMPLE.read_bytes(), "page.txt") is None


def test_skipped_rows_carry_their_line_or_record_number():
    csv_corpus = load_bytes(b"author,text\na,x\n,\nb,y\n", "t.csv")
    assert [s.line for s in csv_corpus.report.files[0].skipped] == [3]  # header is record 1
    jsonl = load_bytes(b'{"text": "x"}\n\n{"text": "", "author": " "}\n{"text": "y"}\n', "t.jsonl")
    assert [s.line for s in jsonl.report.files[0].skipped] == [3]  # the line in the file
    array = load_bytes(b'[{"text": "x"}, 5, {"text": ""}]', "t.json")
    assert [s.line for s in array.report.files[0].skipped] == [2, 3]
