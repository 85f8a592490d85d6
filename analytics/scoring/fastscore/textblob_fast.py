"""TextBlob's default sentiment (the pattern analyzer), the same numbers many times faster.

``TextBlob(text).sentiment`` builds a blob, runs pattern's tokenizer (seven regex passes, a
per-token punctuation loop, sentence splitting, two more regexes per sentence) and then walks the
words with a dict per assessment. Here the same rules run on the same data, read from the
installed ``textblob`` package at import, with three changes that do not change a single result:

- the punctuation split of each whitespace-separated token is cached (it depends on the token only);
- sentence splitting, which only matters to the emoticon and sarcasm-mark rules, runs only when
  one of those rules can fire somewhere in the text (checked on the whole text first);
- the word walk skips stretches of words that are not in the lexicon and cannot change its state;
- ``textblob_sentiment_many`` scores long lists by chunks: Arrow splits the whole chunk at
  whitespace and finds its distinct tokens in C++ (``_token_codes``), each distinct token is
  looked up once for a four-byte code, which also tells where an emoticon or the sarcasm mark
  may lie within the token or begin in it and go on in the next (``_face_bits``), so that the
  texts the rewrite rules may touch are found from the codes alone, and the word walk runs as
  array operations over the tokens that act (``_walk_events``), adding the averages in the
  walk's order so that every number is the same to the last bit. The tokens are those of
  ``str.split()``: Arrow's split takes six of the 29 characters ``str.split()`` splits at; a
  token holding one of the others is never in the code table, so it is seen among the unknown
  tokens, and its text is scored one by one instead.

The TextBlob objects used (lexicon, emoticon table and regexes, abbreviation list) are the
package's own, so the results match ``TextBlob(text).sentiment`` in the same process, including
its quirks (``don't`` is split into ``do n ' t``, so ``n't`` never negates; ``(!)`` marks irony).

One quirk is the library's own: ``RE_EMOTICONS`` is built by iterating Python sets, so its
alternation order depends on the process's string-hash seed. Both implementations share the
compiled regex, so within one process they always agree; and the scores do not depend on the
seed (workers started by forkserver or Dask have seeds of their own): a test scores the
emoticons' spellings under two seeds.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import itemgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from textblob import _text as _pattern
from textblob.en import sentiment as _SENTIMENT

__all__ = ["textblob_sentiment", "textblob_sentiment_many", "clear_caches"]

# --- the library's own data and rules --------------------------------------------------------
_EOS = _pattern.EOS
_PUNCTUATION = _pattern.PUNCTUATION
_LEAD = tuple(_PUNCTUATION.replace(".", ""))  # find_tokens' ``punctuation`` after removing "."
_TRAIL = _LEAD + (".",)
_LEAD_CHARS = frozenset(_LEAD)
_TRAIL_CHARS = frozenset(_TRAIL)
_ABBREVIATIONS = _pattern.ABBREVIATIONS
_RE_ABBR1, _RE_ABBR2, _RE_ABBR3 = _pattern.RE_ABBR1, _pattern.RE_ABBR2, _pattern.RE_ABBR3
_REPLACE = dict(_pattern.replacements)
_RE_EMOTICONS = _pattern.RE_EMOTICONS
_RE_SARCASM = _pattern.RE_SARCASM
_RE_LINEBREAK = re.compile(r"\n{2,}")  # Parser.find_tokens' ``linebreak``
_EOS_SPACED = f" {_EOS} "
_SENTENCE_END = ("...", ".", "!", "?", _EOS)
_SENTENCE_TAIL = ("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS)
_SENTENCE_ENDS = frozenset(_SENTENCE_END + _SENTENCE_TAIL)  # the pieces a sentence may end with
_UNICODE_QUOTES = ("“", "”", "‘", "’", "'", '"')

len(_SENTIMENT)  # the lexicon is lazy: load it now, as the first TextBlob call would
_NEGATIONS = frozenset(_SENTIMENT.negations)
_MODIFIERS = tuple(_SENTIMENT.modifiers)
_IRONY = _pattern.IRONY


def _emoticon_polarities() -> dict[str, float]:
    """Lower-cased emoticon -> polarity, the first group in the table's order winning, as in
    ``Sentiment.assessments``; only emoticons that its ``speedup`` condition lets through."""
    table: dict[str, float] = {}
    for (_kind, polarity), faces in _pattern.EMOTICONS.items():
        for face in faces:
            face = face.lower()
            if face.isalpha() is False and len(face) <= 5 and face not in _PUNCTUATION:
                table.setdefault(face, polarity)
    return table


_EMOTICON_POLARITY = _emoticon_polarities()

# What a word does when the walk reaches it. Known words: (their assessment [p, s, i, negated],
# is a modifier, is a negation); other words that act on their own ("!", "(!)", negations,
# emoticons) are in _ACTIVE too.
_KNOWN: dict[str, tuple[tuple[float, float, float, bool], bool, bool]] = {}
for _word, _by_pos in dict.items(_SENTIMENT):
    _KNOWN[_word] = (tuple(_by_pos[None]) + (False,), any(map(_by_pos.__contains__, _MODIFIERS)), _word in _NEGATIONS)
_ACTIVE = frozenset(_KNOWN) | _NEGATIONS | {"!", "(!)"} | frozenset(_EMOTICON_POLARITY)
del _word, _by_pos

# --- tokenizer ---------------------------------------------------------------------------------
# How pattern splits a whitespace-separated token depends on the token alone, so it is cached:
#   _WORDS[token]: its lower-cased words; _JOINED[token]: its pieces joined by spaces;
#   both without END-OF-SENTENCE markers (the sentence loop drops every one of them);
#   _VALUE[token]: None where none of its words acts on its own (known, negation, "!", ...);
#   else, where its only active word is a known word that neither modifies nor negates
#   ("good,"), that word's assessment, which is all the token does when nothing is pending;
#   else _COMPLEX.
_CACHE_LIMIT = 200_000
# Dashboard sessions are threads of one process: one thread's clear_caches() between another's
# _learn() and its reads would make those reads fail, so scoring a text holds this lock.
_CACHE_LOCK = threading.Lock()
_WORDS: dict[str, tuple[str, ...]] = {}
_JOINED: dict[str, str] = {}
_COMPLEX = (None,)  # a true value that is no assessment
_VALUE: dict[str, tuple | None] = {}
_RARE = ":;=<>*°♥"


def _rare_start() -> re.Pattern:
    """Where an emoticon starting with one of :;=<>*°♥ could begin in the normalised text: its
    first character, then its second after any spaces, markers or dots (which the joined pieces
    may have lost). A superset of the places the emoticon regex can match at."""
    seconds: dict[str, set[str]] = {}
    alone = set()
    for faces in _pattern.EMOTICONS.values():
        for face in faces:
            if face[0] in _RARE:
                if len(face) == 1:
                    alone.add(face)
                else:
                    seconds.setdefault(face[0], set()).add(face[1])
    gap = rf"(?:[\s.]|{_EOS})*"
    options = [
        re.escape(first) + gap + "[" + "".join(map(re.escape, sorted(second))) + "]"
        for first, second in sorted(seconds.items())
    ] + [re.escape(a) for a in sorted(alone)]
    return re.compile("|".join(options))


_RE_RARE_START = _rare_start()
# The sarcasm mark and 8-D 8-) 8) x-D X-D xD XD o_O o.O with gaps (the last two backwards).
_GAP = rf"(?:[\s.]|{re.escape(_EOS)})*"
_GAP_REVERSED = rf"(?:[\s.]|{re.escape(_EOS[::-1])})*"
_RE_X_D = re.compile(rf"[xX]{_GAP}(?:-{_GAP})?D")
_RE_EIGHT = re.compile(rf"8{_GAP}[\-)]")
_RE_SARCASM_GAPS = re.compile(rf"\({_GAP}!{_GAP}\)")
_RE_O_O_REVERSED = re.compile(rf"O{_GAP_REVERSED}[._]{_GAP_REVERSED}o")


def clear_caches() -> None:
    """Forget cached token splits (results never depend on them; benchmarks start cold)."""
    _WORDS.clear()
    _JOINED.clear()
    _VALUE.clear()
    _CODE.clear()
    _CODE[""] = _NO_EFFECT
    del _TOKEN_EVENTS[_PERMANENT_EVENTS:]
    _CODE_OF.clear()
    _CODE_OF.update(_PERMANENT_CODES)
    _ARRAYS.clear()
    _GENERATION[0] += 1


def _split_token(t: str) -> list[str]:
    """pattern's ``find_tokens`` inner loop for one whitespace-separated token."""
    tokens = []
    tail = []
    while t.startswith(_LEAD) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_TRAIL) and t not in _REPLACE:
        if t.endswith(_LEAD):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if (
                t in _ABBREVIATIONS
                or _RE_ABBR1.match(t) is not None
                or _RE_ABBR2.match(t) is not None
                or _RE_ABBR3.match(t) is not None
            ):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tokens


