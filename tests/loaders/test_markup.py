"""HTML in comment text (analytics/loaders/html_text.py): entities decoded and tags stripped by one shared
step, paragraphs kept, text that only looks like markup left alone, every cleaned text counted; the same
comment reads the same from a table, JSON Lines, a Disqus export and a WordPress WXR export."""

from __future__ import annotations

import json

import pytest

from analytics.loaders import load_bytes
from analytics.loaders.html_text import cleaned_texts, has_markup

# Hacker News' Algolia API: comment_text is HTML (entities, <p> between paragraphs, <a href> links).
HN = 'isn&#x27;t a good idea<p>See <a href="https://example.com/x" rel="nofollow">the docs</a> &amp; more'
HN_PLAIN = "isn't a good idea\n\nSee the docs & more"


@pytest.mark.parametrize(
    "text", ["a < b and c > d", "I <3 you", "<3 <3", "if a<b && c>d then", "AT&T", "fish & chips", "x<y", "<tag>"]
)
def test_text_that_is_not_markup_is_left_alone(text):
    assert not has_markup(text)
    assert cleaned_texts([text]) == ([text], 0)


def test_the_hacker_news_example_reads_as_english():
    assert cleaned_texts(["isn&#x27;t a good"]) == (["isn't a good"], 1)
    assert cleaned_texts([HN]) == ([HN_PLAIN], 1)


def test_line_breaks_and_paragraphs_are_kept():
    assert cleaned_texts(["one<br>two<br/>three<p>four</p>"])[0] == ["one\ntwo\nthree\n\nfour"]


def test_table_texts_are_cleaned_and_counted():
    rows = [
        {"objectID": "1", "author": "pg", "comment_text": HN, "created_at_i": 1700000000},
        {"objectID": "2", "author": "dang", "comment_text": "a < b and c > d", "created_at_i": 1700000060},
        {"objectID": "3", "author": "tptacek", "comment_text": "Fine &mdash; really", "created_at_i": 1700000120},
    ]
    corpus = load_bytes("".join(json.dumps(r) + "\n" for r in rows).encode(), "hn.jsonl")
    assert corpus.comments["text"].tolist() == [HN_PLAIN, "a < b and c > d", "Fine \u2014 really"]
    assert corpus.comments["n_words"].tolist() == [9, 7, 3]
    assert (
        "hn.jsonl: 2 text(s) held HTML markup or entities: tags stripped, entities decoded, paragraphs kept"
        in corpus.report.all_warnings
    )


def test_a_table_with_no_markup_says_nothing_about_it():
    corpus = load_bytes(b"author,text\nann,R&D < budget\n", "t.csv")
    assert corpus.comments["text"].tolist() == ["R&D < budget"]
    assert not any("markup" in w for w in corpus.report.all_warnings)


DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="7">
    <id>hn-1</id><forum>demo</forum><link>https://example.com/a</link><title>A story</title>
    <message></message><createdAt>2023-11-14T22:00:00Z</createdAt>
    <author><name>admin</name><isAnonymous>false</isAnonymous><username>admin</username></author>
    <isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>
  <post dsq:id="70">
    <id/><message><![CDATA[<p>isn&#x27;t a good idea</p><p>See <a href="https://example.com/x" rel="nofollow">the docs</a> &amp; more</p>]]></message>
    <createdAt>2023-11-14T22:13:20Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>pg</name><isAnonymous>false</isAnonymous><username>pg</username></author>
    <thread dsq:id="7"/>
  </post>
</disqus>
"""

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Blog</title><link>https://blog.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>A story</title><link>https://blog.example/a</link><wp:post_id>5</wp:post_id>
<content:encoded><![CDATA[]]></content:encoded><wp:post_date_gmt>2023-11-14 22:00:00</wp:post_date_gmt>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[pg]]></wp:comment_author>
<wp:comment_date_gmt>2023-11-14 22:13:20</wp:comment_date_gmt>
<wp:comment_content><![CDATA[isn&#x27;t a good idea

See <a href="https://example.com/x" rel="nofollow">the docs</a> &amp; more]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>
"""


def test_one_comment_reads_the_same_by_every_route():
    table = load_bytes(json.dumps([{"author": "pg", "text": HN}]).encode(), "hn.json")
    disqus = load_bytes(DISQUS.encode(), "disqus.xml")
    wxr = load_bytes(WXR.encode(), "blog.xml")
    assert disqus.report.files[0].format == "disqus-xml" and wxr.report.files[0].format == "wordpress-wxr"
    assert (
        table.comments["text"].tolist()
        == disqus.comments["text"].tolist()
        == wxr.comments["text"].tolist()
        == [HN_PLAIN]
    )
    for corpus, name in ((disqus, "disqus.xml"), (wxr, "blog.xml")):
        assert (
            f"{name}: 1 text(s) held HTML markup or entities: tags stripped, entities decoded, paragraphs kept"
            in corpus.report.all_warnings
        )
