"""The saved-page layout of naharnet.com articles: title, body, ``Comments N``, then comments.

A comment starts with a header line ``<avatar> <user>[ (Guest)] <D Month YYYY>, <HH:MM>`` and
its body runs to the next header. Pages show comments in threaded order, not time order.
"""
from __future__ import annotations

import re
from datetime import datetime

from ..model import ids
from ..model.text import mentions, n_words
from .pages import finish_page
from ..model.load_report import FileReport, LoadError
from .registry import Head, Loader, register

FORMAT = "naharnet-page"
AVATARS = ("Default-user-icon", "Thumb", "Missing")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_DATE = (rf"[ \t]+(?P<day>\d{{1,2}})[ \t]+(?P<month>{'|'.join(MONTHS)})[ \t]+(?P<year>\d{{4}}),"
         r"[ \t]*(?P<hour>\d{1,2}):(?P<minute>\d{2})[ \t]*$")
HEADER = re.compile(rf"^(?P<avatar>{'|'.join(AVATARS)})[ \t]+(?P<author>\S.*?)"
                    rf"(?P<guest>[ \t]+\(Guest\))?{_DATE}")
# The same shape with any first word: warns about avatar markers we have not seen yet.
HEADER_ANY_AVATAR = re.compile(rf"^(?P<avatar>\S+)[ \t]+(?P<author>\S.*?)(?:[ \t]+\(Guest\))?{_DATE}")
COMMENTS_LINE = re.compile(r"^[ \t]*Comments[ \t]+(?P<n>\d+)[ \t]*$")
# The link to the Arabic version of the article ("read this news in Arabic"), sometimes followed
# by an image token such as W460; in a later layout it is glued to the end of the title.
ARABIC_LINK = re.compile(r"[إا]قرأ هذا الخبر بالعربية(?:[ \t]+\S+)?[ \t]*$")


def looks_like_page(text: str) -> bool:
    """Whether ``text`` has any landmark of this layout (cheap; for format detection)."""
    return any(COMMENTS_LINE.match(line) or HEADER.match(line) or ARABIC_LINK.search(line)
               for line in text.split("\n"))


def _is_cut_structure(line: str) -> bool:
    """Whether a last line could be a comment header or ``Comments N`` line cut short."""
    stripped = line.strip()
    if not stripped:
        return False
    if any(a.startswith(stripped) or stripped.startswith(a + " ") for a in AVATARS):
        return True
    return "Comments ".startswith(stripped) or re.fullmatch(r"Comments[ \t]+\d*", stripped) is not None


