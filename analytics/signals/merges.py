"""Merging handles the user judges to be one person (see :mod:`analytics.signals.aliases`).

A merge is a pair ``(alias, kept)``: every comment written as ``alias`` is counted as written
by ``kept``. Merges are data, not edits: the loaded corpus is never changed, the dashboard
keeps the list of pairs (in its session) and applies it with :func:`apply_merges` before every
analysis and export, and undoing a merge is dropping its pair and applying the rest to the
loaded comments again. :func:`merges_to_provenance` writes the list for ``provenance.json``.

What a merge renames: ``author``; where present, ``reply_to_author`` (the author answered),
the ``mentions`` (``@handles``, matched ignoring case as commenter activity matches them) and
the ``addressed_to`` names (the authors the input says a comment answers, matched the same way),
so replies and mentions received follow the merged person. The comment ``text`` is left
as written. The name each comment was written under is kept in ``original_author``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..model.checks import require_columns

__all__ = ["apply_merges", "merge_map", "merges_to_provenance", "merged_analysis"]


def merge_map(merges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The rename each handle gets from ``merges``, chains followed to the end.

    ``[("a", "b"), ("b", "c")]`` sends both ``a`` and ``b`` to ``c``. Raises ValueError for a
    pair that is not two different non-empty strings, a handle merged into two different
    handles, or a cycle (``a`` into ``b`` and ``b`` into ``a``).

    Examples:
        >>> merge_map([("trieself", "trueself")])
        {'trieself': 'trueself'}
        >>> merge_map([("a", "b"), ("b", "c")])
        {'a': 'c', 'b': 'c'}
    """
    direct: dict[str, str] = {}
    for pair in merges:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(h, str) and h for h in pair):
            raise ValueError(f"a merge is a pair (alias, kept) of two handles, got {pair!r}")
        alias, kept = pair
        if alias == kept:
            raise ValueError(f"cannot merge {alias!r} into itself")
        if direct.get(alias, kept) != kept:
            raise ValueError(f"{alias!r} is merged into both {direct[alias]!r} and {kept!r}")
        direct[alias] = kept
    resolved: dict[str, str] = {}
    for alias in direct:
        seen = [alias]
        target = direct[alias]
        while target in direct:
            if target in seen:
                raise ValueError(f"merges form a cycle: {' -> '.join(seen + [target])}")
            seen.append(target)
            target = direct[target]
        resolved[alias] = target
    return resolved


def apply_merges(comments: pd.DataFrame, merges: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """A copy of ``comments`` with each merge's alias renamed to the kept handle.

    ``merges`` holds ``(alias, kept)`` pairs (chains are followed, see :func:`merge_map`).
    Adds ``original_author``: the name the comment was written under. Applying merges to a
    frame that already has ``original_author`` keeps that column as it is, so merging in
    steps still records the first name. A pair whose alias wrote nothing here changes nothing.
    With no merges the copy is the input plus ``original_author``.

    Examples:
        >>> comments = pd.DataFrame({"author": ["trieself", "trueself", "geha"],
        ...                          "mentions": [[], ["Trieself"], []]})
        >>> merged = apply_merges(comments, [("trieself", "trueself")])
        >>> merged[["author", "original_author", "mentions"]]
             author original_author    mentions
        0  trueself        trieself          []
        1  trueself        trueself  [trueself]
        2      geha            geha          []
    """
    require_columns(comments, ("author",), what="apply_merges")
    rename = merge_map(merges)
    out = comments.copy()
    if "original_author" not in out.columns:
        out["original_author"] = out["author"].astype("str")
    if not rename:
        return out
    out["author"] = out["author"].map(lambda a: rename.get(a, a)).astype(comments["author"].dtype)
    if "reply_to_author" in out.columns:
        out["reply_to_author"] = (
            out["reply_to_author"]
            .map(lambda a: rename.get(a, a) if isinstance(a, str) else a)
            .astype(comments["reply_to_author"].dtype)
        )
    folded = {alias.casefold(): kept for alias, kept in rename.items()}
    for named in ("mentions", "addressed_to"):  # the input's addressees follow the person like handles
        if named in out.columns:
            out[named] = out[named].map(
                lambda ms: [folded.get(m.casefold().lstrip("@"), m) for m in ms] if isinstance(ms, list) else ms
            )
    return out


def merges_to_provenance(merges: Sequence[tuple[str, str]]) -> list[dict]:
    """The merges as JSON-ready records for a report's ``provenance.json``, in the order made.

    Each record: ``alias`` (the handle merged away), ``kept`` (the handle it was merged into,
    as given) and ``counted_as`` (where the alias's comments end up after chains).

    Examples:
        >>> merges_to_provenance([("trieself", "trueself")])
        [{'alias': 'trieself', 'kept': 'trueself', 'counted_as': 'trueself'}]
    """
    resolved = merge_map(merges)
    return [{"alias": alias, "kept": kept, "counted_as": resolved[alias]} for alias, kept in merges]


def merged_analysis(analysis, merges: Sequence[tuple[str, str]]):
    """A new :class:`analytics.enrich.Analysis` with ``merges`` applied to its comments and the
    per-author tables (commenters, reply edges, threads) computed again from them.

    ``settings["merges"]`` records :func:`merges_to_provenance` for the report's provenance.
    Sentiment and reply links do not depend on names and are kept. With no merges the analysis
    itself is returned.

    Examples:
        >>> import analytics
        >>> result = merged_analysis(analytics.enrich(analytics.load(analytics.SAMPLE)), [("trieself", "trueself")])
        >>> result.commenters[["author", "comments"]].head(2).to_dict("records")
        [{'author': 'trueself', 'comments': 3}, {'author': 'geha', 'comments': 3}]
        >>> result.settings["merges"]
        [{'alias': 'trieself', 'kept': 'trueself', 'counted_as': 'trueself'}]
    """
    from dataclasses import replace

    from ..threads import activity, replies, timeline

    if not merges:
        return analysis
    comments = apply_merges(analysis.comments, merges)
    return replace(
        analysis,
        comments=comments,
        commenters=activity.commenter_activity(comments),
        replies=replies.reply_edges(comments),
        threads=timeline.thread_summary(comments),
        settings={**(analysis.settings or {}), "merges": merges_to_provenance(merges)},
    )
