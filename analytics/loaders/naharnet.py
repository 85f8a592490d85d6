"""The saved-page layout of naharnet.com articles: title, body, ``Comments N``, then comments.

A comment starts with a header line ``<avatar> <user>[ (Guest)] <D Month YYYY>, <HH:MM>`` and
its body runs to the next header. Pages show comments in threaded order, not time order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..model import ids
from ..model.load_report import FileReport, LoadError
from ..model.text import mentions, n_words
from .pages import finish_page, page_lines, register_layout, trim_blank
from .registry import Head

FORMAT = "naharnet-page"
AVATARS = ("Default-user-icon", "Thumb", "Missing")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE = (
    rf"[ \t]+(?P<day>\d{{1,2}})[ \t]+(?P<month>{'|'.join(MONTHS)})[ \t]+(?P<year>\d{{4}}),"
    r"[ \t]*(?P<hour>\d{1,2}):(?P<minute>\d{2})[ \t]*$"
)
HEADER = re.compile(
    rf"^(?P<avatar>{'|'.join(AVATARS)})[ \t]+(?P<author>\S.*?)"
    rf"(?P<guest>[ \t]+\(Guest\))?{_DATE}"
)
# The same shape with any first word: warns about avatar markers we have not seen yet.
HEADER_ANY_AVATAR = re.compile(rf"^(?P<avatar>\S+)[ \t]+(?P<author>\S.*?)(?:[ \t]+\(Guest\))?{_DATE}")
COMMENTS_LINE = re.compile(r"^[ \t]*Comments[ \t]+(?P<n>\d+)[ \t]*$")
# The link to the Arabic version of the article ("read this news in Arabic"), sometimes followed
# by an image token such as W460; in a later layout it is glued to the end of the title.
ARABIC_LINK = re.compile(r"[إا]قرأ هذا الخبر بالعربية(?:[ \t]+\S+)?[ \t]*$")


def looks_like_page(text: str) -> bool:
    """Whether ``text`` has any landmark of this layout (cheap; for format detection)."""
    return any(COMMENTS_LINE.match(line) or HEADER.match(line) or ARABIC_LINK.search(line) for line in text.split("\n"))


def _is_cut_structure(line: str) -> bool:
    """Whether a last line could be a comment header or ``Comments N`` line cut short."""
    stripped = line.strip()
    if not stripped:
        return False
    if any(a.startswith(stripped) or stripped.startswith(a + " ") for a in AVATARS):
        return True
    return "Comments ".startswith(stripped) or re.fullmatch(r"Comments[ \t]+\d*", stripped) is not None


@dataclass
class _Layout:
    """Where a page's parts are: the title line, the ``Comments N`` line (None when missing), the
    comment headers, the Arabic-link lines, and a header cut short on the last line (None if not)."""

    title_at: int
    comments_at: int | None
    headers: list[int]
    arabic_lines: list[int]
    body_end: int  # the line after the body: the 'Comments N' line, else the first header, else the end
    cut_tail: int | None = None


def _layout(lines: list[str], source: str) -> _Layout:
    title_at = next(i for i, line in enumerate(lines) if line.strip())
    comments_at = next((i for i in range(title_at + 1, len(lines)) if COMMENTS_LINE.match(lines[i])), None)
    search_from = title_at + 1 if comments_at is None else comments_at + 1
    headers = [i for i in range(search_from, len(lines)) if HEADER.match(lines[i])]
    body_end = comments_at if comments_at is not None else (headers[0] if headers else len(lines))
    arabic_lines = [i for i in range(title_at + 1, body_end) if ARABIC_LINK.match(lines[i].strip())]
    if comments_at is None and not headers and not arabic_lines and not ARABIC_LINK.search(lines[title_at]):
        raise LoadError(
            source,
            "not a saved news page: expected a 'Comments N' line or comment "
            "headers like 'Thumb name 20 February 2013, 17:55'",
        )
    return _Layout(title_at, comments_at, headers, arabic_lines, body_end)


def _check_end(lines: list[str], ends_with_newline: bool, layout: _Layout, report: FileReport) -> None:
    """The last line of a save cut short may be half a header: never a comment, never text."""
    last = len(lines) - 1
    if ends_with_newline:
        return
    if (
        last > layout.title_at
        and last not in layout.headers
        and last != layout.comments_at
        and _is_cut_structure(lines[last])
        and (not lines[last - 1].strip() or last - 1 in layout.headers or last - 1 == layout.comments_at)
    ):
        layout.cut_tail = last
        report.skip(
            last + 1, "cut comment header or 'Comments N' line at the end of the file (truncated save)", lines[last]
        )
    elif not re.search(r"[.!?)\]\"'’”:]\s*$", lines[last]):
        report.warnings.append(
            f"line {last + 1}: the file ends mid-sentence with no final newline; the save may have been cut short"
        )


def _article(lines: list[str], layout: _Layout, report: FileReport) -> dict:
    """The article row (without its counts) from the title, body and ``Comments N`` lines."""
    roles = report.line_roles
    if layout.title_at:
        roles["blank"] += layout.title_at
    title = lines[layout.title_at].strip()
    roles["title"] += 1
    arabic_in_title = ARABIC_LINK.search(lines[layout.title_at])
    if arabic_in_title:
        title = title[: arabic_in_title.start()].rstrip()
        report.warnings.append(f"line {layout.title_at + 1}: link to the Arabic version removed from the title")
    paragraphs = []
    for i in range(layout.title_at + 1, layout.body_end):
        if i == layout.cut_tail:
            continue
        line = lines[i]
        if not line.strip():
            roles["blank"] += 1
        elif i in layout.arabic_lines:
            report.skip(i + 1, "link to the Arabic version of the article", line)
        else:
            roles["body"] += 1
            paragraphs.append(line.strip())
    body = "\n\n".join(paragraphs)
    declared = None
    if layout.comments_at is not None:
        roles["comments_count"] += 1
        declared = int(COMMENTS_LINE.match(lines[layout.comments_at])["n"])
        if declared >= 2**63:  # more than an integer column holds: a corrupted line, not a count
            report.warnings.append(f"line {layout.comments_at + 1}: 'Comments N' with an impossible count: ignored")
            declared = None
    else:
        report.warnings.append(
            "no 'Comments N' line: the page has no comment section"
            + (" line, but comment headers were found" if layout.headers else "")
        )
    return {
        "article_id": ids.article_id(title, body),
        "title": title,
        "body": body,
        "source": report.source,
        "published": None,
        "declared_comments": declared,
    }


def _comment(lines: list[str], k: int, layout: _Layout, article_id: str, report: FileReport) -> dict:
    """The comment whose header is the ``k``-th: its body runs to the next header."""
    start = layout.headers[k]
    end = layout.headers[k + 1] if k + 1 < len(layout.headers) else len(lines)
    m = HEADER.match(lines[start])
    report.line_roles["comment_header"] += 1
    try:
        timestamp = datetime(
            int(m["year"]), MONTHS.index(m["month"]) + 1, int(m["day"]), int(m["hour"]), int(m["minute"])
        )
    except ValueError:
        timestamp = None
        report.warnings.append(f"line {start + 1}: impossible date or time; timestamp left missing")
    block = trim_blank([i for i in range(start + 1, end) if i != layout.cut_tail], lines, report)
    report.line_roles["comment_text"] += len(block)
    for i in block:
        other = HEADER_ANY_AVATAR.match(lines[i])
        if other and other["avatar"] not in AVATARS:
            report.warnings.append(
                f"line {i + 1}: looks like a comment header with an unknown "
                f"avatar marker {other['avatar']!r}; kept as comment text"
            )
    text_ = "\n".join(lines[i] for i in block)
    return {
        "article_id": article_id,
        "position": k,
        "author": m["author"].strip(),
        "is_guest": m["guest"] is not None,
        "avatar": m["avatar"],
        "timestamp": timestamp,
        "text": text_,
        "mentions": mentions(text_),
        "n_words": n_words(text_),
        "parent_id": None,
    }


def parse(text: str, report: FileReport) -> tuple[list[dict], list[dict]]:
    """Parse one decoded page into article rows and comment rows, filling ``report``."""
    lines = page_lines(text, report, "empty file; expected a saved news page (title, body, 'Comments N', comments)")
    layout = _layout(lines, report.source)
    _check_end(lines, text.endswith("\n"), layout, report)
    article = _article(lines, layout, report)
    # Between the 'Comments N' line and the first header: nothing a comment owns.
    section_start = layout.body_end + (1 if layout.comments_at is not None else 0)
    for i in range(section_start, layout.headers[0] if layout.headers else len(lines)):
        if i == layout.cut_tail:
            continue
        if lines[i].strip():
            report.skip(i + 1, "text between the 'Comments N' line and the first comment header", lines[i])
        else:
            report.line_roles["blank"] += 1
    comments = [_comment(lines, k, layout, article["article_id"], report) for k in range(len(layout.headers))]
    return finish_page(article, comments, report)


def _sniff(head: Head) -> float:
    # Below a WordPress page's count line, above its 'Posted by' lines: a page with both layouts'
    # landmarks is naharnet unless it has the 'N thoughts on' line. Blank text is this layout's
    # empty page, which parse reports as such.
    return 0.65 if looks_like_page(head.text) else 0.1 if not head.text.strip() else 0.0


register_layout(
    FORMAT,
    priority=30,
    sniff=_sniff,
    parse=parse,
    expected="a naharnet page (a 'Comments N' line, comment headers like 'Thumb name 20 February 2013, 17:55')",
)
