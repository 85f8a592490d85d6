"""Who and what a thread talks about: people, organisations and places, and how comments treat them.

Offline and rule-based (no NLTK data, no model download). Per article:

1. **Names in the article.** Capitalised spans of the article body (:func:`name_spans`): runs
   of capitalised words (``al-Khatib`` counts as capitalised), joined by ``of``/``for``/``the``
   only inside an organisation's name (``Syrian Observatory for Human Rights``). Cut out of a
   span: titles (``President``, ``Foreign Minister``, ``Mr``: :data:`TITLES`; the words after
   one are taken for a person), weekdays and months, and a sentence's first word when it is a
   stopword or a common lowercase word never capitalised elsewhere in the text (``Insurgents
   fired ...``). An organisation word (``League``, ``Coalition``: :data:`ORG_WORDS`) ends a span
   (``National Coalition`` | ``Ahmed Moaz al-Khatib``). Possessives are cut (``Assad's``).
2. **One entity per name.** Spellings are brought together by the alias table :data:`KNOWN`
   (``Hezbollah``, ``Hizbullah``, ``Hizballah`` and the commenters' ``hizbushaitan``, "party of
   Satan", are one organisation; ``Syrian`` counts for ``Syria``; ``Bashar`` for ``Assad``), by
   surname (``Sergei Lavrov`` and ``Lavrov``; ``Nabil al-Arabi`` and ``Arabi``) and by fuzzy
   match (one edit apart, two for names of 9 letters or more; names of 5 letters or more). An
   entity is named by its most frequent form (ties: the longest).
3. **Names in the comments.** Every entity of the article and of :data:`KNOWN`, plus names that
   commenters capitalise in at least ``min_comments`` comments of the thread (at most
   :data:`MAX_COMMENT_ENTITIES` per article, the most mentioned), is looked up in each comment
   sentence (:func:`analytics.scoring.sentiment.split_sentences`): any case for names that are not
   common English words (``assad``, ``iran``), capitalised only for those that are (``West``,
   ``Turkey``), and by fuzzy match for unknown words of 5 letters or more (``Hizbolah``).
4. **Sentiment.** Each comment sentence that mentions an entity is scored alone by the
   ``textblob`` engine of :data:`analytics.scoring.sentiment.ENGINES` (English comments only; others
   count as mentions with no score).

Kinds: ``person``, ``organisation``, ``place`` from :data:`KNOWN`, else from the entity list
TextBlob ships (``en-entities.txt``), else ``organisation`` with an organisation word,
``person`` after a title or for 2-4 words that are neither places nor common words, ``place``
for one word after ``in``/``from``/``near``; ``other`` where none applies (``Arab Spring``).

The alias table covers the Middle-East news the bundled sample comes from; other beats add
their own entries to :data:`KNOWN` (a name, a kind, spellings, optionally a pattern).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from ..model.checks import require_columns
from .aliases import edit_distance
from ..scoring.language import languages
from ..scoring.sentiment import ENGINES, split_sentences
from .terms import STOPWORDS

__all__ = ["KNOWN", "Known", "ENTITY_COLUMNS", "SENTENCE_COLUMNS", "KINDS", "TITLES", "ORG_WORDS",
           "MAX_COMMENT_ENTITIES", "name_spans", "entity_sentences", "entity_mentions"]

KINDS: tuple[str, ...] = ("person", "organisation", "place", "other")


@dataclass(frozen=True)
class Known:
    """One entry of the alias table: the name shown, its kind, its spellings (any case) and
    optionally a regular expression a whole word must match to count as a spelling."""
    name: str
    kind: str
    spellings: tuple[str, ...] = ()
    pattern: str | None = None


def _k(name: str, kind: str, spellings: str = "", pattern: str | None = None) -> Known:
    return Known(name, kind, tuple(s.strip() for s in spellings.split(",") if s.strip()), pattern)


#: The alias table: spellings, transliterations, demonyms and nicknames of frequent names.
KNOWN: tuple[Known, ...] = (
    _k("Hezbollah", "organisation", "Hizbollah, Hizbullah, Hizballah, Hezballah, Hisbollah, Hizb Allah, "
       "Hezb, Hizb, Party of God", pattern=r"h[ei]zb\w*"),  # hizbushaitan, hezbushaitan ...
    _k("Hamas", "organisation"),
    _k("al-Qaeda", "organisation", "al-Qaida, al Qaeda, al Qaida, alqaeda, Qaeda, Qaida"),
    _k("Islamic State", "organisation", "ISIS, ISIL, Daesh, Daish"),
    _k("Free Syrian Army", "organisation", "FSA"),
    _k("United Nations", "organisation", "UN, U.N."),
    _k("Arab League", "organisation"),
    _k("European Union", "organisation", "EU"),
    _k("NATO", "organisation", "Nato"),
    _k("Assad", "person", "Bashar, Bashar Assad, Bashar al-Assad, al-Assad, Asad, Bashar al-Asad, Bashar el-Assad"),
    _k("Lavrov", "person", "Sergei Lavrov, Sergey Lavrov"),
    _k("Putin", "person", "Vladimir Putin"),
    _k("Nasrallah", "person", "Hassan Nasrallah, Nasrullah, Sayyed Nasrallah"),
    _k("Obama", "person", "Barack Obama"),
    _k("Erdogan", "person", "Recep Tayyip Erdogan, Erdoğan"),
    _k("Netanyahu", "person", "Benjamin Netanyahu, Bibi"),
    _k("Trump", "person", "Donald Trump"),
    _k("Hillary Clinton", "person", "Hillary"),
    _k("Merkel", "person", "Angela Merkel"),
    _k("Russia", "place", "Russian, Russians, Russian Federation"),
    _k("Iran", "place", "Iranian, Iranians, Persia"),
    _k("Syria", "place", "Syrian, Syrians"),
    _k("Lebanon", "place", "Lebanese"),
    _k("Israel", "place", "Israeli, Israelis"),
    _k("Palestine", "place", "Palestinian, Palestinians"),
    _k("Iraq", "place", "Iraqi, Iraqis"),
    _k("Egypt", "place", "Egyptian, Egyptians"),
    _k("Jordan", "place", "Jordanian, Jordanians"),
    _k("Turkey", "place", "Turkish, Turks"),
    _k("Saudi Arabia", "place", "Saudi, Saudis, KSA"),
    _k("Qatar", "place", "Qatari, Qataris"),
    _k("Kuwait", "place", "Kuwaiti, Kuwaitis"),
    _k("Afghanistan", "place", "Afghan, Afghans, Afghani, Afghanis"),
    _k("United States", "place", "USA, US, U.S., U.S.A., America, American, Americans"),
    _k("China", "place", "Chinese"),
    _k("France", "place", "French"),
    _k("Britain", "place", "UK, U.K., United Kingdom, British"),
    _k("Damascus", "place"),
    _k("Aleppo", "place", "Halab"),
    _k("Beirut", "place"),
    _k("Moscow", "place"),
    _k("Tehran", "place", "Teheran"),
)

#: Titles and roles cut out of a name (the words after one are taken for a person).
TITLES: frozenset[str] = frozenset("""
    president minister foreign prime premier mr mrs ms dr sir lord king queen prince princess
    sheikh sheik emir sultan general gen col colonel lt captain chief secretary spokesman
    spokeswoman ambassador envoy leader head senator governor mayor pope imam sayyed sayyid
    patriarch speaker mp deputy vice former fm pm interior defense defence
