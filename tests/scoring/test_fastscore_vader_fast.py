"""analytics.scoring.fastscore.vader_fast: the batch API around the exact VADER compound scorer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analytics.scoring.fastscore import vader_fast
from analytics.scoring.fastscore.vader_fast import vader_compound, vader_compound_many

TEXTS = ["Great news!", "This is not good.", "", "VERY bad :( but ok 😀", "kind of nice, no?"]
ANALYZER = SentimentIntensityAnalyzer()


def test_many_returns_one_score_per_text():
    out = vader_compound_many(TEXTS)
    assert out.shape == (len(TEXTS),)
    assert out.dtype == np.float64


def test_many_equals_polarity_scores_compound_in_order():
    expected = np.array([ANALYZER.polarity_scores(t)["compound"] for t in TEXTS])
    np.testing.assert_allclose(vader_compound_many(TEXTS), expected, rtol=0, atol=1e-9)


def test_many_of_nothing_is_empty():
    assert vader_compound_many([]).shape == (0,)


def test_many_takes_a_series():
    series = pd.Series(TEXTS, index=list("abcde"))
    np.testing.assert_array_equal(vader_compound_many(series), vader_compound_many(TEXTS))


@pytest.mark.parametrize("bad", [None, 7, b"bytes"])
def test_many_names_the_first_non_string(bad):
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        vader_compound_many(["ok", bad])


def test_single_text_refuses_non_strings():
    with pytest.raises(TypeError, match="expected a str"):
        vader_compound(42)


def test_scores_stay_in_range():
    out = vader_compound_many(["good " * 100 + "!!!!!", "horrible " * 100, "no"])
    assert (np.abs(out) <= 1).all()


def test_but_scales_equal_scores_like_vader_does():
    # _but_check finds scores by value, so equal scores around "but" are scaled unevenly
    text = "good good good but good good"
    assert vader_compound(text) == ANALYZER.polarity_scores(text)["compound"]


def test_cold_and_warm_caches_give_the_same_numbers():
    vader_fast.clear_caches()
    cold = vader_compound_many(TEXTS)
    np.testing.assert_array_equal(vader_compound_many(TEXTS), cold)
