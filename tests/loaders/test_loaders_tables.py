"""Tables of comments: CSV, TSV, JSON, JSON Lines and Excel, with recognised or mapped columns."""

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


# --- columns: recognised, mapped, missing -----------------------------------------------------


@pytest.mark.parametrize(
    "columns, field, expected",
    [
        (["username", "message"], "author", "username"),
        (["Name", "Comment"], "text", "Comment"),
        (["createdAt", "content"], "timestamp", "createdAt"),
        (["created_utc", "content"], "timestamp", "created_utc"),
        (["id", "comment_id", "content"], "id", "comment_id"),
        (["reply_to", "content"], "parent", "reply_to"),
        (["Parent Comment ID", "content"], "parent", "Parent Comment ID"),
        (["thread", "title", "content"], "article", "thread"),
        (["post", "content"], "article", "post"),
    ],
)
def test_common_column_names_are_recognised(columns, field, expected):
    assert tables.recognised_columns(columns)[field] == expected


def test_lookalike_columns_are_not_taken():
    found = tables.recognised_columns(["parent_user_id", "parent_content", "content", "user_id"])
    assert found == {"text": "content", "author": "user_id"}


def test_mapping_names_the_columns():
    raw = csv_bytes([{"who": "a", "msg": "hello", "at": "1381432829"}])
    corpus = load_bytes(raw, "t.csv", mapping={"author": "who", "text": "msg", "timestamp": "at"})
    row = corpus.comments.iloc[0]
    assert (row.author, row.text, row.timestamp) == ("a", "hello", pd.Timestamp("2013-10-10 19:20:29"))


def test_mapping_overrides_a_recognised_column():
    raw = csv_bytes([{"text": "the headline", "comment": "the comment"}])
    corpus = load_bytes(raw, "t.csv", mapping={"text": "comment"})
    assert corpus.comments["text"].tolist() == ["the comment"]


def test_mapping_takes_contract_names_as_aliases():
    raw = csv_bytes([{"k": "7", "p": "", "c": "x"}, {"k": "8", "p": "7", "c": "y"}])
    corpus = load_bytes(raw, "t.csv", mapping={"text": "c", "comment_id": "k", "parent_id": "p"})
    assert corpus.comments["parent_id"][1] == corpus.comments["comment_id"][0]


def test_mapping_to_a_missing_column_lists_the_columns_found():
    with pytest.raises(
        LoadError,
        match=r"t.csv: mapped column 'nope' \(for author\) not found; "
        r"found columns: who, msg",
    ):
        load_bytes(csv_bytes([{"who": "a", "msg": "x"}]), "t.csv", mapping={"author": "nope", "text": "msg"})


def test_mapping_an_unknown_field_is_an_error():
    with pytest.raises(LoadError, match="unknown field 'writer'"):
        load_bytes(csv_bytes([{"who": "a", "text": "x"}]), "t.csv", mapping={"writer": "who"})


def test_missing_text_column_lists_columns_found_and_expected():
    with pytest.raises(LoadError) as err:
        load_bytes(csv_bytes([{"who": "a", "msg": "x"}]), "t.csv")
    message = str(err.value)
    assert message.startswith("t.csv: no column for the comment text: found columns who, msg; expected one of text,")
    assert "--map text=COLUMN" in message and "\n" not in message


def test_missing_author_column_leaves_authors_empty_and_says_so():
    corpus = load_bytes(csv_bytes([{"comment": "x"}, {"comment": "y"}]), "t.csv")
    assert corpus.comments["author"].tolist() == ["", ""]
    assert "no author column" in warnings_of(corpus)


def test_columns_used_and_unused_are_reported():
    corpus = load_bytes(csv_bytes([{"user": "a", "text": "x", "label": "1"}]), "t.csv")
    assert "columns read: text as text, user as author" in warnings_of(corpus)
    assert "columns not used: label" in warnings_of(corpus)


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


