""":class:`~analytics.views.settings.Filters` as a URL query string and in words, derived from
the table of settings (:data:`analytics.views.settings.SETTINGS`): each setting's kind writes and
reads its value, each setting's ``words`` describe it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .settings import SETTINGS, Filters

__all__ = ["describe_filters", "filters_from_query", "filters_to_query"]


def filters_to_query(filters: Filters) -> dict[str, str]:
    """The URL query parameters of ``filters``: only settings that differ from the default.

    Lists are comma-separated (a comma or backslash inside a name is escaped with a backslash),
    times ISO 8601, the sentiment range ``low,high``, the minimum toxicity a number, ``flagged=1`` to
    include flagged comments.

    Examples:
        >>> filters_to_query(Filters())
        {}
        >>> filters_to_query(Filters(commenters=("geha", "a,b"), sentiment=(-0.5, 1), search="war"))
        {'commenter': 'geha,a\\\\,b', 'sentiment': '-0.5,1', 'q': 'war'}
    """
    return {
        s.query: s.kind.to_query(getattr(filters, s.name)) for s in SETTINGS if getattr(filters, s.name) != s.default
    }


def filters_from_query(params: Mapping[str, str | Sequence[str]]) -> Filters:
    """The :class:`Filters` a URL's query parameters describe (see :func:`filters_to_query`).

    Tolerant, since URLs are edited by hand: a parameter that cannot be read keeps its default,
    unknown parameters are ignored. A key given several times (``?commenter=a&commenter=b``)
    adds up for lists; for other settings the last one counts.

    Examples:
        >>> filters_from_query({"commenter": "geha,realist", "who": "registered", "sentiment": "oops"})
        Filters(articles=(), commenters=('geha', 'realist'), start=None, end=None, engine='textblob', sentiment=(-1.0, 1.0), min_toxicity=0.0, search='', status='registered', include_flagged=False)
        >>> filters_from_query(filters_to_query(Filters(commenters=("a,b",)))).commenters
        ('a,b',)
    """
    values: dict[str, object] = {}
    for s in SETTINGS:
        if s.query in params:
            try:
                values[s.name] = s.kind.from_query(params[s.query])
            except (ValueError, TypeError):
                continue
    if values.get("start") and values.get("end") and values["start"] > values["end"]:
        values.pop("start"), values.pop("end")
    return Filters(**values)


def describe_filters(filters: Filters, *, article_titles: Mapping[str, str] | None = None) -> list[str]:
    """One plain-text line per setting that filters something, for captions and reports.

    Examples:
        >>> describe_filters(Filters(commenters=("geha",), status="registered"))
        ['commenters: geha', 'registered users only']
        >>> describe_filters(Filters())
        []
    """
    titles = article_titles or {}
    lines = (s.words(filters, titles) for s in SETTINGS if s.words and getattr(filters, s.name) != s.default)
    return [line for line in lines if line]
