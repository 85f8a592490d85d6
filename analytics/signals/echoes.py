"""Echoes of the article: which comments quote or paraphrase it, and which talk about it at all.

Per comment (:func:`article_echoes`), against the text of its own article: its title and its body
(which holds the lead), as the replies' ``quotes_article`` reads it; a run never spans the two:

``echo_words`` and ``echo_text``
    The longest run of consecutive words the comment shares with the article (words as
    :func:`analytics.signals.terms.words` cuts them, stopwords kept, case ignored) and that run as it
    reads in the article (shown from 3 words on).
``paraphrase_similarity``
    The best cosine similarity between a comment sentence and an article sentence, both of at
    least :data:`MIN_SENTENCE_WORDS` content words, over sets of content words (stopwords
    dropped, plural ``-s``/``-es``/``-ies`` cut). Sentences by
    :func:`analytics.scoring.sentiment.split_sentences`. Computed where the comment shares at least 2
    content words with the article; missing elsewhere, where no such pair can reach 0.5.
``article_overlap``
    The share of the comment's distinct content words that also occur in the article, in
    [0, 1]; missing for a comment without content words. ``content_words`` counts them.
``echo``
    ``quote`` when the longest shared run has at least :data:`QUOTE_MIN_WORDS` words, or a span
    the comment puts in quotation marks (:func:`analytics.threads.replies.quoted_spans`) runs word for
    word in the article (``'mutual destruction'``); else ``paraphrase`` when
    ``paraphrase_similarity`` is at least :data:`PARAPHRASE_MIN`; else ``none``.
``on_topic``
    True when the comment echoes the article or ``article_overlap`` is at least
    :data:`ON_TOPIC_MIN_OVERLAP`; False below; missing (undetermined) for a comment with fewer
    than :data:`MIN_CONTENT_WORDS` content words and no echo, or written in another language
    than the article (the ``language`` column where present, else
    :func:`analytics.scoring.language.language_of`): word overlap cannot judge those.

The thresholds: six shared words in a row rarely happen by chance (stock phrases such as
"at the end of the day" are five); two quoted words must still match the article in order.
:data:`ON_TOPIC_MIN_OVERLAP` is 0.2. Comments of a benchmark corpus (``python -m bench.make_corpus
--comments 100000``) set under articles they were not written for share a median of 0.07 of
their content words with that article and a 90th percentile of 0.20 (the words of any news
story: people, government, country), so about one mismatched comment in ten still passes. In
the bundled sample five of the eight comments pass (0.23 to 0.33); the other three (0.15 to
0.18) answer other commenters about Hezbollah, Iran and Palestine rather than the article:
on topic for the thread, off topic for the article, which is what this flag measures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..model.checks import require_columns
from ..scoring.language import language_of, languages
from ..scoring.sentiment import split_sentences
from ..threads.replies import quoted_spans
from .terms import STOPWORDS, word_table, words

__all__ = [
    "ECHO_COLUMNS",
    "SHARE_COLUMNS",
    "QUOTE_MIN_WORDS",
    "PARAPHRASE_MIN",
    "MIN_SENTENCE_WORDS",
    "ON_TOPIC_MIN_OVERLAP",
    "MIN_CONTENT_WORDS",
    "article_echoes",
    "on_topic_share",
]

#: Shared words in a row that make a quote.
QUOTE_MIN_WORDS = 6
#: Sentence similarity that makes a close paraphrase.
PARAPHRASE_MIN = 0.5
#: Content words a sentence needs to be compared for paraphrase.
MIN_SENTENCE_WORDS = 4
#: Share of a comment's content words found in the article that makes it on topic.
ON_TOPIC_MIN_OVERLAP = 0.2
#: Content words a comment needs for its overlap to be judged.
MIN_CONTENT_WORDS = 3

ECHO_COLUMNS: tuple[str, ...] = (
    "comment_id",
    "article_id",
    "author",
    "echo",
    "echo_words",
    "echo_text",
    "paraphrase_similarity",
    "content_words",
    "article_overlap",
    "on_topic",
)
SHARE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "comments",
    "judged",
    "on_topic",
    "off_topic",
    "undetermined",
    "on_topic_share",
    "quotes",
    "paraphrases",
)
_CHUNK = 50_000


def _stem(word: str) -> str:
    """Plural endings cut, so "rebels" meets "rebel" and "parties" meets "party"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STEMS: dict[str, str] = {}


def _content(tokens: Sequence[str]) -> set[str]:
    out = set()
    for w in tokens:
        if w not in STOPWORDS:
            stem = _STEMS.get(w)
            if stem is None:
                stem = _STEMS[w] = _stem(w)
            out.add(stem)
    return out


# Between the title's words and the body's: no comment word equals it, so no run crosses it.
_GAP = "\x00"


