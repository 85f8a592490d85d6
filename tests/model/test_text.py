"""The fast search ignoring case finds what pandas finds in Python strings, on texts written by hand."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analytics.model.text import CaseSearch

TEXTS = [
    "Straße und STRASSE",
    "boss",
    "Ιστορία",
    "ΣΊΣΥΦΟΣ",
    "the ﬁne print",
    "FINE",
    "İstanbul",
    "istanbul",
    "ıssız",
    "Kelvin: 3 K",
    "kelvin 3 k",
    "ſtop",
    "STOP",
    "Café CAFÉ",
    "cafe",
    "",
    None,
    "naïve",
    "@geha: WAR!",
    "ǰ",
    "J̌",
    "ŉ",
    "ʼN",
    "Ǆ ǅ ǆ",
    "war and peace",
    "ΐ",
]
FINDS = [
    "ss",
    "SS",
    "straße",
    "ß",
    "στορ",
    "σίσυφος",
    "fi",
    "fine",
    "i̇",
    "istanbul",
    "I",
    "ı",
    "k",
    "K",
    "s",
    "ſ",
    "café",
    "CAFE",
    "é",
    "ï",
    "war",
    "WAR",
    "@geha:",
    "ǰ",
    "ǰ",
    "ʼn",
    "ǅ",
    "ǆ",
    "ΐ",
    "a",
    " ",
    ":",
]


def pandas_finds(texts, find):
    return (
        pd.Series(texts, dtype=pd.StringDtype("python", na_value=float("nan")))
        .str.contains(find, case=False, regex=False, na=False)
        .to_numpy(dtype=bool)
        .tolist()
    )


@pytest.mark.parametrize("find", FINDS)
def test_finds_what_pandas_finds_in_python_strings(find):
    text = pa.chunked_array([TEXTS[:9], TEXTS[9:]])
    assert CaseSearch.of(text).contains(text, find).tolist() == pandas_finds(TEXTS, find)


def test_arrow_alone_would_differ_here():
    # Why the Python check exists: Arrow's own case folding disagrees with pandas on these.
    import pyarrow.compute as pc

    arrow = pc.match_substring(pa.array(["boss", "Kelvin: 3 K"]), "ß", ignore_case=True).to_pylist()
    assert arrow != pandas_finds(["boss", "Kelvin: 3 K"], "ß")


def test_the_texts_marked_for_a_python_check():
    search = CaseSearch.of(pa.chunked_array([["plain", "Straße", "naïve", None]]))
    assert search.beyond_ascii.tolist() == [False, True, True, False]
    assert search.folding.tolist() == [False, True, False, False]


@pytest.mark.parametrize("rows", [[], [3], [25, 0, 1, 7], list(range(26))[::-1]])
@pytest.mark.parametrize("find", ["ss", "ı", "café", "war"])
def test_some_rows_found_as_in_the_whole(rows, find):
    import numpy as np

    text = pa.chunked_array([TEXTS])
    search = CaseSearch.of(text)
    rows = np.array(rows, dtype=np.int64)
    assert search.contains(text, find, rows=rows).tolist() == search.contains(text, find)[rows].tolist()


def test_no_texts():
    text = pa.chunked_array([], type=pa.large_string())
    assert CaseSearch.of(text).contains(text, "x").tolist() == []


@pytest.mark.parametrize("find", ["a?b", "?", "ab", "b", "é?", "\ud800", "A\ud800B"])
def test_the_originals_decide_where_the_arrow_text_differs(find):
    # A lone surrogate cannot be UTF-8: the Arrow copy holds "?" in its place.
    originals = pd.Series(
        ["a\ud800b", "a?b", "xa?by", "é?", None], dtype=pd.StringDtype("python", na_value=float("nan"))
    )
    text = pa.chunked_array([["a?b", "a?b", "xa?by", "é?", None]], type=pa.large_string())
    search = CaseSearch.of(text)
    assert search.contains(text, find, originals=originals).tolist() == pandas_finds(originals.tolist(), find)
    rows = np.array([4, 0, 2])
    assert search.contains(text, find, rows=rows, originals=originals).tolist() == [
        pandas_finds(originals.tolist(), find)[r] for r in rows
    ]


def test_marks_of_other_texts_are_refused():
    with pytest.raises(ValueError, match="2 texts for marks of 1"):
        CaseSearch.of(pa.chunked_array([["a"]])).contains(pa.chunked_array([["a", "b"]]), "a")
