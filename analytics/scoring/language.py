"""Which comments are English: a small offline language flag that decides what sentiment scores.

The sentiment engines (``analytics.scoring.sentiment``) read English only; a score for Arabic or Arabizi
text would be a confident-looking 0. So every comment gets a ``language``:

``empty``
    The text has no letters and no emoji (empty, whitespace, digits, punctuation, emoticons).
``emoji``
    The text has no letters but at least one emoji VADER's lexicon knows (``😂😂``, ``👍🏽``):
    VADER scores it (it reads each emoji as its description), TextBlob does not (its polarity
    and subjectivity stay missing).
``ar``
    More than half of its letters are Arabic script.
``ar-latn``
    Arabic written in Latin letters (Arabizi: "ya habibi shou 3am ta3mel", "la2 5alas"), most of
    its judged words or as many as its English ones (:func:`arabizi_words`). English with one
    Arabic loan word ("Inshallah the vote is fair") stays ``en``.
``other``
    More than half of its letters are neither Latin nor Arabic (Cyrillic, Hebrew, Han ...), or
    most of its judged words are not English (French, Spanish ...).
``en``
    Everything else.

How words are judged (:func:`english_share`): @handles, e-mail addresses and links are set aside;
the rest is cut into words at anything that is not a letter, digit or apostrophe. English
clitics (``'s``, ``n't``, ``'re``, ``'ve``, ``'ll``, ``'d``, ``'m``, straight or curly) are cut
off, words split at remaining apostrophes, single letters and plain numbers ignored. A word
mixing letters and digits is Arabizi (``3am``, ``7abibi``, ``ta3mel``: digits standing for
Arabic sounds) unless it reads as English (``2nd``, ``80s``, ``70k``, ``10pm``, ``g20``, ``mp3``).
A word is English when it is in :func:`english_words`. A capitalised word that is not (``Assad``,
``Lavrov``, ``Hezbollah``) is taken for a name and not judged, unless the text has nothing else
to judge (a lone "Merci" is not English). The text is English when at least
``min_english_share`` (default 0.5) of the judged words are English; a text of handles or links
only counts as English (nothing says it is not, and the engines give it a neutral score).

Arabizi words are the words mixing letters and the digits Arabizi writes sounds with
(2 3 5 6 7 8 9: ``ta3mel``, ``5alas``, ``7abibi``, ``ma32oul``) unless they read as English and the words of
:data:`ARABIZI_WORDS` (``yalla``, ``inshallah``, ``shu``, ``kifak`` ...). Some short words are
Arabizi only beside those (:data:`MAYBE_ARABIZI`: ``ma``, ``la``, ``ya``, ``el``, ``bi`` ...,
and the digit words English also writes, ``3am``, ``la2``): with no sure Arabizi word in the
text they count as before (English or foreign). A text is ``ar-latn`` when its Arabizi words are
all its judged words, or at least :data:`MIN_ARABIZI_WORDS` and no fewer than its English words.

The vocabulary comes from the word lists shipped inside TextBlob, so nothing is downloaded:
``en-lexicon.txt`` (Brill's tagger lexicon, Brown corpus and Penn Treebank) and
``en-spelling.txt`` (Norvig's word counts from Project Gutenberg books). Words the lexicon tags
only as foreign (``FW``: ``je``, ``les``, ``est``), which the Gutenberg list holds from the French
in its novels, are removed, as are the few frequent French, Spanish and Arabizi words listed in
:data:`NOT_ENGLISH`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import NamedTuple

import pandas as pd

from ..model.text import MENTION

LANGUAGES: tuple[str, ...] = ("en", "ar", "ar-latn", "other", "emoji", "empty")

#: Fewer judged words than this, none of them marked foreign, is too little to call a text
#: non-English: short comments are mostly names, slang and typos ("GFY!", "Covfefe", "Demrats").
MIN_JUDGED_WORDS = 3

#: Words of Arabizi (Levantine and Gulf Arabic in Latin letters) that are no English word, with
#: the frequent ones English-looking digit words would hide (``la2``, ``3a``, ``ma3`` like ``mp3``).
ARABIZI_WORDS: frozenset[str] = frozenset(
    """
    yaa habibi habibti habibe shou shu sho yalla wallah walla wallahi inshallah insha khalas
    kifak kifik kifkon hayda hayde haida ktir kteer kter mish msh enta inta inti ahla sahtein
    mashallah yaani yani akh akhi heik hek lesh leish halla tayeb baddi badde kamen kaman
    shway shwai yislamo yeslamo mnih mne7 shi wen hayk ento ente
    ma3 3al 3ala 3a 3an la2 sa7 2al ba2a ya3ni ya3ne 7ada
