"""Figures of the Sentiment page: score distributions, sentiment over time and by commenter,
and the agreement of the two engines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from ..columns.arrow_keys import arrow_strings
from ..model.checks import require_columns
from .style import SCORE_COLORSCALE, _count_codes, _empty, _note, _objects, _plural, _positions, _style, escape_label

__all__ = ["fig_score_histograms", "fig_sentiment_over_time", "fig_sentiment_by_commenter", "fig_engine_agreement"]


def fig_score_histograms(comments: pd.DataFrame, *, columns: Mapping[str, str], bins: int = 40) -> go.Figure:
    """The distribution of each engine's score on [-1, 1], counted with numpy.

    ``columns`` maps an engine's name to its score column (``{"textblob": "polarity"}``).
    Comments without a score are counted in a note.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"polarity": [-1.0, 0.0, 0.05, None]})
        >>> fig = fig_score_histograms(comments, columns={"textblob": "polarity"}, bins=4)
        >>> list(fig.data[0].y)
        [1, 0, 2, 0]
    """
    require_columns(comments, list(columns.values()), what="fig_score_histograms")
    edges = np.linspace(-1, 1, bins + 1)
    fig = go.Figure()
    notes = []
    for engine, column in columns.items():
        values = comments[column].astype("float64").to_numpy()
        values = values[~np.isnan(values)]
        counts, _ = np.histogram(np.clip(values, -1, 1), bins=bins, range=(-1, 1))  # equal bins: no sort
        fig.add_trace(
            dict(
                type="bar",
                x=(edges[:-1] + edges[1:]) / 2,
                y=counts.tolist(),
                width=np.diff(edges),
                name=f"{escape_label(engine)} ({escape_label(column)})",
                opacity=0.7,
            )
        )
        unscored = len(comments) - len(values)
        if unscored:
            notes.append(f"{escape_label(engine)}: {_plural(unscored, 'comment')} without a score")
    _style(
        fig,
        "Sentiment scores",
        barmode="overlay",
        bargap=0,
        xaxis_title="score (-1 negative … +1 positive)",
        yaxis_title="comments",
        xaxis_range=[-1.05, 1.05],
    )
    return _note(fig, notes)


def fig_sentiment_over_time(comments: pd.DataFrame, *, columns: Mapping[str, str], freq: str = "1h") -> go.Figure:
    """Mean score per period for each engine, with the number of scored comments in the hover.

    Comments without a time or a score are left out and counted in a note.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"polarity": [0.5, -0.1, 0.2, None],
        ...     "timestamp": pd.to_datetime(["2013-02-20 17:45", "2013-02-20 17:51", "2013-02-20 19:11", None])})
        >>> fig = fig_sentiment_over_time(comments, columns={"textblob": "polarity"}, freq="1h")
        >>> [round(v, 2) for v in fig.data[0].y], list(fig.data[0].customdata)
        ([0.2, 0.2], [[2], [1]])
    """
    require_columns(comments, ["timestamp", *columns.values()], what="fig_sentiment_over_time")
    title = "Mean sentiment over time"
    stamps = comments["timestamp"]
    undated = int(stamps.isna().sum())
    fig = go.Figure()
    notes = [f"{_plural(undated, 'comment')} without a time, not shown"] if undated else []
    used = list(dict.fromkeys(columns.values()))
    try:  # fixed-length periods: a hash group-by on floored times, no sort of every comment
        period = stamps.dt.floor(freq).to_numpy()
    except ValueError:  # calendar periods ("W", "MS"): resample
        period = None
    if period is not None:
        # One group-by for every engine's column, the rows without a time (NaT) dropped by it:
        # no copy of the dated rows; each column's means are summed as when grouped alone.
        scores = pd.DataFrame({column: comments[column].astype("float64").to_numpy() for column in used}, copy=False)
        by_period = scores.groupby(period)
        means, counts = by_period.mean(), by_period.count()
    else:
        dated = comments.loc[stamps.notna(), ["timestamp", *used]]
    for engine, column in columns.items():
        if period is not None:
            grouped = pd.DataFrame({"mean": means[column], "count": counts[column]})
        else:
            scored = dated[column].astype("float64")
            grouped = pd.Series(scored.to_numpy(), index=dated["timestamp"]).resample(freq).agg(["mean", "count"])
        grouped = grouped[grouped["count"] > 0]
        if grouped.empty:
            continue
        fig.add_trace(
            dict(
                type="scatter",
                x=grouped.index,
                y=grouped["mean"].tolist(),
                mode="lines+markers",
                name=escape_label(engine),
                customdata=[[int(n)] for n in grouped["count"]],
                hovertemplate="%{x}<br>mean %{y:.3f} over %{customdata[0]} comments<extra>"
                + escape_label(engine)
                + "</extra>",
            )
        )
    if not fig.data:
        return _note(_empty(title, "No dated comment has a score"), notes)
    fig.add_hline(y=0, line_color="#9e9e9e", line_width=1)
    _style(
        fig,
        f"{title} (per {escape_label(freq)})",
        yaxis_range=[-1.05, 1.05],
        xaxis_title="time (as printed)",
        yaxis_title="mean score",
    )
    return _note(fig, notes)


def fig_sentiment_by_commenter(comments: pd.DataFrame, *, column: str = "polarity", top: int = 20) -> go.Figure:
    """Mean score of the ``top`` commenters with the most scored comments, a bar each.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"author": ["geha", "geha", "realist", "x"],
        ...                          "polarity": [0.5, -0.1, -0.3, None]})
        >>> fig = fig_sentiment_by_commenter(comments)
        >>> list(fig.data[0].y), [round(v, 2) for v in fig.data[0].x]
        (['realist', 'geha'], [-0.3, 0.2])
    """
    require_columns(comments, ("author", column), what="fig_sentiment_by_commenter")
    # Counted by integer codes of the names (a group-by over the names themselves is slow); only
    # the commenters that may be drawn are sorted by name (ties in count keep name order), and
    # only their rows are grouped for the means and medians.
    values = comments[column].astype("float64").to_numpy()
    encoded = pc.dictionary_encode(arrow_strings(comments["author"]))
    authors = _positions(encoded.indices)
    authors[np.isnan(values)] = -1
    nameless = pc.index(encoded.dictionary, "").as_py()  # comments naming no commenter: nobody's bar
    if nameless >= 0:
        authors[authors == nameless] = -1
    counts = _count_codes(authors, len(encoded.dictionary))
    present = np.flatnonzero(counts)
    n_all = len(present)
    title = (
        "Mean sentiment by commenter"
        if n_all <= top
        else f"Mean sentiment by commenter (the {top} with most scored comments of {n_all:,})"
    )
    if not n_all:
        return _empty(title, "No scored comments by a named commenter" if nameless >= 0 else "No scored comments")
    shown = min(max(top, 0), n_all)
    least = np.partition(counts[present], n_all - shown)[n_all - shown] if shown else np.inf  # the top-th count
    candidates = present[counts[present] >= least]
    ranked = pc.sort_indices(
        pa.table({"n": counts[candidates], "name": encoded.dictionary.take(candidates)}),
        sort_keys=[("n", "descending"), ("name", "ascending")],
    )
    drawn = candidates[ranked.to_numpy()[:top]]
    is_drawn = np.zeros(len(counts) + 1, dtype=bool)  # the last: a missing name or score (-1)
    is_drawn[drawn] = True
    rows = is_drawn[authors]
    stats = pd.Series(values[rows]).groupby(authors[rows]).agg(["mean", "median", "count"])
    stats = stats.reindex(drawn).set_axis(pd.array(encoded.dictionary.take(drawn), dtype="str")).iloc[::-1]
    hover = [
        f"{escape_label(a)}<br>mean {m:+.3f}, median {d:+.3f}<br>{int(n):,} scored comments"
        for a, m, d, n in zip(stats.index, stats["mean"], stats["median"], stats["count"])
    ]
    fig = go.Figure(
        dict(
            type="bar",
            x=stats["mean"].tolist(),
            y=[escape_label(a, limit=40) for a in stats.index],
            orientation="h",
            hovertext=hover,
            hoverinfo="text",
            marker=dict(
                color=stats["mean"].tolist(),
                colorscale=SCORE_COLORSCALE,
                cmin=-1,
                cmax=1,
                line=dict(width=1, color="#7f7f7f"),
            ),
        )
    )
    _style(
        fig,
        title,
        xaxis_title=f"mean {escape_label(column)}",
        xaxis_range=[-1.05, 1.05],
        yaxis_type="category",
        height=max(300, 60 + 22 * len(stats)),
        showlegend=False,
    )
    return fig


#: Colour of the engine agreement's points, by trace.
_AGREEMENT_COLORS = {"same label": "#4c72b0", "different labels": "#dd8452", "comments": "#4c72b0"}


def _same_labels(agree: pd.Series | np.ndarray, rows: np.ndarray, index: pd.Index) -> np.ndarray:
    """Whether the engines agree at each drawn comment: ``agree`` at positions ``rows`` if an array,
    else at the labels ``index`` (False where it has none)."""
    if isinstance(agree, np.ndarray):
        return agree[rows].astype(bool)
    return agree.reindex(index).fillna(False).astype(bool).to_numpy()


def _agreement_trace(name: str, part: pd.DataFrame, x_column: str, y_column: str) -> dict:
    """One trace of the engine agreement: the comments of ``part`` at their two scores, their
    author and text in the hover."""
    xs, ys = part[x_column].tolist(), part[y_column].tolist()  # lists: iterating a column item by item is slow
    hover = [
        f"{escape_label(a, limit=40)}: {escape_label(t, limit=160)}\n<br>{x_column} {x:+.3f}, {y_column} {y:+.3f}"
        for a, t, x, y in zip(part["author"].tolist(), part["text"].tolist(), xs, ys)
    ]
    return dict(
        type="scattergl",
        x=_objects(xs),
        y=_objects(ys),
        mode="markers",
        name=name,
        hovertext=_objects(hover),
        hoverinfo="text",
        marker=dict(color=_AGREEMENT_COLORS[name], size=7, opacity=0.7),
    )


def fig_engine_agreement(
    comments: pd.DataFrame,
    *,
    x_column: str = "polarity",
    y_column: str = "vader_compound",
    agree: pd.Series | np.ndarray | None = None,
    max_points: int = 5000,
    seed: int = 0,
    text_at: Callable[[np.ndarray], Sequence[str]] | None = None,
) -> go.Figure:
    """One engine's score against the other's, for the comments both scored.

    ``agree`` (aligned with ``comments`` by index, or by position if an array) splits the points into "same label" and "different
    labels" traces; without it there is one trace. Above ``max_points`` scored comments, a
    seeded random sample of ``max_points`` is drawn and the title says so.

    The hover shows each comment's ``text``: a column of ``comments``, or ``text_at(positions)``,
    the texts at these positions of ``comments`` (a large view then takes the drawn texts only).

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"author": ["a", "b", "c"], "text": ["good", "<b>bad</b>", "ar"],
        ...     "polarity": [0.7, 0.4, None], "vader_compound": [0.4, -0.5, None]})
        >>> fig = fig_engine_agreement(comments, agree=pd.Series([True, False, False]))
        >>> [(t.name, len(t.x)) for t in fig.data]
        [('same label', 1), ('different labels', 1)]
        >>> fig.data[1].hovertext[0].splitlines()[0]
        'b: &lt;b&gt;bad&lt;/b&gt;'
    """
    require_columns(
        comments, ("author", x_column, y_column) + (() if text_at else ("text",)), what="fig_engine_agreement"
    )
    rows = np.flatnonzero((comments[x_column].notna() & comments[y_column].notna()).to_numpy())
    title = "Engine agreement"
    if not len(rows):
        return _empty(title, "No comment has both scores")
    if len(rows) > max_points:  # sample positions first: only the drawn rows are ever copied
        title += f" (a random {max_points:,} of {len(rows):,} comments)"
        rows = np.sort(np.random.default_rng(seed).choice(rows, max_points, replace=False))
    if text_at is None:
        both = comments[["author", "text", x_column, y_column]].iloc[rows]
    else:
        both = comments[["author", x_column, y_column]].iloc[rows]
        both.insert(1, "text", np.asarray(list(text_at(rows)), dtype=object))
    same = None if agree is None else _same_labels(agree, rows, both.index)
    groups = {"comments": both} if same is None else {"same label": both[same], "different labels": both[~same]}
    fig = go.Figure()
    for name, part in groups.items():
        fig.add_trace(_agreement_trace(name, part, x_column, y_column))
    fig.add_hline(y=0, line_color="#bdbdbd", line_width=1)
    fig.add_vline(x=0, line_color="#bdbdbd", line_width=1)
    _style(
        fig,
        title,
        xaxis_title=escape_label(x_column),
        yaxis_title=escape_label(y_column),
        xaxis_range=[-1.05, 1.05],
        yaxis_range=[-1.05, 1.05],
    )
    return fig
