"""The dashboard's filter settings: one frozen :class:`Filters`, each of its settings described once.

Each field of :class:`Filters` holds its :class:`FilterSetting` (the table :data:`SETTINGS`):
its default, its kind (:mod:`analytics.views.kinds`: how its value is checked, written to and read
from the URL and the command line, and which sidebar widget shows it), its URL query key, its
help text, its label in the sidebar and its words in a description. The URL codec and the
descriptions (:mod:`analytics.views.codec`), the options of ``python -m analytics report`` and
the sidebar (``app_pages/_sidebar.py``) are all derived from this table.

How to add a filter
-------------------
1. Add a field to :class:`Filters` here: ``name: type = _setting(default, Kind(...), query=...,
   help=..., label=..., words=...)``. The URL, the command line and the sidebar follow.
2. Add its rule to :func:`analytics.views.filters.filter_mask` (and the columns it reads to
   ``_required`` there).
3. ``tests/views/test_settings.py`` checks the new setting has everything it needs and survives
   the URL and the command line; add a test of its mask to ``tests/views/test_filters.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

import pandas as pd

from ..scoring.sentiment import ENGINES
from .kinds import Choice, Flag, Kind, Names, Number, Range, Text, Time

__all__ = ["SETTINGS", "STATUSES", "FilterSetting", "Filters", "help_text", "query_key", "setting"]

#: Values of :attr:`Filters.status`.
STATUSES: tuple[str, ...] = ("all", "guest", "registered")


@dataclass(frozen=True)
class FilterSetting:
    """One setting of :class:`Filters`, as every surface shows it."""

    name: str  #: the field of :class:`Filters`
    default: object
    kind: Kind
    query: str  #: URL query key
    help: str
    label: str  #: of its sidebar widget
    placeholder: str = ""  #: shown by an empty sidebar widget
    #: The line :func:`analytics.views.codec.describe_filters` gives when the setting differs
    #: from its default (None: said with another setting, or nothing to say).
    words: Callable[[Filters, Mapping[str, str]], str | None] | None = None

    @property
    def option(self) -> str:
        """Its command-line option."""
        return "--" + self.name.replace("_", "-")


def _setting(default, kind: Kind, *, query: str, help: str, label: str, placeholder: str = "", words=None):
    # The name is filled in from the field once the class is made (SETTINGS below).
    return field(
        default=default,
        metadata={
            "setting": FilterSetting(
                "", default, kind, query=query, help=help, label=label, placeholder=placeholder, words=words
            )
        },
    )


def _posted(filters: Filters) -> str:
    start = "…" if filters.start is None else pd.Timestamp(filters.start).strftime("%Y-%m-%d %H:%M")
    end = "…" if filters.end is None else pd.Timestamp(filters.end).strftime("%Y-%m-%d %H:%M")
    return f"posted {start} to {end}"


def _engines() -> tuple[str, ...]:
    return tuple(sorted(ENGINES))


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. The defaults select everything (except flagged comments).

    Examples:
        >>> Filters()
        Filters(articles=(), commenters=(), start=None, end=None, engine='textblob', sentiment=(-1.0, 1.0), min_toxicity=0.0, search='', status='all', include_flagged=False)
        >>> Filters(commenters=("geha",)).is_default
        False
    """

    articles: tuple[str, ...] = _setting(
        (),
        Names("article_id", listed_in="articles", shown_as="title", metavar="ID_OR_TITLE"),
        query="article",
        label="Articles",
        placeholder="All articles",
        words=lambda f, titles: "articles: " + "; ".join(titles.get(a, a) for a in f.articles),
        help="Only comments under these articles (all articles when none is chosen).",
    )
    commenters: tuple[str, ...] = _setting(
        (),
        Names("author"),
        query="commenter",
        label="Commenters",
        placeholder="Everyone",
        words=lambda f, _: "commenters: " + ", ".join(f.commenters),
        help="Only comments written by these commenters, by the name shown (everyone when none is chosen).",
    )
    start: datetime | None = _setting(
        None,
        Time("start"),
        query="from",
        label="Posted between",
        words=lambda f, _: _posted(f),
        help="Only comments posted at or after this time. Once a time range is set, comments "
        "without a timestamp are left out.",
    )
    end: datetime | None = _setting(
        None,
        Time("end"),
        query="to",
        label="Posted between",
        words=lambda f, _: _posted(f) if f.start is None else None,  # said with the start when both are set
        help="Only comments posted at or before this time. Once a time range is set, comments "
        "without a timestamp are left out.",
    )
    # Not checked when made: an unknown engine is refused where its score is read (filter_mask).
    engine: str = _setting(
        "textblob",
        Choice(_engines, strict=False, offered_by="engines"),
        query="engine",
        label="Sentiment engine",  # said with the sentiment range: alone it filters nothing
        help="The sentiment engine whose score the sentiment range applies to and the charts "
        "show first (textblob: polarity; vader: compound score).",
    )
    sentiment: tuple[float, float] = _setting(
        (-1.0, 1.0),
        Range(-1.0, 1.0, step=0.05),
        query="sentiment",
        label="Sentiment score",
        words=lambda f, _: f"{f.engine} score {f.sentiment[0]:+.2f} to {f.sentiment[1]:+.2f}",
        help="Only comments whose score from the chosen engine lies in this range, ends included. "
        "At the full range [-1, 1] nothing is filtered; a narrower range leaves out comments "
        "without a score (not English, or empty; for TextBlob also emoji-only comments).",
    )
    min_toxicity: float = _setting(
        0.0,
        Number(0.0, 1.0, step=0.05, column="toxicity", metavar="T"),
        query="toxicity",
        label="Minimum toxicity",
        words=lambda f, _: f"toxicity {f.min_toxicity:.2f} or more",
        help="Only comments whose toxicity (0 harmless to 1 toxic) is at least this. At 0 nothing is "
        "filtered; above 0, comments without a toxicity score (not English, or empty) are left out.",
    )
    search: str = _setting(
        "",
        Text(),
        query="q",
        label="Text contains",
        placeholder="Search comments",
        words=lambda f, _: f"text contains: {f.search}",
        help="Only comments whose text contains this text, ignoring case (plain text, not a pattern).",
    )
    status: str = _setting(
        "all",
        Choice(
            lambda: STATUSES, labels={"all": "everyone", "guest": "guests", "registered": "registered"}, widget="radio"
        ),
        query="who",
        label="Posted by",
        words=lambda f, _: "guests only" if f.status == "guest" else "registered users only",
        help="all; guest: only comments posted as guest (unregistered); registered: only comments by registered users.",
    )
    include_flagged: bool = _setting(
        False,
        Flag(),
        query="flagged",
        label="Include deleted, spam and pingbacks",
        words=lambda f, _: "deleted, spam and pingback comments included",
        help="Include comments the input marks deleted, spam or pingback (left out by default).",
    )

    def __post_init__(self) -> None:
        for s in SETTINGS:
            object.__setattr__(self, s.name, s.kind.checked(s.name, getattr(self, s.name)))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start ({self.start}) is after end ({self.end})")

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered beyond the default exclusion of flagged comments."""
        return self == Filters()

    def replace(self, **changes) -> Filters:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)


#: Every setting of :class:`Filters`, in the order of its fields.
SETTINGS: tuple[FilterSetting, ...] = tuple(replace(f.metadata["setting"], name=f.name) for f in fields(Filters))


def setting(name: str) -> FilterSetting:
    """The setting called ``name``.

    Examples:
        >>> setting("min_toxicity").option
        '--min-toxicity'
    """
    for s in SETTINGS:
        if s.name == name:
            return s
    raise ValueError(f"no filter setting named {name!r}; settings: {[s.name for s in SETTINGS]}")


def help_text(name: str) -> str:
    """The help text of the setting called ``name``.

    Examples:
        >>> help_text("search")
        'Only comments whose text contains this text, ignoring case (plain text, not a pattern).'
    """
    return setting(name).help


def query_key(name: str) -> str:
    """The URL query key of the setting called ``name``.

    Examples:
        >>> query_key("commenters")
        'commenter'
    """
    return setting(name).query
