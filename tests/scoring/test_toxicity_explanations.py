"""analytics.scoring.toxicity.explanations: the phrases and words named as a score's reasons."""

from __future__ import annotations

import pytest

from analytics.scoring.toxicity import reasons, toxicity_of


@pytest.mark.parametrize(
    "text, word",
    [
        ("You are a pathetic, brainless idiot.", "idiot"),
        ("Typical libtard nonsense.", "libtard"),
        ("Shut up already", "shut up"),
        ("This is bullshit and you know it", "bullshit"),
    ],
)
def test_reasons_name_the_offending_word(text, word):
    assert word in toxicity_of(text).reasons


def test_reasons_of_a_civil_comment_are_empty():
    assert reasons("Thank you for the careful reporting on the budget.") == []


def test_reasons_are_capped_and_unique():
    found = reasons("idiot idiot moron moron stupid scum trash liar", max_reasons=3)
    assert len(found) == 3 and len(set(found)) == 3
