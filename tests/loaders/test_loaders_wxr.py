"""WordPress WXR exports: items as articles, wp:comment as comments, every trap kept and reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import LoadError, load, load_bytes
from analytics.model import ids, schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wxr_traps.xml"


@pytest.fixture(scope="module")
def corpus():
    return load(FIXTURE)


def comment(corpus, author: str) -> pd.Series:
    rows = corpus.comments[corpus.comments["author"] == author]
    assert len(rows) == 1
    return rows.iloc[0]


def warnings_of(corpus) -> str:
    return "\n".join(corpus.report.all_warnings)


def test_every_comment_is_kept(corpus):
    assert len(corpus.comments) == 9
    schema.validate(corpus.articles, corpus.comments)


def test_items_become_articles_with_body_and_date(corpus):
    first = corpus.articles.iloc[0]
    assert corpus.articles["title"].tolist() == ["Cedars in winter", "Second post", "No comments yet"]
    assert first.body == "Snow on the cedars.\n\nA second paragraph."
    assert first.published == pd.Timestamp("2014-01-14 15:31:03")  # post_date_gmt before pubDate
    assert first.article_id == ids.article_id("Cedars in winter", first.body)
    assert corpus.articles["parsed_comments"].tolist() == [7, 2, 0]


def test_every_record_is_accounted_for(corpus):
    report = corpus.report.files[0]
    assert report.format == "wordpress-wxr"
    assert dict(report.line_roles) == {"channel_metadata": 4, "article": 3, "comment": 9, "skipped": 1}
    assert report.lines == report.accounted_lines
    assert [(s.reason, s.text) for s in report.skipped] == [
        ("item of type 'attachment' without comments: not an article", "logo.png")
    ]


def test_gmt_date_is_preferred_to_the_local_date(corpus):
    assert comment(corpus, "Maya").timestamp == pd.Timestamp("2014-01-14 17:00")


def test_zero_gmt_date_falls_back_to_the_local_date_with_a_warning(corpus):
    assert comment(corpus, "Tarek").timestamp == pd.Timestamp("2014-01-14 20:00")
    assert "1 comment(s) dated by the blog's local comment_date" in warnings_of(corpus)


def test_comment_without_any_date_is_kept_undated(corpus):
    undated = comment(corpus, "Nobody knows when")
    assert undated.timestamp is pd.NaT and undated.text == "Undated."
    assert "1 comment(s) without a date (ids '7')" in warnings_of(corpus)


def test_multi_line_body_keeps_its_line_break(corpus):
    assert comment(corpus, "Maya").text == "Beautiful.\nSecond line of the same comment."


def test_parents_link_within_the_post(corpus):
    assert comment(corpus, "Tarek").parent_id == comment(corpus, "Maya").comment_id
    assert comment(corpus, "Nobody knows when").parent_id == comment(corpus, "Tarek").comment_id
    assert pd.isna(comment(corpus, "Maya").source_parent_id)  # comment_parent 0: top level


def test_repeated_comment_id_is_disambiguated_by_post(corpus):
    omar, hala = comment(corpus, "Omar"), comment(corpus, "Hala")
    assert omar.source_id == comment(corpus, "Maya").source_id == "5"
    assert hala.parent_id == omar.comment_id != comment(corpus, "Maya").comment_id
    assert "comment id(s) '5' appear in more than one post" in warnings_of(corpus)


def test_orphan_parent_is_kept_and_reported(corpus):
    lost = comment(corpus, "Lost")
    assert pd.isna(lost.parent_id) and lost.source_parent_id == "77"
    assert "missing parents: '77'" in warnings_of(corpus)


def test_pingback_spam_and_trash_are_kept_and_flagged(corpus):
    assert bool(comment(corpus, "Other Blog").is_pingback)
    assert bool(comment(corpus, "Spammer").is_spam)
    assert bool(comment(corpus, "Regretful").is_deleted)
    flags = corpus.comments[["is_deleted", "is_spam", "is_pingback"]]
    assert flags.sum().tolist() == [1, 1, 1]
    assert "1 trashed, 1 spam, 1 pingbacks/trackbacks" in warnings_of(corpus)


def _wxr(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.0/"><channel>' + "".join(items) + "</channel></rss>"
    ).encode()


def _item(title: str, *comments: str) -> str:
    return f"<item><title>{title}</title>{''.join(comments)}</item>"


def _comment(cid: str, text: str, parent: str = "0") -> str:
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>a{cid}</wp:comment_author>"
        f"<wp:comment_date_gmt>2014-01-01 00:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def test_older_wxr_namespace_is_read():
    corpus = load_bytes(_wxr(_item("T", _comment("1", "hi"), _comment("2", "re", parent="1"))), "w.xml")
    assert corpus.comments["parent_id"][1] == corpus.comments["comment_id"][0]


def test_html_in_comment_content_becomes_text():
    corpus = load_bytes(_wxr(_item("T", _comment("1", "<p>one</p><p>two &amp; <em>three</em></p>"))), "w.xml")
    assert corpus.comments["text"].tolist() == ["one\n\ntwo & three"]


def test_item_without_title_is_titled_and_reported():
    corpus = load_bytes(_wxr("<item><link>http://b/1</link>" + _comment("1", "x") + "</item>"), "w.xml")
    assert corpus.articles["title"].tolist() == ["http://b/1"]
    assert "item at line 1 has no title" in warnings_of(corpus)


def test_export_without_comments_is_an_error():
    with pytest.raises(LoadError, match="w.xml: a WordPress export with 1 post\\(s\\) but no <wp:comment>"):
        load_bytes(_wxr(_item("T")), "w.xml")


def test_truncated_export_is_a_one_line_error():
    with pytest.raises(LoadError, match="not well-formed XML") as err:
        load_bytes(_wxr(_item("T", _comment("1", "x")))[:-30], "w.xml")
    assert "\n" not in str(err.value)


def test_rss_that_is_not_wordpress_is_refused():
    with pytest.raises(LoadError, match="neither a Disqus export"):
        load_bytes(
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>',
            "feed.xml",
        )


def test_skipped_item_names_its_file_line(corpus):
    assert [s.line for s in corpus.report.files[0].skipped] == [106]


WORDPRESS_COM = Path(__file__).resolve().parents[1] / "fixtures" / "wxr_wordpress_com.xml"


def test_undeclared_namespace_prefixes_are_declared_and_reported():
    corpus = load(WORDPRESS_COM)
    report = corpus.report.files[0]
    assert report.warnings == [
        "the file uses namespace prefix(es) atom, georss without declaring them (not well-formed XML as "
        "written): read with them declared on the root element; nothing else was changed"
    ]
    assert corpus.articles[["title", "published", "parsed_comments"]].values.tolist() == [
        ["Snow on the Cedars", pd.Timestamp("2024-01-14 15:31:03"), 2]
    ]
    tarek, maya = corpus.comments.iloc[0], corpus.comments.iloc[1]
    assert (tarek.author, tarek.timestamp, tarek.text) == (
        "Tarek",
        pd.Timestamp("2024-01-14 17:02"),
        "Was the road open by Sunday?",
    )
    assert (maya.author, maya.timestamp, maya.parent_id) == ("maya", pd.Timestamp("2024-01-14 18:15"), tarek.comment_id)
    assert dict(report.line_roles) == {"channel_metadata": 11, "article": 1, "comment": 2, "skipped": 1}
    assert [(s.line, s.text) for s in report.skipped] == [(63, "cedar-logo.png")]  # the file's own lines


def test_any_undeclared_prefix_in_the_head_is_declared():
    raw = _wxr(_item("T", _comment("1", "x")).replace("<title>", "<foo:tag>x</foo:tag><title>"))
    corpus = load_bytes(raw, "w.xml")
    assert "prefix(es) foo without declaring them" in warnings_of(corpus)


def test_well_formed_export_gets_no_repair_warning():
    corpus = load_bytes(_wxr(_item("T", _comment("1", "x"))), "w.xml")
    assert "declaring" not in warnings_of(corpus)


def test_an_external_dtd_is_neither_fetched_nor_read():
    raw = _wxr(_item("T", _comment("1", "x"))).replace(
        b"?>", b'?><!DOCTYPE rss SYSTEM "http://attacker.example/x.dtd">', 1
    )
    assert load_bytes(raw, "w.xml").comments["text"].tolist() == ["x"]
