"""WordPress WXR exports (RSS with ``wp:`` elements): items become articles, ``wp:comment`` comments.

Read as a stream, one ``<item>`` at a time. A comment's time is ``comment_date_gmt`` (UTC) where
given, else the local ``comment_date``. Comment ids are looked up within their post only:
exports repeat them across posts. Pingbacks and trackbacks are kept and flagged
(``is_pingback``), as are spam (``is_spam``) and trashed (``is_deleted``) comments.
Records of the report: every element under ``<channel>`` (items and site metadata) and every comment.
"""

from __future__ import annotations

from typing import BinaryIO

import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport, LoadError
from ..model.text import mentions, n_words
from .frames import comment_ids_by_article, export_articles
from .html_text import cleaned_note, has_markup, plain_text
from .parents import resolve_parents
from .registry import Head, Loader, register
from .timestamps import parse_timestamps
from .xml_stream import local_name, xml_records

FORMAT = "wordpress-wxr"
WP = "http://wordpress.org/export/"
ARTICLE_TYPES = frozenset({"post", "page", ""})
_NO_DATE = frozenset({"", "0000-00-00 00:00:00"})


def _fields(elem) -> dict[str, str]:
    """Child elements by local name (``wp:comment_id`` -> ``comment_id``); text stripped."""
    out: dict[str, str] = {}
    for child in elem:
        name = local_name(child.tag)
        if name == "encoded" and "content" in child.tag:
            name = "content_encoded"
        out.setdefault(name, (child.text or "").strip())
    return out


