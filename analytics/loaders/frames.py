"""Small steps every record loader (tables, Disqus, WordPress WXR) takes to reach the contract."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import ids, schema
from ..model.load_report import FileReport
from .timestamps import parse_timestamps


def comment_ids_by_article(comments: pd.DataFrame) -> pd.Series:
    """The contract's ``comment_id`` for each row: ``analytics.model.ids.comment_ids`` over each article's
    rows in frame order (so duplicates get ``-2``, ``-3`` ... as on a page).

    Examples:
        >>> frame = pd.DataFrame({"article_id": ["a1", "a1"], "author": ["x", "x"],
        ...                       "timestamp": [pd.NaT, pd.NaT], "text": ["same", "same"]})
        >>> got = comment_ids_by_article(frame).tolist()
        >>> got[1] == got[0] + "-2"
        True
    """
    out = np.empty(len(comments), dtype=object)
    authors, texts = comments["author"].tolist(), comments["text"].tolist()
    stamps = comments["timestamp"].astype(object).where(comments["timestamp"].notna(), None).tolist()
    for article, index in comments.groupby("article_id", sort=False).indices.items():
        out[index] = ids.comment_ids(article, ((authors[i], stamps[i], texts[i]) for i in index))
    return pd.Series(out, index=comments.index, dtype=object)


def renumber_repeated_ids(comment_ids: pd.Series) -> pd.Series:
    """Comment ids made chunk by chunk, made unique as one pass over all rows would have made
    them: a duplicate of a comment in an earlier chunk takes the next ``-N`` suffix.

    Examples:
        >>> renumber_repeated_ids(pd.Series(["c1", "c2", "c1", "c1-2"])).tolist()
        ['c1', 'c2', 'c1-2', 'c1-3']
    """
    repeated = comment_ids.duplicated(keep=False)
    if not repeated.any():
        return comment_ids
    bases = comment_ids.str.replace(r"-\d+$", "", regex=True)
    affected = bases.isin(set(bases[repeated]))
    out = comment_ids.astype(object).copy()
    for base, index in bases[affected].groupby(bases[affected], sort=False).indices.items():
        rows = bases[affected].index[index]
        out[rows] = [base] + [f"{base}-{k}" for k in range(2, len(rows) + 1)]
    return out


def articles_with_counts(rows: list[dict], comments: pd.DataFrame) -> pd.DataFrame:
    """A typed article frame from ``rows`` (first row of each ``article_id`` kept), with
    ``parsed_comments`` counted from ``comments``."""
    counts = comments["article_id"].value_counts()
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["article_id"] not in seen:
            seen.add(row["article_id"])
            out.append({**row, "parsed_comments": int(counts.get(row["article_id"], 0))})
    return schema.articles_frame(out)


def export_articles(rows: list[dict], comments: pd.DataFrame, report: FileReport, *, working: str) -> pd.DataFrame:
    """The typed article frame of an XML export's article rows (WXR, Blogger): ``published`` read
    from the text the export gives, the loader's own ``working`` key dropped, comments counted;
    ``report``'s article and comment counts filled."""
    published = parse_timestamps(pd.Series([row.pop("published") for row in rows], dtype="str"))
    for row, when in zip(rows, published):
        row["published"] = None if pd.isna(when) else when
        row.pop(working)
    out = articles_with_counts(rows, comments)
    report.articles = len(out)
    report.parsed_comments = len(comments)
    return out
