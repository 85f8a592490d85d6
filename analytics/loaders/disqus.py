"""Disqus XML exports: ``<thread>`` elements become articles, ``<post>`` elements comments.

Read as a stream (``iterparse``), one top-level element at a time. Deleted and spam posts are
kept and flagged (``is_deleted``, ``is_spam``). A post whose thread is not in the export is
kept under a stand-in article; a thread with an empty title is titled by its link. Every
top-level element is one record of the report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport, LoadError
from ..model.text import mentions, n_words
from .frames import articles_with_counts, comment_ids_by_article
from .html_text import cleaned_note, has_markup, plain_text
from .parents import resolve_parents
from .registry import Loader, register
from .timestamps import parse_timestamps, unreadable_timestamps

FORMAT = "disqus-xml"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(elem: ET.Element, *path: str) -> ET.Element | None:
    for name in path:
        elem = next((c for c in elem if _local(c.tag) == name), None)
        if elem is None:
            return None
    return elem


def _text(elem: ET.Element, *path: str) -> str:
    found = _child(elem, *path)
    return "" if found is None or found.text is None else found.text.strip()


def _ref(elem: ET.Element, name: str) -> str | None:
    found = _child(elem, name)
    return None if found is None else found.get(DSQ_ID)


def xml_records(
    binary: BinaryIO, report: FileReport, *, root_name: str, what: str, depth: int = 1
) -> Iterator[tuple[int, ET.Element]]:
    """Yield ``(number, element)`` for each element ``depth`` levels under the root, in file order.

    Each element is dropped from the tree once the caller has it, so memory stays bounded.
    Raises :class:`LoadError` for XML that is not well-formed or whose root is not ``root_name``.
    """
    stack: list[ET.Element] = []
    number = 0
    try:
        for event, elem in ET.iterparse(binary, events=("start", "end")):
            if event == "start":
                if not stack and number == 0 and _local(elem.tag) != root_name:
                    raise LoadError(
                        report.source, f"expected {what} (root element <{root_name}>), found <{_local(elem.tag)}>"
                    )
                stack.append(elem)
                continue
            stack.pop()
            if len(stack) == depth:
                number += 1
                yield number, elem
                stack[-1].remove(elem)
    except ET.ParseError as err:
        raise LoadError(report.source, f"not well-formed XML ({err}); expected {what}") from None
    except LookupError as err:  # an encoding Python does not know, named in the XML declaration
        raise LoadError(report.source, f"XML in an unknown encoding ({err}); expected {what}") from None


def parse(binary: BinaryIO, report: FileReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a Disqus export read from ``binary``."""
    roles = report.line_roles
    threads: dict[str, dict] = {}
    posts: list[dict] = []
    for number, elem in xml_records(binary, report, root_name="disqus", what="a Disqus XML export"):
        tag = _local(elem.tag)
        if tag == "category":
            roles["category"] += 1
        elif tag == "thread":
            roles["thread"] += 1
            key = elem.get(DSQ_ID) or f"(record {number})"
            if key in threads:
                report.warnings.append(f"record {number}: thread {key} appears again; the first is kept")
            threads.setdefault(
                key,
                {
                    "key": key,
                    "ident": _text(elem, "id"),
                    "title": _text(elem, "title"),
                    "link": _text(elem, "link"),
                    "message": _text(elem, "message"),
                    "created": _text(elem, "createdAt"),
                },
            )
        elif tag == "post":
            roles["post"] += 1
            posts.append(
                {
                    "source_id": elem.get(DSQ_ID),
                    "thread": _ref(elem, "thread"),
                    "source_parent_id": _ref(elem, "parent"),
                    "message": _text(elem, "message"),
                    "created": _text(elem, "createdAt"),
                    "name": _text(elem, "author", "name"),
                    "username": _text(elem, "author", "username"),
                    "is_guest": _text(elem, "author", "isAnonymous").lower() == "true",
                    "is_deleted": _text(elem, "isDeleted").lower() == "true",
                    "is_spam": _text(elem, "isSpam").lower() == "true",
                }
            )
        else:
            report.skip(number, f"unexpected <{tag}> element", "")
    report.lines = report.accounted_lines
    if not posts:
        raise LoadError(
            report.source, f"a Disqus export with {len(threads)} thread(s) but no <post> elements: no comments to load"
        )
    articles = _articles(threads, posts, report)
    comments = _comments(posts, articles, report)
    for row in articles[articles["article_id"].duplicated()].itertuples():
        report.warnings.append(
            f"thread {row.key} has the same title and body as an earlier thread: their posts are loaded as one article"
        )
    articles_out = articles_with_counts(articles.drop(columns="key").to_dict("records"), comments)
    report.articles = len(articles_out)
    report.parsed_comments = len(comments)
    return articles_out, comments


