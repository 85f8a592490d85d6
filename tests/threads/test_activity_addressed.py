"""The input's addressees (``addressed_to``) count as mentions received, follow merges and reach the views."""

from __future__ import annotations

import pandas as pd
from conftest import make_thread

import analytics
from analytics.model.corpus import Corpus
from analytics.model.load_report import LoadReport
from analytics.signals.merges import apply_merges
from analytics.threads.activity import commenter_activity, names_addressed
from analytics.views.filters import apply_filters, for_views
from analytics.views.settings import Filters

ROWS = [
    {"author": "quickfix", "text": "What does an AK sound like?"},
    {"author": "TLinTN", "text": "Not like that.", "addressed_to": ["@quickfix"]},
    {"author": "davidfair", "text": "@quickfix GLOCK", "addressed_to": ["quickfix"]},  # one name, counted once
    {"author": "quickfix", "text": "ok", "addressed_to": ["quickfix"]},  # self: not received
    {"author": "Retiredfooll", "text": "7.62 x 39 mm", "addressed_to": ["tlintn", "davidfair"]},
]


def enriched():
    articles, comments = make_thread(ROWS)
    return analytics.enrich(Corpus(articles, comments, LoadReport()))


def received(table: pd.DataFrame) -> dict[str, int]:
    return dict(zip(table["author"], table["mentions_received"].astype(int)))


EXPECTED = {"quickfix": 2, "TLinTN": 1, "davidfair": 1, "Retiredfooll": 0}


def test_names_addressed_join_addressees_and_handles_once():
    _, comments = make_thread(ROWS)
    assert names_addressed(comments).tolist() == [[], ["quickfix"], ["quickfix"], ["quickfix"], ["tlintn", "davidfair"]]


def test_addressees_count_as_mentions_received_by_others_only():
    analysis = enriched()
    assert received(analysis.commenters) == EXPECTED
    assert received(commenter_activity(analysis.comments)) == EXPECTED


def test_addressees_become_mention_edges():
    edges = enriched().replies
    assert edges[["child_author", "parent_author", "method"]].values.tolist() == [
        ["TLinTN", "quickfix", "mention"],
        ["davidfair", "quickfix", "mention"],
        ["Retiredfooll", "TLinTN", "mention"],
    ]


def test_the_views_count_the_same_mentions_received():
    view = apply_filters(for_views(enriched()), Filters(commenters=("quickfix", "TLinTN", "davidfair")))
    assert received(view.commenters) == {"quickfix": 2, "TLinTN": 0, "davidfair": 0}
    assert received(view.commenters) == received(commenter_activity(view.comments))


def test_addressees_follow_a_merge():
    _, comments = make_thread(ROWS)
    merged = apply_merges(comments, [("TLinTN", "Retiredfooll")])
    assert merged["addressed_to"].tolist()[4] == ["Retiredfooll", "davidfair"]
    assert merged["addressed_to"].tolist()[1] == ["@quickfix"]  # others as written