def _token_pieces(token: str) -> list[str]:
    """The pieces find_tokens makes of one whitespace-separated token of the text: its rewriting
    (contractions, quotes) only acts inside tokens, and only splits them further."""
    parts = _normalised(token).split() if ("'" in token or '"' in token or not token.isascii()) else [token]
    pieces = []
    for part in parts:
        if part[0] in _LEAD_CHARS or part[-1] in _TRAIL_CHARS:
            pieces.extend(_split_token(part))
        else:  # nothing to split off (the common case)
            pieces.append(part)
    return pieces


def _learn(raw: list[str]) -> None:
    """Fill the token caches (of both paths) for the tokens of ``raw`` not seen yet."""
    new = set(raw).difference(_WORDS)
    if len(_WORDS) + len(new) > _CACHE_LIMIT:
        clear_caches()
        new = set(raw)
    word_code = _WORD_CODE.get
    word_value = _WORD_VALUE.get
    for token in new:
        if token.isalpha():  # its one word is the token lower-cased: nothing to split or rewrite
            word = token.lower()
            _WORDS[token] = (word,)
            _JOINED[token] = token
            _VALUE[token] = word_value(word)
            code = word_code(word)
            code = _LENGTH_CODE[min(len(word), 3) - 1] if code is None else code
            if token.endswith(_LETTERS_ENDING) or token in _LETTERS_GOING_ON:  # "xD", "to", "D", ...
                bits = _face_bits(token)
                code = _with_bits(code, bits) if bits else code
            _CODE[token] = code
            continue
        pieces = [p for p in _token_pieces(token) if p != _EOS]
        words = tuple(p.lower() for p in pieces)
        joined = " ".join(pieces)
        _WORDS[token] = words
        _JOINED[token] = joined
        _VALUE[token] = _value(words)
        # A token of markers only vanishes from the joined pieces, so that the pieces on either
        # side of it meet: scored per text.
        _CODE[token] = _code(*_token_events(words), _face_bits(joined) if joined else _LOCAL)


def _value(words: tuple[str, ...]) -> tuple | None:
    """A token's ``_VALUE`` from its words."""
    active = [w for w in words if w in _ACTIVE]
    value = _COMPLEX if active else None
    if len(active) == 1:
        known = _KNOWN.get(active[0])
        if known is not None and not known[1] and not known[2]:
            value = known[0]
    return value


def _normalised(text: str) -> str:
    """find_tokens' string rewriting before the token loop (contractions, quotes, line breaks).

    Its contraction rules put a space before ``'d``, ``'m``, ... and before ``n't``; the quote
    rule then puts spaces around every ``'``. Only the ``n't`` space survives into the tokens.
    """
    s = text
    if "'" in s:
        if "n't" in s:
            s = s.replace("n't", " n't")
        s = s.replace("'", " ' ")
    if '"' in s:
        s = s.replace('"', ' " ')
    if not s.isascii():
        for q in ("“", "”", "‘", "’"):
            if q in s:
                s = s.replace(q, f" {q} ")
    if "\r\n" in s:
        s = s.replace("\r\n", "\n")
    if "\n\n" in s:
        s = s.replace("\n\n", _EOS_SPACED) if "\n\n\n" not in s else _RE_LINEBREAK.sub(_EOS_SPACED, s)
    return s


