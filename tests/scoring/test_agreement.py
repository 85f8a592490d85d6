"""engine_comparison gives engine_agreement's numbers, from label codes."""

import numpy as np
import pandas as pd
import pytest

from analytics.scoring import agreement, sentiment
from analytics.scoring.sentiment import Cutoffs, Thresholds


def comments(polarity, vader):
    n = len(polarity)
    return pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(n)],
            "author": [f"u{i % 3}" for i in range(n)],
            "text": [f"<b>text {i}</b>" for i in range(n)],
            "polarity": polarity,
            "vader_compound": vader,
        }
    )


@pytest.mark.parametrize("cutoffs", [Thresholds().textblob, Thresholds().vader, Cutoffs(0.0, 0.0), Cutoffs(-0.5, 0.2)])
def test_label_codes_name_the_labels_of_sentiment_labels(cutoffs):
    scores = np.array([-1.0, -0.5, -0.05, -0.0100001, -0.01, 0.0, 0.01, 0.05, 0.0500001, 0.2, 1.0, np.nan])
    named = [None if code < 0 else agreement.LABELS[code] for code in agreement.label_codes(scores, cutoffs)]
    expected = sentiment.labels(pd.Series(scores), cutoffs).tolist()
    assert named == [None if isinstance(e, float) else e for e in expected]


def test_comparison_matches_engine_agreement_and_lists_the_furthest_apart_first():
    frame = comments([0.5, 0.2, None, -0.3, 0.3, 0.0, 0.9, 0.02], [0.4, -0.6, 0.1, 0.5, -0.2, -0.9, -0.3, -0.06])
    result = agreement.engine_comparison(frame, thresholds=Thresholds())
    plain = sentiment.engine_agreement(frame, thresholds=Thresholds())
    assert (result.share, result.n_compared) == (plain.share, plain.n_compared)
    gap = (plain.disagreements["polarity"] - plain.disagreements["vader_compound"]).abs()
    expected = (
        plain.disagreements.assign(gap=gap)
        .sort_values("gap", ascending=False, kind="stable")
        .drop(columns="gap")
        .reset_index(drop=True)
    )
    table = agreement.with_ids_and_text(result.disagreements, frame)
    pd.testing.assert_frame_equal(table.drop(columns="text"), expected)
    assert table["comment_id"].tolist() == ["c6", "c5", "c1", "c3", "c4", "c7"]  # c1 and c3 tie at 0.8: comment order
    texts = dict(zip(frame["comment_id"], frame["text"]))
    assert table["text"].tolist() == [texts[c] for c in table["comment_id"]]
    assert result.disagreements.index.tolist() == [6, 5, 1, 3, 4, 7]  # the comments' rows
    assert result.differ.tolist() == frame["comment_id"].isin(expected["comment_id"]).tolist()


def test_comparison_of_nothing_scored_shares_nan():
    result = agreement.engine_comparison(comments([None, 0.1], [0.2, None]))
    assert result.n_compared == 0 and np.isnan(result.share) and result.disagreements.empty
    assert result.differ.tolist() == [False, False]


def test_comparison_needs_two_engines():
    with pytest.raises(ValueError, match="two different engines"):
        agreement.engine_comparison(comments([0.1], [0.1]), engines=("vader", "vader"))


def test_label_categories_hold_the_labels_of_sentiment_labels():
    scores = pd.Series([0.3, None, -0.3, 0.0, 0.01, 0.02], index=[5, 6, 7, 8, 9, 10])
    cutoffs = Thresholds().textblob
    categories = agreement.label_categories(scores, cutoffs)
    pd.testing.assert_series_equal(categories.astype("str"), sentiment.labels(scores, cutoffs))


def test_ids_and_text_of_a_page_of_disagreements_are_those_of_its_rows():
    frame = comments([0.5, -0.5, 0.5, -0.5, 0.5], [-0.5, 0.5, -0.9, 0.1, 0.5]).set_index(pd.Index([9, 8, 7, 6, 5]))
    result = agreement.engine_comparison(frame)
    whole = agreement.with_ids_and_text(result.disagreements, frame)
    assert whole["comment_id"].tolist() == ["c2", "c0", "c1", "c3"]  # the index of comments is not read
    page = agreement.with_ids_and_text(result.disagreements.iloc[[3, 1]], frame)
    pd.testing.assert_frame_equal(page, whole.iloc[[3, 1]].reset_index(drop=True))
    assert list(page.columns) == [
        "comment_id",
        "author",
        "polarity",
        "textblob_label",
        "vader_compound",
        "vader_label",
        "text",
    ]


def test_comparison_reads_neither_ids_nor_texts():
    frame = comments([0.5, -0.5, 0.3], [-0.5, -0.5, -0.9])
    narrow = agreement.engine_comparison(frame[["author", "polarity", "vader_compound"]])
    pd.testing.assert_frame_equal(narrow.disagreements, agreement.engine_comparison(frame).disagreements)
    with pytest.raises(ValueError, match=r"needs columns \['author'\]"):
        agreement.engine_comparison(frame.drop(columns="author"))


@pytest.mark.parametrize(
    "values",
    [
        [],
        [0.0],
        [0.5, 0.5, 0.0, 2.0, 0.5],
        [0.0, 5e-324, 1e-300, 1.0, 1.0000000000000002, np.inf, 1.0, 0.0],
        np.random.default_rng(0).uniform(0, 2, 5000).round(2),
    ],
)
def test_largest_first_is_the_stable_order_of_the_negated_values(values):
    values = np.asarray(values, dtype="float64")
    assert agreement._largest_first(values).tolist() == np.argsort(-values, kind="stable").tolist()
