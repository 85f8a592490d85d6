"""Echoes read the article's title (the headline) as article text, as its body (which holds the lead)."""

from __future__ import annotations

import pandas as pd

from analytics.signals.echoes import article_echoes

TITLE = "German lawmakers approve 'no means no' rape law after Cologne assaults"
LEAD = "German lawmakers passed a bill Thursday that will make it easier for victims of sex crimes to file complaints."


def echoes(texts: list[str], *, title: str = TITLE, body: str = "") -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": ["a"], "title": [title], "body": [body]})
    comments = pd.DataFrame(
        {
            "comment_id": [f"c{k}" for k in range(len(texts))],
            "article_id": "a",
            "author": [f"u{k}" for k in range(len(texts))],
            "text": texts,
        }
    )
    return article_echoes(articles, comments)


def test_quoting_the_headline_is_an_echo_of_the_article():
    out = echoes(["So they 'approve no means no' now? Took them long enough."], body=LEAD)
    assert out.loc[0, "echo"] == "quote"
    assert out.loc[0, "echo_words"] == 4


def test_repeating_six_headline_words_is_a_quote():
    out = echoes(["lawmakers approve no means no rape law, finally"])
    assert out.loc[0, ["echo", "echo_words", "echo_text"]].tolist() == [
        "quote",
        7,
        "lawmakers approve no means no rape law",
    ]


def test_a_run_never_spans_the_title_and_the_body():
    # "assaults german lawmakers passed" would run across the end of the title into the lead.
    out = echoes(
        ["after cologne assaults german lawmakers passed nothing"], title="Rape law after Cologne assaults", body=LEAD
    )
    assert out.loc[0, "echo_words"] == 3
    assert out.loc[0, "echo_text"] in {"after cologne assaults", "german lawmakers passed"}


def test_a_headline_only_article_judges_english_comments_on_topic():
    # Fox News inputs carry the headline and a one-line lead; with no body the article's language
    # came out empty and no comment was judged.
    out = echoes(
        ["Merkel and the German lawmakers will never enforce this rape law", "my cat likes warm milk on sunny days"]
    )
    assert out["on_topic"].tolist() == [True, False]


def test_overlap_counts_title_words_as_article_words():
    without = echoes(["Cologne assaults shocked everyone in Germany"], title="", body=LEAD)
    with_title = echoes(["Cologne assaults shocked everyone in Germany"], body=LEAD)
    assert without.loc[0, "article_overlap"] == 0.0
    assert with_title.loc[0, "article_overlap"] > 0.0
