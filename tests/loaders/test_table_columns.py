"""Which column holds which field (analytics/loaders/table_columns.py): usual names recognised,
a mapping's names taken first, and one-line errors naming the columns found and expected."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.loaders import LoadError, load_bytes
from analytics.loaders.table_columns import recognised_columns


def csv_bytes(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


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
    assert recognised_columns(columns)[field] == expected


def test_lookalike_columns_are_not_taken():
    found = recognised_columns(["parent_user_id", "parent_content", "content", "user_id"])
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
