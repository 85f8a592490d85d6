"""Sentiment of comments: two engines, labels, per-sentence scores and where the engines disagree.

Engines live in a small registry, :data:`ENGINES`, so the pipeline and the dashboard list them
by name and a third engine is one module that calls :func:`register_engine`:

``textblob``
    TextBlob's pattern analyzer (works offline): ``polarity`` in [-1, 1], ``subjectivity`` in
    [0, 1]; exactly ``TextBlob(text).sentiment``.
``vader``
    VADER: ``vader_compound`` in [-1, 1]; exactly
    ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

Only comments whose ``language`` (:mod:`analytics.scoring.language`) is ``en`` are scored, and
emoji-only ones (``emoji``) by VADER, which reads emoji (an engine's ``languages``); the others
keep missing scores (NaN), never 0, so they do not pass for neutral. A label (``negative``,
``neutral``, ``positive``) comes from one engine's score and the :class:`Thresholds`.

Examples:
    >>> import analytics
    >>> scored = score_comments(analytics.load(analytics.SAMPLE).comments)
    >>> scored[["author", "language", "sentiment_label"]].head(2)
         author language sentiment_label
    0  trieself       en        negative
    1  trueself       en        positive
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import NamedTuple

import numpy as np
import pandas as pd
from textblob.en.sentiments import PatternAnalyzer
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .fastscore import score_parallel
from .fastscore.parallel import distinct_texts, map_chunks, texts_for_workers
from .language import languages

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")


class TextBlobScores(NamedTuple):
    """TextBlob (pattern analyzer) sentiment of one text.

    ``polarity`` in [-1, 1]: the mean polarity of the opinion words found (adjectives mostly),
    with negations and intensifiers applied; 0 where none is found. ``subjectivity`` in [0, 1]:
    0 very objective, 1 very subjective.
    """

    polarity: float
    subjectivity: float


class VaderScores(NamedTuple):
    """VADER sentiment of one text.

    ``vader_compound`` in [-1, 1]: the sum of the valences of the words, emoticons and emoji
    found, with VADER's rules for negation, intensifiers, "but", capitals and "!", normalised
    by x / sqrt(x^2 + 15) and rounded to 4 decimals.
    """

    vader_compound: float


class Engine(ABC):
    """A sentiment engine: a name, the score columns it writes and a way to score texts.

    Subclasses set ``name``, ``version`` (the installed package version), ``columns`` (the score
    columns, which are also the fields of what :meth:`analyze` returns) and ``label_column``
    (the score a label is read from), implement :meth:`analyze`, and may replace
    :meth:`score_many` with a faster batch implementation giving the same numbers.
    ``languages`` are the ``language`` flags whose comments it scores (English by default).
    """

    name: str
    version: str
    columns: tuple[str, ...]
    label_column: str
    languages: frozenset[str] = frozenset({"en"})

    @abstractmethod
    def analyze(self, text: str) -> tuple:
        """The scores of one text, a NamedTuple whose fields are ``columns``."""

    def score_many(self, texts: Sequence[str]) -> pd.DataFrame:
        """One row per text, in order, with the float64 columns ``columns``."""
        rows = [self.analyze(text) for text in texts]
        values = np.array(rows, dtype="float64").reshape(len(rows), len(self.columns))
        return pd.DataFrame(values, columns=list(self.columns))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.version}: {', '.join(self.columns)}>"


class TextBlobEngine(Engine):
    """TextBlob's pattern analyzer: exactly ``TextBlob(text).sentiment``.

    Examples:
        >>> TextBlobEngine().analyze("A horrible war.")
        TextBlobScores(polarity=-1.0, subjectivity=1.0)
    """

    name = "textblob"
    columns = ("polarity", "subjectivity")
    label_column = "polarity"

    def __init__(self) -> None:
        self.version = version("textblob")
        self._analyzer = PatternAnalyzer()  # what TextBlob(text).sentiment calls
        # Load the lexicon now: TextBlob loads it lazily on first use, which is not thread-safe
        # (a second thread could score against a half-filled lexicon).
        self._analyzer.analyze("good")

    def analyze(self, text: str) -> TextBlobScores:
        """``TextBlobScores(polarity in [-1, 1], subjectivity in [0, 1])`` of ``text``."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        polarity, subjectivity = self._analyzer.analyze(text)
        return TextBlobScores(polarity, subjectivity)

    def score_many(self, texts: Sequence[str]) -> pd.DataFrame:
        """The numbers of :meth:`analyze`, many times faster (:mod:`analytics.scoring.fastscore`),
        on every core for large inputs."""
        return score_parallel(list(texts), engines=[self.name])