""".split()
)
#: Short words that are Arabizi beside a sure Arabizi word, and English or another language
#: otherwise ("ma" is a mother, "la" French, "el" Spanish, "ya" English slang).
MAYBE_ARABIZI: frozenset[str] = frozenset("ma la ya el bi fi ana wa bas aw lek lak".split())
#: Fewest Arabizi words that make a text mixing them with English ``ar-latn``.
MIN_ARABIZI_WORDS = 2

# Frequent words of the languages Levantine comment sections mix with English, some of which
# sneak into the English lists (Gutenberg novels quote French). They mark a word as foreign.
# Only words that are not also common English words: "a", "on", "son", "plus", "eh" stay out.
NOT_ENGLISH: frozenset[str] = (
    frozenset(
        """
    le la les des du et est je tu il elle nous vous ils elles une un que qui ne pas dans avec ce
    cette ces sont au aux mais ou où très être avoir sur mon mes ton tes sa ses leur leurs lui
    suis sommes êtes était tout tous toute rien bien donc alors parce aussi peut faut même encore
    merci oui
    el los las por para con es una pero muy del como está estoy gracias
    di che gli della sono per
    ya ana wa bas aw lek lak
""".split()
    )
    | ARABIZI_WORDS
)

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(rf"(?=[^\W\d_])[{_ARABIC}]")
_LATIN_LETTER = re.compile(rf"(?=[^\W\d_])[{_LATIN}]")
_NON_LATIN_LETTER = re.compile(rf"(?![{_LATIN}])[^\W\d_]")
# Links, e-mail addresses, Markdown images ("![gif](giphy|...)") and subreddit or user references.
_SET_ASIDE = re.compile(r"!\[[^\]]*\]\([^)]*\)|https?://\S+|www\.\S+|\S+@\S+\.\S+|(?<!\w)/?[ru]/\w+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLITIC = re.compile(r"(?:n['’]t|['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’]")
_LAUGHTER = re.compile(r"(?:[ae]?h[aeiou])+h?|a?ha+h*|l+o+l+[sz]?|lmf?a+o+|rofl|xd+", re.IGNORECASE)
_ARABIZI_DIGITS = frozenset("2356789")
_ENGLISH_WITH_DIGITS = re.compile(
    r"\d+(?:st|nd|rd|th|s|k|m|bn|mn|am|pm|km|kg|mm|cm|ml|mph|ft|yrs?|mins?|hrs?|x)"
    r"|[a-z]{1,4}\d+[a-z]?|\d+[a-z]",
    re.IGNORECASE,
)


@cache
def english_words() -> frozenset[str]:
    """The English vocabulary: lowercase words from the word lists TextBlob and VADER ship.

    Examples:
        >>> {"terrorist", "dialogue", "doesn", "lol"} <= english_words()
        True
        >>> {"je", "habibi", "ta3mel"} & english_words()
        set()
    """
    textblob_lists = resources.files("textblob") / "en"
    tagged: dict[str, set[str]] = {}
    for line in (textblob_lists / "en-lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith(";;;"):
            tagged.setdefault(parts[0].lower(), set()).update(parts[1:])
    foreign = {w for w, tags in tagged.items() if tags <= {"FW"}}
    words = {w for w, tags in tagged.items() if tags - {"FW"} and w.islower()}
    for line in (textblob_lists / "en-spelling.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(";;;"):
            words.add(line.split()[0].lower())
    vader = resources.files("vaderSentiment") / "vader_lexicon.txt"
    words.update(line.split("\t", 1)[0] for line in vader.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words - foreign - NOT_ENGLISH if w.isalpha() and len(w) > 1)


@cache
def _judged_vocabulary() -> frozenset[str]:
    """:func:`english_words` without :data:`MAYBE_ARABIZI`, which are judged by the text around them."""
    return english_words() - MAYBE_ARABIZI


class _Counts(NamedTuple):
    """Word counts of one text by the module's rule (:data:`MAYBE_ARABIZI` words already placed)."""

    english: int
    foreign: int
    unknown: int
    arabizi: int

    @property
    def judged(self) -> int:
        return self.english + self.foreign + self.unknown + self.arabizi


