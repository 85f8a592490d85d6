"""Identity with the libraries on every real comment we hold: the bundled sample and the
validation files in ../shared/data/real (skipped when that folder is absent)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analytics
from analytics.scoring.fastscore import textblob_sentiment_many, vader_compound_many

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"
ANALYZER = SentimentIntensityAnalyzer()


def _csv_column(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


def _fox_jsonl(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def _fox_thread(path: Path) -> list[str]:
    """``<label>:<username> <text>`` lines: the text after the first space."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.partition(" ")[2] for line in lines if line.strip()]


REAL_FILES = {
    "sfu comment": ("sfu_ctc/SFU_constructiveness_toxicity.csv", lambda p: _csv_column(p, "comment")),
    "fox text": ("fox_news_comments/fox-news-comments.json", _fox_jsonl),
    "reddit content": ("reddit_trump_parody/reddit_trump_comments_all_splits.csv", lambda p: _csv_column(p, "content")),
    "fox thread lines": ("fox_news_comments/annotated-thread-31.txt", _fox_thread),
}


def assert_identical(texts: list[str]) -> None:
    expected_tb = np.array([tuple(TextBlob(t).sentiment) for t in texts], dtype=float).reshape(-1, 2)
    expected_vader = np.array([ANALYZER.polarity_scores(t)["compound"] for t in texts], dtype=float)
    tb = textblob_sentiment_many(texts)
    vd = vader_compound_many(texts)
    worst_tb = np.abs(tb - expected_tb).max(initial=0.0)
    worst_vader = np.abs(vd - expected_vader).max(initial=0.0)
    assert worst_tb <= 1e-9, texts[int(np.abs(tb - expected_tb).max(axis=1).argmax())]
    assert worst_vader <= 1e-9, texts[int(np.abs(vd - expected_vader).argmax())]


def test_bundled_sample_comments_score_like_the_libraries():
    texts = list(analytics.load(analytics.SAMPLE).comments["text"])
    assert texts
    assert_identical(texts)


@pytest.mark.parametrize("name", list(REAL_FILES))
def test_real_comments_score_like_the_libraries(name):
    relative, read = REAL_FILES[name]
    path = REAL / relative
    if not path.exists():
        pytest.skip(f"real validation data not present: {path}")
    texts = read(path)
    assert len(texts) > 100
    assert_identical(texts)
