"""Disqus XML exports: ``<thread>`` elements become articles, ``<post>`` elements comments.

Read as a stream (``iterparse``), one top-level element at a time. Deleted and spam posts are
kept and flagged (``is_deleted``, ``is_spam``). A post whose thread is not in the export is
kept under a stand-in article; a thread with an empty title is titled by its link. Every
top-level element is one record of the report.
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
from .frames import articles_with_counts, comment_ids_by_article
from .html_text import cleaned_note, has_markup, plain_text
from .parents import SHOWN_IDS, resolve_parents
from .registry import Loader, register
from .timestamps import parse_timestamps, unreadable_timestamps
from .xml_stream import local_name, xml_records

FORMAT = "disqus-xml"
# A stand-in for a thread the posts name but the export does not hold.
_MISSING = {"line": 0, "ident": "", "title": "", "link": "", "message": "", "created": ""}
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _child(elem: ET.Element, *path: str) -> ET.Element | None:
    for name in path:
        elem = next((c for c in elem if local_name(c.tag) == name), None)
        if elem is None:
            return None
    return elem


def _text(elem: ET.Element, *path: str) -> str:
    found = _child(elem, *path)
    return "" if found is None or found.text is None else found.text.strip()


def _ref(elem: ET.Element, name: str) -> str | None:
    found = _child(elem, name)
    return None if found is None else found.get(DSQ_ID)


def _thread(elem: ET.Element, key: str, line: int) -> dict:
    return {
        "key": key,
        "line": line,
        "ident": _text(elem, "id"),
        "title": _text(elem, "title"),
        "link": _text(elem, "link"),
        "message": _text(elem, "message"),
        "created": _text(elem, "createdAt"),
    }


def _post(elem: ET.Element, line: int) -> dict:
    return {
        "source_id": elem.get(DSQ_ID),
        "line": line,
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


def parse(binary: BinaryIO, report: FileReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract frames ``(articles, comments)`` from a Disqus export read from ``binary``."""
    roles = report.line_roles
    threads: dict[str, dict] = {}
    posts: list[dict] = []
    for line, elem in xml_records(binary, report, root_name="disqus", what="a Disqus XML export"):
        tag = local_name(elem.tag)
        if tag == "category":
            roles["category"] += 1
        elif tag == "thread":
            roles["thread"] += 1
            key = elem.get(DSQ_ID) or f"(line {line})"
            if key in threads:
                report.warnings.append(f"line {line}: thread {key} appears again; the first is kept")
            threads.setdefault(key, _thread(elem, key, line))
        elif tag == "post":
            roles["post"] += 1
            posts.append(_post(elem, line))
        else:
            report.skip(line, f"unexpected <{tag}> element", "")
    report.lines = report.accounted_lines
    if not posts:
        raise LoadError(
            report.source, f"a Disqus export with {len(threads)} thread(s) but no <post> elements: no comments to load"
        )
    posts = _unique_posts(posts, threads, report)
    articles = _articles(threads, posts, report)
    comments = _comments(posts, articles, report)
    articles_out = articles_with_counts(articles.drop(columns="key").to_dict("records"), comments)
    report.articles = len(articles_out)
    report.parsed_comments = len(comments)
    return articles_out, comments


def _unique_posts(posts: list[dict], threads: dict[str, dict], report: FileReport) -> list[dict]:
    """Each post id once: a thread migrated to a new URL lists its posts under both thread records.

    A post is kept where it is first listed (file order), unless that thread is not in the export
    and a later listing's is; every repeat dropped is counted in ``report`` (the line of each, too).
    """
    first: dict[str, int] = {}
    kept: list[dict] = []
    dropped: list[tuple[dict, dict]] = []  # (repeat dropped, post kept)
    for post in posts:
        pid = post["source_id"]
        if pid is None or pid not in first:
            if pid is not None:
                first[pid] = len(kept)
            kept.append(post)
            continue
        held = kept[first[pid]]
        if held["thread"] not in threads and post["thread"] in threads:
            kept[first[pid]], post = post, held
            held = kept[first[pid]]
        dropped.append((post, held))
    if dropped:
        _report_repeats(dropped, threads, report)
    return kept


def _where(thread: str | None, threads: dict[str, dict]) -> str:
    found = threads.get(thread or "")
    return f"thread {thread}" + (f" ({found['link']})" if found and found["link"] else "")