def test_cells_that_look_like_missing_values_stay_text():
    corpus = load_bytes(b"author,text\nNA,null\nNone,NaN\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["NA", "None"]
    assert corpus.comments["text"].tolist() == ["null", "NaN"]


def test_numeric_looking_ids_stay_as_written():
    corpus = load_bytes(b"id,text\n007,x\n1e3,y\n", "t.csv")
    assert corpus.comments["source_id"].tolist() == ["007", "1e3"]


def test_quoted_multiline_fields_and_crlf():
    raw = b'author,text\r\na,"line one\r\nline two"\r\nb,"say ""hi"""\r\n'
    corpus = load_bytes(raw, "t.csv")
    assert corpus.comments["text"].tolist() == ["line one\nline two", 'say "hi"']
    assert corpus.report.files[0].lines == 3  # records: the header and two rows


def test_malformed_rows_are_skipped_with_their_record_number():
    corpus = load_bytes(b"author,text\na,ok\nb,too,many,fields\nc,fine\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["a", "c"]
    skipped = corpus.report.files[0].skipped
    assert [(s.line, s.reason) for s in skipped] == [(3, "malformed row: expected 2 fields, saw 4")]
    assert_accounted(corpus)


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


# --- JSON specifics ---------------------------------------------------------------------------------


def test_json_lines_bad_lines_are_skipped_blank_lines_counted():
    raw = b'{"user": "a", "text": "x"}\n\nnot json\n[1, 2]\n{"user": "b", "text": "y"}\n'
    corpus = load_bytes(raw, "t.jsonl")
    assert corpus.comments["author"].tolist() == ["a", "b"]
    report = corpus.report.files[0]
    assert [(s.line, s.reason.split(" (")[0]) for s in report.skipped] == [
        (3, "not valid JSON"),
        (4, "a JSON list, not an object"),
    ]
    assert report.line_roles["blank"] == 1 and report.lines == 5
    assert_accounted(corpus)


def test_json_values_are_flattened_and_typed_values_become_text():
    rows = [
        {"author": {"name": "a", "id": 5}, "text": "x", "id": 10, "score": 1.5, "guest": True},
        {"author": {"name": "b"}, "text": None, "id": 11, "parent": 10, "tags": ["p", "q"]},
    ]
    corpus = load_bytes(json.dumps(rows).encode(), "t.json", mapping={"author": "author.name"})
    got = corpus.comments
    assert got["author"].tolist() == ["a", "b"] and got["text"].tolist() == ["x", ""]
    assert got["source_id"].tolist() == ["10", "11"] and got["is_guest"].tolist() == [True, False]
    assert got["parent_id"][1] == got["comment_id"][0]


def test_json_array_non_objects_are_skipped():
    corpus = load_bytes(b'[{"text": "x"}, "stray", {"text": "y"}]', "t.json")
    assert corpus.comments["text"].tolist() == ["x", "y"]
    assert [(s.line, s.reason) for s in corpus.report.files[0].skipped] == [(2, "a JSON str, not an object")]


def test_json_object_wrapping_one_array_is_read():
    corpus = load_bytes(b'{"count": 1, "comments": [{"text": "x"}]}', "t.json")
    assert corpus.comments["text"].tolist() == ["x"]
    assert "under the key 'comments'" in warnings_of(corpus)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b'[{"text": "x"}, {"text": ', "cut short"),
        (b'[{"text": "x"} {"text": "y"}]', "expected ',' or ']' after value 1"),
        (b'[{"text": "x"}, {"text": y}]', "value 2 of the JSON array is not valid JSON"),
        (b'{"a": [{"text": "x"}], "b": [{"text": "y"}]}', "several arrays"),
    ],
)
def test_broken_json_is_a_one_line_error(raw, expected):
    with pytest.raises(LoadError, match=expected) as err:
        load_bytes(raw, "t.json")
    assert "\n" not in str(err.value)


