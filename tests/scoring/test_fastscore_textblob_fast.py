"""analytics.scoring.fastscore.textblob_fast: the batch API around the exact TextBlob scorer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textblob import TextBlob

from analytics.scoring.fastscore import textblob_fast
from analytics.scoring.fastscore.textblob_fast import textblob_sentiment, textblob_sentiment_many

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
MIXED = [
    "really not good",
    "not a good idea",
    "very no good",
    "good! bad!! very! nice",
    "Good GOOD good!",
    "I like it :) a lot",
    "Great idea (!) really",
    "",
    "  ",
    "x :\n\n) y good",
    "never so good, never bad",
    "absolutely not terrible at all. very, a good",
    "not!!! good",
    "very very very bad",
    "!!! good",
] * 6


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
    monkeypatch.setattr(
        textblob_fast, "_scores_of_chunk", lambda texts: chunks.append(len(texts)) or scores_of_chunk(texts)
    )
    textblob_sentiment_many(MIXED[: textblob_fast._BATCH_MIN - 1])
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
        "from analytics.scoring.fastscore.textblob_fast import textblob_sentiment_many\n"
        "faces = sorted({e for v in _text.EMOTICONS.values() for e in v})\n"
        "texts = [t for f in faces for t in (f, ' '.join(f), ' '.join(f + ')'), 'good ' + ' '.join(f) + ' !', f + f)]\n"
        "texts += [': c )', 'so good : c )', 'bad :-( )', '; ) )', \":'( (\"]\n"
        "print(json.dumps([[TextBlob(t).sentiment.polarity, TextBlob(t).sentiment.subjectivity] for t in texts]"
        " + [list(map(list, textblob_sentiment_many(texts)))]))\n"
    )
    root = Path(__file__).resolve().parents[2]
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
    naive, fast = runs[0][:-1], runs[0][-1]
    assert fast == naive and len(naive) > 100


# --- the Arrow split of a chunk (textblob_fast._token_codes) ------------------------------------
# Every character str.split() splits at; Arrow's ascii_split_whitespace misses all but six.
SPACES = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c).isspace()]


def assert_like_textblob(texts: list[str]) -> None:
    expected = np.array([tuple(TextBlob(t).sentiment) for t in texts]).reshape(-1, 2)
    np.testing.assert_allclose(textblob_sentiment_many(texts), expected, rtol=0, atol=1e-9)


def test_python_splits_at_29_characters_of_which_arrow_ascii_split_takes_six():
    assert len(SPACES) == 29
    assert [c for c in SPACES if c.isascii() and c not in "\x1c\x1d\x1e\x1f"] == list("\t\n\x0b\x0c\r ")


@pytest.mark.parametrize("space", SPACES, ids=[f"U+{ord(c):04X}" for c in SPACES])
def test_every_kind_of_whitespace_splits_as_str_split(array_path, space):
    textblob_fast.clear_caches()
    texts = [
        f"very{space}good",
        f"{space}not{space}{space}bad{space}",
        f"good{space}",
        space,
        f"a{space}!{space}nice",
        f"not{space}good and not{space}very{space}nice!",
    ] + MIXED[:4]
    assert_like_textblob(texts)
    assert_like_textblob(texts)  # again with the caches filled


def test_a_token_with_a_space_arrow_missed_is_not_learnt(array_path):
    textblob_fast.clear_caches()
    textblob_sentiment_many(["so\u2009good", "ok"])
    assert "so\u2009good" not in textblob_fast._CODE
    assert {"so", "good", "ok"} <= set(textblob_fast._CODE)


TRICKY = [
    "",
    " ",
    "\n\n",
    "naïve café très bon good",
    "good\x00 bad",
    "\x00",
    "good \x00\x00 bad!",
    "😀 great 😡 awful",
    "good \ud800 bad",
    "\udfff",
    "“quoted” ‘good’ it’s fine",
    "ΟΔΟΣ ΚΑΛΟΣ İstanbul good",
    "good\u3000bad\u2028nice",
]


@pytest.mark.parametrize("ascii_too", [False, True])
def test_non_ascii_nul_and_surrogate_texts_score_like_textblob(array_path, ascii_too):
    texts = TRICKY + (["plain ascii good", "bad\x00not"] if ascii_too else [])
    assert_like_textblob(texts)
    assert_like_textblob([t for t in texts if t.isascii()])  # a chunk encoded as ASCII


def test_nul_characters_in_ascii_and_utf8_chunks_do_not_shift_the_texts(array_path):
    texts = ["good\x00", "\x00bad", "nice"]
    assert_like_textblob(texts)
    assert_like_textblob(texts + ["é"])


def test_texts_of_unknown_tokens_only_are_learnt_and_scored(array_path):
    textblob_fast.clear_caches()
    texts = ["zqxv wvvk good", "Brrrp!! nice", "qqq"] * 3
    assert_like_textblob(texts)
    assert {"zqxv", "wvvk", "Brrrp!!", "qqq"} <= set(textblob_fast._CODE)


def test_caches_emptied_mid_chunk_with_spaces_arrow_missed(array_path):
    texts = ["so\u2009good", "not\xa0bad at all", "very good", "x\x1cy nice"] * 4 + MIXED[:8]
    whole = textblob_sentiment_many(texts)
    array_path.setattr(textblob_fast, "_CACHE_LIMIT", 3)
    textblob_fast.clear_caches()
    np.testing.assert_array_equal(textblob_sentiment_many(texts), whole)
    np.testing.assert_array_equal(textblob_sentiment_many(texts), whole)
    assert_like_textblob(texts)


_WORDS = st.sampled_from(
    ["good", "bad", "not", "very", "really", "!", "(!)", ":)", "x", "a", "nice", "é", "😀", "n't", "\x00", "..."]
)
_TEXTS = st.lists(st.one_of(_WORDS, st.sampled_from(SPACES), st.text(max_size=3)), max_size=12).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXTS, min_size=textblob_fast._BATCH_MIN, max_size=3 * textblob_fast._BATCH_MIN))
def test_long_lists_of_generated_texts_score_like_text_by_text(texts):
    """Lists long enough for the chunked path (no patching): every kind of whitespace, words
    that act, arbitrary characters, with the caches as earlier examples left them."""
    np.testing.assert_array_equal(textblob_sentiment_many(texts), textblob_fast._scores_one_by_one(texts))


def test_token_screen_finds_every_text_the_rewrite_rules_may_touch():
    """The codes of a chunk's tokens stand for _may_rewrite's Python screens: every text those let
    through (emoticons and "(!)" spelt with gaps of any space, dots and markers, within a token or
    across tokens) is scored one by one."""
    from textblob import _text as pattern

    faces = sorted({e for v in pattern.EMOTICONS.values() for e in v}) + ["(!)", "o.O", "o_O"]
    gaps = ["", " ", ".", " END-OF-SENTENCE ", "\n\n", "END-OF-SENTENCE"] + SPACES
    texts = [f"good {g.join(face)} bad" for face in faces for g in gaps[::3]] + [f"x{g}-{g}D" for g in gaps]
    texts += [f"{face}{end}" for face in faces for end in ("", ".", "!", ")", " ok", "ok", "'")]
    texts += [f"so{face}" for face in faces] + [f"{face[:k]} {face[k:]}" for face in faces for k in range(1, len(face))]
    texts += ["x - y", "o . k", "tax - it", "into .", ":", "( ! x"]
    untouched = ["nothing to see", "8 is fine", "zero (0)", "so - it", "Chicago !", "to 'the' end"]
    texts += untouched
    array, unencodable = textblob_fast._utf8_chunk(texts)
    codes, per_text, unsplit = textblob_fast._token_codes(array, unencodable)
    text_of = np.repeat(np.arange(len(texts)), per_text)
    alone = textblob_fast._scored_alone(codes, text_of, len(texts))
    alone[unsplit] = True
    rewritten = set()
    for k, text in enumerate(texts):
        textblob_fast._learn(text.split())
        if textblob_fast._may_rewrite(text, text.split()):
            rewritten.add(k)
    assert len(rewritten) > 300
    assert rewritten <= set(np.flatnonzero(alone).tolist())
    assert not alone[-len(untouched) :].any()  # no face begins and goes on in these
    assert_like_textblob(texts)


# --- Arrow arrays in ------------------------------------------------------------------------------
LONG = (MIXED + TRICKY[:8] + ["so\u2009good", "not\xa0bad"]) * 2  # no lone surrogates: Arrow holds UTF-8


def arrow_forms(texts: list[str]) -> dict[str, object]:
    import pyarrow as pa

    return {
        "string": pa.array(texts),
        "large_string": pa.array(texts, pa.large_string()),
        "chunked": pa.chunked_array([texts[:5], texts[5:61], texts[61:]]),
        "sliced": pa.array(["bad", "awful"] + texts + ["great"]).slice(2, len(texts)),
    }


@pytest.mark.parametrize("form", ["string", "large_string", "chunked", "sliced"])
def test_arrow_arrays_score_as_the_list_of_their_texts(form):
    assert len(LONG) >= textblob_fast._BATCH_MIN
    expected = textblob_sentiment_many(LONG)
    np.testing.assert_array_equal(textblob_sentiment_many(arrow_forms(LONG)[form]), expected)
    np.testing.assert_array_equal(expected, textblob_fast._scores_one_by_one(LONG))


def test_arrow_chunks_across_array_chunks_score_the_same(monkeypatch):
    monkeypatch.setattr(textblob_fast, "_CHUNK", 7)  # slices spanning chunks of the chunked array
    np.testing.assert_array_equal(
        textblob_sentiment_many(arrow_forms(LONG)["chunked"]), textblob_fast._scores_one_by_one(LONG)
    )


def test_short_arrow_arrays_score_text_by_text():
    import pyarrow as pa

    np.testing.assert_array_equal(textblob_sentiment_many(pa.array(TEXTS)), textblob_sentiment_many(TEXTS))


def test_arrow_arrays_with_nulls_or_other_types_are_refused():
    import pyarrow as pa

    with pytest.raises(TypeError, match=r"texts\[2\]: expected a str, got NoneType"):
        textblob_sentiment_many(pa.array(["ok", "fine", None] + LONG))
    with pytest.raises(TypeError, match="Arrow array of int64"):
        textblob_sentiment_many(pa.array([1, 2, 3]))


# --- token codes --------------------------------------------------------------------------------
def test_event_rows_fit_their_bits_of_the_code():
    """Each token learnt adds at most one row, and the caches are emptied at _CACHE_LIMIT."""
    assert textblob_fast._PERMANENT_EVENTS + textblob_fast._CACHE_LIMIT < 2 ** (32 - textblob_fast._ROW_SHIFT)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("xXoODPSbcpsdeagt°é"), min_size=1, max_size=6))
def test_letters_only_tokens_outside_the_shortcut_have_no_face_bits(token):
    if token.isalpha() and not (
        token.endswith(textblob_fast._LETTERS_ENDING) or token in textblob_fast._LETTERS_GOING_ON
    ):
        assert textblob_fast._face_bits(token) == 0


def test_tokens_of_many_events_are_scored_like_textblob(array_path):
    textblob_fast.clear_caches()
    texts = [
        "MUCH!!!!! good",
        "not good!!!!!!!!",
        "!!!!! bad",
        "very!!!!!!good!!!!",
        "really,really,really,good!!!",
    ] * 16
    assert_like_textblob(texts)
    assert int.from_bytes(textblob_fast._CODE["very!!!!!!good!!!!"], "little") & 3 == 1  # walked by the arrays


# --- texts the emoticon and sarcasm rules rewrite (textblob_fast._slow_words) -------------------
def _rewritten_texts() -> list[str]:
    from textblob import _text as pattern

    faces = sorted({e for v in pattern.EMOTICONS.values() for e in v})
    ends = [".", "!", "?", "...", "'", '"', ")", "”", "’", "\n\n"]
    texts = []
    for face in faces:
        for end in ends:
            texts += [
                f"good {end} {face} bad",
                f"so {face}{end} ok {face}",
                f"{face[:1]}{end} {face[1:]} nice",
                f"{face[:2]} {end}{face[2:]} awful",
            ]
    return texts + [
        "wow (!) fine",
        "great ( ! ) :)",
        ":\n\n) good",
        "o.O nice",
        ">.> bad",
        "good :-. ok",
        "x.D",
        "'quoted :)' great",
        "a ) :) b",
        "not . ) : D good",
        "END-OF-SENTENCE :) good",
        "a :\n\n \n\n) b",
        ":\n\n\n\n) good",
        "\n\n:) bad\n\n",
        "good :\r\n\r\n- ) ok",
        "x\n\nD :( fine",
    ]


def test_texts_the_rules_rewrite_score_like_textblob():
    texts = _rewritten_texts()
    assert sum(textblob_fast._may_rewrite(t, t.split()) for t in texts if not textblob_fast._learn(t.split())) > 500
    expected = np.array([tuple(TextBlob(t).sentiment) for t in texts])
    np.testing.assert_allclose(textblob_fast._scores_one_by_one(texts), expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("hot_limit", [1, 3, 1000])
def test_tokens_looked_up_by_arrow_or_by_python_give_the_same_numbers(array_path, hot_limit):
    array_path.setattr(textblob_fast, "_HOT_LIMIT", hot_limit)
    textblob_fast.clear_caches()
    texts = MIXED + ["good \ud800 bad", "nice \udfff", "very good"]
    assert_like_textblob(texts)
    assert_like_textblob(texts)  # the tokens learnt now in the set, but for those UTF-8 cannot hold
    assert textblob_fast._HOT["size"] == min(hot_limit, len(textblob_fast._CODE))
