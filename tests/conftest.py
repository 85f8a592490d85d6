"""Shared test helpers: hand-built threads and the paths of the validation data.

Build a thread from a few dicts (only ``author`` is required)::

    from conftest import make_thread

    articles, comments = make_thread([
        {"author": "geha", "text": "first", "timestamp": "2013-02-20 18:18"},
        {"author": "realist", "text": "@geha no", "parent": 0},   # answers row 0
        {"author": "x", "text": "lost", "parent_id": "c-deleted"},  # an orphan: raw parent id
    ], body="The article text.")

Rows become comments in list order (``position`` = list index). Keys: ``author``, ``text``
(default ""), ``timestamp`` (anything ``pd.Timestamp`` reads, or None), ``is_guest``,
``avatar``, ``parent`` (index of another row: its comment id becomes ``parent_id``) or
``parent_id`` (a raw id, for parents that point nowhere); any other contract column
(``is_deleted``, ``source_id`` ...) is passed through. Ids, ``mentions`` and ``n_words`` are
derived as the loaders derive them, and the frames pass ``analytics.model.schema.validate``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.model import ids, schema
from analytics.model.text import mentions, n_words

# Real validation data (never committed): tests that read it skip when it is absent.
_COMMENT_NAMES = {c.name for c in schema.COMMENT_COLUMNS}

REAL_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"


def make_thread(
    rows: list[dict],
    *,
    title: str = "A title",
    body: str = "An article body.",
    published: object = None,
    source: str = "hand-built.txt",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract-valid ``(articles, comments)`` frames for one article and the comments in ``rows``."""
    article = ids.article_id(title, body)
    stamps = [None if r.get("timestamp") is None else pd.Timestamp(r["timestamp"]).to_pydatetime() for r in rows]
    comment_ids = ids.comment_ids(article, ((r["author"], t, r.get("text", "")) for r, t in zip(rows, stamps)))
    comments = []
    for k, (row, stamp, cid) in enumerate(zip(rows, stamps, comment_ids)):
        text = row.get("text", "")
        parent = comment_ids[row["parent"]] if row.get("parent") is not None else row.get("parent_id")
        passed = {k: v for k, v in row.items() if k in _COMMENT_NAMES}
        comments.append(
            {
                **passed,
                "comment_id": cid,
                "article_id": article,
                "position": k,
                "author": row["author"],
                "is_guest": row.get("is_guest", False),
                "avatar": row.get("avatar"),
                "timestamp": stamp,
                "text": text,
                "mentions": mentions(text),
                "n_words": n_words(text),
                "parent_id": parent,
            }
        )
    articles = schema.articles_frame(
        [
            {
                "article_id": article,
                "title": title,
                "body": body,
                "source": source,
                "published": None if published is None else pd.Timestamp(published).to_pydatetime(),
                "declared_comments": None,
                "parsed_comments": len(rows),
            }
        ]
    )
    comments_df = schema.comments_frame(comments)
    schema.validate(articles, comments_df)
    return articles, comments_df


def filter_examples(article_id: str = "a7e34b97b8ed7") -> dict[str, object]:
    """A value other than the default for every filter setting, made from its kind (so a new
    setting is tried by the URL and command-line round trips without a test naming it)."""
    from datetime import datetime

    from analytics.views import kinds
    from analytics.views.settings import SETTINGS

    made = {
        kinds.Names: ("a,b", "back\\slash", "plain"),
        kinds.Range: (-0.25, 0.5),
        kinds.Number: 0.35,
        kinds.Text: "  spaces & <tags> ",
        kinds.Flag: True,
    }
    examples = {}
    for s in SETTINGS:
        kind = s.kind
        if isinstance(kind, kinds.Names) and kind.shown_as:
            examples[s.name] = (article_id,)  # the command line looks it up in the data
        elif isinstance(kind, kinds.Time):
            examples[s.name] = datetime(2013, 2, 20, 18, 0) if kind.side == "start" else datetime(2013, 2, 20, 22, 30)
        elif isinstance(kind, kinds.Choice):
            examples[s.name] = next(o for o in kind.options() if o != s.default)
        else:
            examples[s.name] = made[type(kind)]
    return examples


@pytest.fixture(scope="session")
def _seed_corpus():
    import analytics

    return analytics.load(analytics.SAMPLE)


@pytest.fixture
def seed(_seed_corpus):
    """The bundled sample corpus (loaded once per session; each test gets its own copy)."""
    return _seed_corpus.copy()


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Streamlit's AppTest leaves the page script installed as ``__main__``; worker processes
    started later by "spawn" (Dask, parallel scoring) would re-run it. Put pytest's back."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


def memory_of(column: pd.Series):
    """A weak reference to the array holding ``column``'s numbers (not to a view of it)."""
    import weakref

    held = column.to_numpy()
    while held.base is not None:
        held = held.base
    return weakref.ref(held)
