"""analytics.fastscore.textblob_fast: the batch API around the exact TextBlob scorer."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob

from analytics.fastscore import textblob_fast
from analytics.fastscore.textblob_fast import textblob_sentiment, textblob_sentiment_many

TEXTS = ["Great news!", "This is not good.", "", "very very bad :(", "Mr. Smith said “fine”.\n\nOK"]


def test_many_returns_one_row_of_polarity_and_subjectivity_per_text():
    out = textblob_sentiment_many(TEXTS)
    assert out.shape == (len(TEXTS), 2)
    assert out.dtype == np.float64


def test_many_rows_equal_textblob_in_order():
    expected = np.array([tuple(TextBlob(t).sentiment) for t in TEXTS])
    np.testing.assert_allclose(textblob_sentiment_many(TEXTS), expected, rtol=0, atol=1e-9)


def test_many_of_nothing_is_an_empty_table():
    assert textblob_sentiment_many([]).shape == (0, 2)


def test_many_takes_a_series_and_a_tuple():
    series = pd.Series(TEXTS, index=[10, 11, 12, 13, 14])
    np.testing.assert_array_equal(textblob_sentiment_many(series), textblob_sentiment_many(tuple(TEXTS)))


@pytest.mark.parametrize("bad", [None, 3.5, b"bytes", float("nan")])
def test_many_names_the_first_non_string(bad):
    with pytest.raises(TypeError, match=r"texts\[2\]"):
        textblob_sentiment_many(["ok", "fine", bad, None])


def test_single_text_refuses_non_strings():
    with pytest.raises(TypeError, match="expected a str"):
        textblob_sentiment(None)


def test_scores_stay_in_range():
    out = textblob_sentiment_many(["good " * 50 + "!!!!", "bad " * 50 + "!!!!", "not very good"])
    assert (out[:, 0] >= -1).all() and (out[:, 0] <= 1).all()
    assert (out[:, 1] >= 0).all() and (out[:, 1] <= 1).all()


def test_cold_and_warm_caches_give_the_same_numbers():
    textblob_fast.clear_caches()
    cold = textblob_sentiment_many(TEXTS)
    np.testing.assert_array_equal(textblob_sentiment_many(TEXTS), cold)


def test_input_list_is_not_changed():
    texts = list(TEXTS)
    textblob_sentiment_many(texts)
    assert texts == TEXTS


# Texts for the chunked array path: walk rules, texts scored alone (emoticons, "(!)", paragraph
# markers), empty ones, repeated tokens in several cases.
MIXED = ["really not good", "not a good idea", "very no good", "good! bad!! very! nice", "Good GOOD good!",
         "I like it :) a lot", "Great idea (!) really", "", "  ", "x :\n\n) y good", "never so good, never bad",
         "absolutely not terrible at all. very, a good", "not!!! good", "very very very bad", "!!! good"] * 6


@pytest.fixture
def array_path(monkeypatch):
    monkeypatch.setattr(textblob_fast, "_BATCH_MIN", 1)
    return monkeypatch


def test_many_by_arrays_equals_text_by_text_to_the_last_bit(array_path):
    np.testing.assert_array_equal(textblob_sentiment_many(MIXED), textblob_fast._scores_one_by_one(MIXED))


def test_chunk_boundaries_do_not_change_the_numbers(array_path):
    whole = textblob_sentiment_many(MIXED)
    array_path.setattr(textblob_fast, "_CHUNK", 4)
    np.testing.assert_array_equal(textblob_sentiment_many(MIXED), whole)


def test_caches_emptied_at_their_limit_within_a_chunk_give_the_same_numbers(array_path):
    whole = textblob_sentiment_many(MIXED)
    array_path.setattr(textblob_fast, "_CACHE_LIMIT", 3)
    textblob_fast.clear_caches()
    np.testing.assert_array_equal(textblob_sentiment_many(MIXED), whole)
    np.testing.assert_array_equal(textblob_sentiment_many(MIXED), whole)


def test_long_lists_take_the_array_path_and_short_ones_text_by_text(monkeypatch):
    chunks = []
    scores_of_chunk = textblob_fast._scores_of_chunk
    monkeypatch.setattr(textblob_fast, "_scores_of_chunk",
                        lambda texts: chunks.append(len(texts)) or scores_of_chunk(texts))
    textblob_sentiment_many(MIXED[:textblob_fast._BATCH_MIN - 1])
    assert chunks == []
    textblob_sentiment_many(MIXED * 2)
    assert sum(chunks) == 2 * len(MIXED)


def test_scores_of_emoticon_spellings_do_not_depend_on_the_string_hash_seed():
    """TextBlob orders its emoticon regex by set iteration (the hash seed): workers started by
    forkserver or on a Dask cluster have seeds of their own and must score as this process does."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path
    script = (
        "import json, sys\n"
        "from textblob import TextBlob, _text\n"
        "from analytics.fastscore.textblob_fast import textblob_sentiment_many\n"
        "faces = sorted({e for v in _text.EMOTICONS.values() for e in v})\n"
        "texts = [t for f in faces for t in (f, ' '.join(f), ' '.join(f + ')'), 'good ' + ' '.join(f) + ' !', f + f)]\n"
        "texts += [': c )', 'so good : c )', 'bad :-( )', '; ) )', \":'( (\"]\n"
        "print(json.dumps([[TextBlob(t).sentiment.polarity, TextBlob(t).sentiment.subjectivity] for t in texts]"
        " + [list(map(list, textblob_sentiment_many(texts)))]))\n")
    root = Path(__file__).resolve().parents[1]
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
    naive, fast = runs[0][:-1], runs[0][-1]
    assert fast == naive and len(naive) > 100
