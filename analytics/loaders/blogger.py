"""Blogger (Blogspot) exports: Atom feeds whose post entries become articles, comment entries comments.

Two shapes are read, told apart entry by entry:

- the classic "Back up content" export (``blog-MM-DD-YYYY.xml``): an entry's kind is its
  ``<category scheme="http://schemas.google.com/g/2005#kind" term="...kind#post">`` (or ``#comment``,
  ``#page``, ``#settings``, ``#template``); a comment names its post in ``<thr:in-reply-to ref=...>``
  and, when it answers another comment, that comment in a ``<link rel="related" href=".../ID">``;
  a removed comment says so in its text ("This comment has been removed by the author.") or in
  ``<gd:extendedProperty name="blogger.contentRemoved" value="true">``.
- the Google Takeout ``feed.atom`` (namespace ``http://schemas.google.com/blogger/2018``):
  ``<blogger:type>`` is ``POST``, ``PAGE`` or ``COMMENT``, a comment's ``<blogger:parent>`` is its
  post's (or the comment's it answers) entry id, ``<blogger:status>`` is ``LIVE``, ``DRAFT``,
  ``DELETED`` or ``SPAM``.

Times carry their offset (``2013-02-20T10:15:00.000+02:00``) and are converted to UTC. Content
is HTML, turned into plain text. Every entry and every other element under ``<feed>`` is a
record of the report: settings and template entries are skipped with their reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import BinaryIO

import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport, LoadError
from ..model.text import mentions, n_words
from .frames import comment_ids_by_article, export_articles
from .html_text import plain_text
from .parents import SHOWN_IDS, resolve_parents
from .registry import Head, Loader, register
from .timestamps import parse_timestamps, unreadable_timestamps
from .xml_stream import local_name, xml_records

FORMAT = "blogger-atom"
ATOM = "{http://www.w3.org/2005/Atom}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
THR = "{http://purl.org/syndication/thread/1.0}"
TAKEOUT = "{http://schemas.google.com/blogger/2018}"
#: What Blogger writes in place of a removed comment's text.
REMOVED = re.compile(r"^This (?:comment|post) has been removed by (?:the author|a blog administrator)\.?$", re.I)
_ARTICLE_KINDS = frozenset({"post", "page"})


def _kind(entry: ET.Element) -> str:
    """``post``, ``page``, ``comment``, ``settings``, ``template`` ... or ``""`` when the entry says not."""
    kind = entry.findtext(f"{TAKEOUT}type")
    if kind:
        return kind.strip().lower()
    for category in entry.iter(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return category.get("term", "").rsplit("#", 1)[-1].lower()
    return ""


def _short_id(entry_id: str) -> str:
    """The number at the end of a Blogger entry id (``tag:blogger.com,1999:blog-1.post-22`` -> ``22``).

    Examples:
        >>> _short_id("tag:blogger.com,1999:blog-8012.post-4471"), _short_id("plain")
        ('4471', 'plain')
    """
    found = re.search(r"(?:post|comment)-(\d+)$", entry_id.strip())
    return found.group(1) if found else entry_id.strip()


def _text(entry: ET.Element, name: str) -> str:
    return (entry.findtext(f"{ATOM}{name}") or "").strip()


def _link(entry: ET.Element, rel: str) -> str:
    return next((link.get("href", "") for link in entry.iter(f"{ATOM}link") if link.get("rel") == rel), "")


def _removed(entry: ET.Element, text: str) -> bool:
    marked = any(
        p.get("name") == "blogger.contentRemoved" and p.get("value", "").lower() == "true"
        for p in entry
        if local_name(p.tag) == "extendedProperty"
    )
    return marked or bool(REMOVED.match(text)) or entry.findtext(f"{TAKEOUT}status", "").strip().upper() == "DELETED"


def _article(entry: ET.Element, line: int, report: FileReport) -> dict:
    title = _text(entry, "title")
    link = _link(entry, "alternate")
    if not title:
        title = link or f"(untitled post {_short_id(_text(entry, 'id'))})"
        report.warnings.append(f"line {line}: a post without a title, titled {title!r}")
    body = plain_text(_text(entry, "content"))
    return {
        "entry_id": _text(entry, "id"),
        "article_id": ids.article_id(title, body),
        "title": title,
        "body": body,
        "source": report.source,
        "published": _text(entry, "published") or (entry.findtext(f"{TAKEOUT}created") or "").strip(),
        "declared_comments": None,
    }


def _comment(entry: ET.Element, line: int) -> dict:
    reply_to = entry.find(f"{THR}in-reply-to")
    parent = (entry.findtext(f"{TAKEOUT}parent") or "").strip() or ("" if reply_to is None else reply_to.get("ref", ""))
    related = _link(entry, "related")
    text = plain_text(_text(entry, "content"))
    status = (entry.findtext(f"{TAKEOUT}status") or "").strip().upper()
    author = entry.find(f"{ATOM}author")
    name = "" if author is None else (author.findtext(f"{ATOM}name") or "").strip()
    author_type = "" if author is None else (author.findtext(f"{TAKEOUT}type") or "").strip().upper()
    deleted = _removed(entry, text)
    return {
        "line": line,
        "entry_id": _text(entry, "id"),
        "source_id": _short_id(_text(entry, "id")) or None,
        "post": parent,
        # a reply names the comment it answers by the last part of its related link (classic export)
        "source_parent_id": related.rstrip("/").rsplit("/", 1)[-1] if related else None,
        "raw_time": _text(entry, "published") or (entry.findtext(f"{TAKEOUT}created") or "").strip(),
        "author": name,
        "is_guest": author_type == "ANONYMOUS" or name == "Anonymous",
        "text": "" if deleted and REMOVED.match(text) else text,
        "is_deleted": deleted,
        "is_spam": status == "SPAM",
        "pending": status in ("PENDING", "DRAFT"),
    }


def parse(binary: BinaryIO, report: FileReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a Blogger Atom export read from ``binary``."""
    roles = report.line_roles
    articles: list[dict] = []
    rows: list[dict] = []
    first_line: dict[str, int] = {}  # entry id -> the line it was first met on
    repeats: list[int] = []
    for line, elem in xml_records(binary, report, root_name="feed", what="a Blogger export (Atom feed)"):
        if local_name(elem.tag) != "entry":
            roles["feed_metadata"] += 1
            continue
        kind, entry_id = _kind(elem), _text(elem, "id")
        if entry_id and entry_id in first_line:  # feeds fetched page by page repeat entries
            roles["repeated entry"] += 1
            repeats.append(line)
            continue
        first_line.setdefault(entry_id, line)
        if kind in _ARTICLE_KINDS:
            roles[kind] += 1
            articles.append(_article(elem, line, report))
        elif kind == "comment":
            roles["comment"] += 1
            rows.append(_comment(elem, line))
        else:
            what = f"a {kind} entry" if kind else "an entry of no kind"
            report.skip(line, f"{what}: not a post, page or comment", _text(elem, "title")[:80])
    report.lines = report.accounted_lines
    if repeats:
        report.warnings.append(
            f"{len(repeats)} entry(ies) listed again with the same id: each loaded once, from its first listing; "
            f"repeats at line(s) {', '.join(map(str, repeats[:SHOWN_IDS]))}"
            + (f" and {len(repeats) - SHOWN_IDS} more" if len(repeats) > SHOWN_IDS else "")
        )
    if not rows:
        raise LoadError(
            report.source, f"a Blogger export with {len(articles)} post(s) but no comment entries: no comments to load"
        )
    frame = _comments(rows, articles, report)
    return export_articles(articles, frame, report, working="entry_id"), schema.comments_frame(frame)


