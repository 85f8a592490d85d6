"""Which column of a table holds which comment field.

Columns are recognised by their usual names (:data:`FIELDS`, compared without case, spaces or
underscores) or named by a mapping (``{"author": "user_id"}``, the command line's
``--map author=user_id``, or by position, 1-based: ``--map text=2``). Only the comment text is
required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """A comment or article field a table can hold, and the column names that hold it."""

    name: str
    names: tuple[str, ...]  # recognised column names, most telling first
    meaning: str
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field(
        "text",
        ("text", "body", "comment", "content", "message", "comment_text", "comment_body", "comment_content"),
        "the comment's text",
        required=True,
    ),
    Field(
        "author",
        (
            "author",
            "user",
            "username",
            "name",
            "author_name",
            "user_name",
            "screen_name",
            "commenter",
            "user_id",
            "author_id",
        ),
        "who wrote it",
    ),
    Field(
        "timestamp",
        (
            "timestamp",
            "date",
            "time",
            "created_at",
            "created_utc",
            "created",
            "datetime",
            "posted",
            "posted_at",
            "date_gmt",
        ),
        "when it was posted",
    ),
    Field("id", ("comment_id", "id", "source_id", "cid"), "the comment's own id, which replies name as parent"),
    Field(
        "parent",
        ("parent", "parent_id", "reply_to", "parent_comment_id", "in_reply_to", "in_reply_to_id", "source_parent_id"),
        "the id of the comment it answers",
    ),
    Field(
        "reply_to_author",
        (
            "reply_to_author",
            "addressed_to",
            "in_reply_to_user",
            "in_reply_to_screen_name",
            "reply_to_user",
            "parent_author",
            "mentions",
        ),
        "the author(s) it answers: @a @b, a, b or a JSON list (not a user id: parent_user_id is not read)",
    ),
    Field(
        "article",
        (
            "article",
            "article_id",
            "article_url",
            "thread",
            "thread_id",
            "post",
            "post_id",
            "url",
            "link",
            "permalink",
            "page",
            "page_url",
        ),
        "the article or thread it is under",
    ),
    Field("title", ("title", "article_title", "thread_title", "post_title", "headline"), "the article's title"),
    Field("body", ("article_body", "article_text"), "the article's text"),
    Field(
        "published",
        ("published", "published_at", "article_date", "article_published"),
        "when the article was published",
    ),
    Field("is_guest", ("is_guest", "guest", "is_anonymous", "anonymous"), "true for unregistered authors"),
    Field("avatar", ("avatar",), "the avatar marker"),
    Field("is_deleted", ("is_deleted", "deleted"), "true for deleted comments"),
    Field("is_spam", ("is_spam", "spam"), "true for spam"),
    Field("is_pingback", ("is_pingback", "pingback"), "true for pingbacks and trackbacks"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
#: A mapping's entry naming where a JSON document's records are (``--records data.comments``), not a field.
RECORDS = "records"
# Other names a mapping may use for a field (the contract's column names among them).
MAPPING_ALIASES = {
    "comment_id": "id",
    "source_id": "id",
    "parent_id": "parent",
    "source_parent_id": "parent",
    "article_id": "article",
    "thread": "article",
    "url": "article",
    "user": "author",
    "article_body": "body",
    "created_at": "timestamp",
    "date": "timestamp",
    "addressed_to": "reply_to_author",
}


def _norm(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _field_name(key: str) -> str:
    name = MAPPING_ALIASES.get(key.strip(), key.strip())
    if name not in FIELD_NAMES:
        raise ValueError(f"unknown field {key!r} in the column mapping; fields: {', '.join(FIELD_NAMES)}")
    return name


def recognised_columns(
    columns: Sequence[str], *, mapping: Mapping[str, str] | None = None, guess: bool = True
) -> dict[str, str]:
    """Which column holds which field: the ``mapping`` first, then (unless not ``guess``) the usual names.

    Raises ``ValueError`` for a mapping that names an unknown field or a column not in ``columns``.

    Examples:
        >>> recognised_columns(["id", "comment_id", "parent_comment_id", "user_id", "content"])
        {'text': 'content', 'author': 'user_id', 'id': 'comment_id', 'parent': 'parent_comment_id'}
        >>> recognised_columns(["msg", "who"], mapping={"text": "msg", "author": "who"})
        {'text': 'msg', 'author': 'who'}
    """
    columns = [str(c) for c in columns]
    found: dict[str, str] = {}
    for key, column in (mapping or {}).items():
        if key == RECORDS:
            continue
        name = _field_name(key)
        if column in columns:
            found[name] = column
        elif column.isdigit() and 1 <= int(column) <= len(columns):
            found[name] = columns[int(column) - 1]  # a position, 1-based (headerless files)
        else:
            match = [c for c in columns if _norm(c) == _norm(column)]
            if not match:
                raise ValueError(
                    f"mapped column {column!r} (for {name}) not found; found columns: {', '.join(columns) or '(none)'}"
                )
            found[name] = match[0]
    used = set(found.values())
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(_norm(c), c)
    for field in FIELDS if guess else ():
        if field.name in found:
            continue
        for candidate in field.names:
            column = by_norm.get(_norm(candidate))
            if column is not None and column not in used:
                found[field.name] = column
                used.add(column)
                break
    return {f.name: found[f.name] for f in FIELDS if f.name in found}


def missing_text_column(columns: Sequence[str]) -> str:
    """The one-line complaint for a table without a text column: columns found and expected."""
    text = next(f for f in FIELDS if f.name == "text")
    return (
        f"no column for the comment text: found columns {', '.join(map(str, columns)) or '(none)'}; "
        f"expected one of {', '.join(text.names)} (or name it: --map text=COLUMN)"
    )
