"""The data contract: the columns of the article and comment frames, written down once.

Every loader's output passes :func:`validate`; every analysis function may rely on it.
``docs/data-contract.md`` is rendered from this module (``python -m analytics contract``) and
a test fails when the two drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from ..errors import ContractError


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a human name of the type, shown in the docs
    meaning: str
    nullable: bool = False
    default: object = None  # filled in where a loader row leaves the column out (flags added later)


def _is_str(s: pd.Series) -> bool:
    if isinstance(s.dtype, pd.StringDtype):
        return True
    return s.dropna().map(lambda v: isinstance(v, str)).all() and not ptypes.is_numeric_dtype(s)


def _is_list_of_str(s: pd.Series) -> bool:
    return s.map(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)).all()


_CHECKS: dict[str, Callable[[pd.Series], bool]] = {
    "string": _is_str,
    "datetime": ptypes.is_datetime64_any_dtype,
    "integer": lambda s: ptypes.is_integer_dtype(s),
    "boolean": ptypes.is_bool_dtype,
    "float": ptypes.is_float_dtype,
    "list of strings": _is_list_of_str,
}


ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column(
        "article_id",
        "string",
        "Stable id: a hash of title and body, so the same article "
        "gets the same id on every reload and from every file that holds it.",
    ),
    Column("title", "string", "Headline as printed on the page, without the link to the Arabic version."),
    Column("body", "string", "Article text; paragraphs separated by one blank line."),
    Column("source", "string", "File name the article was read from."),
    Column("published", "datetime", "Publication time, where the input states it.", nullable=True),
    Column(
        "declared_comments",
        "integer",
        "The comment count the page itself declares (`Comments N`); missing where the page has no such line.",
        nullable=True,
    ),
    Column("parsed_comments", "integer", "Number of comments actually parsed for this article."),
)

COMMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "comment_id",
        "string",
        "Stable id: a hash of article, author, timestamp and text "
        "(a suffix `-2`, `-3` ... tells exact duplicates apart in display order).",
    ),
    Column("article_id", "string", "The article the comment belongs to."),
    Column(
        "position", "integer", "Display order on the page, 0-based. Pages show threaded order, which is not time order."
    ),
    Column("author", "string", "User name as shown, guests without the `(Guest)` suffix."),
    Column("is_guest", "boolean", "True where the page marks the author `(Guest)` (unregistered)."),
    Column(
        "avatar",
        "string",
        "The avatar marker seen before the name (`Default-user-icon`, "
        "`Thumb`, `Missing`); missing where the input has none.",
        nullable=True,
    ),
    Column(
        "timestamp",
        "datetime",
        "Time the comment was posted, as printed (no time zone); inputs "
        "that state a zone (exports, ISO 8601 with an offset, Unix times) are converted to UTC. "
        "Missing where the input has none or it could not be read (counted in the load report).",
        nullable=True,
    ),
    Column("text", "string", "Comment body, byte-for-byte as saved (line breaks as `\\n`); may be empty."),
    Column("mentions", "list of strings", "The `@handles` in the text, in order, without `@`."),
    Column(
        "addressed_to",
        "list of strings",
        "The authors the input itself says this comment answers (a `reply_to_author`, `mentions` or "
        "`in_reply_to_user` column), in order, without `@`; empty where it names none. Reply "
        "reconstruction treats them like `@handles` in the text.",
        default=(),
    ),
    Column("n_words", "integer", "Number of whitespace-separated tokens in `text`."),
    Column(
        "parent_id",
        "string",
        "The `comment_id` of the comment this one answers, where the input "
        "format states it (exports with a parent field); missing for saved pages, whose replies are "
        "reconstructed by `analytics.threads.replies`.",
        nullable=True,
    ),
    Column(
        "source_id",
        "string",
        "The comment's own id in the input (Disqus post id, WordPress comment "
        "id, a table's id column, the number on a numbered page); missing where the input has none. "
        "Not unique across articles: WordPress repeats ids across posts.",
        nullable=True,
    ),
    Column(
        "source_parent_id",
        "string",
        "The parent id as the input states it (in the input's ids), "
        "kept even when no comment has that id: such an orphan keeps `parent_id` missing and is "
        "listed in the load report.",
        nullable=True,
    ),
    Column(
        "is_deleted",
        "boolean",
        "True for posts the export marks deleted (Disqus `isDeleted`, "
        "WordPress `trash`): kept for the record, left out of analysis by default.",
        default=False,
    ),
    Column(
        "is_spam",
        "boolean",
        "True for posts the export marks spam (Disqus `isSpam`, WordPress "
        "`spam`): kept for the record, left out of analysis by default.",
        default=False,
    ),
    Column(
        "is_pingback",
        "boolean",
        "True for WordPress pingbacks and trackbacks (automatic link "
        "notices, not written by a reader): left out of analysis by default.",
        default=False,
    ),
)

#: Input columns the contract does not use are kept on the comment frame under this prefix
#: (``extra_label`` for an input column ``label``), typed (integer, float, boolean or string):
#: no contract or enriched column starts with it, so they can never collide.
EXTRA_PREFIX = "extra_"


def extra_columns(frame: pd.DataFrame) -> list[str]:
    """The kept input columns of a comment frame (named with :data:`EXTRA_PREFIX`), in order."""
    return [c for c in frame.columns if isinstance(c, str) and c.startswith(EXTRA_PREFIX)]


# Comments whose flag is set here are kept in the frame but left out of analysis by default.
EXCLUDED_BY_DEFAULT: tuple[str, ...] = ("is_deleted", "is_spam", "is_pingback")


def flagged_rows(comments: pd.DataFrame) -> np.ndarray:
    """Whether each comment has a flag of :data:`EXCLUDED_BY_DEFAULT` set (missing flags: not set;
    a frame without flag columns: none flagged).

    Examples:
        >>> flagged_rows(pd.DataFrame({"is_spam": [True, None, False], "is_deleted": [False, True, None]})).tolist()
        [True, True, False]
    """
    flags = [f for f in EXCLUDED_BY_DEFAULT if f in comments.columns]
    if not flags:
        return np.zeros(len(comments), dtype=bool)
    return comments[flags].fillna(False).to_numpy(dtype=bool).any(axis=1)


# Added by ``analytics.enrich`` (sentiment, toxicity, replies); documented here so every consumer reads
# one description. Not checked by ``validate``, which guards what loaders hand over.
ENRICHED_COMMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "language",
        "string",
        "`en` for English; `ar` for Arabic script; `ar-latn` for Arabic in Latin letters (Arabizi: "
        "`3am`, `la2`, `yalla`, `inshallah`), most of the words or as many as the English ones; "
        "`other` for text whose words are mostly not English; `emoji` for emoji without letters; "
        "`empty` for no text (or only digits, punctuation, emoticons). Only `en` gets sentiment and "
        "toxicity scores, and `emoji` VADER's (`vader_compound`) alone.",
    ),
    Column(
        "polarity",
        "float",
        "TextBlob (pattern analyzer) polarity in [-1, 1]; missing unless `language` is `en` "
        "(TextBlob reads no emoji: missing for `emoji` too).",
        nullable=True,
    ),
    Column(
        "subjectivity", "float", "TextBlob subjectivity in [0, 1]; missing unless `language` is `en`.", nullable=True
    ),
    Column(
        "vader_compound",
        "float",
        "VADER compound score in [-1, 1]; missing unless `language` is `en` or `emoji` (VADER reads "
        "each emoji as its description, as `vaderSentiment` does).",
        nullable=True,
    ),
    Column(
        "sentiment_label",
        "string",
        "`negative`, `neutral` or `positive` from the chosen engine's "
        "score and the thresholds in `analytics.scoring.sentiment.Thresholds`; missing where unscored "
        "(an `emoji` comment has a label only where VADER labels).",
        nullable=True,
    ),
    Column(
        "toxicity",
        "float",
        "Toxicity in [0, 1] (`analytics.scoring.toxicity`, model `combined`: incivility and "
        "hate towards groups, calibrated on labelled news comments); missing unless `language` is `en`.",
        nullable=True,
    ),
    Column(
        "toxicity_reasons",
        "string",
        "The words and phrases that raised `toxicity`, strongest first, "
        "joined by `; ` (lexicon phrases, then the words that push the score up most); empty where none "
        "stands out, missing where unscored.",
        nullable=True,
    ),
    Column(
        "reply_to",
        "string",
        "`comment_id` of the comment this one answers; missing for top-level comments.",
        nullable=True,
    ),
    Column(
        "reply_to_author",
        "string",
        "Author answered; set also when that author never commented in the thread (`mention-external`).",
        nullable=True,
    ),
    Column(
        "reply_method",
        "string",
        "How the reply was found: `parent`, `mention` (an `@handle` or an `addressed_to` name), "
        "`mention-external`, `quote`, or `none` for top-level comments. Where the input states parents, "
        "only `parent` (a blank parent is top-level).",
    ),
    Column(
        "reply_confidence",
        "float",
        "Confidence of the reply link in [0, 1], fixed per method "
        "(see `analytics.threads.replies.CONFIDENCE`); 0 for `none`.",
    ),
    Column("thread_id", "string", "`comment_id` of the root of the comment's reply chain (itself for a root)."),
    Column(
        "quotes_article",
        "string",
        "The quoted span this comment takes from the article's text (its title or body, which holds "
        "the lead): article text, never evidence of a reply; missing where none.",
        nullable=True,
    ),
    Column(
        "quotes_comment",
        "string",
        "The quoted span this comment takes from an earlier comment by another author, where it "
        "has no parent or mention link: the evidence of a `quote` reply, or, where the input states "
        "parents and this one's is blank (top-level), recorded only, never made a reply; missing where none.",
        nullable=True,
    ),
)

FRAMES: dict[str, tuple[Column, ...]] = {"articles": ARTICLE_COLUMNS, "comments": COMMENT_COLUMNS}
DOCUMENTED: dict[str, tuple[Column, ...]] = {**FRAMES, "comments, added by analytics.enrich": ENRICHED_COMMENT_COLUMNS}


def validate(articles: pd.DataFrame, comments: pd.DataFrame) -> None:
    """Raise :class:`ContractError` listing every way the two frames break the contract.

    Extra columns are allowed (analysis adds its own); the contract's columns must be there,
    of their type, missing only where the contract allows, with unique ids and every comment
    pointing at a loaded article.
    """
    problems: list[str] = []
    for frame_name, frame in (("articles", articles), ("comments", comments)):
        columns = FRAMES[frame_name]
        missing = [c.name for c in columns if c.name not in frame.columns]
        if missing:
            problems.append(f"{frame_name}: missing columns {missing}")
        for col in columns:
            if col.name not in frame.columns:
                continue
            s = frame[col.name]
            if not col.nullable and s.isna().any():
                problems.append(f"{frame_name}.{col.name}: {int(s.isna().sum())} missing values")
            if not _CHECKS[col.dtype](s):
                problems.append(f"{frame_name}.{col.name}: expected {col.dtype}, got {s.dtype}")
    if not problems:
        if articles["article_id"].duplicated().any():
            problems.append("articles.article_id: duplicated ids")
        if comments["comment_id"].duplicated().any():
            problems.append("comments.comment_id: duplicated ids")
        unknown = set(comments["article_id"]) - set(articles["article_id"])
        if unknown:
            problems.append(f"comments.article_id: {len(unknown)} ids with no article")
    if problems:
        raise ContractError("; ".join(problems))


def empty_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Empty article and comment frames with the contract's columns and types."""
    return _typed(pd.DataFrame(columns=[c.name for c in ARTICLE_COLUMNS]), ARTICLE_COLUMNS), _typed(
        pd.DataFrame(columns=[c.name for c in COMMENT_COLUMNS]), COMMENT_COLUMNS
    )


