"""The second saved-page layout (WordPress blogs), and telling it apart from naharnet pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics.loaders import LoadError, load, load_bytes, wordpress_page
from analytics.model import ids, schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress_page.txt"


def page(
    *comments: tuple[str, str, str], title="A walk", body="The post.", quotes=("“", "”"), declared: int | None = None
) -> str:
    n = len(comments) if declared is None else declared
    lines = [title, "", body, "", f"{n} thoughts on {quotes[0]}{title}{quotes[1]}"]
    for k, (text, author, when) in enumerate(comments, 1):
        lines += [f"{k}. {text}", f"Posted by {author} | {when}"]
    return "\n".join(lines) + "\n"


def parse(text: str, name: str = "blog.txt"):
    return load_bytes(text.encode("utf-8"), name)


@pytest.fixture(scope="module")
def corpus():
    return load(FIXTURE)


def test_fixture_article(corpus):
    article = corpus.articles.iloc[0]
    assert article.title == "The road to Bsharri"
    assert article.body == "We drove up before dawn.\n\nThe snow had closed the upper road, so we walked."
    assert article.published == pd.Timestamp("2015-01-03 09:05")  # from the byline
    assert (article.declared_comments, article.parsed_comments) == (3, 3)
    assert article.article_id == ids.article_id(article.title, article.body)
    assert corpus.report.files[0].format == "wordpress-page"


def test_fixture_comments(corpus):
    got = corpus.comments
    assert got["author"].tolist() == ["Nadine", "Georges", "Sami"]
    assert got["timestamp"].tolist() == [
        pd.Timestamp("2015-01-03 11:42"),
        pd.Timestamp("2015-01-04 12:10"),
        pd.Timestamp("2015-01-05 20:00"),
    ]
    assert got["source_id"].tolist() == ["1", "2", "3"]
    schema.validate(corpus.articles, got)


def test_body_spans_paragraphs_and_keeps_numbered_points(corpus):
    assert corpus.comments["text"][0] == (
        "Lovely account.\nI did the same walk last year.\n\nTwo points:\n"
        "2. the cafe at the top was closed\n3. bring crampons"
    )


def test_citing_another_comment_by_number_stays_in_the_text(corpus):
    assert corpus.comments["text"][1] == "Agree with #1 about crampons."


def test_number_on_its_own_line(corpus):
    assert corpus.comments["text"][2] == "Which month was this?"


def test_every_line_is_accounted_for(corpus):
    report = corpus.report.files[0]
    assert report.accounted_lines == report.lines == len(FIXTURE.read_text(encoding="utf-8").splitlines())
    assert [(s.line, s.reason) for s in report.skipped] == [
        (1, "text before the title (site header)"),
        (23, "text after the last comment"),
        (24, "text after the last comment"),
    ]


@pytest.mark.parametrize("quotes", [("“", "”"), ('"', '"'), ("‘", "’")])
def test_straight_or_curly_quotes(quotes):
    corpus = parse(page(("hi", "a", "March 3, 2014, 9:15 am"), quotes=quotes))
    assert corpus.comments["text"].tolist() == ["hi"] and corpus.articles["declared_comments"][0] == 1


def test_one_thought_is_spelled_out():
    text = page(("hi", "a", "March 3, 2014, 9:15 am")).replace("1 thoughts on", "One thought on")
    assert parse(text).articles["declared_comments"][0] == 1


@pytest.mark.parametrize(
    "when, expected",
    [
        ("March 3, 2014, 9:15 am", datetime(2014, 3, 3, 9, 15)),
        ("March 3, 2014, 12:01 am", datetime(2014, 3, 3, 0, 1)),
        ("March 3, 2014, 12:01 pm", datetime(2014, 3, 3, 12, 1)),
        ("December 31, 1999, 11:59 PM", datetime(1999, 12, 31, 23, 59)),
        ("Mar 3, 2014, 9:15 a.m.", datetime(2014, 3, 3, 9, 15)),
    ],
)
def test_footer_times(when, expected):
    assert parse(page(("x", "a", when))).comments["timestamp"].tolist() == [pd.Timestamp(expected)]


def test_impossible_date_keeps_the_comment_without_time():
    corpus = parse(page(("x", "a", "February 30, 2014, 9:15 am")))
    assert corpus.comments["timestamp"].isna().tolist() == [True]
    assert any("impossible date" in w for w in corpus.report.all_warnings)


def test_author_with_spaces_and_pipes_inside():
    corpus = parse(page(("x", "Jean | Paul", "March 3, 2014, 9:15 am")))
    assert corpus.comments["author"].tolist() == ["Jean | Paul"]


def test_declared_count_mismatch_is_reported():
    corpus = parse(page(("x", "a", "March 3, 2014, 9:15 am"), declared=4))
    assert "declares 4 comments but 1 were parsed" in "\n".join(corpus.report.all_warnings)


def test_wrong_comment_number_is_reported():
    text = page(("x", "a", "March 3, 2014, 9:15 am"), ("y", "b", "March 3, 2014, 9:16 am")).replace("2. y", "5. y")
    corpus = parse(text)
    assert corpus.comments["text"].tolist() == ["x", "y"]
    assert any("numbered 5 where 2 was expected" in w for w in corpus.report.all_warnings)


def test_cut_save_reports_the_comment_without_footer():
    text = page(("x", "a", "March 3, 2014, 9:15 am")) + "2. half a comment\nstill going"
    corpus = parse(text)
    assert corpus.comments["text"].tolist() == ["x"]
    assert [s.reason for s in corpus.report.files[0].skipped] == [
        "comment without its 'Posted by' line (the save may be cut short)"
    ] * 2


def test_page_without_thoughts_line_starts_comments_at_number_one():
    text = "T\n\nPost body.\n1. first\nPosted by a | March 3, 2014, 9:15 am\n"
    corpus = parse(text)
    assert corpus.articles["body"].tolist() == ["Post body."]
    assert corpus.comments["text"].tolist() == ["first"]
    assert any("no 'N thoughts on" in w for w in corpus.report.all_warnings)


# --- telling the layouts apart -------------------------------------------------------------------


def test_naharnet_sample_is_still_read_as_naharnet():
    corpus = load(analytics.SAMPLE)
    assert corpus.report.files[0].format == "naharnet-page" and len(corpus.comments) == 8


def test_wordpress_layout_is_not_taken_for_naharnet():
    assert not wordpress_page.looks_like_page(analytics.SAMPLE.read_text(encoding="utf-8"))
    assert wordpress_page.looks_like_page(FIXTURE.read_text(encoding="utf-8"))


def test_page_of_neither_layout_is_a_clear_error():
    with pytest.raises(LoadError) as err:
        parse("A title\n\nSome text.\nMore text, and no comments at all.\n", "notes.txt")
    message = str(err.value)
    assert message.startswith("notes.txt: not a saved news page of a known layout")
    assert "naharnet" in message and "WordPress" in message and "\n" not in message


def test_crlf_and_bom_are_read():
    raw = b"\xef\xbb\xbf" + page(("x\ny", "a", "March 3, 2014, 9:15 am")).replace("\n", "\r\n").encode()
    corpus = load_bytes(raw, "blog.txt")
    assert corpus.comments["text"].tolist() == ["x\ny"]