def _may_rewrite(s: str, raw: list[str]) -> bool:
    """Whether the emoticon or sarcasm regex matches anywhere in the joined pieces of ``raw``
    (the whitespace-separated tokens of the text ``s``).

    Any match inside one sentence is also a match in the whole string (sentences are runs of
    the same pieces, followed there by a space), so a miss here means a miss everywhere.
    Cheap tests first, on ``s``, where the characters of a match may stand apart by spaces,
    markers or dots that the joined pieces lose: the sarcasm mark and the emoticons without
    any of :;=<>*°♥ (x-D X-D xD XD, 8-D 8-) 8), and o_O o.O, searched backwards so that the
    search stops at the rarer O), then the others, which start with one of :;=<>*°♥.
    """
    if (
        ("D" in s and ("x" in s or "X" in s) and _RE_X_D.search(s) is not None)
        or ("8" in s and ("-" in s or ")" in s) and _RE_EIGHT.search(s) is not None)
        or ("!" in s and "(" in s and ")" in s and _RE_SARCASM_GAPS.search(s) is not None)
        or ("O" in s and ("." in s or "_" in s) and _RE_O_O_REVERSED.search(s[::-1]) is not None)
    ):
        joined = " ".join(filter(None, map(_JOINED.__getitem__, raw)))  # markers alone: ""
        return _RE_EMOTICONS.search(joined) is not None or _RE_SARCASM.search(joined) is not None
    if not (
        ":" in s
        or ";" in s
        or "=" in s
        or "<" in s
        or ">" in s
        or "*" in s
        or (not s.isascii() and ("°" in s or "♥" in s))
    ):
        return False
    if _RE_RARE_START.search(s) is None:
        return False
    # Try the regex where a token holds one of those characters, on that token and the ones
    # after it (an emoticon is at most five characters long: six tokens are enough).
    spaced = " ".join(raw)  # no token holds a space: a position tells its token
    match = _RE_EMOTICONS.match
    for c in _RARE:
        at = spaced.find(c)
        while at >= 0:
            k = spaced.count(" ", 0, at)
            parts = list(filter(None, map(_JOINED.__getitem__, raw[k : k + 8])))  # markers alone: ""
            if len(parts) < 6 and k + 8 < len(raw):
                parts = list(filter(None, map(_JOINED.__getitem__, raw[k:])))[:6]
            window = " ".join(parts)
            q = window.find(c)
            while q >= 0:
                if match(window, q) is not None:
                    return True
                q = window.find(c, q + 1)
            at = spaced.find(c, at + len(raw[k]))  # on to the next token
    return False


def _sentences(tokens: list[str]) -> list[str]:
    """pattern's ``find_tokens`` sentence loop and per-sentence rewriting, verbatim in effect."""
    sentences: list[list[str]] = [[]]
    i = j = 0
    while j < len(tokens):
        if tokens[j] in _SENTENCE_END:
            while j < len(tokens) and tokens[j] in _SENTENCE_TAIL:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break  # "balanced quotes": the sentence being built is still empty here
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    out = (" ".join(s) for s in sentences if len(s) > 0)
    out = (_RE_SARCASM.sub("(!)", s) for s in out)
    return [_RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s) for s in out]