def parse(binary: BinaryIO, report: FileReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a WXR export read from ``binary``."""
    roles = report.line_roles
    articles: list[dict] = []
    rows: list[dict] = []
    for line, elem in xml_records(binary, report, root_name="rss", what="a WordPress WXR export", depth=2):
        if local_name(elem.tag) != "item":
            roles["channel_metadata"] += 1
            continue
        item = _fields(elem)
        comments = [c for c in elem if local_name(c.tag) == "comment" and c.tag.startswith("{" + WP)]
        post_type = item.get("post_type", "")
        if post_type not in ARTICLE_TYPES and not comments:
            report.skip(line, f"item of type {post_type!r} without comments: not an article", item.get("title", ""))
            continue
        roles["article"] += 1
        title = (
            item.get("title", "") or item.get("link", "") or f"(untitled item {item.get('post_id', f'at line {line}')})"
        )
        if not item.get("title"):
            report.warnings.append(f"item at line {line} has no title: titled {title!r}")
        body = plain_text(item.get("content_encoded", ""))
        published = next(
            (item[k] for k in ("post_date_gmt", "pubDate", "post_date") if item.get(k, "") not in _NO_DATE), ""
        )
        article = ids.article_id(title, body)
        articles.append(
            {
                "article_id": article,
                "title": title,
                "body": body,
                "source": report.source,
                "published": published,
                "declared_comments": None,
                "item": line,
            }
        )
        for comment in comments:
            roles["comment"] += 1
            rows.append({"article_id": article, "item": line, **_comment(_fields(comment))})
    report.lines = report.accounted_lines
    if not articles:
        raise LoadError(report.source, "a WordPress export without posts or pages: nothing to load")
    if not rows:
        raise LoadError(
            report.source,
            f"a WordPress export with {len(articles)} post(s) but no <wp:comment> elements: no comments to load",
        )
    frame = _comments(rows, report)
    _merged_articles(articles, report)
    return export_articles(articles, frame, report, working="item"), frame


def _comment(fields: dict[str, str]) -> dict:
    approved = fields.get("comment_approved", "1").lower()
    gmt, local = fields.get("comment_date_gmt", ""), fields.get("comment_date", "")
    return {
        "source_id": fields.get("comment_id") or None,
        "source_parent_id": None if fields.get("comment_parent", "") in ("", "0") else fields["comment_parent"],
        "author": fields.get("comment_author", ""),
        "raw_time": gmt if gmt not in _NO_DATE else local if local not in _NO_DATE else "",
        "local_time": gmt in _NO_DATE and local not in _NO_DATE,
        "no_local_date": local in _NO_DATE and gmt not in _NO_DATE,
        "text": plain_text(fields.get("comment_content", "")),
        "had_markup": has_markup(fields.get("comment_content", "")),
        "is_spam": approved == "spam",
        "is_deleted": approved in ("trash", "post-trashed"),
        "pending": approved == "0",
        "is_pingback": fields.get("comment_type", "").lower() in ("pingback", "trackback"),
    }


def _comments(rows: list[dict], report: FileReport) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["timestamp"] = parse_timestamps(frame["raw_time"].astype("str"))
    bad = (frame["raw_time"] != "") & frame["timestamp"].isna()
    if bad.any():
        report.warnings.append(f"{int(bad.sum())} comment date(s) could not be read; left missing")
    undated = frame["raw_time"] == ""
    if undated.any():
        report.warnings.append(
            f"{int(undated.sum())} comment(s) without a date (ids "
            f"{', '.join(map(repr, frame.loc[undated, 'source_id'].tolist()[:20]))}): "
            "timestamp left missing"
        )
    if frame["local_time"].any():
        report.warnings.append(
            f"{int(frame['local_time'].sum())} comment(s) dated by the blog's local "
            "comment_date (no comment_date_gmt): not converted to UTC"
        )
    if frame["no_local_date"].any():
        report.warnings.append(
            f"{int(frame['no_local_date'].sum())} comment(s) without comment_date (ids "
            f"{', '.join(map(repr, frame.loc[frame['no_local_date'], 'source_id'].tolist()[:20]))}): "
            "dated by comment_date_gmt"
        )
    if frame["pending"].any():
        report.warnings.append(f"{int(frame['pending'].sum())} comment(s) awaiting moderation (approved 0): kept")
    repeated = frame.dropna(subset=["source_id"]).groupby("source_id")["item"].nunique()
    repeated = repeated[repeated > 1]
    if len(repeated):
        report.warnings.append(
            f"comment id(s) {', '.join(map(repr, repeated.index[:20]))} appear in more "
            "than one post: each is linked to its parent within its own post"
        )
    if frame["had_markup"].any():
        report.warnings.append(cleaned_note(int(frame["had_markup"].sum())))
    frame["is_guest"] = False
    frame["avatar"] = None
    frame["mentions"] = frame["text"].map(mentions)
    frame["n_words"] = frame["text"].map(n_words)
    frame["position"] = frame.groupby("article_id", sort=False).cumcount()
    frame["comment_id"] = comment_ids_by_article(frame)
    frame["parent_id"] = resolve_parents(frame, report, within_article=True)
    flagged = {
        name: int(frame[flag].sum())
        for flag, name in (("is_deleted", "trashed"), ("is_spam", "spam"), ("is_pingback", "pingbacks/trackbacks"))
        if frame[flag].any()
    }
    if flagged:
        report.warnings.append(
            "kept but flagged, left out of analysis by default: "
            + ", ".join(f"{n} {name}" for name, n in flagged.items())
        )
    return schema.comments_frame(frame)


def _merged_articles(articles: list[dict], report: FileReport) -> None:
    seen: set[str] = set()
    for article in articles:
        if article["article_id"] in seen:
            report.warnings.append(
                f"item at line {article['item']} ({article['title']!r}) has the same title and "
                "body as an earlier item: their comments are loaded as one article"
            )
        seen.add(article["article_id"])


def _sniff(head: Head) -> float:
    low = head.text.lower() if head.text.startswith("<") else ""
    return 1.0 if "<rss" in low and "wordpress.org/export" in low else 0.0


register(
    Loader(
        FORMAT,
        "wxr",
        "a WordPress WXR export",
        (".xml",),
        priority=90,
        sniff=_sniff,
        parse=lambda binary, report, head: parse(binary, report),
    )
)