def _place_comments(rows: list[dict], articles: list[dict], report: FileReport) -> None:
    """Each comment's ``article_id``: the post it names, or the post of the comment it names
    (Takeout's ``blogger:parent`` may be a comment); a stand-in article for a post not in the export."""
    by_entry = {a["entry_id"]: a["article_id"] for a in articles if a["entry_id"]}
    comment_entries = {r["entry_id"]: r for r in rows if r["entry_id"]}
    missing: Counter = Counter()
    for row in rows:
        post = row["post"]
        if post in comment_entries and post not in by_entry:  # a reply: blogger:parent names a comment
            row["source_parent_id"] = comment_entries[post]["source_id"]
            post = comment_entries[post]["post"]
        if post in by_entry:
            row["article_id"] = by_entry[post]
            continue
        missing[post] += 1
        title = f"(post {_short_id(post)}: not in the export)" if post else "(comments naming no post)"
        stand_in = ids.article_id(title, "")
        if stand_in not in {a["article_id"] for a in articles}:
            articles.append(
                {
                    "entry_id": "",
                    "article_id": stand_in,
                    "title": title,
                    "body": "",
                    "source": report.source,
                    "published": "",
                    "declared_comments": None,
                }
            )
        row["article_id"] = stand_in
    for post, n in list(missing.items())[:SHOWN_IDS]:
        where = f"answer post {post}, which is not in the export" if post else "name no post"
        report.warnings.append(f"{n} comment(s) {where} (orphan comments): kept under a stand-in article")


def _comments(rows: list[dict], articles: list[dict], report: FileReport) -> pd.DataFrame:
    _place_comments(rows, articles, report)
    frame = pd.DataFrame(rows)
    frame["timestamp"] = parse_timestamps(frame["raw_time"].astype("str"))
    bad = unreadable_timestamps(frame["raw_time"].astype("str"), frame["timestamp"])
    if bad.any():
        report.warnings.append(f"{int(bad.sum())} comment date(s) could not be read; left missing")
    if (frame["raw_time"] == "").any():
        report.warnings.append(f"{int((frame['raw_time'] == '').sum())} comment(s) without a date")
    if frame["is_guest"].any():
        report.warnings.append(
            f"{int(frame['is_guest'].sum())} comment(s) by Blogger's 'Anonymous' (no profile): flagged as guests"
        )
    if frame["pending"].any():
        report.warnings.append(f"{int(frame['pending'].sum())} comment(s) not published (pending or draft): kept")
    frame["avatar"] = None
    frame["is_pingback"] = False
    frame["mentions"] = frame["text"].map(mentions)
    frame["n_words"] = frame["text"].map(n_words)
    frame["position"] = frame.groupby("article_id", sort=False).cumcount()
    frame["comment_id"] = comment_ids_by_article(frame)
    frame["parent_id"] = resolve_parents(frame, report, within_article=False)
    flagged = {f: int(frame[f].sum()) for f in ("is_deleted", "is_spam") if frame[f].any()}
    if flagged:
        report.warnings.append(
            "kept but flagged, left out of analysis by default: "
            + ", ".join(f"{n} {'removed' if f == 'is_deleted' else 'spam'}" for f, n in flagged.items())
        )
    return frame


def _sniff(head: Head) -> float:
    low = head.text.lower() if head.text.startswith("<") else ""
    if "<feed" not in low:
        return 0.0
    return 1.0 if "schemas.google.com/blogger" in low or "tag:blogger.com" in low else 0.0


register(
    Loader(
        FORMAT,
        "blogger",
        "a Blogger export (Atom feed)",
        (".xml", ".atom"),
        priority=90,
        sniff=_sniff,
        parse=lambda binary, report, head: parse(binary, report),
    )
)
