"""Disqus XML exports: threads as articles, posts as comments, every trap kept and reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import LoadError, load, load_bytes
from analytics.loaders.html_text import plain_text
from analytics.model import schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "disqus_traps.xml"


@pytest.fixture(scope="module")
def corpus():
    return load(FIXTURE)


def post(corpus, source_id: str) -> pd.Series:
    rows = corpus.comments[corpus.comments["source_id"] == source_id]
    assert len(rows) == 1
    return rows.iloc[0]


def article_of(corpus, comment: pd.Series) -> pd.Series:
    return corpus.articles.set_index("article_id").loc[comment.article_id]


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


def test_every_post_is_kept(corpus):
    assert sorted(corpus.comments["source_id"].astype(int)) == list(range(100, 109))
    schema.validate(corpus.articles, corpus.comments)


def test_every_record_is_accounted_for(corpus):
    report = corpus.report.files[0]
    assert report.format == "disqus-xml"
    assert dict(report.line_roles) == {"category": 1, "thread": 3, "post": 9}
    assert report.lines == report.accounted_lines == 13


def test_thread_becomes_an_article(corpus):
    article = article_of(corpus, post(corpus, "100"))
    assert (article.title, article.body) == ("Beirut port reopens", "The port reopened on Monday.")
    assert article.published == pd.Timestamp("2020-08-10 08:00")


def test_message_html_becomes_plain_text_with_paragraphs(corpus):
    assert post(corpus, "100").text == "First & foremost.\n\nSecond paragraph\nnext line"
    assert post(corpus, "104").text == "Cheap watches"


def test_author_name_guest_flag_and_time_in_utc(corpus):
    karim = post(corpus, "101")
    assert (karim.author, bool(karim.is_guest)) == ("Karim", False)
    assert karim.timestamp == pd.Timestamp("2020-08-10 10:00")  # 12:00+02:00
    assert bool(post(corpus, "100").is_guest)


def test_username_stands_in_for_a_missing_name(corpus):
    assert post(corpus, "107").author == "nameless"


def test_parent_becomes_the_parents_comment_id(corpus):
    assert post(corpus, "101").parent_id == post(corpus, "100").comment_id


def test_deleted_and_spam_posts_are_kept_and_flagged(corpus):
    deleted, spam = post(corpus, "102"), post(corpus, "104")
    assert bool(deleted.is_deleted) and not bool(deleted.is_spam) and deleted.text == ""
    assert bool(spam.is_spam) and not bool(spam.is_deleted)
    assert corpus.comments[["is_deleted", "is_spam"]].sum().tolist() == [1, 1]
    assert "kept but flagged, left out of analysis by default: 1 deleted, 1 spam" in warnings_of(corpus)


def test_reply_to_a_deleted_post_is_linked_and_reported(corpus):
    assert post(corpus, "103").parent_id == post(corpus, "102").comment_id
    assert "1 post(s) answer a deleted post (kept, linked): '103'" in warnings_of(corpus)


def test_parent_missing_from_the_export_is_an_orphan(corpus):
    orphan = post(corpus, "105")
    assert pd.isna(orphan.parent_id) and orphan.source_parent_id == "999"
    assert "missing parents: '999'" in warnings_of(corpus)


def test_post_of_a_thread_not_in_the_export_gets_a_stand_in_article(corpus):
    article = article_of(corpus, post(corpus, "106"))
    assert article.title == "(thread 1337: not in the export)" and article.parsed_comments == 1
    assert "1 post(s) belong to thread 1337, which is not in the export" in warnings_of(corpus)


def test_thread_with_empty_id_and_title_is_titled_by_its_link(corpus):
    assert article_of(corpus, post(corpus, "107")).title == "https://news.example/untitled"
    assert "thread 20 has an empty title and an empty <id>" in warnings_of(corpus)


def test_thread_without_anything_is_an_article_without_comments(corpus):
    empty = corpus.articles[corpus.articles["title"] == "(untitled thread 30)"]
    assert empty["parsed_comments"].tolist() == [0]


def test_missing_and_unreadable_dates_are_missing_and_reported(corpus):
    assert post(corpus, "107").timestamp is pd.NaT and post(corpus, "108").timestamp is pd.NaT
    assert "1 post(s) without a date" in warnings_of(corpus)
    assert "1 post date(s) could not be read" in warnings_of(corpus)


def test_positions_follow_file_order_within_each_thread(corpus):
    thread = corpus.comments[corpus.comments["article_id"] == post(corpus, "100").article_id]
    assert thread["source_id"].tolist() == ["100", "101", "102", "103", "104", "105"]
    assert thread["position"].tolist() == list(range(6))


def _export(*records: str) -> bytes:
    return (
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">' + "".join(records) + "</disqus>"
    ).encode()


THREAD = '<thread dsq:id="1"><title>T</title><link>http://x/1</link></thread>'


def _post(pid: str, text: str, thread: str = "1") -> str:
    return (
        f'<post dsq:id="{pid}"><message><![CDATA[{text}]]></message><createdAt>2020-01-01T00:00:00Z'
        f'</createdAt><author><name>n{pid}</name></author><thread dsq:id="{thread}"/></post>'
    )


def test_two_threads_with_the_same_link_are_one_article():
    raw = _export(
        THREAD,
        '<thread dsq:id="2"><title>T</title><link>https://x/1</link></thread>',
        _post("1", "a"),
        _post("2", "b", thread="2"),
    )
    corpus = load_bytes(raw, "d.xml")
    assert len(corpus.articles) == 1 and corpus.comments["position"].tolist() == [0, 1]
    assert "thread 2 (line 1) has the same link as thread 1: their posts are loaded as one article" in warnings_of(
        corpus
    )


def test_unexpected_elements_are_skipped_with_a_reason():
    corpus = load_bytes(_export(THREAD, "<forumSettings/>", _post("1", "a")), "d.xml")
    assert [(s.line, s.reason) for s in corpus.report.files[0].skipped] == [(1, "unexpected <forumSettings> element")]


def test_export_without_posts_is_an_error():
    with pytest.raises(LoadError, match="d.xml: a Disqus export with 1 thread\\(s\\) but no <post> elements"):
        load_bytes(_export(THREAD), "d.xml")


@pytest.mark.parametrize(
    "raw, expected",
    [
        (_export(THREAD, _post("1", "a"))[:-20], "not well-formed XML"),
        (b"<?xml version='1.0'?><feed><entry/></feed>", "neither a Disqus export"),
        (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><disqus>&a;</disqus>', "entity declarations"),
    ],
)
def test_broken_xml_is_a_one_line_error(raw, expected):
    with pytest.raises(LoadError, match=expected) as err:
        load_bytes(raw, "d.xml")
    assert "\n" not in str(err.value)


def test_hostile_message_html_is_only_text():
    corpus = load_bytes(_export(THREAD, _post("1", "<script>alert(1)</script><img src=x onerror=y>**hi**")), "d.xml")
    assert corpus.comments["text"].tolist() == ["**hi**"]


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<p>x &lt;3 &#233;</p>", "x <3 é"),
        ("<blockquote>quoted</blockquote>reply", "quoted\n\nreply"),
        ("<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"),
        ("  \n<p> spaced </p>  \n", "spaced"),
    ],
)
def test_html_to_plain_text(html, text):
    assert plain_text(html) == text


MIGRATED = Path(__file__).resolve().parents[1] / "fixtures" / "disqus_migrated.xml"


@pytest.fixture(scope="module")
def migrated():
    return load(MIGRATED)


def test_a_post_listed_under_two_threads_is_loaded_once(migrated):
    assert migrated.comments["source_id"].tolist() == ["100", "101", "200", "201", "300", "301"]
    report = migrated.report.files[0]
    assert dict(report.line_roles) == {"category": 1, "thread": 6, "post": 6, "repeated post": 2, "skipped": 1}
    assert report.lines == report.accounted_lines == 16
    assert (
        "2 post(s) listed more than once (the same dsq:id; a thread moved to a new URL is exported under both "
        "thread records): each post is loaded once, under the thread of its first listing in the file "
        "(a thread in the export preferred); repeats dropped at line(s) 74, 117"
    ) in report.warnings
    assert (
        "1 post(s) listed under both thread 14 (http://old.portnews.example/budget-vote) and "
        "thread 15 (https://portnews.example/node/815): kept under thread 14"
    ) in report.warnings


def test_threads_with_one_identifier_are_one_article(migrated):
    rania, karim = post(migrated, "100"), post(migrated, "101")
    article = article_of(migrated, rania)
    assert (article.title, article.published, article.parsed_comments) == (
        "Port strike ends",
        pd.Timestamp("2012-01-01 08:00"),
        2,
    )
    assert karim.article_id == rania.article_id and karim.parent_id == rania.comment_id
    assert (rania.author, rania.timestamp, rania.text) == (
        "Rania",
        pd.Timestamp("2012-01-01 12:00"),
        "Finally, the cranes move again.",
    )
    assert (
        "thread 11 (line 26) has the same identifier as thread 10: their posts are loaded as one article, "
        "titled 'Port strike ends'"
    ) in warnings_of(migrated)


def test_threads_with_the_same_title_and_empty_bodies_stay_two_articles(migrated):
    first, second = article_of(migrated, post(migrated, "200")), article_of(migrated, post(migrated, "201"))
    assert first.name != second.name
    assert (first.title, first.published) == ("Open thread", pd.Timestamp("2013-05-06 07:00"))
    assert (second.title, second.published) == ("Open thread", pd.Timestamp("2013-05-13 07:00"))
    assert (
        "threads 12, 13 have the same title ('Open thread') and body but not the same link or identifier: "
        "kept as 2 articles"
    ) in warnings_of(migrated)


def test_a_repeated_post_stays_under_its_first_thread(migrated):
    omar, nour = post(migrated, "300"), post(migrated, "301")
    assert article_of(migrated, omar).published == pd.Timestamp("2015-03-02 06:00")
    assert article_of(migrated, nour).published == pd.Timestamp("2016-01-10 06:00")
    assert nour.timestamp == pd.Timestamp("2016-01-10 07:00")  # 08:00+01:00
    assert migrated.articles["parsed_comments"].tolist() == [2, 1, 1, 1, 1]


def test_report_lines_are_file_lines(migrated):
    skipped = migrated.report.files[0].skipped
    assert [(s.line, s.reason) for s in skipped] == [(133, "unexpected <forumSettings> element")]


def test_a_repeat_under_a_missing_thread_gives_way_to_a_thread_in_the_export():
    raw = _export(THREAD, _post("7", "x", thread="99"), _post("7", "x", thread="1"))
    corpus = load_bytes(raw, "d.xml")
    assert corpus.articles["title"].tolist() == ["T"] and corpus.comments["source_id"].tolist() == ["7"]
    assert "kept under thread 1" in warnings_of(corpus)