_PANDAS_DTYPES = {"string": "str", "datetime": "datetime64[us]", "boolean": "bool", "float": "float64"}


def _typed(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Cast a frame built from loader rows to the contract's types, in the contract's order."""
    out = frame.copy()
    for col in columns:
        if col.dtype == "list of strings" and col.default is not None:
            values = out[col.name] if col.name in out.columns else pd.Series(None, index=out.index, dtype=object)
            out[col.name] = pd.Series(
                [list(v) if isinstance(v, (list, tuple)) else list(col.default) for v in values.tolist()],
                index=out.index,
                dtype=object,
            )
            continue
        if col.default is not None:
            out[col.name] = (
                out[col.name].astype(object).where(out[col.name].notna(), col.default)
                if col.name in out.columns
                else col.default
            )
        if col.dtype == "integer":
            out[col.name] = out[col.name].astype("Int64" if col.nullable else "int64")
        elif col.dtype == "list of strings":
            out[col.name] = out[col.name].astype(object)
        elif col.dtype == "datetime":
            out[col.name] = pd.to_datetime(out[col.name]).astype("datetime64[us]")
        else:
            out[col.name] = out[col.name].astype(_PANDAS_DTYPES[col.dtype])
    extra = [c for c in out.columns if c not in {col.name for col in columns}]
    return out[[c.name for c in columns] + extra]


def articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Build a typed article frame from loader rows (dicts keyed by the contract's names)."""
    return _typed(pd.DataFrame(rows, columns=[c.name for c in ARTICLE_COLUMNS]), ARTICLE_COLUMNS)


def comments_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build a typed comment frame from loader rows (dicts keyed by the contract's names, or a
    frame with those columns); columns with a default (the flags) may be left out. A frame's kept
    input columns (:func:`extra_columns`) are kept, after the contract's."""
    names = [c.name for c in COMMENT_COLUMNS]
    # Kept input columns (EXTRA_PREFIX) travel with the contract's columns, after them.
    frame = (
        rows.reindex(columns=names + extra_columns(rows))
        if isinstance(rows, pd.DataFrame)
        else pd.DataFrame(rows, columns=names)
    )
    return _typed(frame, COMMENT_COLUMNS)


def render_markdown() -> str:
    """The contract as Markdown: the text of ``docs/data-contract.md``."""
    lines = [
        "# Threadscope data contract",
        "",
        "Generated from `analytics/model/schema.py` by `python -m analytics contract`; do not edit by hand.",
        "Every loader returns these two frames and `analytics.model.schema.validate` checks them at load.",
        "",
    ]
    for frame_name, columns in DOCUMENTED.items():
        lines += [f"## {frame_name}", "", "| column | type | may be missing | meaning |", "|---|---|---|---|"]
        lines += [f"| `{c.name}` | {c.dtype} | {'yes' if c.nullable else 'no'} | {c.meaning} |" for c in columns]
        lines.append("")
    return "\n".join(lines)
