"""Figures of the Commenters page (the Overview shows the first): comments per commenter, activity by
weekday and hour, and one commenter's comments over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model.checks import require_columns
from .style import SCORE_COLORSCALE, _empty, _note, _plural, _style, escape_label

__all__ = ["ANONYMOUS_NOTE", "fig_comments_per_commenter", "fig_activity_heatmap", "fig_comment_scores"]

#: What commenter views say of comments that name no commenter (a table without an author column).
ANONYMOUS_NOTE = "The input names no commenters: the comments are anonymous"


def fig_comments_per_commenter(commenters: pd.DataFrame, *, top: int = 15, anonymous: bool = False) -> go.Figure:
    """The ``top`` most active commenters as horizontal bars, from ``commenter_activity``;
    ``anonymous`` (comments that name no commenter, see
    :func:`analytics.threads.activity.anonymous_comments`) says so in place of the bars.

    Examples:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"author": ["geha", "<x>"], "comments": [3, 1], "words": [73, 9],
        ...                       "status": ["registered", "guest"]})
        >>> fig = fig_comments_per_commenter(table)
        >>> list(fig.data[0].y), list(fig.data[0].x)
        (['&lt;x&gt;', 'geha'], [1, 3])
    """
    require_columns(commenters, ("author", "comments"), what="fig_comments_per_commenter")
    title = (
        "Comments per commenter"
        if len(commenters) <= top
        else f"Comments per commenter (the {top} most active of {len(commenters):,})"
    )
    if commenters.empty:
        return _empty(title, ANONYMOUS_NOTE if anonymous else "No commenters")
    shown = commenters.sort_values("comments", ascending=False, kind="stable").head(top).iloc[::-1]
    hover = [f"{escape_label(a)}<br>{int(c):,} comments" for a, c in zip(shown["author"], shown["comments"])]
    if "words" in shown.columns:
        hover = [f"{h}<br>{int(w):,} words" for h, w in zip(hover, shown["words"])]
    if "status" in shown.columns:
        hover = [f"{h}<br>{escape_label(s)}" for h, s in zip(hover, shown["status"])]
    fig = go.Figure(
        dict(
            type="bar",
            x=shown["comments"].astype(int).tolist(),
            y=[escape_label(a, limit=40) for a in shown["author"]],
            orientation="h",
            hovertext=hover,
            hoverinfo="text",
            marker=dict(color="#4c72b0"),
            name="comments",
        )
    )
    _style(
        fig,
        title,
        xaxis_title="comments",
        yaxis_type="category",
        height=max(300, 60 + 22 * len(shown)),
        showlegend=False,
    )
    return fig


def _weekday_hour_table(grid: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Comments summed per weekday (rows) and hour 0-23 (columns), and the weekdays, as the pivot
    table of ``grid`` gives them; added up with numpy for the grid ``activity_by_hour_weekday``
    makes (a categorical of weekdays, whole hours and counts), faster than the pivot."""
    weekday, hours, counts = grid["weekday"], grid["hour"].to_numpy(), grid["comments"].to_numpy()
    if (
        len(grid)
        and isinstance(weekday.dtype, pd.CategoricalDtype)
        and hours.dtype.kind in "iu"
        and counts.dtype.kind in "iu"
        and (weekday.cat.codes.to_numpy() >= 0).all()
        and ((hours >= 0) & (hours < 24)).all()
    ):
        table = np.zeros((len(weekday.cat.categories), 24), dtype=np.int64)
        np.add.at(table, (weekday.cat.codes.to_numpy(), hours), counts)
        return table, weekday.cat.categories
    table = (
        grid.pivot_table(index="weekday", columns="hour", values="comments", aggfunc="sum", observed=False)
        .reindex(columns=range(24), fill_value=0)
        .fillna(0)
        .astype(int)
    )
    return table.to_numpy(), table.index


