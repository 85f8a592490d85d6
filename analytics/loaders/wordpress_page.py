"""The saved-page layout of WordPress blogs: title, post, ``N thoughts on "TITLE"``, then a
numbered list of comments, each body followed by ``Posted by NAME | Month D, YYYY, h:mm am/pm``.

A comment starts with its number (``1.``) and runs, over paragraphs, to its ``Posted by`` line;
only that line ends a comment, so a body may hold numbered points or cite other comments by
number. The number is kept as the comment's ``source_id``.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import ids
from ..model.load_report import FileReport, LoadError
from ..model.text import mentions, n_words
from .pages import finish_page, page_lines, register_layout, trim_blank
from .registry import Head

FORMAT = "wordpress-page"
THOUGHTS = re.compile(
    r"^[ \t]*(?P<n>\d+|One|one|No|no)[ \t]+(?:thoughts?|responses?|comments?|replies)"
    r"[ \t]+(?:on|to)[ \t]+[\"“”„«'‘’](?P<title>.*)[\"“”»'‘’][ \t]*$"
)
POSTED_BY = re.compile(
    r"^[ \t]*Posted[ \t]+by[ \t]+(?P<author>.+?)[ \t]*\|[ \t]*"
    r"(?P<when>[A-Z][a-z]+[ \t]+\d{1,2},[ \t]*\d{4},?[ \t]+\d{1,2}:\d{2}[ \t]*[AaPp]\.?[Mm]\.?)[ \t]*$"
)
NUMBER = re.compile(r"^[ \t]*#?(?P<n>\d{1,6})[.)][ \t]*(?P<rest>.*)$")


def looks_like_page(text: str) -> bool:
    """Whether ``text`` has a landmark of this layout: the ``N thoughts on`` or a ``Posted by`` line.

    Examples:
        >>> looks_like_page('Title\\n\\nPost.\\n\\n2 thoughts on “Title”\\n')
        True
        >>> looks_like_page("Title\\nComments 3\\n")
        False
    """
    return any(THOUGHTS.match(line) or POSTED_BY.match(line) for line in text.split("\n"))


def has_count_line(text: str) -> bool:
    """Whether ``text`` has the ``N thoughts on "TITLE"`` line (the layout's strongest landmark)."""
    return any(THOUGHTS.match(line) for line in text.split("\n"))


def _when(text: str) -> datetime | None:
    text = re.sub(r"\s+", " ", text.replace(".", "")).strip()
    for fmt in ("%B %d, %Y, %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y, %I:%M %p", "%b %d, %Y %I:%M %p"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _comments_start(lines: list[str], report: FileReport) -> tuple[int | None, int | None, str | None, int]:
    """``(count line, declared count, title it names, first line of the comments)``: after the
    ``N thoughts on`` line, or without one, the first numbered line before a ``Posted by`` line."""
    count_at = next((i for i, line in enumerate(lines) if THOUGHTS.match(line)), None)
    if count_at is not None:
        count = THOUGHTS.match(lines[count_at])
        declared = 0 if count["n"].lower() == "no" else 1 if count["n"].lower() == "one" else int(count["n"])
        if declared >= 2**63:  # more than an integer column holds: a corrupted line, not a count
            report.warnings.append(f"line {count_at + 1}: comment count too large to be one: ignored")
            declared = None
        return count_at, declared, count["title"].strip(), count_at + 1
    posted = [i for i, line in enumerate(lines) if POSTED_BY.match(line)]
    after = [
        i
        for i in range(len(lines))
        if NUMBER.match(lines[i]) and NUMBER.match(lines[i])["n"] == "1" and any(p > i for p in posted)
    ]
    if not posted or not after:
        raise LoadError(
            report.source,
            "not a saved WordPress page: expected a line 'N thoughts on \"TITLE\"' "
            "and comments followed by 'Posted by NAME | Month D, YYYY, h:mm am/pm'",
        )
    report.warnings.append(
        "no 'N thoughts on \"TITLE\"' line: comments taken to start at the first "
        f"numbered line before a 'Posted by' line (line {after[0] + 1})"
    )
    return None, None, None, after[0]


def _article(lines: list[str], head_end: int, wanted_title: str | None, report: FileReport) -> dict:
    """The article row (without its counts) from the lines before the comments (``:head_end``)."""
    roles = report.line_roles
    head = [i for i in range(head_end) if lines[i].strip()]
    if not head:
        raise LoadError(report.source, "not a saved WordPress page: no title before the comments")
    title_at = next((i for i in head if lines[i].strip() == wanted_title), head[0])
    for i in range(title_at):
        if lines[i].strip():
            report.skip(i + 1, "text before the title (site header)", lines[i])
        else:
            roles["blank"] += 1
    title = lines[title_at].strip()
    roles["title"] += 1
    if wanted_title is not None and title != wanted_title:
        report.warnings.append(
            f"line {title_at + 1}: the title {title!r} differs from the one in the "
            f"'thoughts on' line ({wanted_title!r}); the first is kept"
        )
    paragraphs, published = [], None
    for i in range(title_at + 1, head_end):
        line = lines[i]
        byline = POSTED_BY.match(line)
        if not line.strip():
            roles["blank"] += 1
        elif byline:
            roles["byline"] += 1
            published = published or _when(byline["when"])
        else:
            roles["body"] += 1
            paragraphs.append(line.strip())
    body = "\n\n".join(paragraphs)
    return {
        "article_id": ids.article_id(title, body),
        "title": title,
        "body": body,
        "source": report.source,
        "published": published,
    }


def _comment(lines: list[str], block: list[int], end: int, k: int, article_id: str, report: FileReport) -> dict:
    """The ``k``-th comment: the lines ``block`` before its ``Posted by`` line ``end``."""
    roles = report.line_roles
    block = trim_blank(block, lines, report)
    body_lines = [lines[i] for i in block]
    number = NUMBER.match(body_lines[0]) if body_lines else None
    if number:
        body_lines[0] = number["rest"]
        if not body_lines[0].strip():
            body_lines.pop(0)
            roles["comment_number"] += 1
        if int(number["n"]) != k + 1:
            report.warnings.append(f"line {block[0] + 1}: comment numbered {number['n']} where {k + 1} was expected")
    else:
        report.warnings.append(f"line {(block[0] if block else end) + 1}: comment {k + 1} has no number")
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        roles["blank"] += 1
    roles["comment_text"] += len(body_lines)
    footer = POSTED_BY.match(lines[end])
    roles["comment_footer"] += 1
    timestamp = _when(footer["when"])
    if timestamp is None:
        report.warnings.append(f"line {end + 1}: impossible date or time; timestamp left missing")
    text_ = "\n".join(body_lines)
    return {
        "article_id": article_id,
        "position": k,
        "author": footer["author"].strip(),
        "is_guest": False,
        "avatar": None,
        "timestamp": timestamp,
        "text": text_,
        "mentions": mentions(text_),
        "n_words": n_words(text_),
        "parent_id": None,
        "source_id": number["n"] if number else None,
    }


def _tail(lines: list[str], start: int, report: FileReport) -> None:
    """The lines after the last ``Posted by`` line: a comment cut short, or the site's footer."""
    tail_text = [i for i in range(start, len(lines)) if lines[i].strip()]
    cut = tail_text and NUMBER.match(lines[tail_text[0]]) is not None
    for i in range(start, len(lines)):
        if not lines[i].strip():
            report.line_roles["blank"] += 1
        elif cut:
            report.skip(i + 1, "comment without its 'Posted by' line (the save may be cut short)", lines[i])
        else:
            report.skip(i + 1, "text after the last comment", lines[i])


def parse(text: str, report: FileReport) -> tuple[list[dict], list[dict]]:
    """Parse one decoded page into article rows and comment rows, filling ``report``."""
    lines = page_lines(text, report, "empty file; expected a saved WordPress page")
    count_at, declared, wanted_title, comments_from = _comments_start(lines, report)
    article = _article(lines, count_at if count_at is not None else comments_from, wanted_title, report)
    if count_at is not None:
        report.line_roles["comments_count"] += 1
    # Each comment ends at its "Posted by" line.
    footers = [i for i in range(comments_from, len(lines)) if POSTED_BY.match(lines[i])]
    comments, start = [], comments_from
    for k, end in enumerate(footers):
        comments.append(_comment(lines, list(range(start, end)), end, k, article["article_id"], report))
        start = end + 1
    _tail(lines, start, report)
    return finish_page({**article, "declared_comments": declared}, comments, report)


def _sniff(head: Head) -> float:
    # The count line is this layout's strongest landmark (above a naharnet page's 0.65);
    # 'Posted by' lines alone lose to naharnet's landmarks.
    return 0.7 if has_count_line(head.text) else 0.6 if looks_like_page(head.text) else 0.0


register_layout(
    FORMAT,
    priority=40,
    sniff=_sniff,
    parse=parse,
    expected="a WordPress page (a line 'N thoughts on \"TITLE\"', comments ending "
    "'Posted by NAME | Month D, YYYY, h:mm am/pm')",
)