def test_json_array_is_read_in_small_blocks(monkeypatch):
    rows = [{"text": f"comment {k} " + "x" * 50, "user": f"u{k}"} for k in range(500)]
    stream = io.StringIO(json.dumps(rows, indent=1))
    values = list(tables._json_values(stream, "t.json", block=64))
    assert [n for n, _ in values] == list(range(1, 501)) and values[-1][1] == rows[-1]


def test_excel_reads_the_first_sheet_and_names_the_others():
    out = io.BytesIO()
    with pd.ExcelWriter(out) as writer:
        pd.DataFrame([{"text": "x", "author": "a"}]).to_excel(writer, sheet_name="comments", index=False)
        pd.DataFrame([{"notes": "n"}]).to_excel(writer, sheet_name="notes", index=False)
    corpus = load_bytes(out.getvalue(), "t.xlsx")
    assert corpus.comments["text"].tolist() == ["x"]
    assert "other sheets ignored: 'notes'" in warnings_of(corpus)


def test_excel_dates_and_numbers_are_read():
    rows = [{"text": "x", "id": 5, "date": pd.Timestamp("2013-02-20 10:00")}]
    corpus = load_bytes(_excel(rows), "t.xlsx")
    row = corpus.comments.iloc[0]
    assert (row.source_id, row.timestamp) == ("5", pd.Timestamp("2013-02-20 10:00"))


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


def test_unclosed_quote_is_a_one_line_error():
    with pytest.raises(LoadError, match="not a readable CSV table") as err:
        load_bytes(b'author,text\na,"never closed\nb,x\n', "t.csv")
    assert "\n" not in str(err.value)


def test_mis_encoded_table_is_decoded_and_reported():
    raw = "author,text\nRené,café crème à l'œil\n".encode("cp1252")
    corpus = load_bytes(raw, "t.csv")
    assert corpus.comments["text"].tolist() == ["café crème à l'œil"]
    assert corpus.report.files[0].encoding == "cp1252"
    assert "not UTF-8: decoded as cp1252" in warnings_of(corpus)


def test_invalid_utf8_after_the_first_block_is_replaced_and_counted():
    good = b"author,text\n" + b"a,plain text\n" * 6000  # more than the 64 KB read to recognise it
    corpus = load_bytes(good + b"b,caf\xe9\n", "t.csv")
    assert corpus.comments["text"].iloc[-1] == "caf\ufffd"
    assert "1 byte(s) not valid utf-8 replaced by U+FFFD" in warnings_of(corpus)


def test_utf16_with_bom_is_read():
    raw = "author\ttext\nRania\tمرحبا\n".encode("utf-16")
    corpus = load_bytes(raw, "t.tsv")
    assert corpus.comments["text"].tolist() == ["مرحبا"]


def test_bom_does_not_stick_to_the_first_column_name():
    corpus = load_bytes(b"\xef\xbb\xbftext,author\nx,a\n", "t.csv")
    assert corpus.comments["author"].tolist() == ["a"]


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


@pytest.mark.parametrize("header, sep", [("a|b|c", "|"), ("a;b", ";"), ("a\tb,c\td", "\t"), ("text", ",")])
def test_delimiter_is_the_most_used_separator_of_the_header(header, sep):
    assert tables.delimiter(header) == sep


def test_skipped_rows_carry_their_line_or_record_number():
    csv_corpus = load_bytes(b"author,text\na,x\n,\nb,y\n", "t.csv")
    assert [s.line for s in csv_corpus.report.files[0].skipped] == [3]  # header is record 1
    jsonl = load_bytes(b'{"text": "x"}\n\n{"text": "", "author": " "}\n{"text": "y"}\n', "t.jsonl")
    assert [s.line for s in jsonl.report.files[0].skipped] == [3]  # the line in the file
    array = load_bytes(b'[{"text": "x"}, 5, {"text": ""}]', "t.json")
    assert [s.line for s in array.report.files[0].skipped] == [2, 3]