def _slow_words(text: str) -> list[str]:
    """The words of a text whose pieces an emoticon or sarcasm rule rewrites: find_tokens'
    sentences, from the cached pieces of each token and a marker at each blank line.

    The rules run on each sentence alone. Run on the whole text instead (its paragraphs joined
    by a space, without the markers), they rewrite the same unless a match runs from one sentence
    into the next. A sentence ends only at a blank line or after a piece of ``_SENTENCE_END`` or
    ``_SENTENCE_TAIL``; so unless a match holds one of those pieces before its last, or the
    space between two paragraphs, it lies in one sentence, and the sentences need not be made.
    No face holds "!", so a match of the sarcasm mark always may run across: the sentences too.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    paragraphs = _RE_LINEBREAK.split(text) if "\n\n" in text else [text]
    if _EOS not in text:
        parts = [p for p in (" ".join(map(_JOINED.__getitem__, p.split())) for p in paragraphs) if p]
        whole = " ".join(parts)
        if _RE_SARCASM.search(whole) is None:
            between = [end - 1 for end in accumulate(len(p) + 1 for p in parts[:-1])]  # the spaces between paragraphs
            across: list[str] = []

            def merged(match: re.Match) -> str:
                face = match.group(1)
                if " " in face and (
                    not _SENTENCE_ENDS.isdisjoint(face.split(" ")[:-1])
                    or any(match.start(1) < b < match.end(1) for b in between)
                ):
                    across.append(face)
                return face.replace(" ", "") + match.group(2)

            rewritten = _RE_EMOTICONS.sub(merged, whole)
            if not across:
                return [w.lower() for w in rewritten.split()]
    tokens: list[str] = []
    for k, paragraph in enumerate(paragraphs):
        if k:
            tokens.append(_EOS)
        for t in paragraph.split():
            joined = _JOINED[t]
            tokens.extend(_token_pieces(t) if _EOS in t or not joined else joined.split(" "))
    return [w.lower() for w in " ".join(_sentences(tokens)).split()]


# --- assessment --------------------------------------------------------------------------------
# Over 80 lines on purpose: a hot loop kept in one frame (local names, no call per token) for speed.
def _walk(
    raw: list[str], at: list[int], words_of: dict[str, tuple[str, ...]], values: list[tuple | None]
) -> tuple[float, float]:
    """``Sentiment.assessments`` and ``Sentiment.__call__``'s averages.

    ``raw`` are tokens, ``words_of[token]`` their lower-cased words, ``at`` the positions of
    the tokens holding a word in ``_ACTIVE``, ``values[k]`` the ``_VALUE`` of token ``k`` (or
    ``_COMPLEX`` for all). Other words do nothing unless a modifier (``m``, a known word that
    may modify the next known word) or a negation (``n``) is pending, and then only their
    length matters, so only the tokens after an active one are looked at; while nothing is
    pending, a token whose value is an assessment just adds it. An assessment is
    ``(p, s, i, negated)``.
    """
    a: list[tuple[float, float, float, bool]] = []
    m: str | None = None
    n: str | None = None
    known_get = _KNOWN.get
    pending = False
    done = 0
    for k in at + [len(raw)]:  # len(raw): only to let a pending modifier or negation run out
        if pending:
            for r in range(done, k):
                for w in words_of[raw[r]]:  # unknown, not special: the length rules only
                    if n and len(w.strip("'")) > 1:
                        n = None
                    if n is not None and m is not None and m.endswith("ly"):
                        p, s, i, _ = a[-1]
                        a[-1] = (p, s, i, True)
                        n = None
                    elif m and len(w) > 2:
                        m = None
                    if m is None and n is None:
                        break
                if m is None and n is None:
                    break
            pending = m is not None or n is not None
        if k == len(raw):
            break
        if not pending:
            value = values[k]
            if value is not _COMPLEX:
                a.append(value)
                continue
        for w in words_of[raw[k]]:
            known = known_get(w)
            if known is not None:
                assessment, is_modifier, is_negation = known
                if m is None:
                    a.append(assessment)
                else:
                    p, s, i = assessment[:3]
                    mi = a[-1][2]
                    a[-1] = (max(-1.0, min(p * mi, +1.0)), max(-1.0, min(s * mi, +1.0)), i, a[-1][3])
                if n is not None:
                    p, s, i, _ = a[-1]
                    a[-1] = (p, s, 1.0 / i, True)
                m = w if is_modifier else None
                n = w if is_negation else None
                continue
            if w in _NEGATIONS:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):
                p, s, i, _ = a[-1]
                a[-1] = (p, s, i, True)
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!":
                if a:
                    p, s, i, negated = a[-1]
                    a[-1] = (max(-1.0, min(p * 1.25, +1.0)), s, i, negated)
            elif w == "(!)":
                a.append((0.0, 1.0, 1.0, False))
            else:
                polarity = _EMOTICON_POLARITY.get(w)
                if polarity is not None:
                    a.append((polarity, 1.0, 1.0, False))
        pending = m is not None or n is not None
        done = k + 1
    if not a:
        return 0.0, 0.0
    sp = ss = 0  # avg(): a running sum from 0, divided by the count
    for p, s, _i, negated in a:
        sp += p * -0.5 if negated else p
        ss += s
    count = float(len(a))
    return sp / count, ss / count


def _sentiment(text: str) -> tuple[float, float]:
    """``TextBlob(text).sentiment`` as a plain tuple (one thread at a time: see ``_CACHE_LOCK``)."""
    with _CACHE_LOCK:
        return _sentiment_unlocked(text)


def _sentiment_unlocked(text: str, rewrites: bool | None = None) -> tuple[float, float]:
    """``TextBlob(text).sentiment`` as a plain tuple; ``rewrites``: whether ``_may_rewrite``
    holds for the text, where the caller knows.

    The text is split at whitespace as it is: find_tokens' rewriting only splits tokens further
    (cached with each token) or turns blank lines into END-OF-SENTENCE markers, which only the
    emoticon and sarcasm rules can notice (the sentence loop drops every one of them).
    """
    raw = text.split()
    try:
        values = list(map(_VALUE.__getitem__, raw))
    except KeyError:
        _learn(raw)
        values = list(map(_VALUE.__getitem__, raw))
    if _may_rewrite(text, raw) if rewrites is None else rewrites:
        words = _slow_words(text)
        return _walk(
            words, [k for k, w in enumerate(words) if w in _ACTIVE], {w: (w,) for w in words}, [_COMPLEX] * len(words)
        )
    active = list(filter(None, values))
    if not active:
        return 0.0, 0.0
    if _COMPLEX not in active:  # nothing ever pending: the assessments are the tokens' own
        sp = ss = 0
        for p, s, _i, _negated in active:
            sp += p
            ss += s
        count = float(len(active))
        return sp / count, ss / count
    return _walk(raw, list(compress(range(len(raw)), values)), _WORDS, values)


# --- many texts at once ------------------------------------------------------------------------
# textblob_sentiment_many scores the texts of a chunk together: one Arrow split and one dictionary
# pass over the distinct tokens for the whole chunk, then the word walk of ``_walk`` as array
# operations over the words that can act (below). Texts a rewrite rule may touch, holding a token
# the arrays do not describe (an emoticon or "(!)" word), or not split by Arrow as str.split()
# splits them are scored one by one as before.
#
# A token that acts becomes events, rows of the event table: a known word (K), a negation (N),
# "!" (X), or an unknown word that may end a pending negation or modifier (O, by its two length
# rules). Tokens where no word acts only count for those length rules, and only between two
# tokens that act, so they are summed, not walked.
_K, _N, _X, _O = 1, 2, 3, 4
_BATCH_MIN = 64  # fewer texts: the per-text path (array set-up costs more than it saves)
_CHUNK = 4096  # texts per chunk: bounds the memory of the split tokens


def _event_table() -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """Rows 0-3: O clearing a negation (bit 1) and/or a modifier (bit 2); 4: X; 5, 6: N short and
    long; then one K row per known word, in ``_KNOWN``'s order."""
    rows = [(_O, 0.0, 0.0, 1.0, False, False, False, bool(b & 1), bool(b & 2)) for b in range(4)]
    rows.append((_X, 0.0, 0.0, 1.0, False, False, False, False, False))
    rows += [(_N, 0.0, 0.0, 1.0, False, False, long, False, False) for long in (False, True)]
    k_row = {}
    for word, ((p, s, i, _), is_modifier, _is_negation) in _KNOWN.items():
        k_row[word] = len(rows)
        rows.append((_K, p, s, i, is_modifier, word.endswith("ly"), False, False, False))
    columns = list(zip(*rows))
    names = ("kind", "p", "s", "i", "modifier", "ly", "long", "clears_n", "clears_m")
    types = (np.int8, np.float64, np.float64, np.float64, bool, bool, bool, bool, bool)
    return k_row, {n: np.array(c, dtype=t) for n, c, t in zip(names, columns, types)}


_K_ROW, _EV = _event_table()
# The array walk assumes no known word is a negation (true of TextBlob's lexicon): otherwise
# every text takes the per-text walk.
_ARRAYS_APPLY = not any(known[2] for known in _KNOWN.values())

# Per token, _CODE: four bytes (little-endian), its kind (bits 0-1; 0: no word acts, 1: acts,
# 2: scored per text only), the clear bits of its words when none acts (bits 2-3), its tail and
# head bits (4-8, 9-13; see _face_bits) and, when a word acts, its row in _TOKEN_EVENTS (bits
# 14-31: each token learnt adds at most one row, and the caches are emptied at _CACHE_LIMIT).
_CODE: dict[str, bytes] = {}
_GENERATION = [0]  # how many times the caches were emptied
_UNKNOWN_CODE = 0xFFFFFFFF  # no token's (kind 3 is never given)
_UNKNOWN = _UNKNOWN_CODE.to_bytes(4, "little")
_TAIL_SHIFT, _HEAD_SHIFT, _ROW_SHIFT = 4, 9, 14
_TAIL = 31 << _TAIL_SHIFT
_LOCAL = 1 << _ROW_SHIFT  # never stored: such a token is of kind 2
_TOKEN_EVENTS: list[tuple[int, ...]] = []
_ARRAYS: dict = {}  # see _token_arrays


