"""Small text measures shared by loaders and analysis, and a fast search ignoring case."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..columns.arrow_keys import take_rows, taken_column
from ..columns.mapped import pieces

# An @handle: not inside a word or an e-mail address; may hold dots and dashes (and start with
# dashes, as some user names do) but does not end in one, so "@geha." names geha. The "@" comes
# before the look-behind so the regex engine jumps from "@" to "@" instead of trying every
# position (docs/performance.md#text-search-and-parsing).
MENTION = re.compile(r"@(?<![\w@]@)(-*\w(?:[\w.\-]*\w)?)")


def mentions(text: str) -> list[str]:
    """The ``@handles`` in ``text``, in order, without the ``@``.

    Examples:
        >>> mentions("@josh-bustany thanks, and @andre.jabbour.")
        ['josh-bustany', 'andre.jabbour']
        >>> mentions("write to me@example.com")
        []
    """
    return MENTION.findall(text)


def n_words(text: str) -> int:
    """Whitespace-separated tokens, the contract's ``n_words``.

    Examples:
        >>> n_words("One man's terrorist\\nis another's")
        5
    """
    return len(text.split())


@functools.cache
def _folding_to_ascii() -> str:
    """The characters beyond ASCII whose upper case (as Python writes it) holds an ASCII
    character: "ß" -> "SS", "ﬁ" -> "FI", "ı" -> "I", "ſ" -> "S"."""
    # Cased letters end before U+20000 (ideographs and private use beyond): a tenth of the time.
    return "".join(
        c
        for c in map(chr, range(0x80, 0x20000))
        if not 0xD800 <= ord(c) <= 0xDFFF and any(u.isascii() for u in c.upper())
    )


def _ascii_pattern(upper: str) -> str:
    """A regular expression matching ``upper`` (ASCII) ignoring the case of ASCII letters only."""
    return "".join(f"[{c}{c.lower()}]" if c.isalpha() else f"\\x{{{ord(c):x}}}" for c in upper)


@dataclass(frozen=True)
class CaseSearch:
    """Marks on many texts (Arrow strings) for searches in them that ignore case as pandas does
    on Python strings (``text.str.contains(find, case=False, regex=False)``, that is
    ``find.upper() in text.upper()``), run by Arrow (docs/performance.md#text-search-and-parsing).

    Arrow's own case-insensitive search folds case by other rules ("ss" finds "ß" in Python,
    not in Arrow; "k" finds the Kelvin sign in Arrow, not in Python) and is slow for letters
    with such variants. So Arrow matches ASCII letters in either case, which decides every text
    for an ASCII search except those holding a character whose upper case is ASCII ("ß",
    "ﬁ", "ı"): Python checks those, and every text beyond ASCII for a search beyond ASCII.

    The marks hold no text (the caller keeps the text, and hands it to :meth:`contains`), so
    that they can be kept without keeping a million comments alive.

    Examples:
        >>> import pyarrow as pa
        >>> text = pa.chunked_array([["Straße", "STRASSE", "road", None]])
        >>> search = CaseSearch.of(text)
        >>> search.contains(text, "strasse").tolist(), search.contains(text, "ROAD").tolist()
        ([True, True, False, False], [False, False, True, False])
        >>> search.contains(text, "ss", rows=np.array([3, 0])).tolist()
        [False, True]
    """

    beyond_ascii: np.ndarray  #: per text, whether it holds a character beyond ASCII
    folding: np.ndarray  #: per text, whether it holds a character whose upper case holds ASCII

    @classmethod
    def of(cls, text: pa.ChunkedArray) -> CaseSearch:
        pattern = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _folding_to_ascii()) + "]"
        beyond, folding = [], []
        for piece in pieces(text):  # a piece at a time: a take from the whole copies much of it first
            beyond.append(~pc.string_is_ascii(piece).fill_null(True).to_numpy(zero_copy_only=False))
            folding.append(np.zeros(len(piece), dtype=bool))
            inside = np.flatnonzero(beyond[-1])
            if len(inside):
                found = pc.match_substring_regex(piece.take(inside), pattern)
                folding[-1][inside] = found.to_numpy(zero_copy_only=False)
        return cls(beyond_ascii=_joined(beyond), folding=_joined(folding))

    def contains(
        self, text: pa.ChunkedArray, find: str, *, rows: np.ndarray | None = None, originals: pd.Series | None = None
    ) -> np.ndarray:
        """Per text of ``text`` (the texts marked), or per text at the positions ``rows``,
        whether it contains ``find`` ignoring case (a missing text never does).

        ``originals``: the Python strings the texts were made from (one per text, not per row
        of ``rows``), where a text may differ from them (a lone surrogate, which UTF-8 cannot
        hold, written "?"): the texts Python checks are read from them.
        """
        if len(text) != len(self.folding):
            raise ValueError(f"{len(text):,} texts for marks of {len(self.folding):,}")
        wanted = find.upper()
        # A few rows are taken out to be searched; for many, searching all is cheaper than the take.
        taken = rows is not None and len(rows) < len(text) // 4
        searched = take_rows(text, rows) if taken else text
        if wanted.isascii():
            pattern = _ascii_pattern(wanted)
            hit = _scanned(searched, lambda piece: pc.match_substring_regex(piece, pattern))
            checked = self.folding
        else:  # only a text beyond ASCII has an upper case beyond ASCII
            hit = np.zeros(len(searched), dtype=bool)
            checked = self.beyond_ascii
        # A lone surrogate (the one thing a str cannot be UTF-8 with): an original holding one
        # shows "?" in the Arrow copy.
        unencodable = originals is not None and any("\ud800" <= c <= "\udfff" for c in wanted)
        if unencodable:
            hit = _scanned(searched, lambda piece: pc.match_substring(piece, "?"))
        if rows is not None:
            hit, checked = (hit if taken else hit[rows]), checked[rows]
        if originals is not None and ("?" in wanted or unencodable):
            checked = checked | hit  # a "?" found may stand for a character the original holds
        at = np.flatnonzero(checked)
        where = at if rows is None else rows[at]
        texts = take_rows(text, where).to_pylist() if originals is None else taken_column(originals, where).tolist()
        hit[at] = [isinstance(t, str) and wanted in t.upper() for t in texts]
        return hit


def _scanned(texts: pa.ChunkedArray, marks: Callable[[pa.Array], pa.Array]) -> np.ndarray:
    """``marks(piece)`` (booleans, one per text) over every piece of ``texts`` in turn, as one array
    (missing marks false). A text mapped from its files is read a piece at a time, not through
    the mapping (:func:`analytics.columns.mapped.pieces`): a search leaves no page of it in memory."""
    return _joined(
        [marks(piece).fill_null(False).to_numpy(zero_copy_only=False).astype(bool) for piece in pieces(texts)]
    )


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
