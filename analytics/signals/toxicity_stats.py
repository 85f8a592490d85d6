"""Toxicity of a set of comments: its distribution, the most toxic comments, and per commenter.

Read from the ``toxicity`` and ``toxicity_reasons`` columns that :func:`analytics.enrich` adds
(the scores come from :mod:`analytics.scoring.toxicity`). Comments without a score (not English, or
empty) are counted apart, never as 0. A comment is counted *toxic* at :data:`TOXIC_AT` or above:
the score is calibrated, so 0.5 is where a comment is as likely toxic as not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..columns.arrow_keys import codes as arrow_codes
from ..model.checks import require_columns
from ..threads import activity

__all__ = ["TOXIC_AT", "toxicity_histogram", "most_toxic_comments", "toxicity_by_commenter"]

#: The score from which a comment counts as toxic.
TOXIC_AT = 0.5


def toxicity_histogram(comments: pd.DataFrame, *, bins: int = 20) -> pd.DataFrame:
    """Comments per toxicity bin over [0, 1]: ``low``, ``high`` (each bin holds ``low <= t <
    high``, the last also 1) and ``comments``. Unscored comments are in no bin.

    Examples:
        >>> toxicity_histogram(pd.DataFrame({"toxicity": [0.1, 0.12, 0.9, None]}), bins=2)
           low  high  comments
        0  0.0   0.5         2
        1  0.5   1.0         1
    """
    require_columns(comments, ("toxicity",), what="toxicity_histogram")
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    scores = comments["toxicity"].to_numpy(dtype="float64", na_value=np.nan)
    counts, edges = np.histogram(scores[~np.isnan(scores)], bins=bins, range=(0.0, 1.0))
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "comments": counts.astype("int64")})


#: The columns of :func:`most_toxic_comments`, in order.
MOST_TOXIC_COLUMNS = ("comment_id", "article_id", "author", "timestamp", "toxicity", "toxicity_reasons", "text")


def most_toxic_comments(comments: pd.DataFrame, *, n: int = 50) -> pd.DataFrame:
    """The ``n`` comments of highest toxicity, highest first (ties in the frame's order), with
    ``comment_id``, ``article_id``, ``author``, ``timestamp``, ``toxicity``, ``toxicity_reasons``
    and ``text``. Unscored comments are never listed.

    Examples:
        >>> frame = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "article_id": "a", "author": ["ann", "bob", "cy"],
        ...     "timestamp": pd.NaT, "toxicity": [0.2, 0.9, None], "toxicity_reasons": ["", "idiot", None],
        ...     "text": ["fine", "you idiot", "يسقط"]})
        >>> most_toxic_comments(frame, n=5)[["author", "toxicity", "toxicity_reasons"]].values.tolist()
        [['bob', 0.9, 'idiot'], ['ann', 0.2, '']]
    """
    require_columns(comments, MOST_TOXIC_COLUMNS, what="most_toxic_comments")
    # The top scores by position first, then only their rows: no copy of a million-row view.
    return comments.iloc[most_toxic_rows(comments["toxicity"], n=n)][list(MOST_TOXIC_COLUMNS)].reset_index(drop=True)


def most_toxic_rows(toxicity: pd.Series, *, n: int = 50) -> np.ndarray:
    """Positions of the ``n`` highest scores of ``toxicity``, highest first (ties in order;
    missing scores never): the rows of :func:`most_toxic_comments`, for a caller that takes
    the other columns of these rows only.

    Examples:
        >>> most_toxic_rows(pd.Series([0.2, 0.9, None, 0.9]), n=2).tolist()
        [1, 3]
    """
    scores = pd.Series(toxicity.to_numpy(dtype="float64", na_value=np.nan))
    return scores.dropna().nlargest(n, keep="first").index.to_numpy()


def toxicity_by_commenter(comments: pd.DataFrame, *, threshold: float = TOXIC_AT) -> pd.DataFrame:
    """Per commenter: ``comments``, ``scored`` (with a toxicity), ``mean_toxicity`` and
    ``max_toxicity`` (missing where none is scored), ``toxic`` (scored at ``threshold`` or above)
    and ``toxic_share`` (``toxic / scored``). Most toxic comments first, then highest mean, then
    name.

    Examples:
        >>> frame = pd.DataFrame({"author": ["ann", "bob", "ann", "cy"], "toxicity": [0.9, 0.3, 0.1, None]})
        >>> toxicity_by_commenter(frame)[["author", "scored", "mean_toxicity", "max_toxicity", "toxic_share"]]
          author  scored  mean_toxicity  max_toxicity  toxic_share
        0    ann       2            0.5           0.9          0.5
        1    bob       1            0.3           0.3          0.0
        2     cy       0            NaN           NaN          NaN
    """
    require_columns(comments, ("author", "toxicity"), what="toxicity_by_commenter")
    # Grouped by integer codes, numbered in name order (a group-by over a million name strings is
    # many times slower), as a Categorical: pandas then groups by the codes without hashing them.
    codes, names = arrow_codes(comments["author"], sort=True)
    by_name = pd.Categorical.from_codes(codes, categories=np.arange(len(names)))
    scores = pd.Series(comments["toxicity"].to_numpy(dtype="float64", na_value=np.nan))
    groups = scores.groupby(by_name, observed=False)
    out = pd.DataFrame(
        {
            "author": names,
            "comments": groups.size().to_numpy(),
            "scored": groups.count().to_numpy(),
            "mean_toxicity": groups.mean().to_numpy(),
            "max_toxicity": groups.max().to_numpy(),
            "toxic": (scores >= threshold).groupby(by_name, observed=False).sum().to_numpy(),
        }
    )
    out["toxic"] = out["toxic"].astype("int64")
    out["toxic_share"] = out["toxic"] / out["scored"].where(out["scored"] > 0)
    # Most toxic first, then highest mean (missing last); rows are in name order already.
    mean = out["mean_toxicity"].to_numpy()
    order = np.lexsort((np.where(np.isnan(mean), np.inf, -mean), -out["toxic"].to_numpy()))
    out = out.iloc[order]
    # Comments naming no one (activity.ANONYMOUS) have no commenter: no row for them.
    return out[out["author"] != activity.ANONYMOUS].reset_index(drop=True)