# --- which texts the emoticon and sarcasm rules may rewrite, token by token ---------------------
# A face of RE_EMOTICONS (followed by a space or the end) or the sarcasm mark, found in the joined
# pieces of a text as ``_may_rewrite`` joins them, lies within the pieces of one token (_LOCAL:
# the token's texts are scored one by one), or begins in a token's pieces and runs to their end
# (a tail bit: the class of the face's next character) and goes on at the start of the next
# token's (a head bit: the class of its first character). So a text without a _LOCAL token and
# without a token whose tail bits meet the head bits of the next is not rewritten.
_FACES = sorted({face for faces in _pattern.EMOTICONS.values() for face in faces})


def _beginnings(face: str) -> str:
    """A regex for the non-empty beginnings of ``face`` as the rules spell it (" ?" between
    its characters)."""
    pattern = re.escape(face[-1])
    for c in reversed(face[:-1]):
        pattern = f"{re.escape(c)}(?: ?{pattern})?"
    return pattern


def _spelt(face: str) -> str:
    return " ?".join(map(re.escape, face))


# The beginning of the rest of a face or of the sarcasm mark, then the end; the whole rest of a
# face, then a space; the whole rest of the sarcasm mark.
_RESTS = sorted({f[k:] for f in _FACES for k in range(1, len(f))})
_RE_HEAD = re.compile(
    "(?:"
    + "|".join(map(_beginnings, _RESTS + ["!)", ")"]))
    + r")\Z"
    + "|(?:"
    + "|".join(map(_spelt, _RESTS))
    + ") "
    + "|"
    + _spelt("!)")
    + "|"
    + _spelt(")")
)
# The same for tokens of letters only (their joined pieces are the token): the letters-only
# faces they may end with, the letters-only beginnings of faces they may end with, and the
# letters-only rests of faces they may be.
_LETTERS_ENDING = tuple(sorted({f[:k] for f in _FACES for k in range(1, len(f) + 1) if f[:k].isalpha()}))
_LETTERS_GOING_ON = frozenset(
    f[k:j] for f in _FACES for k in range(1, len(f)) for j in range(k + 1, len(f) + 1) if f[k:j].isalpha()
)


def _character_class(c: str) -> int:
    """One of five classes of the characters a face may go on with (few tokens start with
    those of the first four)."""
    return next((k for k, members in enumerate(("-", "._", "([{</\\", ")]}>!")) if c in members), 4)


_TAIL_BITS: dict[str, int] = {}  # a beginning of a face (without gaps) -> its tail bits
for _face in _FACES + ["(!)"]:
    for _k in range(1, len(_face)):
        _TAIL_BITS[_face[:_k]] = _TAIL_BITS.get(_face[:_k], 0) | 1 << _TAIL_SHIFT + _character_class(_face[_k])
_LONGEST_BEGINNING = max(map(len, _TAIL_BITS))
_BEGINNINGS_END = frozenset(b[-1] for b in _TAIL_BITS)
_RESTS_START = frozenset(r[0] for r in _RESTS + ["!)", ")"])
del _face, _k


def _face_bits(joined: str) -> int:
    """``_LOCAL``, or the tail and head bits of a token with these joined pieces (no two spaces
    in a row, none at either end): the beginnings of faces it ends with, the rest of a face it
    may start with."""
    if _RE_EMOTICONS.search(joined + " ") is not None or ("(" in joined and _RE_SARCASM.search(joined) is not None):
        return _LOCAL
    bits = 0
    if joined[-1] in _BEGINNINGS_END:
        end = joined[-2 * _LONGEST_BEGINNING :].replace(" ", "")  # the gaps are single spaces
        for k in range(1, min(len(end), _LONGEST_BEGINNING) + 1):
            bits |= _TAIL_BITS.get(end[-k:], 0)
    if joined[0] in _RESTS_START and _RE_HEAD.match(joined) is not None:
        bits |= 1 << _HEAD_SHIFT + _character_class(joined[0])
    return bits


def _token_events(words: tuple[str, ...]) -> tuple[int, int, tuple[int, ...]]:
    """(kind, clear bits, event rows) of a token, in ``_walk``'s order of tests per word."""
    events: list[int] = []
    clears = 0
    acts = False
    for w in words:
        if w in _KNOWN:
            events.append(_K_ROW[w])
            acts = True
        elif w in _NEGATIONS:
            events.append(6 if len(w) > 2 else 5)
            acts = True
        elif w == "!":
            events.append(4)
            acts = True
        elif w == "(!)" or w in _EMOTICON_POLARITY:
            return 2, 0, ()
        else:
            bits = (len(w.strip("'")) > 1) | (len(w) > 2) << 1
            if bits:
                events.append(bits)
                clears |= bits
    if not acts:
        return 0, clears, ()
    return 1, 0, tuple(events)


def _code(kind: int, clears: int, events: tuple[int, ...], bits: int = 0) -> bytes:
    """A token's code (``bits``: from ``_face_bits``); one object per distinct code (fewer cache
    misses when joining them)."""
    if bits & _LOCAL:
        kind, clears, events, bits = 2, 0, (), 0
    key = events if kind == 1 else (-kind, clears)
    code = _CODE_OF.get(key)
    if code is None:
        value = kind | clears << 2
        if kind == 1:
            value |= len(_TOKEN_EVENTS) << _ROW_SHIFT
            _TOKEN_EVENTS.append(events)
        code = _CODE_OF[key] = value.to_bytes(4, "little")
    return _with_bits(code, bits) if bits else code


def _with_bits(code: bytes, bits: int) -> bytes:
    """``code`` with the tail and head bits ``bits`` (or of kind 2 for ``_LOCAL``)."""
    key = (code, bits)
    marked = _CODE_OF.get(key)
    if marked is None:
        value = 2 if bits & _LOCAL else int.from_bytes(code, "little") | bits
        marked = _CODE_OF[key] = value.to_bytes(4, "little")
    return marked


_CODE_OF: dict[tuple, bytes] = {}  # events (or minus the kind, clear bits; or a code, bits) -> code


# Most tokens are letters only: their one word is the token lower-cased (nothing to split off or
# rewrite), so their code depends on that word alone: the word's code if it acts (these first
# rows of _TOKEN_EVENTS are kept by clear_caches), else its length's; unless a face may begin or
# go on in it (see _learn).
_WORD_CODE = {w: _code(*_token_events((w,))) for w in sorted(_ACTIVE)}
_WORD_VALUE = {w: _value((w,)) for w in _ACTIVE}
_LENGTH_CODE = [_code(0, clears, ()) for clears in (0, 1, 3)]  # by the word's length: 1, 2, more
_PERMANENT_EVENTS = len(_TOKEN_EVENTS)
_PERMANENT_CODES = dict(_CODE_OF)
_NO_EFFECT = _LENGTH_CODE[0]  # of a token without words, or of one-letter words that do not act
_NO_EFFECT_CODE = int.from_bytes(_NO_EFFECT, "little")
_CODE[""] = _NO_EFFECT