def _report_repeats(dropped: list[tuple[dict, dict]], threads: dict[str, dict], report: FileReport) -> None:
    moved = [(d, k) for d, k in dropped if d["thread"] != k["thread"]]
    report.line_roles["post"] -= len(dropped)
    report.line_roles["repeated post"] += len(dropped)
    report.warnings.append(
        f"{len(dropped)} post(s) listed more than once (the same dsq:id; a thread moved to a new URL is "
        "exported under both thread records): each post is loaded once, under the thread of its first "
        "listing in the file (a thread in the export preferred); repeats dropped at line(s) "
        + ", ".join(str(d["line"]) for d, _ in dropped[:SHOWN_IDS])
        + (f" and {len(dropped) - SHOWN_IDS} more" if len(dropped) > SHOWN_IDS else "")
    )
    pairs = Counter((k["thread"], d["thread"]) for d, k in moved)
    for (kept_in, dropped_in), n in list(pairs.items())[:SHOWN_IDS]:
        report.warnings.append(
            f"{n} post(s) listed under both {_where(kept_in, threads)} and {_where(dropped_in, threads)}: "
            f"kept under thread {kept_in}"
        )


def _link_key(link: str) -> str:
    """A thread link as compared: no scheme, ``www.``, fragment or trailing slash; host in lower case.

    Examples:
        >>> _link_key("https://www.News.example/a/b/#comments") == _link_key("http://news.example/a/b")
        True
    """
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", link.strip().split("#", 1)[0], flags=re.I)
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{path}".rstrip("/")


def _thread_groups(threads: dict[str, dict]) -> dict[str, str]:
    """For each thread key, the key of the first thread that is the same article: threads are one
    article when they share a non-empty identifier (``<id>``) or link, never by title alone."""
    group: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for key, thread in threads.items():
        names = [f"id:{thread['ident']}"] if thread["ident"] else []
        if thread["link"]:
            names.append(f"link:{_link_key(thread['link'])}")
        found = next((group[by_name[n]] for n in names if n in by_name), key)
        group[key] = found
        for n in names:
            by_name.setdefault(n, key)
    return group


def _articles(threads: dict[str, dict], posts: list[dict], report: FileReport) -> pd.DataFrame:
    per_thread = Counter(post["thread"] or "(none)" for post in posts)
    for key in per_thread:
        if key not in threads:
            threads[key] = {**_MISSING, "key": key, "title": f"(thread {key}: not in the export)", "missing": True}
    group = _thread_groups(threads)
    rows: dict[str, dict] = {}
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
        if group[key] != key:
            first = threads[group[key]]
            same = "identifier" if thread["ident"] and thread["ident"] == first["ident"] else "link"
            report.warnings.append(
                f"thread {key} (line {thread['line']}) has the same {same} as thread {group[key]}: "
                f"their posts are loaded as one article, titled {rows[group[key]]['title']!r}"
            )
            rows[key] = {**rows[group[key]], "key": key, "group": group[key]}
            continue
        rows[key] = {
            "key": key,
            "group": key,
            "title": title,
            "body": plain_text(thread["message"]),
            "source": report.source,
            "published": thread["created"],
            "declared_comments": None,
        }
    _article_ids(list(rows.values()), report)
    frame = pd.DataFrame(list(rows.values())).drop(columns="group")
    frame["published"] = parse_timestamps(frame["published"])
    return frame


def _article_ids(rows: list[dict], report: FileReport) -> None:
    """Each row's ``article_id``: from its title and body, unless another article (a thread of
    another link and identifier) has the same title and body: then the thread's key is part of it."""
    heads = [row for row in rows if row["group"] == row["key"]]
    plain = {row["key"]: ids.article_id(row["title"], row["body"]) for row in heads}
    count = Counter(plain.values())
    final = {}
    for row in heads:
        final[row["key"]] = plain[row["key"]]
        if count[plain[row["key"]]] > 1:
            final[row["key"]] = ids.article_id(row["title"], f"{row['body']}\x1fdisqus thread {row['key']}")
    for article, n in count.items():
        if n > 1:
            same = [row["key"] for row in heads if plain[row["key"]] == article]
            title = next(row["title"] for row in heads if row["key"] == same[0])
            report.warnings.append(
                f"threads {', '.join(same[:SHOWN_IDS])} have the same title ({title!r}) and body but not the same "
                f"link or identifier: kept as {n} articles"
            )
    for row in rows:
        row["article_id"] = final[row["group"]]


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
