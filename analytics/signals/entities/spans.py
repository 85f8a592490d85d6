"""Names in a text: capitalised spans of its sentences, titles, dates and sentence openings cut out
(step 1 of :mod:`analytics.signals.entities`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...scoring.sentiment import split_sentences
from ..terms import STOPWORDS
from .known import _CLITIC, _INITIALISM, _PREFIXED, ORG_WORDS, TITLES, _common_words, _known_index

__all__ = ["name_spans"]

_MONTHS_DAYS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
""".split()
)
_CONNECTORS = frozenset({"of", "for", "the", "and"})
_PLACE_CUES = frozenset({"in", "from", "near"})


def _is_capitalised(word: str) -> bool:
    if word[:1].isupper():
        return True
    return "-" in word and bool(_PREFIXED.match(word)) and word[word.index("-") + 1 :][:1].isupper()


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


def _spans_of_sentence(
    words: list[str], capitalised_elsewhere: set[str], *, starts_sentence: bool = True
) -> list[_Span]:
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
            between = words[last + 1 : k] if last is not None else []
            if (
                current
                and 0 < len(between) <= 2
                and all(w.casefold() in _CONNECTORS for w in between)
                and (low in ORG_WORDS or any(w.casefold() in ORG_WORDS for w in current))
            ):
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
        if (
            k == first
            and low not in capitalised_elsewhere
            and (low in STOPWORDS or low in common)
            and (low,) not in index
        ):
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
        elsewhere.update(w.casefold() for w in words[first + 1 :] if w and _is_capitalised(w))
    return [span for _, words in parsed for span in _spans_of_sentence(words, elsewhere)]