class _Article:
    """What every comment of one article is compared with: its title and body (which holds the
    lead), both article text."""

    def __init__(self, body: str, title: str = ""):
        title_words = words(title, keep_stopwords=True) if title else []
        self.words = (
            [*title_words, _GAP, *words(body, keep_stopwords=True)] if title_words else words(body, keep_stopwords=True)
        )
        self.positions: dict[str, list[int]] = defaultdict(list)
        for j, w in enumerate(self.words):
            self.positions[w].append(j)
        self.bigrams = set(zip(self.words, self.words[1:]))
        self.trigrams = set(zip(self.words, self.words[1:], self.words[2:]))
        self.content = _content(self.words)
        self.content.discard(_GAP)
        self.sentences = [
            s
            for s in (_content(words(t)) for t in [*split_sentences(title), *split_sentences(body)])
            if len(s) >= MIN_SENTENCE_WORDS
        ]
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for k, sentence in enumerate(self.sentences):
            for w in sentence:
                self.by_word[w].append(k)
        self.language = language_of(f"{title}\n\n{body}" if title else body)

    def longest_run(self, tokens: Sequence[str]) -> tuple[int, int]:
        """Length and article end position of the longest run of ``tokens`` in the article."""
        best, end = 0, -1
        previous: dict[int, int] = {}
        for w in tokens:
            current = {j: previous.get(j - 1, 0) + 1 for j in self.positions.get(w, ())}
            for j, run in current.items():
                if run > best:
                    best, end = run, j
            previous = current
        return best, end

    def paraphrase(self, text: str) -> float:
        """Best cosine between a comment sentence and an article sentence (content-word sets)."""
        best = 0.0
        for sentence in split_sentences(text):
            mine = _content(words(sentence))
            if len(mine) < MIN_SENTENCE_WORDS:
                continue
            shared: dict[int, int] = defaultdict(int)
            for w in mine:
                for k in self.by_word.get(w, ()):
                    shared[k] += 1
            for k, n in shared.items():
                best = max(best, n / (len(mine) * len(self.sentences[k])) ** 0.5)
        return best


def _quoted_in_article(text: str, article: _Article) -> bool:
    for span in quoted_spans(text):
        tokens = words(span, keep_stopwords=True)
        if len(tokens) >= 2 and article.longest_run(tokens)[0] == len(tokens):
            return True
    return False


def _echo_of(text: str, tokens: list[str], article: _Article, language: str) -> dict:
    content = _content(tokens)
    shared = content & article.content
    # The full run search only where three words in a row are shared; else the run is short.
    if any(t in article.trigrams for t in zip(tokens, tokens[1:], tokens[2:])):
        run, end = article.longest_run(tokens)
    else:
        run, end = (
            (
                2
                if any(pair in article.bigrams for pair in zip(tokens, tokens[1:]))
                else int(any(t in article.positions for t in tokens))
            ),
            -1,
        )
    paraphrase = article.paraphrase(text) if len(shared) >= 2 else np.nan
    if run >= QUOTE_MIN_WORDS or (
        ("'" in text or '"' in text or "‘" in text or "“" in text) and _quoted_in_article(text, article)
    ):
        echo = "quote"
    elif paraphrase >= PARAPHRASE_MIN:
        echo = "paraphrase"
    else:
        echo = "none"
    overlap = len(shared) / len(content) if content else np.nan
    if echo != "none":
        on_topic = True
    elif language not in (article.language, "empty", "emoji") or len(content) < MIN_CONTENT_WORDS:
        on_topic = pd.NA
    else:
        on_topic = bool(overlap >= ON_TOPIC_MIN_OVERLAP)
    return {
        "echo": echo,
        "echo_words": run,
        "echo_text": " ".join(article.words[end - run + 1 : end + 1]) if run >= 3 and end >= 0 else None,
        "paraphrase_similarity": paraphrase,
        "content_words": len(content),
        "article_overlap": overlap,
        "on_topic": on_topic,
    }


def _empty(columns: Sequence[str], dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in columns})


_ECHO_DTYPES = {
    "comment_id": "str",
    "article_id": "str",
    "author": "str",
    "echo": "str",
    "echo_words": "int64",
    "echo_text": "str",
    "paraphrase_similarity": "float64",
    "content_words": "int64",
    "article_overlap": "float64",
    "on_topic": "boolean",
}