def parse(text: str, report: FileReport) -> tuple[list[dict], list[dict]]:
    """Parse one decoded page into article rows and comment rows, filling ``report``."""
    source = report.source
    lines = text.split("\n")
    ends_with_newline = text.endswith("\n")
    if ends_with_newline:
        lines.pop()  # the empty string after the final newline is not a line
    report.lines = len(lines)
    roles = report.line_roles
    if not any(line.strip() for line in lines):
        raise LoadError(source, "empty file; expected a saved news page (title, body, 'Comments N', comments)")

    title_at = next(i for i, line in enumerate(lines) if line.strip())
    comments_at = next((i for i in range(title_at + 1, len(lines)) if COMMENTS_LINE.match(lines[i])), None)
    search_from = title_at + 1 if comments_at is None else comments_at + 1
    headers = [i for i in range(search_from, len(lines)) if HEADER.match(lines[i])]
    arabic_in_title = ARABIC_LINK.search(lines[title_at])
    arabic_lines = [i for i in range(title_at + 1, comments_at if comments_at is not None else
                                     (headers[0] if headers else len(lines)))
                    if ARABIC_LINK.match(lines[i].strip())]
    if comments_at is None and not headers and not arabic_lines and not arabic_in_title:
        raise LoadError(source, "not a saved news page: expected a 'Comments N' line or comment "
                        "headers like 'Thumb name 20 February 2013, 17:55'")

    # The last line of a save cut short may be half a header: never a comment, never text.
    cut_tail = None
    last = len(lines) - 1
    if (not ends_with_newline and last > title_at and last not in headers and last != comments_at
            and _is_cut_structure(lines[last])
            and (not lines[last - 1].strip() or last - 1 in headers or last - 1 == comments_at)):
        cut_tail = last
        report.skip(last + 1, "cut comment header or 'Comments N' line at the end of the file "
                    "(truncated save)", lines[last])
    elif not ends_with_newline and not re.search(r"[.!?)\]\"'’”:]\s*$", lines[last]):
        report.warnings.append(f"line {last + 1}: the file ends mid-sentence with no final "
                               "newline; the save may have been cut short")

    # --- the article -----------------------------------------------------------------------
    for i in range(title_at):
        roles["blank"] += 1
    title = lines[title_at].strip()
    roles["title"] += 1
    if arabic_in_title:
        title = title[:arabic_in_title.start()].rstrip()
        report.warnings.append(f"line {title_at + 1}: link to the Arabic version removed from the title")
    body_end = comments_at if comments_at is not None else (headers[0] if headers else len(lines))
    paragraphs = []
    for i in range(title_at + 1, body_end):
        if i == cut_tail:
            continue
        line = lines[i]
        if not line.strip():
            roles["blank"] += 1
        elif i in arabic_lines:
            report.skip(i + 1, "link to the Arabic version of the article", line)
        else:
            roles["body"] += 1
            paragraphs.append(line.strip())
    body = "\n\n".join(paragraphs)
    declared = None
    if comments_at is not None:
        roles["comments_count"] += 1
        declared = int(COMMENTS_LINE.match(lines[comments_at])["n"])
        if declared >= 2 ** 63:  # more than an integer column holds: a corrupted line, not a count
            report.warnings.append(f"line {comments_at + 1}: 'Comments N' with an impossible count: ignored")
            declared = None
    else:
        report.warnings.append("no 'Comments N' line: the page has no comment section"
                               + (" line, but comment headers were found" if headers else ""))
    article = ids.article_id(title, body)

    # --- the comments ----------------------------------------------------------------------
    section_start = body_end + (1 if comments_at is not None else 0)
    first_header = headers[0] if headers else len(lines)
    for i in range(section_start, first_header):
        if i == cut_tail:
            continue
        if lines[i].strip():
            report.skip(i + 1, "text between the 'Comments N' line and the first comment header", lines[i])
        else:
            roles["blank"] += 1
    comments = []
    for k, start in enumerate(headers):
        end = headers[k + 1] if k + 1 < len(headers) else len(lines)
        m = HEADER.match(lines[start])
        roles["comment_header"] += 1
        try:
            timestamp = datetime(int(m["year"]), MONTHS.index(m["month"]) + 1, int(m["day"]),
                                 int(m["hour"]), int(m["minute"]))
        except ValueError:
            timestamp = None
            report.warnings.append(f"line {start + 1}: impossible date or time; timestamp left missing")
        body_lines = [lines[i] for i in range(start + 1, end) if i != cut_tail]
        while body_lines and not body_lines[0].strip():
            body_lines.pop(0)
            roles["blank"] += 1
        while body_lines and not body_lines[-1].strip():
            body_lines.pop()
            roles["blank"] += 1
        roles["comment_text"] += len(body_lines)
        for j, line in enumerate(body_lines):
            other = HEADER_ANY_AVATAR.match(line)
            if other and other["avatar"] not in AVATARS:
                report.warnings.append(f"line {start + 2 + j}: looks like a comment header with an unknown "
                                       f"avatar marker {other['avatar']!r}; kept as comment text")
        text_ = "\n".join(body_lines)
        comments.append({"article_id": article, "position": k, "author": m["author"].strip(),
                         "is_guest": m["guest"] is not None, "avatar": m["avatar"],
                         "timestamp": timestamp, "text": text_, "mentions": mentions(text_),
                         "n_words": n_words(text_), "parent_id": None})
    return finish_page({"article_id": article, "title": title, "body": body, "source": source,
                        "published": None, "declared_comments": declared}, comments, report)


def _sniff(head: Head) -> float:
    # Below a WordPress page's count line, above its 'Posted by' lines: a page with both layouts'
    # landmarks is naharnet unless it has the 'N thoughts on' line. Blank text is this layout's
    # empty page, which parse reports as such.
    return 0.65 if looks_like_page(head.text) else 0.1 if not head.text.strip() else 0.0


register(Loader(FORMAT, "page", "a saved news page", (".txt",), priority=30, reads_text=True, sniff=_sniff,
                parse=lambda text, report, head: parse(text, report),
                expected="a naharnet page (a 'Comments N' line, comment headers like "
                         "'Thumb name 20 February 2013, 17:55')"))
