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

The steps, one module each: :mod:`.known` (the alias table and word lists), :mod:`.spans` (step 1),
:mod:`.grouping` (step 2, and the commenters' names of step 3), :mod:`.matching` (mentions in
sentences); this module makes the tables of mentions and sentences (step 4).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from ...model.checks import require_columns
from ...scoring.language import languages
from ...scoring.sentiment import ENGINES
from .grouping import MAX_COMMENT_ENTITIES, _comment_names, _Entity, _group, _known_entities
from .known import KINDS, KNOWN, ORG_WORDS, TITLES, Known
from .matching import _CAP_RUN, _FOLDED_WORD, _Matcher
from .spans import _parse, _spans, name_spans

__all__ = [
    "KNOWN",
    "Known",
    "ENTITY_COLUMNS",
    "SENTENCE_COLUMNS",
    "KINDS",
    "TITLES",
    "ORG_WORDS",
    "MAX_COMMENT_ENTITIES",
    "name_spans",
    "entity_sentences",
    "entity_mentions",
]

ENTITY_COLUMNS: tuple[str, ...] = (
    "article_id",
    "entity",
    "kind",
    "found_in",
    "spellings",
    "article_mentions",
    "comments",
    "commenters",
    "sentences",
    "scored_sentences",
    "mean_sentiment",
)
SENTENCE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "comment_id",
    "author",
    "entity",
    "kind",
    "sentence_index",
    "sentence",
    "matched",
    "sentiment",
)


def _empty(columns: tuple[str, ...], dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in columns})


_SENTENCE_DTYPES = {
    "article_id": "str",
    "comment_id": "str",
    "author": "str",
    "entity": "str",
    "kind": "str",
    "sentence_index": "int64",
    "sentence": "str",
    "matched": "str",
    "sentiment": "float64",
}
_ENTITY_DTYPES = {
    "article_id": "str",
    "entity": "str",
    "kind": "str",
    "found_in": "str",
    "spellings": "str",
    "article_mentions": "int64",
    "comments": "int64",
    "commenters": "int64",
    "sentences": "int64",
    "scored_sentences": "int64",
    "mean_sentiment": "float64",
}


def _analyse(
    articles: pd.DataFrame, comments: pd.DataFrame, min_comments: int
) -> tuple[pd.DataFrame, dict[str, dict[str, _Entity]], dict[tuple[str, str], int]]:
    require_columns(articles, ("article_id", "body"), what="entity_mentions")
    require_columns(comments, ("comment_id", "article_id", "author", "text"), what="entity_mentions")
    if min_comments < 1:
        raise ValueError(f"min_comments must be at least 1, got {min_comments}")
    english = (
        comments["language"] if "language" in comments.columns else languages(comments["text"]).set_axis(comments.index)
    ).to_numpy() == "en"
    rows = []
    all_entities: dict[str, dict[str, _Entity]] = {}
    in_article: dict[tuple[str, str], int] = {}
    by_article = {a: idx for a, idx in comments.groupby("article_id", sort=False).indices.items()}
    texts = comments["text"].fillna("").astype("str").to_numpy()
    ids = comments["comment_id"].astype("str").to_numpy()
    authors = comments["author"].astype("str").to_numpy()

    def record(
        article_id: str, p: int, found: list[list[tuple[str, str]]], sentences: list[str], entities: dict[str, _Entity]
    ) -> None:
        for index, (sentence, mentions) in enumerate(zip(sentences, found)):
            seen: dict[str, str] = {}
            for name, written in mentions:
                seen.setdefault(name, written)
            for name, written in seen.items():
                rows.append(
                    (
                        article_id,
                        ids[p],
                        authors[p],
                        name,
                        entities[name].kind,
                        index,
                        sentence,
                        written,
                        bool(english[p]),
                        p,
                    )
                )

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
        comments=("comment_id", "nunique"),
        commenters=("author", "nunique"),
        sentences=("sentence", "size"),
        scored_sentences=("sentiment", "count"),
        mean_sentiment=("sentiment", "mean"),
    )
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
            rows.append(
                {
                    "article_id": article_id,
                    "entity": name,
                    "kind": entity.kind,
                    "found_in": "both" if n_article and found else "article" if n_article else "comments",
                    "spellings": "; ".join(sorted(spellings, key=lambda f: (-spellings[f], f))),
                    "article_mentions": n_article,
                    **(
                        found
                        or {
                            "comments": 0,
                            "commenters": 0,
                            "sentences": 0,
                            "scored_sentences": 0,
                            "mean_sentiment": np.nan,
                        }
                    ),
                }
            )
    if not rows:
        return _empty(ENTITY_COLUMNS, _ENTITY_DTYPES)
    out = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS)).astype(_ENTITY_DTYPES)
    order = {a: k for k, a in enumerate(all_entities)}
    out["_article"] = out["article_id"].map(order)
    out = out.sort_values(
        ["_article", "comments", "article_mentions", "entity"], ascending=[True, False, False, True], kind="stable"
    )
    return out.drop(columns="_article").reset_index(drop=True)
