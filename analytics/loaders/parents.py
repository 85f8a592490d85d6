"""Turning the parent ids an export states (its own ids) into the contract's ``parent_id``.

Shared by every loader whose input names parents: tables, Disqus, WordPress WXR.
"""

from __future__ import annotations

import pandas as pd

from ..model.load_report import FileReport

# How many ids a warning lists before it says "and N more".
SHOWN_IDS = 20
# Parent values meaning "no parent" when no comment has that id (WordPress writes 0).
_NO_PARENT = frozenset({"", "0"})


def _listed(ids: list[str]) -> str:
    shown = ", ".join(repr(i) for i in ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")


def _comments_by_id(
    articles: list[str], own_ids: list[str | None], comment_ids: list[str], report: FileReport
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """``(by_article, by_file)``: the comment each own id names, per article and in the whole file
    (the first, where several share it: reported in ``report``)."""
    by_article: dict[tuple[str, str], str] = {}
    by_file: dict[str, str] = {}
    repeated: dict[str, None] = {}
    for article, own, cid in zip(articles, own_ids, comment_ids):
        if own is None:
            continue
        if (article, own) in by_article:
            repeated[own] = None
        else:
            by_article[(article, own)] = cid
        by_file.setdefault(own, cid)
    if repeated:
        report.warnings.append(
            f"{len(repeated)} comment id(s) used by more than one comment of the same "
            f"article; replies to them are linked to the first: {_listed(list(repeated))}"
        )
    return by_article, by_file


def resolve_parents(
    comments: pd.DataFrame,
    report: FileReport,
    *,
    within_article: bool,
    own: str = "source_id",
    parent: str = "source_parent_id",
) -> pd.Series:
    """The contract's ``parent_id`` for ``comments``, from their ``source_id`` and ``source_parent_id``.

    A parent is looked up among the comments of the same article first; unless
    ``within_article`` (WordPress repeats comment ids across posts), then among all comments
    of the file. A parent id matching no comment (an orphan), a comment naming itself and an
    id used by several comments are reported in ``report``; orphans and self-replies keep
    ``parent_id`` missing, the comment stays. ``own`` and ``parent`` name the columns matched
    (a platform's ids normalised, e.g. Reddit's ``t1_`` fullnames; see :mod:`.platforms`).

    Examples:
        >>> from analytics.model.load_report import FileReport
        >>> report = FileReport("t.csv", "table", "utf-8", "")
        >>> frame = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "article_id": ["a"] * 3,
        ...                       "source_id": ["1", "2", "3"], "source_parent_id": [None, "1", "9"]})
        >>> resolve_parents(frame, report, within_article=False).tolist()
        [None, 'c1', None]
        >>> report.warnings[0]
        "1 comment(s) answer a parent id that no comment in the file has (orphans, kept as top-level); missing parents: '9'"
    """

    def given(value: object) -> str | None:
        return None if value is None or value != value or str(value).strip() == "" else str(value).strip()

    articles = comments["article_id"].tolist()
    own_ids = [given(v) for v in comments[own].tolist()]
    wanted = [given(v) for v in comments[parent].tolist()]
    comment_ids = comments["comment_id"].tolist()
    by_article, by_file = _comments_by_id(articles, own_ids, comment_ids, report)

    parents: list[str | None] = []
    orphans: list[str] = []
    selves: list[str] = []
    for article, want, cid in zip(articles, wanted, comment_ids):
        if want is None or (want in _NO_PARENT and want not in by_file):
            parents.append(None)
            continue
        # Ids an export wrote as floats ("12.0", from a column with gaps) name the comment "12".
        candidates = (want, want[:-2]) if want.endswith(".0") and want[:-2].isdigit() else (want,)
        found = None
        for key in candidates:
            found = by_article.get((article, key)) or (None if within_article else by_file.get(key))
            if found is not None:
                break
        if found == cid:
            selves.append(want)
            found = None
        elif found is None:
            orphans.append(want)
        parents.append(found)
    if selves:
        report.warnings.append(
            f"{len(selves)} comment(s) name themselves as parent; left as top-level: {_listed(selves)}"
        )
    if orphans:
        report.warnings.append(
            f"{len(orphans)} comment(s) answer a parent id that no comment in the "
            f"file has (orphans, kept as top-level); missing parents: "
            f"{_listed(list(dict.fromkeys(orphans)))}"
        )
    return pd.Series(parents, index=comments.index, dtype=object)
