"""Which comments are English: a small offline language flag that decides what sentiment scores.

The sentiment engines (``analytics.scoring.sentiment``) read English only; a score for Arabic or Arabizi
text would be a confident-looking 0. So every comment gets a ``language``:

``empty``
    The text has no letters at all (empty, whitespace, digits, punctuation, emoji).
``ar``
    More than half of its letters are Arabic script.
``other``
    More than half of its letters are neither Latin nor Arabic (Cyrillic, Hebrew, Han ...), or
    most of its judged words are not English (French, Arabizi such as "ya habibi shou 3am
    ta3mel", Spanish ...).
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
to judge (a lone "Yalla!" or "Merci" is not English). The text is English when at least
``min_english_share`` (default 0.5) of the judged words are English; a text of handles or links
only counts as English (nothing says it is not, and the engines give it a neutral score).

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

import pandas as pd

from ..model.text import MENTION

LANGUAGES: tuple[str, ...] = ("en", "ar", "other", "empty")

#: Fewer judged words than this, none of them marked foreign, is too little to call a text
#: non-English: short comments are mostly names, slang and typos ("GFY!", "Covfefe", "Demrats").
MIN_JUDGED_WORDS = 3

# Frequent words of the languages Levantine comment sections mix with English, some of which
# sneak into the English lists (Gutenberg novels quote French). They mark a word as foreign.
# Only words that are not also common English words: "a", "on", "son", "plus", "eh" stay out.
NOT_ENGLISH: frozenset[str] = frozenset(
    """
    le la les des du et est je tu il elle nous vous ils elles une un que qui ne pas dans avec ce
    cette ces sont au aux mais ou où très être avoir sur mon mes ton tes sa ses leur leurs lui
    suis sommes êtes était tout tous toute rien bien donc alors parce aussi peut faut même encore
    merci oui
    el los las por para con es una pero muy del como está estoy gracias
    di che gli della sono per
    ya yaa habibi habibti shou shu sho yalla wallah walla wallahi inshallah khalas kifak kifik
    hayda hayde haida ktir kteer kter mish msh enta inta inti ana wa bas aw ahla sahtein
    mashallah yaani yani akh akhi lek lak
""".split()
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


def _word_counts(text: str) -> tuple[int, int, int]:
    """(English, marked foreign, unknown) word counts of ``text`` by the module's rule."""
    vocabulary = english_words()
    english = foreign = unknown = 0
    for token in _WORD.findall(MENTION.sub(" ", _SET_ASIDE.sub(" ", text))):
        if token.lower() in vocabulary:  # the common case, first
            english += 1
            continue
        if not token.isalpha():
            if any(ch.isdigit() for ch in token):
                if not token.isdigit() and not _ENGLISH_WITH_DIGITS.fullmatch(token):
                    foreign += 1  # Arabizi: digits for Arabic sounds
                continue
        for word in _APOSTROPHE.split(_CLITIC.sub("", token)):
            lower = word.lower()
            if len(word) < 2 or _LAUGHTER.fullmatch(word):
                continue
            if lower in vocabulary:
                english += 1
            elif lower in NOT_ENGLISH or not lower.isascii():
                foreign += 1
            elif not word[0].isupper():
                unknown += 1  # a capitalised unknown word is a name: not judged
    return english, foreign, unknown


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
    english, foreign, unknown = _word_counts(text)
    judged = english + foreign + unknown
    return english / judged if judged else float("nan")


def language_of(text: str | None, *, min_english_share: float = 0.5) -> str:
    """The language flag of one text: ``en``, ``ar``, ``other`` or ``empty`` (rule in the module doc).

    Examples:
        >>> language_of("Assad should go, full stop.")
        'en'
        >>> language_of("يجب أن يرحل الأسد")
        'ar'
        >>> language_of("ya habibi shou 3am ta3mel")
        'other'
        >>> language_of("Je ne sais pas ce qu'il veut dire.")
        'other'
        >>> language_of(" :) 100% ")
        'empty'
    """
    if not isinstance(text, str):
        return "empty"
    if not _LETTER.search(text):
        return "empty"
    non_latin = len(_NON_LATIN_LETTER.findall(text))
    if non_latin:  # count scripts only where there is more than one
        letters = non_latin + len(_LATIN_LETTER.findall(text))
        if len(_ARABIC_LETTER.findall(text)) * 2 > letters:
            return "ar"
        if non_latin * 2 > letters:
            return "other"
    english, foreign, unknown = _word_counts(text)
    judged = english + foreign + unknown
    if english < min_english_share * judged and (foreign or judged >= MIN_JUDGED_WORDS):
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