def article_echoes(articles: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """One row per comment: how it echoes its article and whether it is on topic.

    Columns ``comment_id``, ``article_id``, ``author``, then ``echo`` (``quote``,
    ``paraphrase``, ``none``), ``echo_words``, ``echo_text``, ``paraphrase_similarity``,
    ``content_words``, ``article_overlap`` and ``on_topic`` (nullable boolean), as the module
    docstring defines them, in the order of ``comments``. A comment whose article is not in
    ``articles`` is compared with an empty article (no echo, overlap 0).

    Examples:
        >>> articles = pd.DataFrame({"article_id": ["a"], "body": [
        ...     "Lavrov said neither side can bet on a military settlement. It is a path to mutual destruction."]})
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "article_id": ["a"] * 3,
        ...     "author": ["realist", "geha", "bo"], "text": [
        ...     "would lavrov talk about 'mutual destruction' if he was winning?",
        ...     "neither side can bet on a military settlement, he says",
        ...     "my cat likes warm milk and sunny windows"]})
        >>> article_echoes(articles, comments)[["author", "echo", "echo_words", "article_overlap", "on_topic"]]
            author   echo  echo_words  article_overlap  on_topic
        0  realist  quote           2              0.6      True
        1     geha  quote           7              1.0      True
        2       bo   none           0              0.0     False
    """
    require_columns(articles, ("article_id", "body"), what="article_echoes")
    require_columns(comments, ("comment_id", "article_id", "author", "text"), what="article_echoes")
    if comments.empty:
        return _empty(ECHO_COLUMNS, _ECHO_DTYPES)
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    texts_of_article = dict(
        zip(articles["article_id"], zip(articles["body"].fillna("").astype("str"), titles.fillna("").astype("str")))
    )
    texts = comments["text"].fillna("").astype("str").to_numpy()
    language = (
        comments["language"] if "language" in comments.columns else languages(comments["text"]).set_axis(comments.index)
    ).to_numpy()
    article_ids = comments["article_id"].astype("str").to_numpy()
    # The comments of one article together: its words are held while they are compared, then let
    # go (every article's words at once: docs/performance.md#signals).
    order = np.argsort(article_ids, kind="stable")
    results: list[dict | None] = [None] * len(texts)
    article, compared = None, None
    for start in range(0, len(texts), _CHUNK):
        chunk = order[start : start + _CHUNK]
        tokens, parent = word_table(texts[chunk], keep_stopwords=True)
        flat = tokens.to_pylist()
        bounds = np.searchsorted(parent, np.arange(len(chunk) + 1))
        for k, p in enumerate(chunk.tolist()):
            if article_ids[p] != compared:
                article, compared = _Article(*texts_of_article.get(article_ids[p], ("", ""))), article_ids[p]
            results[p] = _echo_of(texts[p], flat[bounds[k] : bounds[k + 1]], article, language[p])
    out = pd.DataFrame(results)
    out.insert(0, "comment_id", comments["comment_id"].astype("str").to_numpy())
    out.insert(1, "article_id", article_ids)
    out.insert(2, "author", comments["author"].astype("str").to_numpy())
    return out[list(ECHO_COLUMNS)].astype(_ECHO_DTYPES)


def on_topic_share(echoes: pd.DataFrame) -> pd.DataFrame:
    """Per article, from :func:`article_echoes`: how many comments are on topic, off topic, undetermined.

    Columns ``article_id``, ``comments``, ``judged`` (on or off topic), ``on_topic``,
    ``off_topic``, ``undetermined``, ``on_topic_share`` (on topic / judged; missing where none
    is judged), ``quotes`` and ``paraphrases``. Articles in the order first seen.

    Examples:
        >>> echoes = pd.DataFrame({"article_id": ["a", "a", "a"], "echo": ["quote", "none", "none"],
        ...                        "on_topic": pd.array([True, False, None], dtype="boolean")})
        >>> on_topic_share(echoes).iloc[0].to_dict()
        {'article_id': 'a', 'comments': 3, 'judged': 2, 'on_topic': 1, 'off_topic': 1, 'undetermined': 1, 'on_topic_share': 0.5, 'quotes': 1, 'paraphrases': 0}
    """
    require_columns(echoes, ("article_id", "echo", "on_topic"), what="on_topic_share")
    if echoes.empty:
        return _empty(
            SHARE_COLUMNS,
            {
                "article_id": "str",
                "comments": "int64",
                "judged": "int64",
                "on_topic": "int64",
                "off_topic": "int64",
                "undetermined": "int64",
                "on_topic_share": "float64",
                "quotes": "int64",
                "paraphrases": "int64",
            },
        )
    flag = echoes["on_topic"].astype("boolean")
    frame = pd.DataFrame(
        {
            "article_id": echoes["article_id"].astype("str"),
            "on": flag.fillna(False).astype(bool),
            "off": (~flag).fillna(False).astype(bool),
            "unknown": flag.isna(),
            "quote": echoes["echo"].eq("quote"),
            "paraphrase": echoes["echo"].eq("paraphrase"),
        }
    )
    grouped = frame.groupby("article_id", sort=False)
    out = pd.DataFrame(
        {
            "comments": grouped.size(),
            "on_topic": grouped["on"].sum(),
            "off_topic": grouped["off"].sum(),
            "undetermined": grouped["unknown"].sum(),
            "quotes": grouped["quote"].sum(),
            "paraphrases": grouped["paraphrase"].sum(),
        }
    ).astype("int64")
    out["judged"] = out["on_topic"] + out["off_topic"]
    out["on_topic_share"] = (out["on_topic"] / out["judged"].where(out["judged"] > 0)).astype("float64")
    return out.reset_index(names="article_id")[list(SHARE_COLUMNS)]
