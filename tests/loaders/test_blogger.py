"""Blogger exports (classic "Back up content" Atom and Google Takeout feed.atom): posts as articles,
comment entries as comments, replies, removed comments and offsets to UTC."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import LoadError, load, load_bytes
from analytics.model import ids, schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def classic():
    return load(FIXTURES / "blogger_classic.xml")


@pytest.fixture(scope="module")
def takeout():
    return load(FIXTURES / "blogger_takeout.atom")


def rows(corpus) -> list[tuple]:
    c = corpus.comments
    return list(zip(c["source_id"], c["author"], c["timestamp"], c["text"], c["is_deleted"], c["is_guest"]))


def by_id(corpus, source_id: str) -> pd.Series:
    return corpus.comments.set_index("source_id").loc[source_id]


def test_classic_comments_authors_and_utc_times(classic):
    assert rows(classic) == [
        (
            "5003",
            "Walid",
            pd.Timestamp("2013-02-20 10:05"),
            "Take the sea road at 6 & it's fine.\nTrust me.",
            False,
            False,
        ),
        ("5002", "Rami", pd.Timestamp("2013-02-20 09:40"), "", True, False),
        ("5001", "Anonymous", pd.Timestamp("2013-02-20 09:00"), "Why not take the train?", False, True),
        ("5010", "Nadine", pd.Timestamp("2013-02-27 14:30"), "Six hours here in Hamra.", False, False),
        ("5020", "Ziad", pd.Timestamp("2013-01-05 18:00"), "On a post deleted since.", False, False),
    ]
    schema.validate(classic.articles, classic.comments)


def test_classic_posts_are_articles(classic):
    articles = classic.articles
    assert articles[["title", "published", "parsed_comments"]].values.tolist() == [
        ["Traffic on the coast road", pd.Timestamp("2013-02-20 08:15"), 3],
        ["Power cuts schedule", pd.Timestamp("2013-02-27 13:00"), 1],  # 08:00-05:00
        ["(post 3999: not in the export)", pd.NaT, 1],
    ]
    assert articles["body"][0] == "Two hours from Jounieh to Beirut.\n\nAgain."
    traffic = ids.article_id("Traffic on the coast road", "Two hours from Jounieh to Beirut.\n\nAgain.")
    assert classic.comments["article_id"].tolist()[:3] == [traffic] * 3


def test_classic_reply_names_its_parent_by_the_related_link(classic):
    assert by_id(classic, "5003").parent_id == by_id(classic, "5001").comment_id
    assert classic.comments["parent_id"].notna().sum() == 1


def test_classic_report_accounts_for_every_entry_with_its_line(classic):
    report = classic.report.files[0]
    assert report.format == "blogger-atom"
    assert dict(report.line_roles) == {"feed_metadata": 6, "skipped": 2, "post": 2, "comment": 5}
    assert report.lines == report.accounted_lines == 15
    assert [(s.line, s.reason, s.text) for s in report.skipped] == [
        (12, "a settings entry: not a post, page or comment", "Blog name"),
        (19, "a template entry: not a post, page or comment", "Template: Beirut Street Notes"),
    ]
    assert report.warnings == [
        "1 comment(s) answer post tag:blogger.com,1999:blog-8012.post-3999, which is not in the export "
        "(orphan comments): kept under a stand-in article",
        "1 comment(s) by Blogger's 'Anonymous' (no profile): flagged as guests",
        "kept but flagged, left out of analysis by default: 1 removed",
    ]


def test_takeout_feed(takeout):
    assert rows(takeout) == [
        ("5001", "Anonymous", pd.Timestamp("2013-02-20 09:00"), "Why not take the train?", False, True),
        ("5003", "Walid", pd.Timestamp("2013-02-20 10:05"), "Take the sea road at 6 & it's fine.", False, False),
        ("5002", "Rami", pd.Timestamp("2013-02-20 09:40"), "", True, False),
        ("5004", "Cheap Flights", pd.Timestamp("2013-02-20 13:00"), "cheap flights", False, False),
    ]
    assert takeout.comments["is_spam"].tolist() == [False, False, False, True]
    assert takeout.articles[["title", "published", "parsed_comments"]].values.tolist() == [
        ["Traffic on the coast road", pd.Timestamp("2013-02-20 08:15"), 4]
    ]
    report = takeout.report.files[0]
    assert dict(report.line_roles) == {"feed_metadata": 2, "post": 1, "comment": 4}
    assert "kept but flagged, left out of analysis by default: 1 removed, 1 spam" in report.warnings


def test_takeout_parent_naming_a_comment_is_a_reply_on_its_post(takeout):
    walid = by_id(takeout, "5003")
    assert walid.parent_id == by_id(takeout, "5001").comment_id
    assert walid.article_id == takeout.articles["article_id"][0]


def test_the_two_shapes_give_the_same_article_and_comment_ids(classic, takeout):
    assert takeout.articles["article_id"][0] == classic.articles["article_id"][0]
    assert by_id(takeout, "5001").comment_id == by_id(classic, "5001").comment_id


FEED = (
    "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' "
    "xmlns:blogger='http://schemas.google.com/blogger/2018'>{}</feed>"
)


def test_export_without_comments_is_an_error():
    raw = FEED.format("<entry><id>p1</id><blogger:type>POST</blogger:type><title>T</title></entry>").encode()
    with pytest.raises(LoadError, match="b.atom: a Blogger export with 1 post\\(s\\) but no comment entries"):
        load_bytes(raw, "b.atom")


def test_an_atom_feed_that_is_not_blogger_is_refused():
    with pytest.raises(LoadError, match="XML that is neither"):
        load_bytes(b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry/></feed>", "f.xml")


def test_hostile_comment_html_is_only_text():
    entry = (
        "<entry><id>p1</id><blogger:type>POST</blogger:type><title>T</title></entry>"
        "<entry><id>c1</id><blogger:type>COMMENT</blogger:type><blogger:parent>p1</blogger:parent>"
        "<content type='html'>&lt;script&gt;alert(1)&lt;/script&gt;**hi**</content></entry>"
    )
    corpus = load_bytes(FEED.format(entry).encode(), "b.atom")
    assert corpus.comments["text"].tolist() == ["**hi**"]
    assert "1 comment(s) without a date" in corpus.report.files[0].warnings


def test_an_entry_listed_twice_is_loaded_once():
    post = "<entry><id>p1</id><blogger:type>POST</blogger:type><title>T</title></entry>\n"
    comment = (
        "<entry><id>c1</id><blogger:type>COMMENT</blogger:type><blogger:parent>p1</blogger:parent>"
        "<published>2020-01-01T10:00:00.000-03:00</published><author><name>Ana</name></author>"
        "<content type='html'>hola</content></entry>\n"
    )
    corpus = load_bytes(FEED.format("\n" + post + comment + comment + post).encode(), "b.atom")
    assert list(zip(corpus.comments["author"], corpus.comments["timestamp"], corpus.comments["text"])) == [
        ("Ana", pd.Timestamp("2020-01-01 13:00"), "hola")
    ]
    report = corpus.report.files[0]
    assert dict(report.line_roles) == {"post": 1, "comment": 1, "repeated entry": 2}
    assert report.warnings == [
        "2 entry(ies) listed again with the same id: each loaded once, from its first listing; repeats at line(s) 4, 5"
    ]
