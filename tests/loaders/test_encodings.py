"""Legacy encodings, multi-byte ones included (GB18030, Shift-JIS), and windows-1256: tables and
pages are decoded and the report names the encoding; the one list of encodings tried first."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loaders import decoding, load_bytes, table_chunks, tables
from analytics.loaders.decoding import LEGACY_ENCODINGS, decode, legacy_encoding

ZH = [("王伟", "港口终于重新开放了，好消息！"), ("李娜", "这是个好消息，但是还不够。")]
JA = [("山田", "港がやっと再開しました。"), ("佐藤", "良いニュースですね、でもまだ足りない。")]
AR = [("سمير", "أخيرا بعض الأخبار الجيدة"), ("هالة", "الطريق مغلق منذ الصباح")]


def table(rows: list[tuple[str, str]]) -> str:
    return "author,text,created_at\n" + "".join(
        f"{a},{t},2020-08-10T0{i}:15:00Z\n" for i, (a, t) in enumerate(rows, start=1)
    )


def test_one_list_of_legacy_encodings():
    assert table_chunks.LEGACY_ENCODINGS is decoding.LEGACY_ENCODINGS is tables.LEGACY_ENCODINGS
    assert {"gb18030", "cp932", "cp1256", "cp1252"} <= set(LEGACY_ENCODINGS)


@pytest.mark.parametrize(
    "rows, encoding, named",
    [(ZH, "gb18030", "gb18030"), (JA, "shift_jis", "cp932"), (JA, "cp932", "cp932"), (AR, "cp1256", "cp1256")],
)
def test_legacy_table_is_decoded_and_reported(rows, encoding, named):
    corpus = load_bytes(table(rows).encode(encoding), "comments.csv")
    c = corpus.comments
    assert list(zip(c["author"], c["text"])) == rows
    assert c["timestamp"].tolist() == [pd.Timestamp("2020-08-10 01:15"), pd.Timestamp("2020-08-10 02:15")]
    report = corpus.report.files[0]
    assert report.encoding == named
    assert f"not UTF-8: decoded as {named}" in report.warnings


def test_multi_byte_character_cut_by_the_head_is_still_recognised():
    rows = ZH * 2000  # well past the 64 KB head
    raw = table(rows).encode("gb18030")
    # one ASCII byte more in the first author until the head ends inside a two-byte character
    pad = next(n for n in range(60) if not _decodes(b"x" * n + raw[: (1 << 16) - n], "gb18030"))
    rows = [("x" * pad + ZH[0][0], ZH[0][1]), *rows[1:]]
    raw = table(rows).encode("gb18030")
    head = raw[: 1 << 16]
    with pytest.raises(UnicodeDecodeError):
        head.decode("gb18030")
    assert legacy_encoding(head, "t.csv") == "gb18030"
    corpus = load_bytes(raw, "comments.csv")
    assert corpus.comments["text"].tolist() == [t for _, t in rows]
    assert corpus.report.files[0].encoding == "gb18030"


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("rows, encoding, named", [(JA, "cp932", "cp932"), (ZH, "gb18030", "gb18030")])
def test_legacy_page_is_decoded_and_reported(rows, encoding, named):
    comments = "".join(f"Thumb {a} 20 February 2013, 1{i}:00\n\n{t}\n\n" for i, (a, t) in enumerate(rows))
    text = f"A Title\n\nFirst paragraph.\n\nComments {len(rows)}\n{comments}"
    corpus = load_bytes(text.encode(encoding), "page.txt")
    c = corpus.comments
    assert list(zip(c["author"], c["text"])) == rows
    assert c["timestamp"].tolist() == [pd.Timestamp("2013-02-20 10:00"), pd.Timestamp("2013-02-20 11:00")]
    report = corpus.report.files[0]
    assert (report.format, report.encoding) == ("naharnet-page", named)
    assert report.warnings == [f"not UTF-8: decoded as {named}"]


def test_french_in_cp1252_is_still_cp1252():
    raw = "author,text\nRené,café crème à l'œil\nÉlodie,Très élégant, déjà vu ça\n".encode("cp1252")
    assert legacy_encoding(raw, "t.csv") == "cp1252"


def test_bytes_invalid_in_the_chosen_encoding_are_replaced_and_counted():
    raw = "港口终于重新开放了，好消息！这是个好消息，但是还不够。\n".encode("gb18030") * 3 + b"\x81\n"
    text, encoding, warnings = decode(raw, "page.txt")
    assert encoding == "gb18030"
    assert text.endswith("\ufffd\n")
    assert warnings == ["not UTF-8: decoded as gb18030", "1 character(s) not valid gb18030: shown as U+FFFD"]