def _token_arrays() -> dict[str, np.ndarray]:
    """The event rows of all tokens in one array (``flat``; its first row is unused) and, per
    token row, where its rows start there and how many it has; extended by the tokens added
    since the last call (with room to grow)."""
    n = len(_TOKEN_EVENTS)
    have = _ARRAYS["n"] if _ARRAYS else 0
    if have == n:
        return _ARRAYS
    added = _TOKEN_EVENTS[have:n]
    count = np.fromiter(map(len, added), np.int64, n - have)
    used = _ARRAYS["used"] if _ARRAYS else 1
    if not _ARRAYS or len(_ARRAYS["count"]) < n or len(_ARRAYS["flat"]) < used + int(count.sum()):
        room, flat_room = max(2 * n, 1024), max(2 * (used + int(count.sum())), 4096)
        grown = {
            "count": np.zeros(room, np.int64),
            "start": np.zeros(room, np.int64),
            "flat": np.zeros(flat_room, np.int32),
        }
        if _ARRAYS:
            for name in ("count", "start"):
                grown[name][:have] = _ARRAYS[name][:have]
            grown["flat"][:used] = _ARRAYS["flat"][:used]
        _ARRAYS.update(grown)
    _ARRAYS["count"][have:n] = count
    _ARRAYS["start"][have:n] = used + np.cumsum(count) - count
    _ARRAYS["flat"][used : used + int(count.sum())] = list(chain.from_iterable(added))
    _ARRAYS["used"] = used + int(count.sum())
    _ARRAYS["n"] = n
    return _ARRAYS


def _last_before(mask: np.ndarray, index: np.ndarray) -> np.ndarray:
    """For each position, the last earlier position where ``mask`` holds (-1: none)."""
    last = np.maximum.accumulate(np.where(mask, index, -1))
    return np.concatenate(([-1], last[:-1]))


# Over 80 lines on purpose: one state machine (a pending modifier and negation) read as a whole.
def _walk_events(rows: np.ndarray, text_of: np.ndarray, n_texts: int) -> np.ndarray:
    """``_walk`` over the event rows of many texts at once (events in text order): the
    ``(polarity, subjectivity)`` of each text, shape ``(n_texts, 2)``.

    The walk's state is a pending modifier ``m`` (set by a known modifier; ended by a later
    known word, or a word longer than two characters unless it is a negation after an "-ly"
    modifier) and a pending negation ``n`` (set by a negation unless an "-ly" modifier is
    pending, which it then negates instead; ended by a known word or an unknown word longer
    than one character without quotes). Both only look back to the last known word, or the last
    negation, and to whether anything ended them since, so each is a running maximum of
    positions. A known word starts an assessment unless a modifier is pending, when it rewrites
    the last one; "!" scales the polarity of the last one. The averages add in assessment order,
    as the walk does, so the numbers are the same to the last bit.
    """
    out = np.zeros((n_texts, 2))
    if rows.size == 0:
        return out
    ev = _EV
    kind = ev["kind"][rows]
    index = np.arange(rows.size)
    new_text = np.concatenate(([True], text_of[1:] != text_of[:-1]))
    start = np.maximum.accumulate(np.where(new_text, index, 0))
    is_k, is_n, is_x, is_o = kind == _K, kind == _N, kind == _X, kind == _O
    long_n = is_n & ev["long"][rows]
    clears_m = is_o & ev["clears_m"][rows]

    j = _last_before(is_k, index)  # the last known word
    has_j = j >= start
    j0 = np.where(has_j, j, 0)
    ly = has_j & ev["ly"][rows[j0]]
    ended_m = np.where(ly, _last_before(clears_m, index), _last_before(clears_m | long_n, index))
    m_pending = has_j & ev["modifier"][rows[j0]] & (ended_m < j)

    fires = is_n & m_pending & ly  # "really not": negates the modifier's assessment
    g = _last_before(is_n, index)  # the last negation
    has_g = g >= start
    g0 = np.where(has_g, g, 0)
    ended_n = _last_before(is_k | (is_o & ev["clears_n"][rows]), index)
    n_pending = has_g & ~fires[g0] & (ended_n < g)

    k_at = np.flatnonzero(is_k)
    if k_at.size == 0:  # no assessment anywhere
        return out
    k_rank = np.cumsum(is_k) - 1  # event position -> rank among known words
    merges = m_pending[k_at]
    negates = n_pending[k_at]
    p, s, i = ev["p"][rows[k_at]], ev["s"][rows[k_at]], ev["i"][rows[k_at]]
    i_after = np.where(negates, 1.0 / i, i)  # the assessment's intensity after this word
    mi = i_after[k_rank[j0[k_at]]]
    p = np.where(merges, np.maximum(-1.0, np.minimum(p * mi, 1.0)), p)
    s = np.where(merges, np.maximum(-1.0, np.minimum(s * mi, 1.0)), s)

    starts_entry = ~merges
    entry_of_k = np.cumsum(starts_entry) - 1
    last_k = np.flatnonzero(np.concatenate((starts_entry[1:], [True])))  # last word of each
    p_entry, s_entry = p[last_k], s[last_k]
    n_entries = last_k.size
    negated = np.zeros(n_entries, dtype=bool)
    negated[entry_of_k[negates]] = True
    negated[entry_of_k[k_rank[j0[fires]]]] = True
    # "!" after an assessment's last word, before the next known word, scales its polarity.
    x_at = np.flatnonzero(is_x & has_j)
    bangs = np.bincount(k_rank[j0[x_at]], minlength=k_at.size)[last_k]
    for step in range(int(bangs.max(initial=0))):
        more = bangs > step
        p_entry[more] = np.maximum(-1.0, np.minimum(p_entry[more] * 1.25, 1.0))

    polarity = np.where(negated, p_entry * -0.5, p_entry)
    text_of_entry = text_of[k_at[np.flatnonzero(starts_entry)]]
    counts = np.bincount(text_of_entry, minlength=n_texts)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(n_entries) - first[text_of_entry]
    # numpy's stable sort of 16-bit integers is a radix sort.
    order = np.argsort(rank.astype(np.uint16) if counts.max() <= 2**16 else rank, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(rank))))
    sums = np.zeros((n_texts, 2))
    c = 0
    while c < bounds.size - 1 and bounds[c + 1] - bounds[c] >= 64:
        at = order[bounds[c] : bounds[c + 1]]  # column c: every text's c-th assessment, in order
        texts_c = text_of_entry[at]
        sums[texts_c, 0] += polarity[at]
        sums[texts_c, 1] += s_entry[at]
        c += 1
    # The few texts with more assessments: the rest of their sums with Python floats, which
    # add the same doubles in the same order.
    for t in np.flatnonzero(counts > c).tolist():
        sp, ss = sums[t].tolist()
        a, b = int(first[t]) + c, int(first[t] + counts[t])
        for p_k, s_k in zip(polarity[a:b].tolist(), s_entry[a:b].tolist()):
            sp += p_k
            ss += s_k
        sums[t] = sp, ss
    scored = counts > 0
    out[scored] = sums[scored] / counts[scored, None].astype(np.float64)
    return out