""".split())
#: Words that make a span an organisation's name (and end it).
ORG_WORDS: frozenset[str] = frozenset("""
    league coalition observatory forum council party union army ministry committee organization
    organisation front movement brigade brigades agency bank court parliament government nations
    assembly commission association institute university company group corporation network
    news times post press tv television radio foundation fund federation authority alliance
    brotherhood forces
""".split())
_MONTHS_DAYS = frozenset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
""".split())
_CONNECTORS = frozenset({"of", "for", "the", "and"})
_PLACE_CUES = frozenset({"in", "from", "near"})

#: Names found only in the comments: at most this many per article, the most mentioned.
MAX_COMMENT_ENTITIES = 30

ENTITY_COLUMNS: tuple[str, ...] = ("article_id", "entity", "kind", "found_in", "spellings", "article_mentions",
                                   "comments", "commenters", "sentences", "scored_sentences", "mean_sentiment")
SENTENCE_COLUMNS: tuple[str, ...] = ("article_id", "comment_id", "author", "entity", "kind", "sentence_index",
                                     "sentence", "matched", "sentiment")

# A word: letters first; inner apostrophes, hyphens and digits allowed (al-Khatib, Assad's).
_TOKEN = re.compile(r"[^\W\d_][\w]*(?:[-'’][\w]+)*")
_CLITIC = re.compile(r"['’]s?$|['’](?:s|re|ve|ll|d)$", re.IGNORECASE)
_INITIALISM = re.compile(r"\b((?:[A-Z]\.){2,})")
_PREFIXED = re.compile(r"(?:al|el|bin|ibn|abu|abd|ben)-[^\W\d_]", re.IGNORECASE)
_PREFIX = re.compile(r"^(?:al|el)-", re.IGNORECASE)


