"""Mentions of an article's entities found in sentences: exact keys, patterns, then fuzzy words
(step 3 of :mod:`analytics.signals.entities`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from ..terms import STOPWORDS
from .grouping import _Entity, _fuzzy_close, _known_spelling
from .known import _INITIALISM, _common_words, _known_index
from .spans import _is_capitalised

_CAP_WORD = r"(?:(?:al|el|bin|ibn|abu|abd|ben)-)?[A-ZÀ-ÖØ-Þ]\w*(?:['’-]\w+)*"
# A run of capitalised words after a word, comma, semicolon or colon and one space: not at the
# start of a sentence, so capitalised for being a name.
_CAP_RUN = re.compile(rf"(?<=[\w,;:)] ){_CAP_WORD}(?: {_CAP_WORD})*")
# Case-folded words, to test quickly whether a comment can mention an entity at all.
_FOLDED_WORD = re.compile(r"[^\W\d_]\w*(?:-\w+)*")


class _Matcher:
    """Finds the entities of one article in sentences: exact keys, patterns, then fuzzy words."""

    def __init__(self, entities: dict[str, _Entity]):
        common = _common_words()
        known_keys = _known_index()[0]
        self.phrases: dict[tuple[str, ...], str] = {}
        self.capital_only: set[tuple[str, ...]] = set()
        self.patterns = [(e.pattern, e.name) for e in entities.values() if e.pattern is not None]
        self.fuzzy_targets: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        for entity in entities.values():
            for key in entity.keys:
                if not key:
                    continue
                owner = self.phrases.setdefault(key, entity.name)
                if owner != entity.name:
                    continue
                if all(w in common or w in STOPWORDS for w in key) or (len(key) == 1 and len(key[0]) <= 2):
                    self.capital_only.add(key)
                if len(key) == 1 and len(key[0]) >= 5 and key[0] not in common and key not in known_keys:
                    self.fuzzy_targets[(key[0][0], len(key[0]))].append((key[0], entity.name))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self._index()

    def _fuzzy(self, word: str) -> str | None:
        if len(word) < 5 or word in STOPWORDS or word in _common_words():
            return None
        near = (t for size in range(len(word) - 2, len(word) + 3) for t in self.fuzzy_targets.get((word[0], size), ()))
        hit = next((name for target, name in near if _fuzzy_close(word, target)), None)
        if hit is None:
            hit = _known_spelling(word)  # the alias table's names, judged once per word and corpus
        return hit

    def learn(self, vocabulary: Iterable[str]) -> None:
        """Add the words of ``vocabulary`` (case-folded) that are a spelling of an entity by fuzzy
        match or pattern: matching a sentence is then lookups only, each word judged once."""
        for word in vocabulary:
            if word and word not in self.starts and (word,) not in self.phrases:
                name = self._fuzzy(word)
                if name is not None:
                    self.phrases[(word,)] = name
        self._index()

    def _index(self) -> None:
        self.starts = frozenset(k[0] for k in self.phrases)
        # For the quick test of a whole comment: first words matched in any case, and the
        # capitalised forms of those matched only capitalised ("US", "West", "Turkey").
        self.starts_any = frozenset(k[0] for k in self.phrases if k not in self.capital_only)
        self.starts_capital = frozenset(form for k in self.capital_only for form in (k[0].capitalize(), k[0].upper()))

    def may_mention(self, text: str) -> bool:
        """False when no word of ``text`` can start a mention: the sentences need not be read."""
        if not self.starts_any.isdisjoint(_FOLDED_WORD.findall(text.casefold())):
            return True
        if "." in text:
            text = _INITIALISM.sub(lambda m: m[1].replace(".", ""), text)
        return not self.starts_capital.isdisjoint(_FOLDED_WORD.findall(text))

    def find(self, words: list[str]) -> list[tuple[str, str]]:
        """``(entity, words as written)`` for each mention in a sentence's words, in order."""
        lowered = [w.casefold() for w in words]
        found = []
        starts = self.starts
        k = 0
        n = len(words)
        while k < n:
            low = lowered[k]
            if low in starts:
                for size in range(min(self.longest, n - k), 0, -1):
                    key = tuple(lowered[k : k + size])
                    name = self.phrases.get(key)
                    if name is not None and (key not in self.capital_only or _is_capitalised(words[k])):
                        found.append((name, " ".join(words[k : k + size])))
                        k += size
                        break
                else:
                    k += 1
                continue
            k += 1
        return found