def _utf8_chunk(texts: list[str]) -> tuple[pa.Array, list[int]]:
    """The texts as one Arrow array of UTF-8, each after the first preceded by a space, and
    the positions of the texts UTF-8 cannot hold (lone surrogates), which it holds as "".

    Each text is encoded on its own and the bytes joined by spaces: the array's data
    (``pa.array(texts)`` would leave a UTF-8 copy cached in each str; joining the texts first
    makes a string as wide as its widest character, often four bytes a character).
    """
    n = len(texts)
    unencodable: list[int] = []
    try:
        encoded = list(map(str.encode, texts))
    except UnicodeEncodeError:
        unencodable = [k for k, t in enumerate(texts) if not _encodes(t)]
        texts = list(texts)
        for k in unencodable:
            texts[k] = ""
        encoded = list(map(str.encode, texts))
    # Zeros after the data, as pyarrow's own buffers have: some of Arrow's string kernels read
    # a little past the end of a text.
    data = b" ".join(encoded) + bytes(64)
    size = len(data) - 64
    separators = np.cumsum(np.fromiter(map(len, encoded), np.int64, n) + 1)[:-1] - 1
    small = size < 2**31  # int32 offsets: Arrow's kernels run faster on them
    offsets = np.concatenate(([0], separators, [size])).astype(np.int32 if small else np.int64)
    kind = pa.string() if small else pa.large_string()
    array = pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return array, unencodable


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _codes_of(strings: pa.Array) -> np.ndarray:
    """The ``_CODE`` of each of the distinct ``strings`` (``_UNKNOWN_CODE`` where it has none):
    Arrow finds those among ``_hot_tokens``, the Python dictionary the others."""
    hot = _hot_tokens()
    at = pc.index_in(strings, value_set=hot["tokens"]).fill_null(-1).to_numpy()
    codes = hot["codes"][at]
    rest = np.flatnonzero(at < 0)
    if rest.size:
        others = strings.take(rest).to_pylist()
        codes[rest] = np.frombuffer(b"".join(map(_CODE.get, others, repeat(_UNKNOWN))), dtype="<u4")
    return codes


# Arrow's set lookup builds a hash table of the set at each call, which costs about as much per
# token in the set as a Python dictionary lookup: the set is kept to the tokens learnt first
# (the most common ones, mostly), remade when the caches were emptied or have grown by a quarter.
_HOT_LIMIT = 32_768
_HOT: dict = {}


def _hot_tokens() -> dict:
    """The first ``_HOT_LIMIT`` tokens of ``_CODE`` as Arrow strings and their codes."""
    size = min(len(_CODE), _HOT_LIMIT)
    if _HOT and _HOT["generation"] == _GENERATION[0] and (_HOT["size"] == _HOT_LIMIT or size * 4 < _HOT["size"] * 5):
        return _HOT
    tokens = list(islice(_CODE, size))
    try:
        array = pa.array(tokens, pa.string())
    except UnicodeEncodeError:  # lone surrogates, from texts scored one by one
        tokens = [t for t in tokens if _encodes(t)]
        array = pa.array(tokens, pa.string())
    codes = np.frombuffer(b"".join(map(_CODE.__getitem__, tokens)), dtype="<u4")
    _HOT.update(tokens=array, codes=codes, size=size, generation=_GENERATION[0])
    return _HOT