@cache
def _common_words() -> frozenset[str]:
    """Lowercase words of TextBlob's tagger lexicon: common words (``west``, ``march``), not names."""
    path = resources.files("textblob") / "en" / "en-lexicon.txt"
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split(" ", 1)[0]
        if word.islower() and not line.startswith(";;;"):
            out.add(word)
    return frozenset(out)


@cache
def _textblob_kinds() -> dict[str, str]:
    """The kinds of the named entities TextBlob ships (``en-entities.txt``), by lowercase name."""
    path = resources.files("textblob") / "en" / "en-entities.txt"
    kinds = {"PERS": "person", "LOC": "place", "ORG": "organisation"}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, tag = line.rpartition(" ")
        if name and tag in kinds:
            out[name.casefold()] = kinds[tag]
    return out


def _strip(word: str) -> str:
    return _CLITIC.sub("", word)


def _key(text: str) -> tuple[str, ...]:
    """Lookup key of a name: its words, case-folded, possessives cut."""
    return tuple(_strip(w).casefold() for w in _TOKEN.findall(_INITIALISM.sub(lambda m: m[1].replace(".", ""), text)))


@cache
def _known_index() -> tuple[dict[tuple[str, ...], Known], list[tuple[re.Pattern, Known]]]:
    index: dict[tuple[str, ...], Known] = {}
    patterns = []
    for known in KNOWN:
        for spelling in (known.name, *known.spellings):
            index.setdefault(_key(spelling), known)
            stripped = _key(_PREFIX.sub("", spelling))
            index.setdefault(stripped, known)
        if known.pattern:
            patterns.append((re.compile(known.pattern, re.IGNORECASE), known))
    return index, patterns


def _is_capitalised(word: str) -> bool:
    if word[:1].isupper():
        return True
    return "-" in word and bool(_PREFIXED.match(word)) and word[word.index("-") + 1:][:1].isupper()


@dataclass
class _Span:
    words: list[str]
    person_hint: bool = False
    place_hint: bool = False
    weight: int = 1  # how many times the span was seen

    @property
    def text(self) -> str:
        return " ".join(self.words)


# A word (group 1), or a number or punctuation mark that stands between words (matched as "").
_PIECE = re.compile(r"([^\W\d_]\w*(?:[-'’]\w+)*)|\d\w*|[^\w\s]")


