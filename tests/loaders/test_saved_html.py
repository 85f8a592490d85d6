"""Saved HTML pages: read as the text a browser shows, by the same layouts as the .txt saves."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from analytics.loaders import LoadError, load, load_bytes
from analytics.loaders.saved_html import page_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COLUMNS = ["article_id", "comment_id", "source_id", "author", "timestamp", "text", "parent_id", "is_guest", "avatar"]
HTML_NOTE = (
    "a saved HTML page: read as the text it shows (head, scripts and styles dropped, blocks as lines); "
    "line numbers are those of that text"
)


@pytest.mark.parametrize("stem", ["wordpress_page", "naharnet_page"])
def test_html_save_gives_the_comments_and_article_of_the_text_save(stem):
    text, html = load(FIXTURES / f"{stem}.txt"), load(FIXTURES / f"{stem}.html")
    pd.testing.assert_frame_equal(html.comments[COLUMNS], text.comments[COLUMNS])
    pd.testing.assert_frame_equal(html.articles.drop(columns="source"), text.articles.drop(columns="source"))
    assert html.articles["source"].tolist() == [f"{stem}.html"]


def test_naharnet_html_comments():
    corpus = load(FIXTURES / "naharnet_page.html")
    c = corpus.comments
    assert list(zip(c["author"], c["timestamp"], c["text"], c["is_guest"], c["avatar"])) == [
        ("Samir", pd.Timestamp("2020-08-10 09:15"), "Finally some good news.", True, "Default-user-icon"),
        (
            "lebnanfirst",
            pd.Timestamp("2020-08-10 11:02"),
            "@Samir two berths out of sixteen.\nStill, better than none.",
            False,
            "Thumb",
        ),
        ("geha", pd.Timestamp("2020-08-10 18:40"), "who pays for the rest?", False, "Missing"),
    ]
    assert corpus.articles[["title", "declared_comments", "parsed_comments"]].values.tolist() == [
        ["Port of Beirut Reopens to Container Ships", 3, 3]
    ]
    report = corpus.report.files[0]
    assert report.format == "naharnet-page" and report.warnings == [HTML_NOTE]
    assert [(s.line, s.reason, s.text) for s in report.skipped] == [
        (3, "link to the Arabic version of the article", "إقرأ هذا الخبر بالعربية W460")
    ]


def test_wordpress_html_report_names_the_lines_of_the_text_it_read():
    report = load(FIXTURES / "wordpress_page.html").report.files[0]
    assert report.format == "wordpress-page" and report.warnings == [HTML_NOTE]
    assert [(s.line, s.text) for s in report.skipped] == [
        (1, "Cedar Notes — a blog about the mountains"),
        (28, "Leave a Reply"),
        (30, "Your email address will not be published."),
        (32, "Comment"),  # a form label; the text area and its text are not shown
    ]
    assert report.lines == report.accounted_lines


def test_html_of_no_known_layout_is_a_one_line_error():
    raw = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Just a page.</p></body></html>"
    with pytest.raises(LoadError, match="^x.html: an HTML page of no layout Threadscope reads: expected") as err:
        load_bytes(raw, "x.html")
    assert "\n" not in str(err.value)


def test_scripts_styles_and_head_are_never_text():
    html = (
        "<html><head><title>Comments 3</title><style>p{}</style></head><body><script>var s = '<p>Thumb a "
        "1 May 2020, 10:00</p>';</script><noscript>Comments 9</noscript><h1>T</h1><p>x</p></body></html>"
    )
    assert page_text(html) == "T\n\nx\n"


def test_page_declared_in_a_legacy_encoding_is_decoded_as_it_declares():
    html = (
        (FIXTURES / "naharnet_page.html").read_text(encoding="utf-8").replace("charset=utf-8", "charset=windows-1256")
    )
    arabic = "إقرأ هذا الخبر بالعربية"
    html = html.replace("".join(f"&#{ord(ch)};" if ch != " " else " " for ch in arabic), arabic)
    raw = html.encode("cp1256", errors="strict")
    assert arabic.encode("cp1256") in raw
    corpus = load_bytes(raw, "page.htm")
    report = corpus.report.files[0]
    assert codecs.lookup(report.encoding).name == "cp1256"
    assert report.warnings == [f"not UTF-8: decoded as {report.encoding}", HTML_NOTE]
    assert corpus.comments["author"].tolist() == ["Samir", "lebnanfirst", "geha"]
    assert [s.text for s in report.skipped] == [arabic + " W460"]


@pytest.mark.parametrize(
    "html, text",
    [
        ("<ol start='4'><li>a</li><li value='9'>b</li><li>c</li></ol>", "4. a\n9. b\n10. c\n"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb\n"),
        ("<pre>  keep   this\n  spacing</pre>", "keep   this\nspacing\n"),
        ("<div>one</div><div>two</div><p>three</p>", "one\ntwo\n\nthree\n"),
        ("<p>a &amp; b&nbsp;c &lt;i&gt;</p>", "a & b\u00a0c <i>\n"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc\n"),
        ("", ""),
    ],
)
def test_page_text(html, text):
    assert page_text(html) == text


def test_a_folder_reads_saved_html_pages_and_blogger_feeds(tmp_path):
    for name in ("naharnet_page.html", "wordpress_page.html", "blogger_takeout.atom"):
        (tmp_path / name.replace("wordpress_page.html", "blog.htm")).write_bytes((FIXTURES / name).read_bytes())
    corpus = load(tmp_path)
    assert sorted(f.source for f in corpus.report.files) == ["blog.htm", "blogger_takeout.atom", "naharnet_page.html"]
    assert sorted(f.format for f in corpus.report.files) == ["blogger-atom", "naharnet-page", "wordpress-page"]
    assert len(corpus.comments) == 3 + 3 + 4


def test_a_disqus_export_quoting_html_first_is_still_a_disqus_export():
    raw = (
        b'<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        b'<thread dsq:id="1"><title>T</title></thread><post dsq:id="2"><message><![CDATA[<html><body>hi</body></html>'
        b']]></message><thread dsq:id="1"/></post></disqus>'
    )
    corpus = load_bytes(raw, "d.xml")
    assert corpus.report.files[0].format == "disqus-xml" and corpus.comments["text"].tolist() == ["hi"]
