"""Tests for analytics.scoring.toxicity: ordering, reasons, missing values, the input left alone, and the
validation figures on the real labelled comments (skipped when ../shared is absent)."""
from __future__ import annotations

import math
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.scoring import toxicity as tx
from analytics.scoring.toxicity import (MODELS, lexicon_hits, reasons, score_texts, scores_and_reasons, toxicity_of,
                                toxicity_scores)
from conftest import REAL_DATA, make_thread

TOXIC = ["You are a pathetic, brainless idiot. Shut up.",
         "What a disgusting pig, go back to where you came from.",
         "These morons should be shot, worthless scum."]
CIVIL = ["Thank you for the careful reporting on the budget.",
         "I respectfully disagree; the figures from last year tell another story.",
         "The council meets again on Tuesday to vote on the proposal."]


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


@pytest.mark.parametrize("text, word", [
    ("You are a pathetic, brainless idiot.", "idiot"),
    ("Typical libtard nonsense.", "libtard"),
    ("Shut up already", "shut up"),
    ("This is bullshit and you know it", "bullshit"),
])
def test_reasons_name_the_offending_word(text, word):
    assert word in toxicity_of(text).reasons


IDENTITIES = ["Muslim", "gay", "Black", "immigrant", "Jewish", "Christian"]


@pytest.mark.parametrize("model", MODELS)
def test_naming_a_group_is_not_toxic(model):
    # The Fox News labels taught the `hate` view that group names mean hate ("I am a Muslim and
    # I liked this article." scored 0.60); group names are now unknown to the learned parts.
    neutral = score_texts([f"I am a {x} woman and I agree." for x in IDENTITIES]
                          + ["I am a Muslim and I liked this article."], model=model)
    insulting = score_texts([f"{x} women are filthy, stupid animals." for x in IDENTITIES], model=model)
    if model == "combined":
        assert neutral.max() < 0.5
    assert (neutral[:len(IDENTITIES)] < insulting).all()
    assert neutral.max() - neutral.min() < 0.1  # no group is singled out
    assert insulting.max() - insulting.min() < 0.1
    assert not {x.lower() for x in IDENTITIES} & set(reasons("I am a Muslim and I liked this article.", model=model))


def test_reasons_of_a_civil_comment_are_empty():
    assert reasons("Thank you for the careful reporting on the budget.") == []


def test_reasons_are_capped_and_unique():
    found = reasons("idiot idiot moron moron stupid scum trash liar", max_reasons=3)
    assert len(found) == 3 and len(set(found)) == 3


def test_lexicon_matches_prefixes_and_phrases_case_insensitively():
    assert [span for span, _ in lexicon_hits("IDIOTS, shut   up!")] == ["idiots", "shut up"]
    assert lexicon_hits("assessment of the classic bass") == []  # no match inside words


@pytest.mark.parametrize("text, spans", [
    ("(shut up) now", ["shut up"]),  # punctuation around a phrase
    ("shut\tup", ["shut up"]),  # any whitespace between its words
    ("shut, up", []),  # but only whitespace
    ("idiot/moron", ["idiot", "moron"]),  # words joined by punctuation are separate words
    ("the idiot's idea", []),  # an apostrophe is part of the word: "idiot's" is no prefix match
    ("give me a break!", ["give me a break"]),  # a phrase of four words
    ("give me a, break", []),
    ("these people, you people", ["these people", "you people"]),
])
def test_lexicon_phrases_follow_word_boundaries(text, spans):
    assert [span for span, _ in lexicon_hits(text)] == spans


def test_scores_and_reasons_equal_the_separate_calls():
    texts = TOXIC + CIVIL + ["Go back to your country, you filthy animals", ""]
    scores, found = scores_and_reasons(texts, model="combined", max_reasons=3)
    np.testing.assert_allclose(scores, score_texts(texts), rtol=1e-6)
    assert found == [reasons(t, max_reasons=3) for t in texts]


def test_threads_sharing_the_token_cache_get_the_same_scores(monkeypatch):
    # Dashboard sessions are threads of one process; a tiny cache makes them clear it all the time.
    texts = TOXIC + CIVIL + [f"{t} #{k}" for k, t in enumerate(TOXIC * 5)]
    expected = scores_and_reasons(texts)
    monkeypatch.setattr(tx, "_CACHE_LIMIT", 20)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads all the time (without the lock: KeyError, wrong ids)
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: scores_and_reasons(texts), range(48)))
    finally:
        sys.setswitchinterval(interval)
    for scores, found in results:
        np.testing.assert_allclose(scores, expected[0], rtol=1e-6)
        assert found == expected[1]


def test_scores_do_not_depend_on_the_token_cache():
    texts = TOXIC + CIVIL
    warm = score_texts(texts)
    tx.clear_caches()
    np.testing.assert_array_equal(score_texts(texts), warm)


def test_frame_gets_toxicity_and_reasons_and_is_not_mutated():
    _, comments = make_thread([{"author": "a", "text": TOXIC[0]}, {"author": "b", "text": CIVIL[0]}])
    before = comments.copy(deep=True)
    out = toxicity_scores(comments)
    pd.testing.assert_frame_equal(comments, before)
    assert list(out.columns) == list(comments.columns) + ["toxicity", "toxicity_reasons"]
    assert out["toxicity"].iloc[0] > out["toxicity"].iloc[1]
    assert "idiot" in out["toxicity_reasons"].iloc[0]
    assert out["toxicity_reasons"].iloc[1] == []


@pytest.mark.parametrize("text", ["", "   ", "!!! 100%", "يجب أن يرحل الأسد", "ya habibi shou 3am ta3mel",
                                  "Je ne sais pas ce qu'il veut dire, c'est idiot."])
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


def test_batches_give_the_same_numbers_as_one_text_at_a_time():
    texts = TOXIC + CIVIL + ["word " * 150 + "idiot"]  # longer than the BiLSTM's 100 steps
    together = score_texts(texts)
    alone = np.array([score_texts([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-6)


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


def test_fit_logistic_separates_a_simple_case():
    x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 1, 0, 1, 1])
    w = tx._fit_logistic(x, y, l2=0.01)
    p = tx._sigmoid(np.column_stack([x, np.ones(6)]) @ w)
    assert p[0] < 0.5 < p[-1]


def test_the_shipped_model_is_small():
    path = Path(tx.__file__).parent / "models" / "toxicity.npz"
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