def _sentence_words(sentence: str) -> list[str]:
    """The words of a sentence, possessives cut, with ``""`` for each number or punctuation mark
    between them (a comma ends a name: "Iraq, Kuwait" is two names)."""
    if "." in sentence:
        sentence = _INITIALISM.sub(lambda m: m[1].replace(".", ""), sentence)
    return [_CLITIC.sub("", w) if ("'" in w or "’" in w) else w for w in _PIECE.findall(sentence)]


def _spans_of_sentence(words: list[str], capitalised_elsewhere: set[str], *,
                       starts_sentence: bool = True) -> list[_Span]:
    caps = [k for k, w in enumerate(words) if w and (w[0].isupper() or ("-" in w and _is_capitalised(w)))]
    if not caps:
        return []
    common = _common_words()
    index, _ = _known_index()
    spans: list[_Span] = []
    current: list[str] = []
    person_hint = place_hint = False

    def close() -> None:
        nonlocal current, person_hint, place_hint
        if current:
            spans.append(_Span(current, person_hint, place_hint))
        current, person_hint, place_hint = [], False, False

    first = next(k for k, w in enumerate(words) if w) if starts_sentence else -1
    last = None
    for k in caps:
        word = words[k]
        low = word.casefold()
        if last is None or k != last + 1:
            between = words[last + 1:k] if last is not None else []
            if (current and 0 < len(between) <= 2 and all(w.casefold() in _CONNECTORS for w in between)
                    and (low in ORG_WORDS or any(w.casefold() in ORG_WORDS for w in current))):
                current.extend(between)  # "Observatory for Human Rights": inside an organisation's name
            else:
                close()
                place_hint = k > 0 and words[k - 1].casefold() in _PLACE_CUES
        last = k
        if low in TITLES:
            close()
            person_hint = True
            continue
        if low in _MONTHS_DAYS or len(word) < 2:
            close()
            continue
        if k == first and low not in capitalised_elsewhere and (low in STOPWORDS or low in common) \
                and (low,) not in index:
            continue  # an ordinary word capitalised because it starts the sentence
        if current and current[-1].casefold() in ORG_WORDS:
            close()
        current.append(word)
    close()
    out = []
    for span in spans:
        while span.words and span.words[-1].casefold() in _CONNECTORS:
            span.words.pop()
        if not span.words:
            continue
        has_org = any(w.casefold() in ORG_WORDS for w in span.words)
        if any(w.casefold() in _CONNECTORS for w in span.words) and not has_org:
            # "Moscow for Syria": connectors join words only inside an organisation's name
            part: list[str] = []
            for w in span.words + ["of"]:
                if w.casefold() in _CONNECTORS:
                    if part:
                        out.append(_Span(part, span.person_hint, span.place_hint))
                    part = []
                else:
                    part.append(w)
            continue
        if all(w.casefold() in STOPWORDS for w in span.words):
            continue
        if len(span.words) > 1 and all(w.isupper() for w in span.words):
            continue  # SHOUTED WORDS, not a name
        out.append(span)
    return out


def name_spans(text: str) -> list[str]:
    """The capitalised name spans of ``text``, in order (step 1 of the module docstring).

    Examples:
        >>> name_spans("Foreign Minister Sergei Lavrov met Arab League chief Nabil al-Arabi.")
        ['Sergei Lavrov', 'Arab League', 'Nabil al-Arabi']
        >>> name_spans("Insurgents fired at Assad's palace. The Syrian Observatory for Human Rights said so.")
        ['Assad', 'Syrian Observatory for Human Rights']
    """
    return [span.text for span in _spans(text)]


def _parse(text: str) -> list[tuple[str, list[str]]]:
    """The sentences of ``text`` with their words (:func:`_sentence_words`)."""
    return [(sentence, _sentence_words(sentence)) for sentence in split_sentences(text)]