def _word_counts(text: str) -> _Counts:
    """The judged words of ``text`` by the module's rule, counted."""
    vocabulary = _judged_vocabulary()
    english = foreign = unknown = arabizi = 0
    maybe_english = maybe_foreign = maybe_digits = 0  # MAYBE_ARABIZI words and English digit words
    for token in _WORD.findall(MENTION.sub(" ", _SET_ASIDE.sub(" ", text))):
        if token.lower() in vocabulary:  # the common case, first
            english += 1
            continue
        if not token.isalpha():
            if any(ch.isdigit() for ch in token):
                if token.isdigit():
                    continue
                if _ENGLISH_WITH_DIGITS.fullmatch(token) and token.lower() not in ARABIZI_WORDS:
                    maybe_digits += 1  # "3am", "la2": English or Arabizi, by the rest of the text
                elif _ARABIZI_DIGITS.isdisjoint(token):
                    foreign += 1
                else:
                    arabizi += 1  # digits for Arabic sounds
                continue
        for word in _APOSTROPHE.split(_CLITIC.sub("", token)):
            lower = word.lower()
            if len(word) < 2 or _LAUGHTER.fullmatch(word):
                continue
            if lower in vocabulary:
                english += 1
            elif lower in MAYBE_ARABIZI:
                if lower in english_words():
                    maybe_english += 1
                else:
                    maybe_foreign += 1
            elif lower in ARABIZI_WORDS:
                arabizi += 1
            elif lower in NOT_ENGLISH or not lower.isascii():
                foreign += 1
            elif not word[0].isupper():
                unknown += 1  # a capitalised unknown word is a name: not judged
    if arabizi:
        return _Counts(english, foreign, unknown, arabizi + maybe_english + maybe_foreign + maybe_digits)
    return _Counts(english + maybe_english, foreign + maybe_foreign, unknown, 0)


def arabizi_words(text: str) -> int:
    """How many words of ``text`` are Arabizi (rule in the module doc).

    Examples:
        >>> arabizi_words("ya 3am this is so true, la2 la2 5alas")
        5
        >>> arabizi_words("I woke up at 3am, ya know")
        0
    """
    return _word_counts(text).arabizi


def english_share(text: str) -> float:
    """Share of the judged words of ``text`` that are English; NaN where no word is judged.

    Examples:
        >>> english_share("Lavrov should stop dictating what the Syrians want")
        1.0
        >>> english_share("ya habibi shou 3am ta3mel")
        0.0
        >>> english_share("@geha http://example.com")
        nan
    """
    counts = _word_counts(text)
    return counts.english / counts.judged if counts.judged else float("nan")


def _is_emoji_only(text: str) -> bool:
    """Whether ``text`` (which has no letters) holds an emoji VADER reads."""
    emoji = _emoji_chars()
    return any(ch in emoji for ch in text)


@cache
def _emoji_chars() -> frozenset[str]:
    """The emoji VADER's lexicon describes, one character each (VADER reads a text a character at a
    time, so only those match), less the Latin-1 signs © and ®, which are no comment."""
    lexicon = resources.files("vaderSentiment") / "emoji_utf8_lexicon.txt"
    keys = (line.split("\t", 1)[0] for line in lexicon.read_text(encoding="utf-8").splitlines())
    return frozenset(k for k in keys if len(k) == 1 and ord(k) > 0xFF)


def language_of(text: str | None, *, min_english_share: float = 0.5) -> str:
    """The language flag of one text: ``en``, ``ar``, ``ar-latn``, ``other``, ``emoji`` or ``empty``
    (rule in the module doc).

    Examples:
        >>> language_of("Assad should go, full stop.")
        'en'
        >>> language_of("يجب أن يرحل الأسد")
        'ar'
        >>> language_of("ya habibi shou 3am ta3mel")
        'ar-latn'
        >>> language_of("Je ne sais pas ce qu'il veut dire.")
        'other'
        >>> language_of(" 😂😂 ")
        'emoji'
        >>> language_of(" :) 100% ")
        'empty'
    """
    if not isinstance(text, str):
        return "empty"
    if not _LETTER.search(text):
        return "emoji" if _is_emoji_only(text) else "empty"
    non_latin = len(_NON_LATIN_LETTER.findall(text))
    if non_latin:  # count scripts only where there is more than one
        letters = non_latin + len(_LATIN_LETTER.findall(text))
        if len(_ARABIC_LETTER.findall(text)) * 2 > letters:
            return "ar"
        if non_latin * 2 > letters:
            return "other"
    english, foreign, unknown, arabizi = counts = _word_counts(text)
    judged = counts.judged
    if arabizi and (arabizi == judged or (arabizi >= MIN_ARABIZI_WORDS and arabizi >= english and arabizi >= foreign)):
        return "ar-latn"
    if english < min_english_share * judged and (foreign or arabizi or judged >= MIN_JUDGED_WORDS):
        return "other"
    return "en"


def languages(texts: Iterable[str | None], *, min_english_share: float = 0.5) -> pd.Series:
    """:func:`language_of` for many texts: a ``str`` Series named ``language``.

    A Series keeps its index; repeated texts are judged once.

    Examples:
        >>> languages(["Well said.", "", "مرحبا", "Well said."]).tolist()
        ['en', 'empty', 'ar', 'en']
    """
    index = texts.index if isinstance(texts, pd.Series) else None
    seen: dict[object, str] = {}
    flags = []
    for text in texts:
        key = text if isinstance(text, str) else None
        if key not in seen:
            seen[key] = language_of(key, min_english_share=min_english_share)
        flags.append(seen[key])
    return pd.Series(flags, index=index, dtype="str", name="language")
