"""The alias table of frequent names (:data:`KNOWN`), the word lists names are read with, and
the lookup key of a name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["KNOWN", "Known", "KINDS", "TITLES", "ORG_WORDS"]

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
    _k(
        "Hezbollah",
        "organisation",
        "Hizbollah, Hizbullah, Hizballah, Hezballah, Hisbollah, Hizb Allah, Hezb, Hizb, Party of God",
        pattern=r"h[ei]zb\w*",
    ),  # hizbushaitan, hezbushaitan ...
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
TITLES: frozenset[str] = frozenset(
    """
    president minister foreign prime premier mr mrs ms dr sir lord king queen prince princess
    sheikh sheik emir sultan general gen col colonel lt captain chief secretary spokesman
    spokeswoman ambassador envoy leader head senator governor mayor pope imam sayyed sayyid
    patriarch speaker mp deputy vice former fm pm interior defense defence
""".split()
)
#: Words that make a span an organisation's name (and end it).
ORG_WORDS: frozenset[str] = frozenset(
    """
    league coalition observatory forum council party union army ministry committee organization
    organisation front movement brigade brigades agency bank court parliament government nations
    assembly commission association institute university company group corporation network
    news times post press tv television radio foundation fund federation authority alliance
    brotherhood forces
""".split()
)

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