def _spans(text: str | list[tuple[str, list[str]]]) -> list[_Span]:
    parsed = _parse(text) if isinstance(text, str) else text
    elsewhere = set()
    for _, words in parsed:
        first = next((k for k, w in enumerate(words) if w), 0)
        elsewhere.update(w.casefold() for w in words[first + 1:] if w and _is_capitalised(w))
    return [span for _, words in parsed for span in _spans_of_sentence(words, elsewhere)]


# --- grouping names into entities -------------------------------------------------------------

@dataclass
class _Entity:
    name: str
    kind: str
    forms: Counter = field(default_factory=Counter)   # surface forms seen, with counts
    keys: set = field(default_factory=set)            # lookup keys (tuples of case-folded words)
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
                target = next((g for g, (keys, _, _) in enumerate(groups)
                               if len(keys[0]) == 1 and _fuzzy_close(keys[0][0], key[0])), None)
            if target is None:
                fuzzy_known = next((k for k in entities.values() if k.known
                                    and any(len(f.split()) == 1 and _fuzzy_close(f.casefold(), key[0])
                                            for f in k.forms)), None)
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
        entity.keys = {_key(s) for s in (known.name, *known.spellings)} | \
            {_key(_PREFIX.sub("", s)) for s in (known.name, *known.spellings)}
        entity.pattern = re.compile(known.pattern, re.IGNORECASE) if known.pattern else None
        if known.kind == "person":
            entity.keys |= {(_surname(k),) for k in entity.keys if len(k) > 1 and len(_surname(k)) >= 4}
        out[known.name] = entity
    return out


# --- finding entities in text -----------------------------------------------------------------

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
        self.starts_capital = frozenset(form for k in self.capital_only
                                        for form in (k[0].capitalize(), k[0].upper()))

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
                    key = tuple(lowered[k:k + size])
                    name = self.phrases.get(key)
                    if name is not None and (key not in self.capital_only or _is_capitalised(words[k])):
                        found.append((name, " ".join(words[k:k + size])))
                        k += size
                        break
                else:
                    k += 1
                continue
            k += 1
        return found


#: Distinct names commenters capitalise that are grouped into entities (the most frequent).
_MAX_COMMENT_NAMES = 300

_CAP_WORD = r"(?:(?:al|el|bin|ibn|abu|abd|ben)-)?[A-ZÀ-ÖØ-Þ]\w*(?:['’-]\w+)*"
# A run of capitalised words after a word, comma, semicolon or colon and one space: not at the
# start of a sentence, so capitalised for being a name.
_CAP_RUN = re.compile(rf"(?<=[\w,;:)] ){_CAP_WORD}(?: {_CAP_WORD})*")
# Case-folded words, to test quickly whether a comment can mention an entity at all.
_FOLDED_WORD = re.compile(r"[^\W\d_]\w*(?:-\w+)*")


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
    keep = sorted((name for name in counts if counts[name] >= min_comments),
                  key=lambda name: (-counts[name], name))[:MAX_COMMENT_ENTITIES]
    return {name: grouped[name] for name in keep}


def _empty(columns: tuple[str, ...], dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in columns})


_SENTENCE_DTYPES = {"article_id": "str", "comment_id": "str", "author": "str", "entity": "str", "kind": "str",
                    "sentence_index": "int64", "sentence": "str", "matched": "str", "sentiment": "float64"}
_ENTITY_DTYPES = {"article_id": "str", "entity": "str", "kind": "str", "found_in": "str", "spellings": "str",
                  "article_mentions": "int64", "comments": "int64", "commenters": "int64", "sentences": "int64",
                  "scored_sentences": "int64", "mean_sentiment": "float64"}