def _articles(threads: dict[str, dict], posts: list[dict], report: FileReport) -> pd.DataFrame:
    per_thread = Counter(post["thread"] or "(none)" for post in posts)
    for key in per_thread:
        if key not in threads:
            threads[key] = {
                "key": key,
                "ident": "",
                "title": f"(thread {key}: not in the export)",
                "link": "",
                "message": "",
                "created": "",
                "missing": True,
            }
    rows = []
    for key, thread in threads.items():
        title = thread["title"]
        if thread.get("missing"):
            n = per_thread[key]
            where = "name no thread" if key == "(none)" else f"belong to thread {key}, which is not in the export"
            report.warnings.append(f"{n} post(s) {where} (orphan posts): kept under a stand-in article")
        elif not title:
            title = thread["link"] or f"(untitled thread {key})"
            empty_id = " and an empty <id>" if not thread["ident"] else ""
            report.warnings.append(f"thread {key} has an empty title{empty_id}: titled {title!r}")
        body = plain_text(thread["message"])
        rows.append(
            {
                "key": key,
                "article_id": ids.article_id(title, body),
                "title": title,
                "body": body,
                "source": report.source,
                "published": thread["created"],
                "declared_comments": None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["published"] = parse_timestamps(frame["published"])
    return frame


def _comments(posts: list[dict], articles: pd.DataFrame, report: FileReport) -> pd.DataFrame:
    by_key = dict(zip(articles["key"], articles["article_id"]))
    frame = pd.DataFrame(posts)
    frame["article_id"] = frame["thread"].fillna("(none)").map(by_key)
    frame["text"] = frame["message"].map(plain_text)
    cleaned = int(frame["message"].map(has_markup).sum())
    if cleaned:
        report.warnings.append(cleaned_note(cleaned))
    frame["author"] = frame["name"].where(frame["name"] != "", frame["username"])
    frame["avatar"] = None
    frame["timestamp"] = parse_timestamps(frame["created"])
    bad = unreadable_timestamps(frame["created"], frame["timestamp"])
    if bad.any():
        report.warnings.append(f"{int(bad.sum())} post date(s) could not be read; left missing")
    if (frame["created"] == "").any():
        report.warnings.append(f"{int((frame['created'] == '').sum())} post(s) without a date")
    frame["mentions"] = frame["text"].map(mentions)
    frame["n_words"] = frame["text"].map(n_words)
    frame["is_pingback"] = False
    frame["position"] = frame.groupby("article_id", sort=False).cumcount()
    frame["comment_id"] = comment_ids_by_article(frame)
    frame["parent_id"] = resolve_parents(frame, report, within_article=False)
    deleted = set(frame.loc[frame["is_deleted"], "comment_id"])
    to_deleted = frame["parent_id"].isin(deleted)
    if to_deleted.any():
        report.warnings.append(
            f"{int(to_deleted.sum())} post(s) answer a deleted post (kept, linked): "
            f"{', '.join(repr(s) for s in frame.loc[to_deleted, 'source_id'])}"
        )
    flagged = {f: int(frame[f].sum()) for f in ("is_deleted", "is_spam") if frame[f].any()}
    if flagged:
        report.warnings.append(
            "kept but flagged, left out of analysis by default: "
            + ", ".join(f"{n} {f[3:]}" for f, n in flagged.items())
        )
    return schema.comments_frame(frame)


register(
    Loader(
        FORMAT,
        "disqus",
        "a Disqus XML export",
        (".xml",),
        priority=90,
        sniff=lambda head: 1.0 if head.text.startswith("<") and "<disqus" in head.text.lower() else 0.0,
        parse=lambda binary, report, head: parse(binary, report),
    )
)
