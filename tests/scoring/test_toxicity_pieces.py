"""analytics.scoring.toxicity.pieces: texts read into cached pieces (the cache shared by threads, results
independent of it) and the lexicon phrases found in them."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from toxicity_texts import CIVIL, TOXIC

from analytics.scoring.toxicity import (
    lexicon_hits,
    pieces,
    score_texts,
    scores_and_reasons,
)


def test_lexicon_matches_prefixes_and_phrases_case_insensitively():
    assert [span for span, _ in lexicon_hits("IDIOTS, shut   up!")] == ["idiots", "shut up"]
    assert lexicon_hits("assessment of the classic bass") == []  # no match inside words


@pytest.mark.parametrize(
    "text, spans",
    [
        ("(shut up) now", ["shut up"]),  # punctuation around a phrase
        ("shut\tup", ["shut up"]),  # any whitespace between its words
        ("shut, up", []),  # but only whitespace
        ("idiot/moron", ["idiot", "moron"]),  # words joined by punctuation are separate words
        ("the idiot's idea", []),  # an apostrophe is part of the word: "idiot's" is no prefix match
        ("give me a break!", ["give me a break"]),  # a phrase of four words
        ("give me a, break", []),
        ("these people, you people", ["these people", "you people"]),
    ],
)
def test_lexicon_phrases_follow_word_boundaries(text, spans):
    assert [span for span, _ in lexicon_hits(text)] == spans


def test_threads_sharing_the_token_cache_get_the_same_scores(monkeypatch):
    # Dashboard sessions are threads of one process; a tiny cache makes them clear it all the time.
    texts = TOXIC + CIVIL + [f"{t} #{k}" for k, t in enumerate(TOXIC * 5)]
    expected = scores_and_reasons(texts)
    monkeypatch.setattr(pieces, "_CACHE_LIMIT", 20)
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
    pieces.clear_caches()
    np.testing.assert_array_equal(score_texts(texts), warm)