def _analyse(articles: pd.DataFrame, comments: pd.DataFrame, min_comments: int
             ) -> tuple[pd.DataFrame, dict[str, dict[str, _Entity]], dict[tuple[str, str], int]]:
    require_columns(articles, ("article_id", "body"), what="entity_mentions")
    require_columns(comments, ("comment_id", "article_id", "author", "text"), what="entity_mentions")
    if min_comments < 1:
        raise ValueError(f"min_comments must be at least 1, got {min_comments}")
    english = (comments["language"] if "language" in comments.columns else
               languages(comments["text"]).set_axis(comments.index)).to_numpy() == "en"
    rows = []
    all_entities: dict[str, dict[str, _Entity]] = {}
    in_article: dict[tuple[str, str], int] = {}
    by_article = {a: idx for a, idx in comments.groupby("article_id", sort=False).indices.items()}
    texts = comments["text"].fillna("").astype("str").to_numpy()
    ids = comments["comment_id"].astype("str").to_numpy()
    authors = comments["author"].astype("str").to_numpy()

    def record(article_id: str, p: int, found: list[list[tuple[str, str]]], sentences: list[str],
               entities: dict[str, _Entity]) -> None:
        for index, (sentence, mentions) in enumerate(zip(sentences, found)):
            seen: dict[str, str] = {}
            for name, written in mentions:
                seen.setdefault(name, written)
            for name, written in seen.items():
                rows.append((article_id, ids[p], authors[p], name, entities[name].kind, index, sentence,
                             written, bool(english[p]), p))

    for article_id, body in zip(articles["article_id"], articles["body"].fillna("")):
        entities = _known_entities()
        entities.update(_group(_spans(body)))
        positions = by_article.get(article_id, np.array([], dtype=int))
        # Pass 1: the words used (for fuzzy spellings) and the names commenters capitalise.
        vocabulary: set[str] = set(_FOLDED_WORD.findall(body.casefold()))
        runs: Counter = Counter()
        for p in positions:
            vocabulary.update(_FOLDED_WORD.findall(texts[p].casefold()))
            runs.update(set(_CAP_RUN.findall(texts[p])))
        entities.update(_comment_names(runs, entities, min_comments))
        matcher = _Matcher(entities)
        matcher.learn(vocabulary)
        all_entities[article_id] = entities
        for _, words in _parse(body):
            for name, _ in matcher.find(words):
                in_article[(article_id, name)] = in_article.get((article_id, name), 0) + 1
        # Pass 2: sentences of the comments that hold a word an entity's name starts with.
        for p in positions:
            if not matcher.may_mention(texts[p]):
                continue
            parsed = _parse(texts[p])
            record(article_id, p, [matcher.find(words) for _, words in parsed], [s for s, _ in parsed], entities)
    long = pd.DataFrame(rows, columns=[*SENTENCE_COLUMNS[:-1], "_english", "_row"])
    long = long.iloc[np.lexsort((long["sentence_index"].to_numpy(), long.pop("_row").to_numpy()))]
    long = long.reset_index(drop=True)
    score = np.full(len(long), np.nan)
    if len(long):
        scored = long["_english"].to_numpy(dtype=bool)
        codes, distinct = pd.factorize(long.loc[scored, "sentence"])
        if len(distinct):
            engine = ENGINES["textblob"]
            score[scored] = engine.score_many(list(distinct))[engine.label_column].to_numpy()[codes]
    long["sentiment"] = score
    long = long.drop(columns="_english")
    long = long.astype(_SENTENCE_DTYPES) if len(long) else _empty(SENTENCE_COLUMNS, _SENTENCE_DTYPES)
    return long, all_entities, in_article


def entity_sentences(articles: pd.DataFrame, comments: pd.DataFrame, *, min_comments: int = 2) -> pd.DataFrame:
    """One row per comment sentence and entity it mentions: the evidence behind :func:`entity_mentions`.

    Columns ``article_id``, ``comment_id``, ``author``, ``entity``, ``kind``, ``sentence_index``
    (in :func:`analytics.scoring.sentiment.split_sentences` order), ``sentence``, ``matched`` (the words
    as written that named the entity, first in the sentence) and ``sentiment`` (TextBlob
    polarity of the sentence alone; missing for comments that are not English, read from the
    ``language`` column where present).

    Examples:
        >>> articles = pd.DataFrame({"article_id": ["a"], "body": ["Hezbollah backs Assad."]})
        >>> comments = pd.DataFrame({"comment_id": ["c1"], "article_id": ["a"], "author": ["geha"],
        ...                          "text": ["let hizbushaitan go. assad is awful!"]})
        >>> entity_sentences(articles, comments)[["entity", "sentence", "matched", "sentiment"]]
              entity              sentence       matched  sentiment
        0  Hezbollah  let hizbushaitan go.  hizbushaitan        0.0
        1      Assad       assad is awful!         assad       -1.0
    """
    return _analyse(articles, comments, min_comments)[0]