class VaderEngine(Engine):
    """VADER: exactly ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.

    Examples:
        >>> VaderEngine().analyze("A horrible war.")
        VaderScores(vader_compound=-0.8126)
    """

    name = "vader"
    columns = ("vader_compound",)
    label_column = "vader_compound"
    languages = frozenset({"en", "emoji"})  # VADER's lexicon scores emoji, read as their descriptions

    def __init__(self) -> None:
        self.version = version("vaderSentiment")
        self._analyzer = SentimentIntensityAnalyzer()  # reads its lexicons once, here

    def analyze(self, text: str) -> VaderScores:
        """``VaderScores(vader_compound in [-1, 1])`` of ``text``."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return VaderScores(self._analyzer.polarity_scores(text)["compound"])

    def score_many(self, texts: Sequence[str]) -> pd.DataFrame:
        """The numbers of :meth:`analyze`, many times faster (:mod:`analytics.scoring.fastscore`),
        on every core for large inputs."""
        return score_parallel(list(texts), engines=[self.name])


# score_many methods that are one fastscore engine each: score_comments runs them in one pass
# (a subclass that replaces score_many is scored by its own).
_FASTSCORE = {TextBlobEngine.score_many: "textblob", VaderEngine.score_many: "vader"}

ENGINES: dict[str, Engine] = {}

# Columns an engine may not claim: those the contract and this module already give a meaning.
_RESERVED = frozenset({"comment_id", "article_id", "author", "text", "language", "sentiment_label"})


def register_engine(engine: Engine, *, replace: bool = False) -> Engine:
    """Add ``engine`` to :data:`ENGINES` under its name, after checking its shape; returns it.

    Raises ValueError for a name already taken (unless ``replace``), a ``label_column`` that is
    not one of its ``columns``, or columns another engine or the comment frame already uses.

    Examples:
        >>> register_engine(ENGINES["vader"])
        Traceback (most recent call last):
        ...
        ValueError: an engine named 'vader' is already registered; pass replace=True to replace it
    """
    missing = [
        a for a in ("name", "version", "columns", "label_column", "analyze", "score_many") if not hasattr(engine, a)
    ]
    if missing:
        raise ValueError(f"not an engine: missing {missing}")
    if not isinstance(engine.name, str) or not engine.name:
        raise ValueError("an engine needs a non-empty name")
    if engine.name in ENGINES and not replace:
        raise ValueError(f"an engine named {engine.name!r} is already registered; pass replace=True to replace it")
    columns = tuple(engine.columns)
    if not columns or len(set(columns)) != len(columns):
        raise ValueError(f"engine {engine.name!r}: columns must be distinct and not empty, got {columns}")
    if engine.label_column not in columns:
        raise ValueError(
            f"engine {engine.name!r}: label_column {engine.label_column!r} is not one of its columns {columns}"
        )
    taken = {c: other.name for other in ENGINES.values() if other.name != engine.name for c in other.columns}
    clashes = sorted(set(columns) & (set(taken) | _RESERVED))
    if clashes:
        raise ValueError(f"engine {engine.name!r}: columns {clashes} are already used")
    ENGINES[engine.name] = engine
    return engine


register_engine(TextBlobEngine())
register_engine(VaderEngine())


@dataclass(frozen=True)
class Cutoffs:
    """Where one engine's score turns into a label.

    A score below ``negative_below`` is ``negative``, above ``positive_above`` is ``positive``,
    anything from one to the other, both included, is ``neutral``.
    """

    negative_below: float
    positive_above: float

    def __post_init__(self) -> None:
        if not self.negative_below <= self.positive_above:  # also false for NaN
            raise ValueError(
                f"negative_below ({self.negative_below}) must not exceed positive_above ({self.positive_above})"
            )


@dataclass(frozen=True)
class Thresholds:
    """The label cutoffs of every engine.

    ``vader``: -0.05 / +0.05 on the compound score, the cutoffs VADER's authors recommend
    (they count exactly +-0.05 as non-neutral; here those two values are neutral, which the
    field names say and which only a compound of exactly 0.0500 can notice).

    ``textblob``: -0.01 / +0.01 on polarity. TextBlob's polarity is exactly 0 when a text holds
    no opinion word, which is already a neutral class (31% of the 4,036 real news and Reddit
    comments in ``../shared/data/real``). On those comments a band of zero width agrees best
    with VADER at its recommended cutoffs (59.7% of labels; 56.4% at +-0.05, 52.0% at +-0.1,
    47.6% at +-0.15), and wider bands only push more comments to neutral (40% at +-0.05,
    against VADER's 25%). The 0.01 margin absorbs floating-point residue: balanced opinion
    words average to +-1e-17 rather than 0 (6 of those comments).

    ``others``: cutoffs for further registered engines, as ``((name, Cutoffs(...)), ...)``.

    Examples:
        >>> Thresholds().for_engine("vader")
        Cutoffs(negative_below=-0.05, positive_above=0.05)
        >>> Thresholds(textblob=Cutoffs(-0.1, 0.1)).for_engine("textblob").positive_above
        0.1
    """

    textblob: Cutoffs = Cutoffs(negative_below=-0.01, positive_above=0.01)
    vader: Cutoffs = Cutoffs(negative_below=-0.05, positive_above=0.05)
    others: tuple[tuple[str, Cutoffs], ...] = ()

    def for_engine(self, name: str) -> Cutoffs:
        """The cutoffs of the engine called ``name``; ValueError where none are set."""
        if name in ("textblob", "vader"):
            return getattr(self, name)
        for other, cutoffs in self.others:
            if other == name:
                return cutoffs
        raise ValueError(f"no thresholds for engine {name!r}; pass Thresholds(others=(({name!r}, Cutoffs(...)),))")


def _cutoffs(thresholds: Cutoffs) -> Cutoffs:
    if isinstance(thresholds, Thresholds):
        raise TypeError("label() needs one engine's cutoffs: pass thresholds.for_engine(name)")
    return thresholds


def label(score: float | None, thresholds: Cutoffs) -> str | None:
    """``negative``, ``neutral`` or ``positive`` for one score; None for a missing score.

    Examples:
        >>> cutoffs = Thresholds().vader
        >>> [label(s, cutoffs) for s in (-0.98, -0.05, 0.0, 0.05, 0.0501, None)]
        ['negative', 'neutral', 'neutral', 'neutral', 'positive', None]
    """
    cutoffs = _cutoffs(thresholds)
    if score is None or (isinstance(score, float) and math.isnan(score)) or score is pd.NA:
        return None
    if score < cutoffs.negative_below:
        return "negative"
    if score > cutoffs.positive_above:
        return "positive"
    return "neutral"


def labels(scores: pd.Series, thresholds: Cutoffs) -> pd.Series:
    """:func:`label` for a Series of scores: a ``str`` Series, missing where the score is.

    Examples:
        >>> labels(pd.Series([0.3, float("nan"), -0.3]), Thresholds().textblob).tolist()
        ['positive', nan, 'negative']
    """
    values = pd.to_numeric(scores, errors="raise").astype("float64").to_numpy()
    named = np.array([*LABELS, None], dtype=object)[label_codes(values, thresholds)]  # code -1: the None
    return pd.Series(named, index=scores.index, dtype="str", name="sentiment_label")


def label_codes(scores: np.ndarray, thresholds: Cutoffs) -> np.ndarray:
    """Index into :data:`LABELS` of each score's label (the rule of :func:`label`); -1 where the
    score is missing. Codes, not strings: counted and compared over a million comments in
    milliseconds.

    Examples:
        >>> label_codes(np.array([0.3, np.nan, -0.3, 0.01]), Thresholds().textblob).tolist()
        [2, -1, 0, 1]
    """
    cutoffs = _cutoffs(thresholds)
    values = np.asarray(scores, dtype="float64")
    # In int8 from the start (an int64 temporary is slower: docs/performance.md#scoring); a score is
    # never both below and above, since Cutoffs keeps negative_below <= positive_above.
    out = (values > cutoffs.positive_above).view(np.int8) + np.int8(1)
    out -= (values < cutoffs.negative_below).view(np.int8)
    out[np.isnan(values)] = -1
    return out


def _require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing columns {missing}")


def _engine(name: str) -> Engine:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; registered: {sorted(ENGINES)}")
    return ENGINES[name]


def _checked(engine: Engine, scores: pd.DataFrame, n: int) -> pd.DataFrame:
    if len(scores) != n or list(scores.columns) != list(engine.columns):
        raise ValueError(
            f"engine {engine.name!r}: score_many gave {len(scores)} rows x "
            f"{list(scores.columns)} for {n} texts x {list(engine.columns)}"
        )
    return scores


def _score(engine: Engine, texts: Sequence[str]) -> pd.DataFrame:
    """``engine.score_many`` on the distinct texts, spread back to one row per text."""
    codes, distinct = pd.factorize(pd.Series(list(texts), dtype="object"))
    scores = _checked(engine, engine.score_many(list(distinct)), len(distinct))
    return scores.iloc[codes].reset_index(drop=True).astype("float64")


Progress = Callable[[int, int], None]


def _score_engines(
    chosen: Sequence[Engine], texts: pd.Series, where: np.ndarray, progress: Progress | None
) -> pd.DataFrame:
    """Every chosen engine's columns for ``texts[where]``, one row per text picked; identical
    texts scored once.

    The built-in engines go through one :func:`analytics.scoring.fastscore.score_parallel` pass (one
    pool of workers for both); any other engine is a pass of its own ``score_many``. Each pass
    fills an equal share of ``progress(done, total)``, ``total`` being the texts picked.
    """
    # Arrow strings stay Arrow and are picked where they lie: the distinct texts reach the
    # workers without a copy, or a Python string for each, made in this process.
    fast = [e for e in chosen if _FASTSCORE.get(getattr(e.score_many, "__func__", None)) == e.name]
    codes, distinct = distinct_texts(texts, where=where)
    passes: list[list[Engine]] = ([fast] if fast else []) + [[e] for e in chosen if e not in fast]
    total = len(codes)

    def share(k: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, n: progress(int(total * (k + (done / n if n else 1)) / len(passes)), total)

    if progress is not None:
        progress(0, total)
    parts = []
    for k, engines in enumerate(passes):
        if engines is fast:
            part = score_parallel(distinct, engines=[e.name for e in fast], progress=share(k))
            parts += [_checked(e, part[list(e.columns)], len(distinct)) for e in fast]
        else:
            texts_of = distinct if isinstance(distinct, list) else distinct.to_pylist()
            parts.append(_checked(engines[0], engines[0].score_many(texts_of), len(distinct)))
            if progress is not None:
                progress(int(total * (k + 1) / len(passes)), total)
    values = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=range(len(distinct)))
    return values.iloc[codes].reset_index(drop=True).astype("float64")


def scored_rows(engine: Engine, language: pd.Series | np.ndarray) -> np.ndarray:
    """Whether ``engine`` scores each comment, by its ``language`` flag (the engine's ``languages``).

    Examples:
        >>> scored_rows(ENGINES["vader"], np.array(["en", "emoji", "ar-latn"])).tolist()
        [True, True, False]
        >>> scored_rows(ENGINES["textblob"], np.array(["en", "emoji", "ar-latn"])).tolist()
        [True, False, False]
    """
    flags = np.asarray(language, dtype=object)
    return np.isin(flags, sorted(getattr(engine, "languages", ("en",))))


def _languages_chunk(texts: list) -> list[str]:
    """:func:`analytics.scoring.language.languages` of some texts (module level: run in worker processes)."""
    return languages(texts).tolist()


def score_comments(
    comments: pd.DataFrame,
    *,
    engines: Sequence[str] = ("textblob", "vader"),
    label_engine: str = "textblob",
    thresholds: Thresholds = Thresholds(),
    progress: Progress | None = None,
) -> pd.DataFrame:
    """A copy of ``comments`` with ``language``, each engine's score columns and ``sentiment_label``.

    Columns as in the data contract: ``language`` (:data:`analytics.scoring.language.LANGUAGES`),
    then ``polarity`` and ``subjectivity`` (textblob) and ``vader_compound`` (vader), float64 and
    NaN for every comment the engine does not score (not ``en``; for vader, not ``en`` or
    ``emoji``); ``sentiment_label`` from ``label_engine``'s score and ``thresholds``. Only the engines asked for write columns. Identical texts are
    scored once; large inputs on every core (:func:`analytics.scoring.fastscore.score_parallel`).

    ``progress(done, total)``, if given, is called as scoring goes: ``total`` is the number of
    comments to score (English, and emoji-only where vader is chosen), ``done`` grows to it: ``(0, total)`` first, ``(total, total)``
    last.

    Examples:
        >>> comments = pd.DataFrame({"text": ["What a great idea!", "يسقط النظام", ""]})
        >>> score_comments(comments, engines=("textblob",)).round(2)
                         text language  polarity  subjectivity sentiment_label
        0  What a great idea!       en       1.0          0.75        positive
        1         يسقط النظام       ar       NaN           NaN             NaN
        2                        empty       NaN           NaN             NaN
    """
    _require(comments, ["text"], "score_comments")
    chosen = [_engine(name) for name in dict.fromkeys(engines)]
    if label_engine not in engines:
        raise ValueError(f"label_engine {label_engine!r} is not among the engines {list(engines)}")
    cutoffs = thresholds.for_engine(label_engine)
    out = comments.copy()
    # Telling the language takes about as long as scoring: on every core too for large inputs.
    flags = map_chunks(_languages_chunk, texts_for_workers(out["text"]))
    out["language"] = pd.Series([f for chunk in flags for f in chunk], index=out.index, dtype="str", name="language")
    flags = out["language"].to_numpy(dtype=object)
    by_engine = {engine.name: scored_rows(engine, flags) for engine in chosen}
    any_engine = np.logical_or.reduce(list(by_engine.values()))  # one engine at least: label_engine
    scores = _score_engines(chosen, out["text"], any_engine, progress)
    for engine in chosen:
        for column in engine.columns:
            values = np.full(len(out), np.nan)
            values[any_engine] = scores[column].to_numpy()
            values[~by_engine[engine.name]] = np.nan  # TextBlob's 0 for an emoji is no score
            out[column] = values
    out["sentiment_label"] = labels(out[_engine(label_engine).label_column], cutoffs)
    return out


_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]+")
# A run of sentence-ending marks, the closing quotes or brackets right after it, then space.
_END = re.compile(r"([.!?…]+)([\"'”’»)\]]*)\s+")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-HJ-Z]")  # U.S, e.g, p.m, J (not I)
_TITLES = frozenset(
    "mr mrs ms dr prof st sr jr gen col lt sgt capt rev sen rep gov pres hon mt "
    "vs v jan feb mar apr jun jul aug sep sept oct nov dec approx".split()
)
_MAYBE_FINAL = frozenset("etc inc ltd co corp al".split())  # end a sentence before a capital


def _ends_sentence(line: str, match: re.Match) -> bool:
    marks, closers = match.group(1), match.group(2)
    following = line[match.end() : match.end() + 1]
    if closers and following.islower():
        return False  # '"Stop it!" he said'
    if "!" in marks or "?" in marks:
        return True
    if ".." in marks or "…" in marks:
        return not following.islower()  # an ellipsis trailing into the same sentence
    if closers:
        return True
    before = line[: match.start()].split()
    word = before[-1].lstrip("\"'“‘«([") if before else ""  # the word the "." closes
    if _INITIALISM.fullmatch(word) or word.lower() in _TITLES:
        return False
    if word.lower() in _MAYBE_FINAL:
        return following.isupper()
    return True


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, split by rule (no NLTK data needed).

    A line break always ends a sentence. Otherwise a sentence ends at ``.``, ``!``, ``?`` or a
    run of them (``?!``, ``!!!``) followed by space, with any closing quotes or brackets kept
    on the sentence they close. Not at: a decimal point or any mark not followed by space
    (``3.5``, ``70.000``), a title (``Mr.``, ``Dr.``, ``St.``), an initialism (``U.S.``,
    ``e.g.``, ``J.``), ``etc.`` before a lowercase word, an ellipsis (``...``, ``…``) or a
    closing quote followed by a lowercase word. Known limit: an initialism that does end a
    sentence ("moved to the U.S. Then") is not split.

    Examples:
        >>> split_sentences('Mr. Lavrov met U.S. envoys... He said "no!" and left?! Fine.')
        ['Mr. Lavrov met U.S. envoys...', 'He said "no!" and left?!', 'Fine.']
        >>> split_sentences("3.5 million people\\nsad")
        ['3.5 million people', 'sad']
    """
    sentences: list[str] = []
    for line in _LINE_BREAK.split(text if isinstance(text, str) else ""):
        start = 0
        for match in _END.finditer(line):
            if _ends_sentence(line, match):
                sentences.append(line[start : match.end(2)].strip())
                start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in sentences if s]


def _sentence_frame(comments: pd.DataFrame, engine: str, what: str) -> pd.DataFrame:
    """Long form of the comments' sentences with ``score``, plus the comment's row number ``_row``."""
    _require(comments, ["comment_id", "text"], what)
    scorer = _engine(engine)
    english = scored_rows(
        scorer, (comments["language"] if "language" in comments.columns else languages(comments["text"])).to_numpy()
    )
    rows = [
        (row, comment_id, i, sentence)
        for row, (comment_id, text) in enumerate(zip(comments["comment_id"], comments["text"]))
        for i, sentence in enumerate(split_sentences(text))
    ]
    long = pd.DataFrame(rows, columns=["_row", "comment_id", "sentence_index", "sentence"])
    long = long.astype({"_row": "int64", "comment_id": "str", "sentence_index": "int64", "sentence": "str"})
    scored = english[long["_row"].to_numpy()] if len(long) else np.zeros(0, dtype=bool)
    score = np.full(len(long), np.nan)
    score[scored] = _score(scorer, long["sentence"].to_numpy()[scored].tolist())[scorer.label_column].to_numpy()
    long["score"] = score
    return long


def sentence_scores(comments: pd.DataFrame, *, engine: str = "textblob") -> pd.DataFrame:
    """One row per sentence (:func:`split_sentences`): comment_id, sentence_index, sentence, score.

    ``score`` is ``engine``'s label score (textblob: polarity, vader: vader_compound) of the
    sentence alone; NaN for the sentences of comments that are not English (the ``language``
    column where present, else :func:`analytics.scoring.language.languages`). Comments without text
    have no rows.

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1"], "text": ["Great idea. Awful timing!"]})
        >>> sentence_scores(comments)
          comment_id  sentence_index       sentence  score
        0         c1               0    Great idea.    0.8
        1         c1               1  Awful timing!   -1.0
    """
    return _sentence_frame(comments, engine, "sentence_scores").drop(columns="_row")


def strongest_sentences(comments: pd.DataFrame, *, engine: str = "textblob") -> pd.DataFrame:
    """One row per comment: its most negative and most positive sentence and their scores.

    Columns comment_id, most_negative_sentence, most_negative_score, most_positive_sentence,
    most_positive_score, in the order of ``comments``. A sentence qualifies as most negative
    only with a score below 0 (most positive: above 0); otherwise, and for comments that are
    not English, the pair is missing. Ties go to the earlier sentence.

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2"],
        ...                          "text": ["Great idea. Awful timing! Bad plan.", "It is Tuesday."]})
        >>> strongest_sentences(comments)[["comment_id", "most_negative_sentence", "most_positive_score"]]
          comment_id most_negative_sentence  most_positive_score
        0         c1          Awful timing!                  0.8
        1         c2                    NaN                  NaN
    """
    long = _sentence_frame(comments, engine, "strongest_sentences")
    out = pd.DataFrame({"comment_id": comments["comment_id"].astype("str").to_numpy()})
    for side, pick in (("negative", long["score"] < 0), ("positive", long["score"] > 0)):
        chosen = long[pick]
        best = chosen.loc[
            (
                chosen.groupby("_row")["score"].idxmin()
                if side == "negative"
                else chosen.groupby("_row")["score"].idxmax()
            ).to_numpy()
        ]
        sentence = pd.Series(np.nan, index=out.index, dtype="str")
        score = pd.Series(np.nan, index=out.index, dtype="float64")
        sentence.iloc[best["_row"].to_numpy()] = best["sentence"].to_numpy()
        score.iloc[best["_row"].to_numpy()] = best["score"].to_numpy()
        out[f"most_{side}_sentence"] = sentence
        out[f"most_{side}_score"] = score
    return out


class EngineAgreement(NamedTuple):
    """How two engines' labels agree on the comments both scored.

    ``share`` in [0, 1]: agreeing labels / ``n_compared`` (NaN where nothing was compared).
    ``n_compared``: comments with a score from both engines. ``disagreements``: one row per
    comment whose labels differ: comment_id, author, each engine's score column and
    ``<engine>_label``.
    """

    share: float
    n_compared: int
    disagreements: pd.DataFrame


def engine_agreement(
    scored: pd.DataFrame, *, thresholds: Thresholds = Thresholds(), engines: Sequence[str] = ("textblob", "vader")
) -> EngineAgreement:
    """Share of comments on which two engines give the same label, and the ones they don't.

    ``scored`` is the output of :func:`score_comments` run with both engines. Comments missing
    either score (not English) are left out of the comparison.

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2"], "author": ["ana", "bo"],
        ...                          "text": ["What a great idea!", "Nothing good ever comes from war."]})
        >>> result = engine_agreement(score_comments(comments))
        >>> result.share, result.n_compared
        (0.5, 2)
        >>> result.disagreements[["comment_id", "textblob_label", "vader_label"]]
          comment_id textblob_label vader_label
        0         c2       positive    negative
    """
    if len(engines) != 2 or engines[0] == engines[1]:
        raise ValueError(f"engine_agreement compares two different engines, got {list(engines)}")
    first, second = (_engine(name) for name in engines)
    _require(scored, ["comment_id", "author", first.label_column, second.label_column], "engine_agreement")
    both = scored[scored[first.label_column].notna() & scored[second.label_column].notna()]
    table = pd.DataFrame({"comment_id": both["comment_id"], "author": both["author"]})
    for engine in (first, second):
        table[engine.label_column] = both[engine.label_column].astype("float64")
        table[f"{engine.name}_label"] = labels(both[engine.label_column], thresholds.for_engine(engine.name))
    agree = table[f"{first.name}_label"] == table[f"{second.name}_label"]
    n = len(table)
    return EngineAgreement(
        share=float(agree.mean()) if n else float("nan"),
        n_compared=n,
        disagreements=table[~agree].reset_index(drop=True),
    )
