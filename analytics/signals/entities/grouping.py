"""Names brought together into entities: the alias table, surnames, fuzzy spellings (step 2 of
:mod:`analytics.signals.entities`), and the entities of the names commenters capitalise (step 3)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..terms import STOPWORDS
from .known import _PREFIX, KNOWN, ORG_WORDS, _common_words, _key, _known_index, _textblob_kinds
from .spans import _sentence_words, _Span, _spans_of_sentence

#: Names found only in the comments: at most this many per article, the most mentioned.
MAX_COMMENT_ENTITIES = 30


@dataclass
class _Entity:
    name: str
    kind: str
    forms: Counter = field(default_factory=Counter)  # surface forms seen, with counts
    keys: set = field(default_factory=set)  # lookup keys (tuples of case-folded words)
    pattern: re.Pattern | None = None
    known: bool = False


def _surname(key: tuple[str, ...]) -> str:
    return _PREFIX.sub("", key[-1])


def _kind_of(span_words: list[str], hints: tuple[bool, bool]) -> str:
    key = tuple(w.casefold() for w in span_words)
    textblob = _textblob_kinds().get(" ".join(key))
    if textblob:
        return textblob
    if any(w in ORG_WORDS for w in key):
        return "organisation"
    person_hint, place_hint = hints
    if person_hint:
        return "person"
    index, _ = _known_index()
    common = _common_words()
    if 2 <= len(key) <= 4 and not any((w,) in index or w in common for w in key):
        return "person"
    if len(key) == 1 and place_hint:
        return "place"
    return "other"


def _fuzzy_close(a: str, b: str) -> bool:
    """One edit apart (two for 9 letters or more), both of 5 letters or more."""
    if min(len(a), len(b)) < 5:
        return False
    limit = 2 if max(len(a), len(b)) >= 9 else 1
    if abs(len(a) - len(b)) > limit or a == b:
        return a == b
    # Levenshtein, stopped as soon as every cell of a row exceeds the limit.
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


@lru_cache(maxsize=1 << 20)
def _known_spelling(word: str) -> str | None:
    """The :data:`KNOWN` entity a case-folded word is a fuzzy spelling of (or fits the pattern of)."""
    for target, name in _known_targets().get(word[0], ()):
        if _fuzzy_close(word, target):
            return name
    for pattern, known in _known_index()[1]:
        if pattern.fullmatch(word):
            return known.name
    return None


@cache
def _known_targets() -> dict[str, list[tuple[str, str]]]:
    common = _common_words()
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, known in _known_index()[0].items():
        if len(key) == 1 and len(key[0]) >= 5 and key[0] not in common:
            out[key[0][0]].append((key[0], known.name))
    return dict(out)


def _group(spans: Iterable[_Span]) -> dict[str, _Entity]:
    """Entities from spans: alias table first, then surnames, then fuzzy match."""
    index, patterns = _known_index()
    entities: dict[str, _Entity] = {}
    loose: dict[tuple[str, ...], tuple[Counter, list[bool], list[bool]]] = {}
    for span in spans:
        key = tuple(w.casefold() for w in span.words)
        known = index.get(key) or index.get(tuple(_PREFIX.sub("", w) for w in key))
        if known is None and len(key) == 1:
            known = next((k for p, k in patterns if p.fullmatch(key[0])), None)
        if known is not None:
            entity = entities.setdefault(known.name, _Entity(known.name, known.kind, known=True))
            entity.forms[span.text] += span.weight
            continue
        forms, persons, places = loose.setdefault(key, (Counter(), [], []))
        forms[span.text] += span.weight
        persons.append(span.person_hint)
        places.append(span.place_hint)
    # Longer names first, so "Ahmed Moaz al-Khatib" is there when "Khatib" looks for its surname.
    groups: list[tuple[list[tuple[str, ...]], bool, bool]] = []
    by_surname: dict[str, int] = {}
    for key in sorted(loose, key=lambda k: (-len(k), k)):
        forms, persons, places = loose[key]
        target = None
        if len(key) == 1:
            target = by_surname.get(_PREFIX.sub("", key[0]))
            if target is None:
                target = next(
                    (
                        g
                        for g, (keys, _, _) in enumerate(groups)
                        if len(keys[0]) == 1 and _fuzzy_close(keys[0][0], key[0])
                    ),
                    None,
                )
            if target is None:
                fuzzy_known = next(
                    (
                        k
                        for k in entities.values()
                        if k.known and any(len(f.split()) == 1 and _fuzzy_close(f.casefold(), key[0]) for f in k.forms)
                    ),
                    None,
                )
                if fuzzy_known is not None:
                    fuzzy_known.forms.update(forms)
                    continue
        if target is None:
            groups.append(([key], any(persons), any(places)))
            target = len(groups) - 1
            if len(key) > 1 and not any(w in ORG_WORDS for w in key):
                by_surname.setdefault(_surname(key), target)
        else:
            keys, person, place = groups[target]
            groups[target] = (keys + [key], person or any(persons), place or any(places))
    for keys, person, place in groups:
        forms: Counter = Counter()
        for key in keys:
            forms.update(loose[key][0])
        name = max(forms, key=lambda f: (forms[f], len(f), f))
        longest = max(keys, key=len)
        kind = _kind_of(list(longest), (person or (len(keys) > 1 and len(longest) > 1), place))
        entity = entities.get(name) or _Entity(name, kind)
        entity.forms.update(forms)
        entities[name] = entity
    for entity in entities.values():
        entity.keys = {_key(f) for f in entity.forms}
        if entity.known:
            known = next(k for k in KNOWN if k.name == entity.name)
            entity.keys |= {_key(s) for s in (known.name, *known.spellings)}
            entity.keys |= {_key(_PREFIX.sub("", s)) for s in (known.name, *known.spellings)}
            entity.pattern = re.compile(known.pattern, re.IGNORECASE) if known.pattern else None
        if entity.kind == "person":
            entity.keys |= {(_surname(k),) for k in entity.keys if len(k) > 1 and len(_surname(k)) >= 4}
    return entities


def _known_entities() -> dict[str, _Entity]:
    """The entities of :data:`KNOWN`, a new dict each time (the entities themselves are shared
    and never changed)."""
    return dict(_known_entities_once())


@cache
def _known_entities_once() -> dict[str, _Entity]:
    out = {}
    for known in KNOWN:
        entity = _Entity(known.name, known.kind, known=True)
        entity.keys = {_key(s) for s in (known.name, *known.spellings)} | {
            _key(_PREFIX.sub("", s)) for s in (known.name, *known.spellings)
        }
        entity.pattern = re.compile(known.pattern, re.IGNORECASE) if known.pattern else None
        if known.kind == "person":
            entity.keys |= {(_surname(k),) for k in entity.keys if len(k) > 1 and len(_surname(k)) >= 4}
        out[known.name] = entity
    return out


#: Distinct names commenters capitalise that are grouped into entities (the most frequent).
_MAX_COMMENT_NAMES = 300


def _comment_names(runs: Counter, known: dict[str, _Entity], min_comments: int) -> dict[str, _Entity]:
    """Entities from the names commenters capitalise in at least ``min_comments`` comments.

    ``runs`` counts, per capitalised run (:data:`_CAP_RUN`), the comments that hold it. Only
    the :data:`_MAX_COMMENT_NAMES` most frequent names are grouped (grouping compares names
    pairwise); names of ``known`` entities and common words are skipped.
    """
    taken = {key for entity in known.values() for key in entity.keys}
    common = _common_words()
    spans: list[_Span] = []
    for run, n in runs.most_common():
        if n < min_comments or len(spans) >= _MAX_COMMENT_NAMES:
            break
        for span in _spans_of_sentence(_sentence_words(run), set(), starts_sentence=False):
            key = tuple(w.casefold() for w in span.words)
            if key not in taken and not (len(key) == 1 and (key[0] in common or key[0] in STOPWORDS)):
                span.weight = n
                spans.append(span)
    grouped = _group(spans)
    counts = {name: sum(entity.forms.values()) for name, entity in grouped.items() if name not in known}
    keep = sorted((name for name in counts if counts[name] >= min_comments), key=lambda name: (-counts[name], name))[
        :MAX_COMMENT_ENTITIES
    ]
    return {name: grouped[name] for name in keep}