def fig_activity_heatmap(grid: pd.DataFrame) -> go.Figure:
    """Comments by weekday (rows, Monday on top) and hour of day, from ``activity_by_hour_weekday``.

    Examples:
        >>> import pandas as pd
        >>> from analytics.threads.activity import activity_by_hour_weekday
        >>> grid = activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime(["2013-02-20 18:18"])}))
        >>> fig = fig_activity_heatmap(grid)
        >>> int(sum(map(sum, fig.data[0].z))), fig.data[0].z[2][18]
        (1, 1)
    """
    require_columns(grid, ("weekday", "hour", "comments"), what="fig_activity_heatmap")
    z, days = _weekday_hour_table(grid)
    fig = go.Figure(
        dict(
            type="heatmap",
            z=z.tolist(),
            x=list(range(24)),
            y=[str(d) for d in days],
            colorscale="Blues",
            colorbar=dict(title=dict(text="comments")),
            hovertemplate="%{y} %{x}:00<br>%{z} comments<extra></extra>",
        )
    )
    _style(fig, "Comments by weekday and hour", xaxis_title="hour of day", yaxis_autorange="reversed", xaxis_dtick=2)
    return fig


def fig_comment_scores(
    comments: pd.DataFrame, *, column: str = "polarity", max_points: int = 2000, seed: int = 0
) -> go.Figure:
    """Each scored, dated comment as a point: time against score (a commenter's profile).

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"author": "geha", "text": ["yes", "no", "later"], "polarity": [0.5, -0.4, 0.1],
        ...     "timestamp": pd.to_datetime(["2013-02-20 19:11", "2013-02-20 18:18", None])})
        >>> fig = fig_comment_scores(comments)
        >>> fig.data[0].y.tolist()
        [-0.4, 0.5]
    """
    require_columns(comments, ("author", "text", "timestamp", column), what="fig_comment_scores")
    shown = comments[["author", "text", "timestamp", column]]
    shown = shown[shown["timestamp"].notna() & shown[column].notna()].sort_values("timestamp", kind="stable")
    notes = []
    if len(shown) < len(comments):
        notes.append(f"{_plural(len(comments) - len(shown), 'comment')} without a time or a score, not shown")
    title = "Sentiment of each comment"
    if shown.empty:
        return _note(_empty(title, "No dated, scored comment"), notes)
    if len(shown) > max_points:
        shown = shown.iloc[np.sort(np.random.default_rng(seed).choice(len(shown), max_points, replace=False))]
        title += f" (a random {max_points:,})"
    scores = shown[column].astype("float64").to_numpy()
    authors = shown["author"].tolist()  # lists: iterating a column item by item is slow
    label = {a: escape_label(a, limit=40) for a in dict.fromkeys(authors)}  # a profile is one commenter's
    hover = [
        f"{label[a]}, {t:%Y-%m-%d %H:%M}<br>{column} {s:+.3f}<br>{escape_label(x, limit=160)}"
        for a, t, s, x in zip(authors, shown["timestamp"].tolist(), scores.tolist(), shown["text"].tolist())
    ]
    # Arrays, not lists: plotly checks a list item by item, and sends the scores as typed arrays.
    fig = go.Figure(
        dict(
            type="scatter",
            x=shown["timestamp"].to_numpy(),
            y=scores,
            mode="lines+markers",
            hovertext=np.array(hover, dtype=object),
            hoverinfo="text",
            line=dict(color="#bdbdbd"),
            marker=dict(
                size=9, color=scores, colorscale=SCORE_COLORSCALE, cmin=-1, cmax=1, line=dict(width=1, color="#555")
            ),
        )
    )
    fig.add_hline(y=0, line_color="#9e9e9e", line_width=1)
    _style(
        fig,
        title,
        yaxis_range=[-1.05, 1.05],
        xaxis_title="time (as printed)",
        yaxis_title=escape_label(column),
        showlegend=False,
    )
    return _note(fig, notes)
