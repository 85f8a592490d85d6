"""The hand-written lexicon (``analytics/scoring/models/toxicity_lexicon.tsv``) and its terms by first word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .model import _MODEL_DIR


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon term: ``term`` (``*`` ends a prefix), ``weight`` 1-3, ``category``."""

    term: str
    weight: float
    category: str


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The hand-written lexicon (``analytics/scoring/models/toxicity_lexicon.tsv``).

    Examples:
        >>> {e.category for e in lexicon()} >= {"insult", "profanity", "slur", "threat"}
        True
    """
    entries = []
    for line in (_MODEL_DIR / "toxicity_lexicon.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, weight, category = line.split("\t")
            entries.append(LexiconEntry(term, float(weight), category))
    return tuple(entries)


@cache
def _lexicon_terms() -> tuple[dict[str, list[_Term]], dict[str, list[_Term]], tuple[int, ...]]:
    """The lexicon's terms by their first word: exact first words, prefix first words (without
    the ``*``) and the lengths of those prefixes."""
    exact: dict[str, list[_Term]] = {}
    prefix: dict[str, list[_Term]] = {}
    # Longest term first, as the alternation of one regex over the terms would try them.
    for entry in sorted(lexicon(), key=lambda e: -len(e.term)):
        words = tuple(entry.term.split())
        first = words[0]
        term = _Term(words, entry.weight)
        if first.endswith("*"):
            prefix.setdefault(first[:-1], []).append(term)
        else:
            exact.setdefault(first, []).append(term)
    return exact, prefix, tuple(sorted({len(k) for k in prefix}))


@cache
def _phrase_ends() -> tuple[frozenset[str], frozenset[str], tuple[int, ...]]:
    """The last words of the lexicon's phrases: exact ones, prefixes (without the ``*``) and the
    lengths of those prefixes."""
    last = {entry.term.split()[-1] for entry in lexicon() if " " in entry.term}
    prefixes = frozenset(w[:-1] for w in last if w.endswith("*"))
    return frozenset(w for w in last if not w.endswith("*")), prefixes, tuple(sorted({len(w) for w in prefixes}))


def _may_end_phrase(run: str) -> bool:
    exact, prefixes, lengths = _phrase_ends()
    return run in exact or any(run[:k] in prefixes and _word_matches(run, run[:k] + "*") for k in lengths)


class _Term(NamedTuple):
    words: tuple[str, ...]  # a trailing * on a word matches any \w ending
    weight: float


def _word_matches(run: str, word: str) -> bool:
    """Whether a maximal run of word characters and apostrophes is the lexicon word ``word``."""
    if word.endswith("*"):
        stem = word[:-1]
        return run.startswith(stem) and "'" not in run[len(stem) :]
    return run == word


def _terms_starting(run: str) -> tuple[_Term, ...]:
    """The lexicon terms whose first word ``run`` is, longest first."""
    exact, prefix, lengths = _lexicon_terms()
    found = [t for t in exact.get(run, ()) if _word_matches(run, t.words[0])]
    for k in lengths:
        for t in prefix.get(run[:k], ()):
            if _word_matches(run, t.words[0]):
                found.append(t)
    return tuple(sorted(found, key=lambda t: -len(" ".join(t.words))))