def _token_codes(array: pa.Array, unencodable: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``_CODE`` of every whitespace-separated token of the texts of ``array`` (from
    ``_utf8_chunk``) and of some "", in order; how many of them each text has; the positions
    of the texts not split here.

    Arrow splits the texts and finds their distinct tokens (C++); only those go through the
    Python dictionary, once each, and those not in it are learnt. Arrow's
    ``ascii_split_whitespace`` splits at " \\t\\n\\v\\f\\r", where ``str.split()`` does too,
    adding a "" at leading and trailing whitespace (code ``_NO_EFFECT``). ``str.split()`` also
    splits at "\\x1c"-"\\x1f" and at non-ASCII spaces: the tokens holding one (never in
    ``_CODE``, whose tokens come from ``str.split()``, so found among the unknown ones) are not
    learnt, and their texts are not split here, but scored one by one, as are the texts UTF-8
    cannot hold (see ``_utf8_chunk``). (Arrow's ``utf8_split_whitespace`` splits at the same
    characters as ``str.split()``, but pyarrow 26 gave wrong tokens at some runs of spaces at
    the end of a text, depending on the memory after it.)
    """
    tokens = pc.ascii_split_whitespace(array)
    encoded = pc.dictionary_encode(tokens.flatten())
    indices = encoded.indices.to_numpy()
    per_text = pc.list_value_length(tokens).to_numpy()
    unsplit = np.zeros(len(array), dtype=bool)
    unsplit[unencodable] = True
    codes = _codes_of(encoded.dictionary)
    if codes.size and codes.max() == _UNKNOWN_CODE:
        distinct = encoded.dictionary.to_pylist()
        unknown = np.flatnonzero(codes == _UNKNOWN_CODE)
        new = [distinct[unknown[0]]] if unknown.size == 1 else list(itemgetter(*unknown.tolist())(distinct))
        spaced = np.zeros(codes.size, dtype=bool)
        if " ".join(new).split() != new:  # some hold a space ascii_split_whitespace missed
            holds = np.array([t.split() != [t] for t in new])
            spaced[unknown[holds]] = True
            codes[spaced] = _NO_EFFECT_CODE
            at = np.flatnonzero(spaced[indices])
            unsplit[np.searchsorted(np.cumsum(per_text), at, side="right")] = True
            unknown, new = unknown[~holds], list(compress(new, ~holds))
        generation = _GENERATION[0]
        _learn(new)
        if _GENERATION[0] != generation:  # the caches were emptied at their limit: learn them all again
            learnt = ~spaced & np.array(list(map(bool, distinct)))  # not "" either
            unknown, new = np.flatnonzero(learnt), list(compress(distinct, learnt))
            _learn(new)
        codes[unknown] = np.frombuffer(b"".join(map(_CODE.__getitem__, new)), dtype="<u4")
    return codes[indices], per_text, np.flatnonzero(unsplit)


def _scored_alone(codes: np.ndarray, text_of: np.ndarray, n_texts: int) -> np.ndarray:
    """Whether each text is to be scored one by one, from the ``_CODE`` of its tokens (``text_of``:
    the text of each): it holds a token the arrays do not describe, or the emoticon or sarcasm
    rules may rewrite it (a token whose tail bits meet the head bits of the next)."""
    alone = np.zeros(n_texts, dtype=bool)
    alone[text_of[(codes & 3) == 2]] = True
    tails = np.flatnonzero(codes[:-1] & _TAIL)
    meet = (codes[tails] >> _TAIL_SHIFT) & (codes[tails + 1] >> _HEAD_SHIFT) & 31
    alone[text_of[tails[meet != 0]]] = True
    return alone


def _scores_of_chunk(texts: Sequence[str], array: pa.Array | None = None) -> np.ndarray:
    """``[polarity, subjectivity]`` of each text of a chunk (caller holds ``_CACHE_LOCK``);
    ``array``: the same texts as Arrow strings, where the caller has them."""
    n = len(texts)
    array, unencodable = _utf8_chunk(texts) if array is None else (array, [])
    codes, per_text, unsplit = _token_codes(array, unencodable)
    arrays = dict(_token_arrays())  # read now: the per-text path below may empty the caches
    text_of = np.repeat(np.arange(n), per_text)
    kind = codes & 3
    alone = _scored_alone(codes, text_of, n)
    alone[unsplit] = True
    out = np.empty((n, 2))
    for k in np.flatnonzero(alone).tolist():
        out[k] = _sentiment_unlocked(texts[k])

    acting = np.flatnonzero(kind == 1)
    acting = acting[~alone[text_of[acting]]]
    # How many words ended a negation, and a modifier, up to each acting token (which ends
    # neither itself), and so whether any did since the last one.
    clears = (codes >> 2) & 3
    ended_n = np.cumsum(clears & 1, dtype=np.int32)[acting]
    ended_m = np.cumsum(clears >> 1, dtype=np.int32)[acting]
    o_row = (np.diff(ended_n, prepend=0) > 0).astype(np.int32) | (np.diff(ended_m, prepend=0) > 0).astype(np.int32) << 1
    # Each acting token's rows: its O row (what ended since the last acting token), then its events.
    token_ids = codes[acting] >> _ROW_SHIFT
    length = arrays["count"][token_ids] + 1
    end = np.cumsum(length)
    first = end - length
    at = np.arange(int(end[-1]) if end.size else 0) + np.repeat(arrays["start"][token_ids] - 1 - first, length)
    rows = arrays["flat"][at]
    rows[first] = o_row
    scores = _walk_events(rows, np.repeat(text_of[acting], length), n)
    out[~alone] = scores[~alone]
    return out


def textblob_sentiment(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one text, equal to ``TextBlob(text).sentiment``.

    Polarity is in [-1, 1], subjectivity in [0, 1].

    Examples:
        >>> textblob_sentiment("The food was not good :(")
        (-0.55, 0.8)
        >>> textblob_sentiment("")
        (0.0, 0.0)
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    return _sentiment(text)


def textblob_sentiment_many(texts: Sequence[str] | pa.Array | pa.ChunkedArray) -> np.ndarray:
    """``[polarity, subjectivity]`` for every text: shape ``(len(texts), 2)``, float64.

    Row ``k`` equals ``TextBlob(texts[k]).sentiment``. Raises ``TypeError`` naming the first
    position that does not hold a string (TextBlob itself refuses non-strings). ``texts`` may
    be an Arrow array of strings: scored from its UTF-8 data, with a Python str made only for
    the few texts scored one by one.

    Examples:
        >>> textblob_sentiment_many(["Great news!", "A terrible, terrible idea.", ""]).round(3)
        array([[ 1.  ,  0.75],
               [-1.  ,  1.  ],
               [ 0.  ,  0.  ]])
    """
    check_texts(texts)
    arrow = isinstance(texts, (pa.Array, pa.ChunkedArray))
    if len(texts) < _BATCH_MIN or not _ARRAYS_APPLY:
        return _scores_one_by_one(texts.to_pylist() if arrow else texts)
    if not arrow:
        texts = list(texts)
    out = np.empty((len(texts), 2))
    for a in range(0, len(texts), _CHUNK):
        if arrow:
            chunk = texts.slice(a, _CHUNK)
            if isinstance(chunk, pa.ChunkedArray):
                chunk = chunk.combine_chunks()
            with _CACHE_LOCK:
                out[a : a + _CHUNK] = _scores_of_chunk(_ArrowTexts(chunk), chunk)
        else:
            with _CACHE_LOCK:
                out[a : a + _CHUNK] = _scores_of_chunk(texts[a : a + _CHUNK])
    return out


class _ArrowTexts(Sequence):
    """The texts of an Arrow array as Python str, each made when asked for."""

    def __init__(self, array: pa.Array):
        self._array = array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, k: int) -> str:
        return self._array[k].as_py()


def _scores_one_by_one(texts: Sequence[str]) -> np.ndarray:
    """``textblob_sentiment_many`` text by text (the reference for the chunked arrays)."""
    scores = chain.from_iterable(map(_sentiment, texts))
    return np.fromiter(scores, dtype=np.float64, count=2 * len(texts)).reshape(len(texts), 2)


def check_texts(texts: Sequence[str] | pa.Array | pa.ChunkedArray) -> None:
    """Raise ``TypeError`` naming the first position of ``texts`` that holds no string (a list
    or an Arrow array of strings; the scorers' one check of their input)."""
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
            raise TypeError(f"texts: expected strings, got an Arrow array of {texts.type}")
        if texts.null_count:
            k = int(np.flatnonzero(texts.is_null().to_numpy(zero_copy_only=False))[0])
            raise TypeError(f"texts[{k}]: expected a str, got NoneType")
    elif not all(map(isinstance, texts, repeat(str))):
        k = next(k for k, t in enumerate(texts) if not isinstance(t, str))
        raise TypeError(f"texts[{k}]: expected a str, got {type(texts[k]).__name__}")
