"""Figures of the Overview page: comments over time, sentiment labels."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..model.checks import require_columns
from .style import LABEL_COLORS, _empty, _note, _plural, _style, escape_label

__all__ = ["fig_comment_volume", "fig_sentiment_labels"]


def fig_comment_volume(
    volume: pd.DataFrame, *, article_titles: Mapping[str, str] | None = None, max_lines: int = 8
) -> go.Figure:
    """Comments per period, one line per article, from :func:`analytics.threads.timeline.comment_volume`.

    The ``max_lines - 1`` busiest articles get their own line and the rest are summed into one
    "other articles" line. Comments without a time are counted in a note under the plot.

    Examples:
        >>> import pandas as pd
        >>> volume = pd.DataFrame({"article_id": ["a1", "a1", "a1"], "comments": [2, 0, 1],
        ...     "period": pd.to_datetime(["2013-02-20 17:00", "2013-02-20 18:00", None])})
        >>> fig = fig_comment_volume(volume, article_titles={"a1": "<i>Lavrov</i>"})
        >>> fig.data[0].name, list(fig.data[0].y)
        ('&lt;i&gt;Lavrov&lt;/i&gt;', [2, 0])
    """
    require_columns(volume, ("article_id", "period", "comments"), what="fig_comment_volume")
    titles = article_titles or {}
    undated = int(volume.loc[volume["period"].isna(), "comments"].sum())
    dated = volume[volume["period"].notna()]
    title = "Comments over time"
    if dated.empty:
        return _note(_empty(title, "No comment has a time"), [f"{_plural(undated, 'comment')} without a time"])
    totals = dated.groupby("article_id")["comments"].sum().sort_values(ascending=False, kind="stable")
    own = list(totals.index[:max_lines]) if len(totals) <= max_lines else list(totals.index[: max_lines - 1])
    fig = go.Figure()
    for article in own:
        part = dated[dated["article_id"] == article].sort_values("period")
        fig.add_trace(
            dict(
                type="scatter",
                x=part["period"],
                y=part["comments"].tolist(),
                mode="lines+markers",
                name=escape_label(titles.get(article, article), limit=60),
                line=dict(shape="hv"),
            )
        )
    rest = dated[~dated["article_id"].isin(own)]
    if len(rest):
        summed = rest.groupby("period", as_index=False)["comments"].sum()
        fig.add_trace(
            dict(
                type="scatter",
                x=summed["period"],
                y=summed["comments"].tolist(),
                mode="lines",
                line=dict(shape="hv"),
                name=f"other articles ({rest['article_id'].nunique():,})",
            )
        )
    _style(
        fig,
        title,
        xaxis_title="time (as printed)",
        yaxis_title="comments",
        legend_title_text="article",
        hovermode="x unified",
    )
    return _note(fig, [f"{_plural(undated, 'comment')} without a time, not shown"] if undated else [])


def fig_sentiment_labels(labels: pd.Series, *, engine: str = "textblob") -> go.Figure:
    """Comments per sentiment label, ``not scored`` included: a bar per label.

    ``labels`` holds ``negative``, ``neutral``, ``positive`` or missing (not scored), as strings
    or as a Categorical (counted faster).

    Examples:
        >>> import pandas as pd
        >>> fig = fig_sentiment_labels(pd.Series(["negative", "positive", None, "negative"]))
        >>> list(fig.data[0].x), list(fig.data[0].y)
        (['negative', 'neutral', 'positive', 'not scored'], [2, 0, 1, 1])
    """
    order = ["negative", "neutral", "positive", "not scored"]
    # Counted apart from the missing ones, so a Categorical of labels counts by its codes.
    counts = labels.value_counts().reindex(order, fill_value=0)
    counts["not scored"] += int(labels.isna().sum())
    fig = go.Figure(
        dict(
            type="bar",
            x=order,
            y=counts.astype(int).tolist(),
            marker=dict(color=[LABEL_COLORS[o] for o in order]),
            text=counts.astype(int).tolist(),
            textposition="auto",
            name="comments",
        )
    )
    _style(fig, f"Sentiment labels ({escape_label(engine)})", yaxis_title="comments", showlegend=False)
    return fig
