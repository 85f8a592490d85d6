"""Export tables: the signal tables (aliases, entities) beside the analysis, on hand-built threads."""

import pandas as pd
import pytest
from conftest import make_thread

import analytics
from analytics.output.export import export_analysis, signal_tables


def enriched(rows, **options):
    articles, comments = make_thread(rows, body="Sergei Lavrov met Bashar Assad in Damascus.")
    return analytics.enrich(analytics.Corpus(articles, comments, analytics.LoadReport()), **options)


THREAD = [
    {"author": "marwan", "text": "Lavrov lies about Assad again.", "timestamp": "2013-02-20 18:00", "is_guest": True},
    {
        "author": "marwan_",
        "text": "Lavrov always lies, Assad must go.",
        "timestamp": "2013-02-20 18:05",
        "is_guest": True,
    },
    {"author": "nadia", "text": "Thank you for the careful reporting.", "timestamp": "2013-02-20 03:00"},
    {
        "author": "marwan1",
        "text": "Lavrov and Assad, the same lies.",
        "timestamp": "2013-02-20 18:10",
        "is_spam": True,
        "is_guest": True,
    },
]


def test_signal_tables_of_a_hand_built_thread_leave_flagged_comments_out():
    tables = signal_tables(enriched(THREAD))
    pairs = tables["aliases"][["author_a", "author_b"]].values.tolist()
    assert pairs[0] == ["marwan", "marwan_"]
    assert not any("marwan1" in pair for pair in pairs)  # only in a spam post
    lavrov = tables["entities"].set_index("entity").loc["Lavrov"]
    assert (lavrov["comments"], lavrov["commenters"], lavrov["article_mentions"]) == (2, 2, 1)


def test_signal_tables_count_flagged_comments_when_the_analysis_does():
    tables = signal_tables(enriched(THREAD, include_flagged=True))
    assert any("marwan1" in pair for pair in tables["aliases"][["author_a", "author_b"]].values.tolist())
    assert tables["entities"].set_index("entity").loc["Lavrov", "comments"] == 3


def test_a_single_commenter_has_no_alias_suspects_but_the_file_has_its_columns(tmp_path):
    export_analysis(enriched(THREAD[:1]), tmp_path)
    aliases = pd.read_csv(tmp_path / "aliases.csv")
    assert aliases.empty and {"author_a", "author_b", "score", "evidence"} <= set(aliases.columns)


def test_export_writes_toxicity_with_reasons_and_neutralised_formulas(tmp_path):
    rows = [
        {"author": "geha", "text": '=HYPERLINK("http://x") shut up, you pathetic idiot'},
        {"author": "realist", "text": "يسقط النظام"},
    ]
    written = export_analysis(enriched(rows), tmp_path)
    assert {p.name for p in written} >= {"aliases.csv", "entities.csv", "comments.csv"}
    comments = pd.read_csv(tmp_path / "comments.csv", keep_default_na=False)
    assert comments["text"][0].startswith("'=")  # a spreadsheet does not run it
    assert float(comments["toxicity"][0]) > 0.5 and "idiot" in comments["toxicity_reasons"][0].split("; ")
    assert comments["toxicity"][1] == "" and comments["toxicity_reasons"][1] == ""  # Arabic: not scored


@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_signal_tables_go_into_every_table_format(tmp_path, fmt):
    from analytics.output.export import write_tables

    written = write_tables(signal_tables(enriched(THREAD)), tmp_path, format=fmt)
    assert [p.name for p in written] == [f"aliases.{fmt}", f"entities.{fmt}"]


def test_signal_tables_on_a_seeded_sample_above_the_limit(seed):
    analysis = analytics.enrich(seed)
    full = signal_tables(analysis)["entities"]
    sampled = signal_tables(analysis, sample_above=5, sample_size=3)["entities"]
    again = signal_tables(analysis, sample_above=5, sample_size=3)["entities"]
    pd.testing.assert_frame_equal(sampled, again)  # the same sample every time
    assert sampled["comments"].max() <= 3 < full["comments"].max()
    pd.testing.assert_frame_equal(signal_tables(analysis, sample_above=8)["entities"], full)  # not above: all
