"""Tests for analytics.scoring.toxicity: ordering, reasons, missing values, the input left alone, and the
validation figures on the real labelled comments (skipped when ../shared is absent)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import REAL_DATA, make_thread
from toxicity_texts import CIVIL, TOXIC

from analytics.scoring import toxicity as tx
from analytics.scoring.toxicity import MODELS, reasons, score_texts, scores_and_reasons, toxicity_scores


@pytest.mark.parametrize("model", ["combined", "incivility"])
def test_every_toxic_comment_scores_above_every_civil_one(model):
    scores = score_texts(TOXIC + CIVIL, model=model)
    assert scores[:3].min() > scores[3:].max()
    assert ((scores >= 0) & (scores <= 1)).all()


def test_hate_view_ranks_group_directed_hate_above_civil_comments():
    # The `hate` view is fitted on Fox News hate labels (group-directed hate); a personal insult
    # alone is the `incivility` view's business, so only the group case is asserted here.
    scores = score_texts(["Deport all the illegals, these animals are ruining our country."] + CIVIL, model="hate")
    assert scores[0] > scores[1:].max()


IDENTITIES = ["Muslim", "gay", "Black", "immigrant", "Jewish", "Christian"]


@pytest.mark.parametrize("model", MODELS)
def test_naming_a_group_is_not_toxic(model):
    # The Fox News labels taught the `hate` view that group names mean hate ("I am a Muslim and
    # I liked this article." scored 0.60); group names are now unknown to the learned parts.
    neutral = score_texts(
        [f"I am a {x} woman and I agree." for x in IDENTITIES] + ["I am a Muslim and I liked this article."],
        model=model,
    )
    insulting = score_texts([f"{x} women are filthy, stupid animals." for x in IDENTITIES], model=model)
    if model == "combined":
        assert neutral.max() < 0.5
    assert (neutral[: len(IDENTITIES)] < insulting).all()
    assert neutral.max() - neutral.min() < 0.1  # no group is singled out
    assert insulting.max() - insulting.min() < 0.1
    assert not {x.lower() for x in IDENTITIES} & set(reasons("I am a Muslim and I liked this article.", model=model))


def test_scores_and_reasons_equal_the_separate_calls():
    texts = TOXIC + CIVIL + ["Go back to your country, you filthy animals", ""]
    scores, found = scores_and_reasons(texts, model="combined", max_reasons=3)
    np.testing.assert_allclose(scores, score_texts(texts), rtol=1e-6)
    assert found == [reasons(t, max_reasons=3) for t in texts]


def test_frame_gets_toxicity_and_reasons_and_is_not_mutated():
    _, comments = make_thread([{"author": "a", "text": TOXIC[0]}, {"author": "b", "text": CIVIL[0]}])
    before = comments.copy(deep=True)
    out = toxicity_scores(comments)
    pd.testing.assert_frame_equal(comments, before)
    assert list(out.columns) == list(comments.columns) + ["toxicity", "toxicity_reasons"]
    assert out["toxicity"].iloc[0] > out["toxicity"].iloc[1]
    assert "idiot" in out["toxicity_reasons"].iloc[0]
    assert out["toxicity_reasons"].iloc[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!! 100%",
        "يجب أن يرحل الأسد",
        "ya habibi shou 3am ta3mel",
        "Je ne sais pas ce qu'il veut dire, c'est idiot.",
    ],
)
def test_empty_and_non_english_text_get_a_missing_score(text):
    out = toxicity_scores(pd.DataFrame({"text": [text, "You idiot."]}))
    assert math.isnan(out["toxicity"].iloc[0])
    assert out["toxicity_reasons"].iloc[0] == []
    assert out["toxicity"].iloc[1] > 0


def test_a_language_column_is_respected():
    frame = pd.DataFrame({"text": ["You idiot.", "You idiot."], "language": ["en", "other"]})
    out = toxicity_scores(frame)
    assert not math.isnan(out["toxicity"].iloc[0]) and math.isnan(out["toxicity"].iloc[1])


def test_repeated_texts_get_the_same_score_and_the_index_is_kept():
    frame = pd.DataFrame({"text": ["You idiot.", "Nice work.", "You idiot."]}, index=[10, 20, 30])
    out = toxicity_scores(frame)
    assert list(out.index) == [10, 20, 30]
    assert out["toxicity"].loc[10] == out["toxicity"].loc[30]


def test_empty_frame_and_empty_list():
    out = toxicity_scores(pd.DataFrame({"text": pd.Series([], dtype="str")}))
    assert out.empty and {"toxicity", "toxicity_reasons"} <= set(out.columns)
    assert score_texts([]).shape == (0,)


def test_missing_text_column_is_named():
    with pytest.raises(ValueError, match=r"\['text'\]"):
        toxicity_scores(pd.DataFrame({"body": ["x"]}))


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="unknown toxicity model"):
        toxicity_scores(pd.DataFrame({"text": ["x"]}), model="perspective")


def test_installed_model_arrays_score_until_the_shipped_ones_are_put_back():
    # bench/train_toxicity.py fits the archive step by step, scoring with the arrays fitted so far.
    from analytics.scoring.toxicity import model

    shipped = score_texts(TOXIC + CIVIL)
    arrays = dict(model._shipped_model().a)
    arrays["platt_combined"] = arrays["platt_combined"] * [1.0, 0.0]  # no intercept: other scores
    try:
        tx.use_model_arrays(arrays)
        moved = score_texts(TOXIC + CIVIL)
    finally:
        tx.use_model_arrays(None)
    assert not np.allclose(moved, shipped)
    np.testing.assert_array_equal(score_texts(TOXIC + CIVIL), shipped)


def test_the_shipped_model_is_small():
    path = Path(tx.__file__).parents[1] / "models" / "toxicity.npz"
    assert path.stat().st_size < 6_000_000


@pytest.fixture(scope="module")
def validation_table():
    if not REAL_DATA.is_dir():
        pytest.skip("validation data ../shared/data/real not present")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import toxicity_eval

    return toxicity_eval.figures()


def test_validation_figures_on_real_comments(validation_table, capsys):
    """Out-of-article Fox News AUC and cross-dataset SFU AUC, printed, asserted at what the shipped
    model reaches (with a margin). The issue's 0.75 targets are not reached (issue 7 stays open);
    these floors guard what is shipped against regressions."""
    table = validation_table
    with capsys.disabled():
        print()
        for name, row in table.items():
            print(f"  {name}: Fox {row['fox']:.3f}  SFU {row['sfu']:.3f}")
    assert table["threadscope `combined`"]["fox"] >= 0.65
    assert table["threadscope `combined`"]["sfu"] >= 0.59
    assert table["threadscope `incivility`"]["sfu"] >= 0.71
    assert table["threadscope `hate`"]["fox"] >= 0.64
    # better than the strongest off-the-shelf filter on the set of each view: alt-profanity-check
    # as shipped (0.61 Fox / 0.63 SFU, issue 7) and as it runs here, group names masked
    profanity = table["alt-profanity-check linear model (group names masked)"]
    assert table["threadscope `combined`"]["fox"] > max(0.61, profanity["fox"] + 0.05)
    assert table["threadscope `incivility`"]["sfu"] > max(0.63, profanity["sfu"]) + 0.05
