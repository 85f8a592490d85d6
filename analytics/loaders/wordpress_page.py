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
from ..model.text import mentions, n_words
from .pages import finish_page
from ..model.load_report import FileReport, LoadError
from .registry import Head, Loader, register

FORMAT = "wordpress-page"
THOUGHTS = re.compile(r"^[ \t]*(?P<n>\d+|One|one|No|no)[ \t]+(?:thoughts?|responses?|comments?|replies)"
                      r"[ \t]+(?:on|to)[ \t]+[\"“”„«'‘’](?P<title>.*)[\"“”»'‘’][ \t]*$")
POSTED_BY = re.compile(r"^[ \t]*Posted[ \t]+by[ \t]+(?P<author>.+?)[ \t]*\|[ \t]*"
                       r"(?P<when>[A-Z][a-z]+[ \t]+\d{1,2},[ \t]*\d{4},?[ \t]+\d{1,2}:\d{2}[ \t]*[AaPp]\.?[Mm]\.?)[ \t]*$")
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


def parse(text: str, report: FileReport) -> tuple[list[dict], list[dict]]:
    """Parse one decoded page into article rows and comment rows, filling ``report``."""
    source = report.source
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    report.lines = len(lines)
    roles = report.line_roles
    if not any(line.strip() for line in lines):
        raise LoadError(source, "empty file; expected a saved WordPress page")
    count_at = next((i for i, line in enumerate(lines) if THOUGHTS.match(line)), None)
    posted = [i for i, line in enumerate(lines) if POSTED_BY.match(line)]

    # --- where the comments start --------------------------------------------------------------
    if count_at is not None:
        count = THOUGHTS.match(lines[count_at])
        declared = 0 if count["n"].lower() == "no" else 1 if count["n"].lower() == "one" else int(count["n"])
        if declared >= 2 ** 63:  # more than an integer column holds: a corrupted line, not a count
            report.warnings.append(f"line {count_at + 1}: comment count too large to be one: ignored")
            declared = None
        wanted_title = count["title"].strip()
        comments_from = count_at + 1
    else:
        declared, wanted_title = None, None
        after = [i for i in range(len(lines)) if NUMBER.match(lines[i]) and NUMBER.match(lines[i])["n"] == "1"
                 and any(p > i for p in posted)]
        if not posted or not after:
            raise LoadError(source, "not a saved WordPress page: expected a line 'N thoughts on \"TITLE\"' "
                            "and comments followed by 'Posted by NAME | Month D, YYYY, h:mm am/pm'")
        comments_from = after[0]
        report.warnings.append("no 'N thoughts on \"TITLE\"' line: comments taken to start at the first "
                               f"numbered line before a 'Posted by' line (line {comments_from + 1})")
    footers = [p for p in posted if p >= comments_from]

    # --- the article ---------------------------------------------------------------------------
    head = [i for i in range(comments_from - (1 if count_at is not None else 0)) if lines[i].strip()]
    if not head:
        raise LoadError(source, "not a saved WordPress page: no title before the comments")
    title_at = next((i for i in head if lines[i].strip() == wanted_title), head[0])
    for i in range(title_at):
        if lines[i].strip():
            report.skip(i + 1, "text before the title (site header)", lines[i])
        else:
            roles["blank"] += 1
    title = lines[title_at].strip()
    roles["title"] += 1
    if wanted_title is not None and title != wanted_title:
        report.warnings.append(f"line {title_at + 1}: the title {title!r} differs from the one in the "
                               f"'thoughts on' line ({wanted_title!r}); the first is kept")
    paragraphs, published = [], None
    for i in range(title_at + 1, comments_from - (1 if count_at is not None else 0)):
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
    if count_at is not None:
        roles["comments_count"] += 1
    body = "\n\n".join(paragraphs)
    article = ids.article_id(title, body)

    # --- the comments: each ends at its "Posted by" line ---------------------------------------
    comments = []
    start = comments_from
    for k, end in enumerate(footers):
        block = list(range(start, end))
        while block and not lines[block[0]].strip():
            roles["blank"] += 1
            block.pop(0)
        while block and not lines[block[-1]].strip():
            roles["blank"] += 1
            block.pop()
        body_lines = [lines[i] for i in block]
        number = NUMBER.match(body_lines[0]) if body_lines else None
        if number:
            body_lines[0] = number["rest"]
            if not body_lines[0].strip():
                body_lines.pop(0)
                roles["comment_number"] += 1
            if int(number["n"]) != k + 1:
                report.warnings.append(f"line {block[0] + 1}: comment numbered {number['n']} where {k + 1} "
                                       "was expected")
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
        comments.append({"article_id": article, "position": k, "author": footer["author"].strip(),
                         "is_guest": False, "avatar": None, "timestamp": timestamp, "text": text_,
                         "mentions": mentions(text_), "n_words": n_words(text_), "parent_id": None,
                         "source_id": number["n"] if number else None})
        start = end + 1
    tail = [i for i in range(start, len(lines))]
    tail_text = [i for i in tail if lines[i].strip()]
    cut = tail_text and NUMBER.match(lines[tail_text[0]]) is not None
    for i in tail:
        if not lines[i].strip():
            roles["blank"] += 1
        elif cut:
            report.skip(i + 1, "comment without its 'Posted by' line (the save may be cut short)", lines[i])
        else:
            report.skip(i + 1, "text after the last comment", lines[i])
    return finish_page({"article_id": article, "title": title, "body": body, "source": source,
                        "published": published, "declared_comments": declared}, comments, report)


def _sniff(head: Head) -> float:
    # The count line is this layout's strongest landmark (above a naharnet page's 0.65);
    # 'Posted by' lines alone lose to naharnet's landmarks.
    return 0.7 if has_count_line(head.text) else 0.6 if looks_like_page(head.text) else 0.0


register(Loader(FORMAT, "page", "a saved news page", (".txt",), priority=40, reads_text=True, sniff=_sniff,
                parse=lambda text, report, head: parse(text, report),
                expected="a WordPress page (a line 'N thoughts on \"TITLE\"', comments ending "
                         "'Posted by NAME | Month D, YYYY, h:mm am/pm')"))
