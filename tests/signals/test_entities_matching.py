"""analytics.signals.entities.matching: mentions found in comment sentences (fuzzy spellings, capitals)."""

from conftest import make_thread
from entity_rows import row

from analytics.signals.entities import entity_mentions


def test_fuzzy_spelling_in_a_comment():
    articles, comments = make_thread(
        [{"author": "a", "text": "the Hizbolah again"}, {"author": "b", "text": "Walid Moallem lies"}],
        body="Hezbollah said Walid Muallem met envoys.",
    )
    table = entity_mentions(articles, comments)
    assert row(table, "Hezbollah")["comments"] == 1
    assert row(table, "Walid Muallem")["comments"] == 1


def test_common_word_names_need_a_capital():
    articles, comments = make_thread(
        [{"author": "a", "text": "go west, young man"}, {"author": "b", "text": "the West is silent"}],
        body="Moscow has angered the West.",
    )
    assert row(entity_mentions(articles, comments), "West")["comments"] == 1