def entity_mentions(articles: pd.DataFrame, comments: pd.DataFrame, *, min_comments: int = 2) -> pd.DataFrame:
    """Per article, the people, organisations and places named, how comments mention them and how they feel.

    One row per article and entity found in the article or its comments (see the module
    docstring for how), most commented first: ``article_id``, ``entity``, ``kind``
    (``person``, ``organisation``, ``place``, ``other``), ``found_in`` (``article``, ``comments``
    or ``both``), ``spellings`` (the forms seen, ``; ``-separated), ``article_mentions``,
    ``comments`` (comments naming it), ``commenters`` (their distinct authors), ``sentences``
    (comment sentences naming it), ``scored_sentences`` (those scored: English comments) and
    ``mean_sentiment`` (their mean TextBlob polarity, missing where none is scored). Names
    found only in the comments need ``min_comments`` comments (alias-table names need one).

    Examples:
        >>> articles = pd.DataFrame({"article_id": ["a"], "body": ["Russia backs Bashar Assad, said Sergei Lavrov."]})
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2"], "article_id": ["a", "a"],
        ...     "author": ["geha", "realist"], "text": ["Lavrov is a good man.", "the russians and iran lie"]})
        >>> entity_mentions(articles, comments)[["entity", "kind", "found_in", "article_mentions", "comments"]]
           entity    kind  found_in  article_mentions  comments
        0  Lavrov  person      both                 1         1
        1  Russia   place      both                 1         1
        2    Iran   place  comments                 0         1
        3   Assad  person   article                 1         0
    """
    long, all_entities, in_article = _analyse(articles, comments, min_comments)
    stats = long.groupby(["article_id", "entity"], sort=False).agg(
        comments=("comment_id", "nunique"), commenters=("author", "nunique"), sentences=("sentence", "size"),
        scored_sentences=("sentiment", "count"), mean_sentiment=("sentiment", "mean"))
    written = long.groupby(["article_id", "entity", "matched"], sort=False).size()
    spelled: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (article_id, name, form), n in written.items():
        spelled[(article_id, name)][form] += int(n)
    stats = stats.to_dict("index")
    rows = []
    for article_id, entities in all_entities.items():
        for name, entity in entities.items():
            found = stats.get((article_id, name))
            n_article = in_article.get((article_id, name), 0)
            if found is None and n_article == 0:
                continue
            spellings = Counter(entity.forms) + spelled.get((article_id, name), Counter())
            rows.append({
                "article_id": article_id, "entity": name, "kind": entity.kind,
                "found_in": "both" if n_article and found else "article" if n_article else "comments",
                "spellings": "; ".join(sorted(spellings, key=lambda f: (-spellings[f], f))),
                "article_mentions": n_article,
                **(found or {"comments": 0, "commenters": 0, "sentences": 0, "scored_sentences": 0,
                             "mean_sentiment": np.nan})})
    if not rows:
        return _empty(ENTITY_COLUMNS, _ENTITY_DTYPES)
    out = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).astype(_ENTITY_DTYPES)
    order = {a: k for k, a in enumerate(all_entities)}
    out["_article"] = out["article_id"].map(order)
    out = out.sort_values(["_article", "comments", "article_mentions", "entity"],
                          ascending=[True, False, False, True], kind="stable")
    return out.drop(columns="_article").reset_index(drop=True)
