"""The data contract: its check catches broken frames, and its docs match the code."""

from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics.model import schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-contract.md"


@pytest.fixture()
def frames():
    corpus = analytics.load(analytics.SAMPLE)
    return corpus.articles, corpus.comments


def test_loaded_sample_passes(frames):
    schema.validate(*frames)


def test_empty_frames_pass():
    schema.validate(*schema.empty_frames())


def test_missing_columns_are_listed(frames):
    articles, comments = frames
    with pytest.raises(schema.ContractError, match=r"comments: missing columns \['author', 'text'\]"):
        schema.validate(articles, comments.drop(columns=["author", "text"]))


def test_wrong_type_is_named(frames):
    articles, comments = frames
    with pytest.raises(schema.ContractError, match="comments.timestamp: expected datetime"):
        schema.validate(articles, comments.assign(timestamp=comments.timestamp.astype(str)))


def test_missing_value_in_required_column(frames):
    articles, comments = frames
    broken = comments.copy()
    broken.loc[0, "author"] = None
    with pytest.raises(schema.ContractError, match="comments.author: 1 missing values"):
        schema.validate(articles, broken)


def test_duplicate_ids_and_unknown_articles(frames):
    articles, comments = frames
    with pytest.raises(schema.ContractError, match="duplicated ids"):
        schema.validate(articles, pd.concat([comments, comments.iloc[:1]]))
    with pytest.raises(schema.ContractError, match="ids with no article"):
        schema.validate(articles, comments.assign(article_id="nowhere"))


def test_mentions_must_be_lists(frames):
    articles, comments = frames
    with pytest.raises(schema.ContractError, match="comments.mentions: expected list of strings"):
        schema.validate(articles, comments.assign(mentions="@geha"))


def test_docs_are_generated_from_the_schema():
    assert DOCS.read_text(encoding="utf-8").strip() == schema.render_markdown().strip(), (
        "docs/data-contract.md is stale: run python -m analytics contract > docs/data-contract.md"
    )


def test_every_column_is_documented():
    for columns in schema.DOCUMENTED.values():
        for column in columns:
            assert column.meaning.strip() and column.dtype in schema._CHECKS
