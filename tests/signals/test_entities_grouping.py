"""analytics.signals.entities.grouping: names brought together into entities (surnames, commenters' names)."""

from conftest import make_thread
from entity_rows import row

from analytics.signals.entities import entity_mentions


def test_surname_joins_the_full_name():
    articles, comments = make_thread([], body="Sergei Lavrov spoke. Later Lavrov left. Then Lavrov came back.")
    table = entity_mentions(articles, comments)
    assert table["entity"].tolist() == ["Lavrov"]
    assert row(table, "Lavrov")["article_mentions"] == 3


def test_names_written_only_by_commenters_need_two_comments():
    articles, comments = make_thread(
        [
            {"author": "a", "text": "ask the Alawites first"},
            {"author": "b", "text": "and the Alawites said no"},
            {"author": "c", "text": "what about the Druze then"},
        ],
        body="A short text.",
    )
    table = entity_mentions(articles, comments)
    assert row(table, "Alawites")["comments"] == 2
    assert "Druze" not in set(table["entity"])
    assert "Druze" in set(entity_mentions(articles, comments, min_comments=1)["entity"])
