"""Two engines' labels side by side, for the Sentiment page: how often they agree, which comments
they label differently, furthest apart first.

The numbers are those of :func:`analytics.scoring.sentiment.engine_agreement` (same share, same
comments, same labels), computed on integer label codes: building a million label strings and
comparing them takes seconds, codes take milliseconds.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from ..columns.orders import radix_order
from ..model.checks import require_columns
from .sentiment import ENGINES, LABELS, Cutoffs, Thresholds, label_codes  # LABELS: in the order of the codes

__all__ = ["LABELS", "label_codes", "label_categories", "EngineComparison", "engine_comparison", "with_ids_and_text"]


def label_categories(scores: pd.Series, cutoffs: Cutoffs) -> pd.Series:
    """:func:`analytics.scoring.sentiment.labels` as a Categorical over :data:`LABELS` (missing where the
    score is): the same labels, counted by their codes.

    Examples:
        >>> label_categories(pd.Series([0.3, None, -0.3]), Thresholds().textblob).value_counts(sort=False).tolist()
        [1, 0, 1]
    """
    found = label_codes(pd.to_numeric(scores, errors="raise").astype("float64").to_numpy(), cutoffs)
    return pd.Series(pd.Categorical.from_codes(found, categories=LABELS), index=scores.index, name="sentiment_label")


def _label_strings(label: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Label codes as a ``str`` array, decoded by Arrow (-1: missing)."""
    indices = pa.array(label.astype(np.int32), mask=label < 0)
    return pd.array(pa.DictionaryArray.from_arrays(indices, pa.array(LABELS)).dictionary_decode(), dtype="str")


def _largest_first(values: np.ndarray) -> np.ndarray:
    """The order of ``values`` (float64, none negative nor NaN) largest first, ties in their
    order: ``np.argsort(-values, kind="stable")``, by radix passes over the values' bit patterns
    (whose order is the values' order when no value is negative). numpy sorts 64-bit keys stably
    by merging, several times slower."""
    return radix_order(~values.view(np.uint64))  # ascending keys: descending values


class EngineComparison(NamedTuple):
    """``share``: agreeing labels / ``n_compared`` (NaN where nothing was compared);
    ``n_compared``: comments scored by both engines; ``differ``: per row of the comments
    compared, True where the labels differ (False where a score is missing); ``disagreements``:
    those comments, the scores furthest apart first (ties in comment order): ``author``, each
    engine's score column and ``<engine>_label``, indexed by the comments' row positions.
    :func:`with_ids_and_text` adds ``comment_id`` and ``text``: the columns of
    ``engine_agreement``'s disagreements then ``text``."""

    share: float
    n_compared: int
    differ: np.ndarray
    disagreements: pd.DataFrame


def engine_comparison(
    comments: pd.DataFrame, *, thresholds: Thresholds = Thresholds(), engines: tuple[str, str] = ("textblob", "vader")
) -> EngineComparison:
    """How two engines' labels agree on ``comments`` (scored with both), and where they don't.

    Examples:
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "author": ["ana", "bo", "cy"],
        ...     "text": ["good", "war", "hm"], "polarity": [0.5, 0.2, None], "vader_compound": [0.4, -0.6, 0.0]})
        >>> result = engine_comparison(comments)
        >>> result.share, result.n_compared, result.differ.tolist()
        (0.5, 2, [False, True, False])
        >>> result.disagreements[["author", "textblob_label", "vader_label"]].values.tolist()
        [['bo', 'positive', 'negative']]
        >>> with_ids_and_text(result.disagreements, comments)[["comment_id", "author", "text"]].values.tolist()
        [['c2', 'bo', 'war']]
    """
    if len(engines) != 2 or engines[0] == engines[1]:
        raise ValueError(f"engine_comparison compares two different engines, got {list(engines)}")
    first, second = (ENGINES[name] for name in engines)
    # Not comment_id nor text: with_ids_and_text reads them, for the rows shown.
    require_columns(comments, ("author", first.label_column, second.label_column), what="engine_comparison")
    x = pd.to_numeric(comments[first.label_column], errors="raise").astype("float64").to_numpy()
    y = pd.to_numeric(comments[second.label_column], errors="raise").astype("float64").to_numpy()
    x_label = label_codes(x, thresholds.for_engine(first.name))
    y_label = label_codes(y, thresholds.for_engine(second.name))
    compared = (x_label >= 0) & (y_label >= 0)
    differ = compared & (x_label != y_label)
    n = int(compared.sum())
    rows = np.flatnonzero(differ)
    rows = rows[_largest_first(np.abs(x[rows] - y[rows]))]
    # Ids and texts are taken when asked (with_ids_and_text): for a page of the table, not for
    # the hundreds of thousands of disagreements of a large view.
    table = pd.DataFrame(
        {
            "author": comments["author"].array.take(rows),
            first.label_column: x[rows],
            f"{first.name}_label": _label_strings(x_label[rows]),
            second.label_column: y[rows],
            f"{second.name}_label": _label_strings(y_label[rows]),
        },
        index=pd.Index(rows, name=None),
    )
    return EngineComparison(
        share=(n - len(rows)) / n if n else float("nan"), n_compared=n, differ=differ, disagreements=table
    )


def with_ids_and_text(disagreements: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Rows of :attr:`EngineComparison.disagreements` (all, or a page) with their comment's
    ``comment_id`` first and ``text`` last, renumbered from 0.

    ``comments`` are those compared (the index holds their row positions).
    """
    require_columns(comments, ("comment_id", "text"), what="with_ids_and_text")
    rows = disagreements.index.to_numpy()
    out = disagreements.assign(
        comment_id=comments["comment_id"].array.take(rows), text=comments["text"].array.take(rows)
    )
    return out[["comment_id", *disagreements.columns, "text"]].reset_index(drop=True)
