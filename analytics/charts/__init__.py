"""The dashboard's figures: ``fig_*`` builders returning ``plotly.graph_objects.Figure``.

Each builder takes the frames of :mod:`analytics` (filtered or not) and returns a figure, so
pages only show them and tests inspect ``fig.data`` without Streamlit.

Two rules hold for every figure here:

* **Aggregated on the server.** Histograms are counted with numpy, volumes and means per
  period with pandas; scatter plots draw at most ``max_points`` points (a seeded random sample,
  said so in the title). No figure carries one point per comment of a large corpus.
* **User text is escaped.** Plotly renders a subset of HTML in titles, axis labels, legend
  entries and hover labels, so every comment text, name or title that reaches a figure goes
  through :func:`escape_label` (``<``, ``>`` and ``&`` become entities, which plotly shows as
  the characters). Figure titles hold only our own words and numbers.

Traces are handed to figures as dicts (``dict(type="scatter", ...)``), not as ``go.Scatter``
objects: plotly checks a trace object again, item by item, when a figure takes it (the same
JSON, half the time). Large arrays go as object arrays (:func:`_objects`).
"""
from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc
from plotly.colors import sample_colorscale

from ..model.checks import require_columns
from ..columns.arrow_keys import arrow_strings, row_positions  # row_positions: here for the pages, which find rows by id

__all__ = [
    "escape_label", "pick_freq", "row_positions", "spring_layout",
    "fig_comment_volume", "fig_sentiment_labels", "fig_score_histograms", "fig_comments_per_commenter",
    "fig_sentiment_over_time", "fig_sentiment_by_commenter", "fig_engine_agreement",
    "fig_activity_heatmap", "fig_comment_scores", "fig_reply_network", "fig_conversation_timeline",
    "fig_latency_histogram",
    "SCORE_COLORSCALE", "UNIT_SCALES", "NETWORK_TRACES",
]

TEMPLATE = "plotly_white"
#: Negative red, neutral light grey, positive blue; scores always mapped on [-1, 1].
SCORE_COLORSCALE = "RdBu"
LABEL_COLORS = {"negative": "#b2182b", "neutral": "#9e9e9e", "positive": "#2166ac", "not scored": "#d9d9d9"}
#: Colour scale and range of the scores read on [0, 1] rather than [-1, 1] (red: toxic).
UNIT_SCALES = {"toxicity": "Reds"}
#: Names of the reply network's node traces, by kind of node.
NETWORK_TRACES = {"commenter": "commenters", "outside": "outside the filters",
                  "absent": "mentioned, never commented"}
_FREQS = (("5min", 5), ("15min", 15), ("30min", 30), ("1h", 60), ("3h", 180), ("6h", 360),
          ("12h", 720), ("1D", 1440), ("7D", 10080), ("30D", 43200))


# --- helpers ----------------------------------------------------------------------------------

def escape_label(text: object, *, limit: int | None = None) -> str:
    """``text`` made safe for a plotly label: ``<``, ``>``, ``&`` escaped, optionally shortened.

    Shortening happens before escaping, so an entity is never cut in half; line breaks
    become spaces.

    Examples:
        >>> escape_label("<b>geha</b> & co")
        '&lt;b&gt;geha&lt;/b&gt; &amp; co'
        >>> escape_label("a long comment text", limit=8)
        'a long …'
    """
    value = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    if limit is not None and len(value) > limit:
        # A long comment: the spaces of a beginning a little longer than the label are joined as
        # the whole text's are, so when that beginning alone is too long, the label is made from
        # it (the same label, without splitting the whole text: a third of the time for comments
        # of a few hundred characters, and pages of text are never split).
        start = " ".join(value[:limit + limit // 4 + 8].split())
        if len(start) > limit:
            return html.escape(start[:limit - 1] + "…", quote=False)
    value = " ".join(value.split())
    if limit is not None and len(value) > limit:
        value = value[:limit - 1] + "…"
    return html.escape(value, quote=False)


@functools.cache
def _prepared_template() -> go.layout.Template:
    return go.Layout(template=TEMPLATE).template


def _style(fig: go.Figure, title: str, **layout: object) -> None:
    """``fig.update_layout(title=title, template=TEMPLATE, **layout)``, the template not checked again.

    plotly deep-copies and validates a named template for each figure it is given to (8 ms of
    a chart's build). An empty template holds its place in the layout; then the template checked
    once replaces it as plotly sets its default template: unvalidated, a copy of its JSON (1 ms),
    so no figure shares it and the figure's JSON is the same.
    """
    fig.update_layout(title=title, template={}, **layout)
    _set_unchecked(fig.layout, "template", _prepared_template())


def _set_unchecked(item: object, prop: str, value: object) -> None:
    """``item[prop] = value`` without plotly's check, as plotly sets its default template: for a
    value made here that plotly would check again for each figure (a template checked once,
    colours sampled from a colour scale: a regular expression per colour). In the place of the
    value it replaces, as plotly keeps a property's place in the figure's JSON."""
    before = item._validate
    item._validate = False
    try:
        item[prop] = value
    finally:
        item._validate = before


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    _style(fig, title, xaxis_visible=False, yaxis_visible=False,
           annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5,
                             xref="paper", yref="paper", font_size=14)])
    return fig


def _note(fig: go.Figure, lines: list[str]) -> go.Figure:
    """Our own remarks (counts left out, samples) under the plot area."""
    if lines:
        fig.add_annotation(text="<br>".join(lines), showarrow=False, x=0, y=-0.12, xref="paper",
                           yref="paper", xanchor="left", yanchor="top", font_size=11, align="left")
        fig.update_layout(margin_b=70 + 16 * len(lines))
    return fig


def _objects(items: list) -> np.ndarray:
    """``items`` as a 1-d array of Python objects: plotly takes an array whole where it checks a
    list item by item (5x the time for thousands of points), and writes it to JSON as the list."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _positions(indices: pa.Array) -> np.ndarray:
    """Arrow's integer positions as int64, -1 where null (filled only when some is)."""
    if indices.null_count:
        indices = indices.fill_null(-1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _count_codes(found: np.ndarray, n: int) -> np.ndarray:
    """How many of ``found`` hold each code ``0 .. n-1`` (-1, a missing value, is not counted);
    without a copy of a million codes when none is missing."""
    return np.bincount(found if not len(found) or found.min() >= 0 else found[found >= 0], minlength=n)


def _total_seconds(spans: pd.Series) -> np.ndarray:
    """``pd.to_timedelta(spans).dt.total_seconds().to_numpy()``, NaN where missing; from the
    microseconds of a ``timedelta64[us]`` column without pandas' copies (the same division)."""
    if spans.dtype != "timedelta64[us]":
        return pd.to_timedelta(spans).dt.total_seconds().to_numpy()
    ticks = spans.to_numpy()
    seconds = ticks.view(np.int64) / 1_000_000
    missing = np.isnat(ticks)
    if missing.any():
        seconds[missing] = np.nan
    return seconds


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _score_color(values: np.ndarray) -> list[str]:
    """Colours of scores in [-1, 1] on :data:`SCORE_COLORSCALE`; grey where missing."""
    clipped = np.clip(np.nan_to_num(values, nan=0.0), -1, 1)
    # Each distinct score sampled once (plotly samples and checks colours one by one, slowly).
    points, at = np.unique((clipped + 1) / 2, return_inverse=True)
    colors = sample_colorscale(SCORE_COLORSCALE, list(points)) if len(points) else []
    return [colors[k] if not math.isnan(v) else "#bdbdbd" for k, v in zip(at.tolist(), values.tolist())]


def pick_freq(timestamps: pd.Series, *, target: int = 40) -> str:
    """A pandas frequency that cuts the span of ``timestamps`` into about ``target`` periods.

    Examples:
        >>> import pandas as pd
        >>> pick_freq(pd.Series(pd.to_datetime(["2013-02-20 12:45", "2013-02-20 22:46"])))
        '30min'
        >>> pick_freq(pd.Series(pd.to_datetime(["2013-01-01", "2013-12-31"])))
        '30D'
        >>> pick_freq(pd.Series([], dtype="datetime64[us]"))
        '1h'
    """
    first, last = timestamps.min(), timestamps.max()  # missing times skipped, not copied out
    if pd.isna(first):
        return "1h"
    minutes = (last - first).total_seconds() / 60
    for freq, size in _FREQS:
        if minutes / size <= target:
            return freq
    return _FREQS[-1][0]


# --- overview ---------------------------------------------------------------------------------

def fig_comment_volume(volume: pd.DataFrame, *, article_titles: Mapping[str, str] | None = None,
                       max_lines: int = 8) -> go.Figure:
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
    own = list(totals.index[:max_lines]) if len(totals) <= max_lines else list(totals.index[:max_lines - 1])
    fig = go.Figure()
    for article in own:
        part = dated[dated["article_id"] == article].sort_values("period")
        fig.add_trace(dict(type="scatter", x=part["period"], y=part["comments"].tolist(), mode="lines+markers",
                                           name=escape_label(titles.get(article, article), limit=60),
                                           line=dict(shape="hv")))
    rest = dated[~dated["article_id"].isin(own)]
    if len(rest):
        summed = rest.groupby("period", as_index=False)["comments"].sum()
        fig.add_trace(dict(type="scatter", x=summed["period"], y=summed["comments"].tolist(), mode="lines", line=dict(shape="hv"),
                                           name=f"other articles ({rest['article_id'].nunique():,})"))
    _style(fig, title, xaxis_title="time (as printed)",
           yaxis_title="comments", legend_title_text="article", hovermode="x unified")
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
    fig = go.Figure(dict(type="bar", x=order, y=counts.astype(int).tolist(), marker=dict(color=[LABEL_COLORS[o] for o in order]),
                                     text=counts.astype(int).tolist(), textposition="auto", name="comments"))
    _style(fig, f"Sentiment labels ({escape_label(engine)})",
           yaxis_title="comments", showlegend=False)
    return fig


def fig_comments_per_commenter(commenters: pd.DataFrame, *, top: int = 15) -> go.Figure:
    """The ``top`` most active commenters as horizontal bars, from ``commenter_activity``.

    Examples:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"author": ["geha", "<x>"], "comments": [3, 1], "words": [73, 9],
        ...                       "status": ["registered", "guest"]})
        >>> fig = fig_comments_per_commenter(table)
        >>> list(fig.data[0].y), list(fig.data[0].x)
        (['&lt;x&gt;', 'geha'], [1, 3])
    """
    require_columns(commenters, ("author", "comments"), what="fig_comments_per_commenter")
    title = "Comments per commenter" if len(commenters) <= top else \
        f"Comments per commenter (the {top} most active of {len(commenters):,})"
    if commenters.empty:
        return _empty(title, "No commenters")
    shown = commenters.sort_values("comments", ascending=False, kind="stable").head(top).iloc[::-1]
    hover = [f"{escape_label(a)}<br>{int(c):,} comments" for a, c in zip(shown["author"], shown["comments"])]
    if "words" in shown.columns:
        hover = [f"{h}<br>{int(w):,} words" for h, w in zip(hover, shown["words"])]
    if "status" in shown.columns:
        hover = [f"{h}<br>{escape_label(s)}" for h, s in zip(hover, shown["status"])]
    fig = go.Figure(dict(type="bar", x=shown["comments"].astype(int).tolist(), y=[escape_label(a, limit=40) for a in shown["author"]],
                                     orientation="h", hovertext=hover, hoverinfo="text", marker=dict(color="#4c72b0"),
                                     name="comments"))
    _style(fig, title, xaxis_title="comments", yaxis_type="category",
           height=max(300, 60 + 22 * len(shown)), showlegend=False)
    return fig


# --- sentiment --------------------------------------------------------------------------------

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
        fig.add_trace(dict(type="bar", x=(edges[:-1] + edges[1:]) / 2, y=counts.tolist(), width=np.diff(edges),
                                       name=f"{escape_label(engine)} ({escape_label(column)})", opacity=0.7))
        unscored = len(comments) - len(values)
        if unscored:
            notes.append(f"{escape_label(engine)}: {_plural(unscored, 'comment')} without a score")
    _style(fig, "Sentiment scores", barmode="overlay", bargap=0,
           xaxis_title="score (-1 negative … +1 positive)", yaxis_title="comments",
           xaxis_range=[-1.05, 1.05])
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
        fig.add_trace(dict(type="scatter",
            x=grouped.index, y=grouped["mean"].tolist(), mode="lines+markers", name=escape_label(engine),
            customdata=[[int(n)] for n in grouped["count"]],
            hovertemplate="%{x}<br>mean %{y:.3f} over %{customdata[0]} comments<extra>" + escape_label(engine)
            + "</extra>"))
    if not fig.data:
        return _note(_empty(title, "No dated comment has a score"), notes)
    fig.add_hline(y=0, line_color="#9e9e9e", line_width=1)
    _style(fig, f"{title} (per {escape_label(freq)})", yaxis_range=[-1.05, 1.05],
           xaxis_title="time (as printed)", yaxis_title="mean score")
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
    # Counted by integer codes of the names (a group-by over a million names takes seconds); only
    # the commenters that may be drawn are sorted by name (ties in count keep name order), and
    # only their rows are grouped for the means and medians.
    values = comments[column].astype("float64").to_numpy()
    encoded = pc.dictionary_encode(arrow_strings(comments["author"]))
    authors = _positions(encoded.indices)
    authors[np.isnan(values)] = -1
    counts = _count_codes(authors, len(encoded.dictionary))
    present = np.flatnonzero(counts)
    n_all = len(present)
    title = "Mean sentiment by commenter" if n_all <= top else \
        f"Mean sentiment by commenter (the {top} with most scored comments of {n_all:,})"
    if not n_all:
        return _empty(title, "No scored comments")
    shown = min(max(top, 0), n_all)
    least = np.partition(counts[present], n_all - shown)[n_all - shown] if shown else np.inf  # the top-th count
    candidates = present[counts[present] >= least]
    ranked = pc.sort_indices(pa.table({"n": counts[candidates], "name": encoded.dictionary.take(candidates)}),
                             sort_keys=[("n", "descending"), ("name", "ascending")])
    drawn = candidates[ranked.to_numpy()[:top]]
    is_drawn = np.zeros(len(counts) + 1, dtype=bool)  # the last: a missing name or score (-1)
    is_drawn[drawn] = True
    rows = is_drawn[authors]
    stats = pd.Series(values[rows]).groupby(authors[rows]).agg(["mean", "median", "count"])
    stats = stats.reindex(drawn).set_axis(pd.array(encoded.dictionary.take(drawn), dtype="str")).iloc[::-1]
    hover = [f"{escape_label(a)}<br>mean {m:+.3f}, median {d:+.3f}<br>{int(n):,} scored comments"
             for a, m, d, n in zip(stats.index, stats["mean"], stats["median"], stats["count"])]
    fig = go.Figure(dict(type="bar", x=stats["mean"].tolist(), y=[escape_label(a, limit=40) for a in stats.index],
                                     orientation="h", hovertext=hover, hoverinfo="text",
                                     marker=dict(color=stats["mean"].tolist(), colorscale=SCORE_COLORSCALE, cmin=-1, cmax=1,
                                                 line=dict(width=1, color="#7f7f7f"))))
    _style(fig, title, xaxis_title=f"mean {escape_label(column)}",
           xaxis_range=[-1.05, 1.05], yaxis_type="category", height=max(300, 60 + 22 * len(stats)),
           showlegend=False)
    return fig


def fig_engine_agreement(comments: pd.DataFrame, *, x_column: str = "polarity", y_column: str = "vader_compound",
                         agree: pd.Series | np.ndarray | None = None, max_points: int = 5000,
                         seed: int = 0, text_at: Callable[[np.ndarray], Sequence[str]] | None = None) -> go.Figure:
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
    require_columns(comments, ("author", x_column, y_column) + (() if text_at else ("text",)),
                    what="fig_engine_agreement")
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
    if agree is None:
        same = None
    elif isinstance(agree, np.ndarray):
        same = agree[rows].astype(bool)
    else:
        same = agree.reindex(both.index).fillna(False).astype(bool).to_numpy()
    groups = {"comments": both} if same is None else {"same label": both[same], "different labels": both[~same]}
    fig = go.Figure()
    colors = {"same label": "#4c72b0", "different labels": "#dd8452", "comments": "#4c72b0"}
    for name, part in groups.items():
        xs, ys = part[x_column].tolist(), part[y_column].tolist()  # lists: iterating a column item by item is slow
        hover = [f"{escape_label(a, limit=40)}: {escape_label(t, limit=160)}\n<br>{x_column} {x:+.3f}, "
                 f"{y_column} {y:+.3f}"
                 for a, t, x, y in zip(part["author"].tolist(), part["text"].tolist(), xs, ys)]
        fig.add_trace(dict(type="scattergl", x=_objects(xs), y=_objects(ys),
                                             mode="markers", name=name, hovertext=_objects(hover), hoverinfo="text",
                                             marker=dict(color=colors[name], size=7, opacity=0.7)))
    fig.add_hline(y=0, line_color="#bdbdbd", line_width=1)
    fig.add_vline(x=0, line_color="#bdbdbd", line_width=1)
    _style(fig, title, xaxis_title=escape_label(x_column),
           yaxis_title=escape_label(y_column), xaxis_range=[-1.05, 1.05], yaxis_range=[-1.05, 1.05])
    return fig


# --- commenters -------------------------------------------------------------------------------

def _weekday_hour_table(grid: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Comments summed per weekday (rows) and hour 0-23 (columns), and the weekdays, as the pivot
    table of ``grid`` gives them; added up with numpy for the grid ``activity_by_hour_weekday``
    makes (a categorical of weekdays, whole hours and counts), a fifth of the pivot's time."""
    weekday, hours, counts = grid["weekday"], grid["hour"].to_numpy(), grid["comments"].to_numpy()
    if len(grid) and isinstance(weekday.dtype, pd.CategoricalDtype) and hours.dtype.kind in "iu" \
            and counts.dtype.kind in "iu" and (weekday.cat.codes.to_numpy() >= 0).all() \
            and ((hours >= 0) & (hours < 24)).all():
        table = np.zeros((len(weekday.cat.categories), 24), dtype=np.int64)
        np.add.at(table, (weekday.cat.codes.to_numpy(), hours), counts)
        return table, weekday.cat.categories
    table = grid.pivot_table(index="weekday", columns="hour", values="comments", aggfunc="sum", observed=False) \
        .reindex(columns=range(24), fill_value=0).fillna(0).astype(int)
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
    fig = go.Figure(dict(type="heatmap", z=z.tolist(), x=list(range(24)), y=[str(d) for d in days],
                                         colorscale="Blues", colorbar=dict(title=dict(text="comments")),
                                         hovertemplate="%{y} %{x}:00<br>%{z} comments<extra></extra>"))
    _style(fig, "Comments by weekday and hour", xaxis_title="hour of day",
           yaxis_autorange="reversed", xaxis_dtick=2)
    return fig


def fig_comment_scores(comments: pd.DataFrame, *, column: str = "polarity", max_points: int = 2000,
                       seed: int = 0) -> go.Figure:
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
    hover = [f"{label[a]}, {t:%Y-%m-%d %H:%M}<br>{column} {s:+.3f}<br>{escape_label(x, limit=160)}"
             for a, t, s, x in zip(authors, shown["timestamp"].tolist(), scores.tolist(), shown["text"].tolist())]
    # Arrays, not lists: plotly checks a list item by item (a tenth of a second for 2,000 points)
    # and sends the scores as typed arrays.
    fig = go.Figure(dict(type="scatter", x=shown["timestamp"].to_numpy(), y=scores, mode="lines+markers",
                                         hovertext=np.array(hover, dtype=object), hoverinfo="text", line=dict(color="#bdbdbd"),
                                         marker=dict(size=9, color=scores, colorscale=SCORE_COLORSCALE, cmin=-1, cmax=1,
                                                     line=dict(width=1, color="#555"))))
    fig.add_hline(y=0, line_color="#9e9e9e", line_width=1)
    _style(fig, title, yaxis_range=[-1.05, 1.05], xaxis_title="time (as printed)",
           yaxis_title=escape_label(column), showlegend=False)
    return _note(fig, notes)


# --- replies and timelines --------------------------------------------------------------------

def spring_layout(n: int, links: np.ndarray, weights: np.ndarray | None = None, *, iterations: int = 60,
                  seed: int = 0) -> np.ndarray:
    """Positions of ``n`` nodes in [-1, 1]^2 by Fruchterman-Reingold (numpy, deterministic).

    ``links`` is an ``(m, 2)`` array of node indices, ``weights`` their strengths. Starts from a
    circle (a little jitter from ``seed`` breaks symmetry), pulls linked nodes together, pushes
    all apart, and cools over ``iterations`` steps; a weak pull to the centre keeps unlinked
    nodes in view.

    Examples:
        >>> pos = spring_layout(3, np.array([[0, 1]]))
        >>> pos.shape, bool(np.abs(pos).max() <= 1)
        ((3, 2), True)
        >>> bool(np.linalg.norm(pos[0] - pos[1]) < np.linalg.norm(pos[0] - pos[2]))
        True
    """
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    angle = 2 * np.pi * np.arange(n) / n
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) + np.random.default_rng(seed).normal(0, 0.01, (n, 2))
    adjacency = np.zeros((n, n))
    if len(links):
        w = np.ones(len(links)) if weights is None else np.asarray(weights, dtype=float)
        np.add.at(adjacency, (links[:, 0], links[:, 1]), w)
        adjacency = adjacency + adjacency.T
        np.fill_diagonal(adjacency, 0)
        adjacency = adjacency / adjacency.max() if adjacency.max() > 0 else adjacency
    k = math.sqrt(4.0 / n)
    step = 0.2
    for _ in range(iterations):
        # x and y apart, as (n, n) arrays: a fifth of the time of (n, n, 2) ones, the same numbers
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-3)
        force = k * k / dist ** 2 - adjacency * dist / k
        np.fill_diagonal(force, 0)
        # force is symmetric and dx antisymmetric, so each node's sum over the others is its
        # column's sum negated, which numpy adds row after row: in the order, and so with the
        # rounding, of the (n, n, 2) sum over axis 1 it replaces.
        pushed = -np.column_stack([np.add.reduce(dx * force, axis=0), np.add.reduce(dy * force, axis=0)])
        disp = pushed - 0.05 * pos * np.linalg.norm(pos, axis=1, keepdims=True) / k
        length = np.maximum(np.linalg.norm(disp, axis=1, keepdims=True), 1e-9)
        pos = pos + disp / length * np.minimum(length, step)
        step *= 0.93
    pos = pos - pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def _child_rows(comments: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """Row position in ``comments`` of each edge's child comment; -1 where it is not there.

    Reply edges are made from the comments that reply, in their order (``reply_edges``), and a
    view keeps the edges whose child passes: then the children are exactly the replying comments
    of the view, found by position. Checked, not assumed: otherwise the ids are looked up (a
    hash of a million ids costs half a second).
    """
    methods = comments["reply_method"]
    if getattr(methods.array, "_pa_array", None) is None:  # Python strings: numpy compares them 4x faster
        replying = np.asarray(methods.to_numpy(dtype=object) != "none", dtype=bool)
    else:
        replying = (methods != "none").to_numpy(dtype=bool, na_value=True)
    rows = np.flatnonzero(replying)
    if len(rows) == len(edges) and (not len(rows) or pc.all(pc.equal(
            arrow_strings(comments["comment_id"].iloc[rows]), arrow_strings(edges["child_id"]))).as_py()):
        return rows
    return row_positions(edges["child_id"], comments["comment_id"])


def _author_codes(comments: pd.DataFrame, edges: pd.DataFrame, rows: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.api.extensions.ExtensionArray, int]:
    """Codes of the names in a reply network: ``(of each comment's author, of each edge's child
    author, of each edge's parent author, names, n_commenters)``; -1 for a missing name.

    The commenters come first (``names[:n_commenters]``, in order of first comment), then the
    other names the edges hold. A child's author is read from its comment's row (``rows``, as
    :func:`_child_rows`), where it equals the edge's ``child_author`` (checked): the names of a
    million comments are hashed once, and of the edges only the answered authors are looked up.
    """
    authors = arrow_strings(comments["author"])
    encoded = pc.dictionary_encode(authors)
    commenters = encoded.dictionary
    of_comment = _positions(encoded.indices)
    child_names = arrow_strings(edges["child_author"])
    child = np.full(len(edges), -1, dtype=np.int64)
    found = np.flatnonzero(rows >= 0)
    if len(found):
        named = child_names if len(found) == len(edges) else child_names.take(found)  # all: no copy
        same = pc.equal(named, authors.take(rows[found]))
        found = found[same.fill_null(False).to_numpy(zero_copy_only=False)]
        child[found] = of_comment[rows[found]]
    # The rest by name: the parents, and the children not read from a comment.
    unread = np.flatnonzero(child < 0)
    others = arrow_strings(edges["parent_author"])
    if len(unread):
        others = pa.concat_arrays([child_names.take(unread), others])
    known = _positions(pc.index_in(others, value_set=commenters))
    unknown = np.flatnonzero((known < 0) & others.is_valid().to_numpy(zero_copy_only=False))
    new = pc.dictionary_encode(others.take(unknown))
    known[unknown] = len(commenters) + new.indices.to_numpy(zero_copy_only=False)
    child[unread] = known[:len(unread)]
    names = pd.array(pa.concat_arrays([commenters, new.dictionary]), dtype="str")
    return of_comment, child, known[len(unread):], names, len(commenters)


def fig_reply_network(comments: pd.DataFrame, edges: pd.DataFrame, *, score_column: str = "polarity",
                      max_nodes: int = 120, max_links: int = 400) -> go.Figure:
    """Who answers whom: commenters as nodes sized by comments, replies as links.

    A link joins a replying commenter and the author answered; its width grows with the number
    of replies and its colour is the mean ``score_column`` of the replies (a sentiment score: red
    negative, blue positive; ``toxicity``: darker red more toxic, on [0, 1]; grey unscored). Self-replies are not drawn. Three node traces
    (:data:`NETWORK_TRACES`): ``commenters`` (comments in view, sized by their number),
    ``outside the filters`` (answered, but with no comment passing the filters) and
    ``mentioned, never commented`` (named by an ``@handle`` with no comment in the data:
    ``mention-external``), drawn as open markers. A hidden marker at each link's middle
    carries its hover text and the colour bar. Above ``max_nodes`` commenters, the most
    active ones (and those their strongest links reach) are drawn and the title says so.
    ``comments`` holds ``reply_method`` (``none`` for a comment that answers nobody): the edges'
    child comments are found by it (checked), not by hashing every comment id.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2", "c3"], "author": ["ann", "bob", "ann"],
        ...     "reply_method": ["none", "mention", "mention"], "polarity": [0.1, -0.6, 0.3]})
        >>> edges = pd.DataFrame({"child_id": ["c2", "c3"], "child_author": ["bob", "ann"],
        ...     "parent_author": ["ann", "zed"], "method": ["mention", "mention-external"]})
        >>> fig = fig_reply_network(comments, edges)
        >>> nodes = {t.name: list(t.text) for t in fig.data if t.name in NETWORK_TRACES.values()}
        >>> nodes
        {'commenters': ['ann', 'bob'], 'mentioned, never commented': ['zed']}
        >>> [t for t in fig.data if t.name == "commenters"][0].customdata
        (2, 1)
    """
    require_columns(comments, ("comment_id", "author", "reply_method", score_column), what="fig_reply_network")
    require_columns(edges, ("child_id", "child_author", "parent_author", "method"), what="fig_reply_network")
    title = "Reply network"
    # Names as integer codes, from Arrow: no million-row frame of Python names.
    rows = _child_rows(comments, edges)
    of_comment, child, parent, names, n_commenters = _author_codes(comments, edges, rows)
    n_comments = _count_codes(of_comment, len(names))
    by_activity = np.argsort(-n_comments[:n_commenters], kind="stable")  # ties in order of first comment
    answered = parent >= 0
    loops = answered & (child == parent)  # the parent is named, so a loop has a name on both sides
    n_loops = int(np.count_nonzero(loops))
    drawable = np.flatnonzero(answered & ~loops)  # each edge's figures taken once, at these links
    child, parent, child_rows = child[drawable], parent[drawable], rows[drawable]
    values = comments[score_column].astype("float64").to_numpy()
    if len(values) and child_rows.min(initial=0) >= 0:  # every child comment found: no mask
        scores = values[child_rows]
    else:
        scores = np.where(child_rows >= 0, values[np.maximum(child_rows, 0)] if len(values) else np.nan, np.nan)
    is_external = edges["method"].eq("mention-external").to_numpy(dtype=bool, na_value=False)[drawable]
    made, got = _count_codes(child, len(names)), _count_codes(parent, len(names))
    # Pairs of codes in order of first appearance, counted with numpy (a group-by over two
    # columns of names takes seconds); the mean score of a drawn pair's replies by pandas, over
    # its rows in their order, so its sum is rounded as before. The parent is named: a missing
    # child name is no pair, as group-by drops it.
    width = max(len(names), 1)
    if child.min(initial=0) < 0:
        named = child >= 0
        child, parent, scores, is_external = child[named], parent[named], scores[named], is_external[named]
    pair_of_row, pair_codes = pd.factorize(child * width + parent)
    n_pairs = len(pair_codes)
    if not n_commenters and not n_pairs:
        return _empty(title, "No commenters")
    replies = np.bincount(pair_of_row, minlength=n_pairs)
    kept = np.argsort(-replies, kind="stable")[:max_links]
    is_kept = np.zeros(n_pairs, dtype=bool)
    is_kept[kept] = True
    drawn = is_kept[pair_of_row]
    means = pd.Series(scores[drawn]).groupby(pair_of_row[drawn]).mean()
    not_external = np.bincount(pair_of_row[~is_external], minlength=n_pairs)
    pairs = pd.DataFrame({"child": pair_codes[kept] // width, "parent": pair_codes[kept] % width,
                          "replies": replies[kept], "score": means.reindex(kept).to_numpy(),
                          "external": not_external[kept] == 0})
    # Nodes: the most active commenters, then whoever the kept links reach, up to max_nodes.
    nodes = by_activity[:max_nodes].tolist()
    chosen = set(nodes)
    for code in pd.unique(pairs[["child", "parent"]].to_numpy().ravel()).tolist():
        if len(nodes) >= max_nodes:
            break
        if code not in chosen:
            nodes.append(code)
            chosen.add(code)
    index = {code: i for i, code in enumerate(nodes)}
    pairs = pairs[pairs["child"].isin(chosen) & pairs["parent"].isin(chosen)]
    external = {p for p in pairs.loc[pairs["external"], "parent"] if p >= n_commenters}
    notes = []
    if n_commenters > sum(n < n_commenters for n in nodes) or len(pairs) < n_pairs:
        n_people = n_commenters + int(np.count_nonzero(got[n_commenters:]))
        title += f" ({len(nodes):,} of {n_people:,} people, {len(pairs):,} of {n_pairs:,} links)"
    if n_loops:
        notes.append(f"{_plural(n_loops, 'self-reply')} not drawn")
    name_of = dict(zip(nodes, names.take(np.array(nodes, dtype=np.int64)).tolist()))

    link_index = np.array([[index[c], index[p]] for c, p in zip(pairs["child"], pairs["parent"])], dtype=int) \
        .reshape(-1, 2)
    pos = spring_layout(len(nodes), link_index, pairs["replies"].to_numpy())
    fig = go.Figure()
    if len(pairs):
        widths = 1 + np.round(4 * np.sqrt(pairs["replies"].to_numpy() / pairs["replies"].max()))
        scores = pairs["score"].to_numpy(dtype=float)
        scale = UNIT_SCALES.get(score_column, SCORE_COLORSCALE)
        low = 0.0 if score_column in UNIT_SCALES else -1.0
        bins = np.where(np.isnan(scores), -1, np.clip(np.round((scores - low) / (1 - low) * 8), 0, 8)).astype(int)
        colours = sample_colorscale(scale, [b / 8 for b in range(9)])  # each sampled apart: as one at a time
        for (width, colour_bin), group in pd.DataFrame({"w": widths, "b": bins}).groupby(["w", "b"]):
            xs, ys = [], []
            for row in group.index:
                a, b = link_index[row]
                xs += [pos[a, 0], pos[b, 0], None]
                ys += [pos[a, 1], pos[b, 1], None]
            colour = "#bdbdbd" if colour_bin < 0 else colours[colour_bin]
            fig.add_trace(dict(type="scatter", x=_objects(xs), y=_objects(ys), mode="lines",
                                               line=dict(width=float(width), color=colour),
                                               hoverinfo="skip", showlegend=False, name="replies"))
        middle = (pos[link_index[:, 0]] + pos[link_index[:, 1]]) / 2
        hover = [f"{escape_label(name_of[c], limit=40)} → {escape_label(name_of[p], limit=40)}"
                 f"<br>{_plural(int(n), 'reply')}"
                 + ("" if math.isnan(s) else f", mean {escape_label(score_column)} {s:+.3f}")
                 for c, p, n, s in zip(pairs["child"], pairs["parent"], pairs["replies"], scores)]
        fig.add_trace(dict(type="scatter",
            x=_objects(middle[:, 0].tolist()), y=_objects(middle[:, 1].tolist()), mode="markers",
            hovertext=_objects(hover), hoverinfo="text",
            name="reply links", showlegend=False, customdata=pairs["replies"].astype(int).tolist(),
            marker=dict(size=6, opacity=0.5, color=np.nan_to_num(scores, nan=low).tolist(),
                        colorscale=scale, cmin=low, cmax=1, showscale=True,
                        colorbar=dict(title=dict(text="mean reply<br>" + ("toxicity" if low == 0 else "score")),
                                                x=1.02))))
    largest = max(int(n_comments[:n_commenters].max()) if n_commenters else 1, 1)
    for kind, members in (("commenter", [n for n in nodes if n < n_commenters]),
                          ("outside", [n for n in nodes if n >= n_commenters and n not in external]),
                          ("absent", [n for n in nodes if n in external])):
        if not members:
            continue
        at = np.array([index[n] for n in members])
        member_comments = [int(n_comments[n]) for n in members]
        hover = [f"{escape_label(name_of[n], limit=40)}<br>{_plural(c, 'comment')}"
                 f"<br>replies made {int(made[n]):,}, received {int(got[n]):,}"
                 for n, c in zip(members, member_comments)]
        if kind == "outside":
            hover = [h + "<br>no comment passes the filters" for h in hover]
        elif kind == "absent":
            hover = [h + "<br>mentioned with @, never commented here" for h in hover]
        size = [12 + 28 * math.sqrt(c / largest) for c in member_comments] if kind == "commenter" else 12
        marker = dict(size=size, color="#4c72b0", line=dict(width=1, color="white")) if kind == "commenter" else \
            dict(size=size, symbol="circle-open" if kind == "absent" else "diamond-open", color="#7f7f7f",
                 line=dict(width=2))
        fig.add_trace(dict(type="scatter",
            x=pos[at, 0].tolist(), y=pos[at, 1].tolist(), mode="markers+text" if len(nodes) <= 40 else "markers",
            text=[escape_label(name_of[n], limit=24) for n in members], textposition="top center", hovertext=hover,
            hoverinfo="text", name=NETWORK_TRACES[kind], customdata=member_comments, marker=marker))
    _style(fig, title, xaxis_visible=False, yaxis_visible=False,
           yaxis_scaleanchor="x", legend=dict(orientation="h", y=-0.05), height=600)
    return _note(fig, notes)


def fig_conversation_timeline(comments: pd.DataFrame, edges: pd.DataFrame, *, score_column: str = "polarity",
                              max_comments: int = 2000, max_commenters: int = 60) -> go.Figure:
    """Time on x, commenter on y, one marker per comment, and reply links drawn between comments.

    Markers are coloured by ``score_column``. A reply link is a line from the answered comment
    to the answer, drawn where both are shown. Commenters are ordered by their first comment;
    above ``max_commenters`` only the most active are shown, above ``max_comments`` the
    earliest comments are; the title says so. Comments without a time are counted in a note.

    Examples:
        >>> import pandas as pd
        >>> comments = pd.DataFrame({"comment_id": ["c1", "c2"], "author": ["ann", "<bob>"], "text": ["hi", "@ann no"],
        ...     "polarity": [0.1, -0.6], "timestamp": pd.to_datetime(["2013-02-20 17:45", "2013-02-20 18:00"])})
        >>> edges = pd.DataFrame({"child_id": ["c2"], "parent_id": ["c1"]})
        >>> fig = fig_conversation_timeline(comments, edges)
        >>> [t.name for t in fig.data], list(fig.data[1].y)
        (['reply links', 'comments'], ['ann', '&lt;bob&gt;'])
        >>> list(fig.data[0].y)
        ['ann', '&lt;bob&gt;', None]
    """
    require_columns(comments, ("comment_id", "author", "text", "timestamp", score_column),
                    what="fig_conversation_timeline")
    require_columns(edges, ("child_id", "parent_id"), what="fig_conversation_timeline")
    title = "Conversation timeline"
    dated = comments[comments["timestamp"].notna()].sort_values("timestamp", kind="stable")
    notes = []
    if len(dated) < len(comments):
        notes.append(f"{_plural(len(comments) - len(dated), 'comment')} without a time, not shown")
    if dated.empty:
        return _note(_empty(title, "No comment has a time"), notes)
    cut = []
    active = dated["author"].value_counts()
    if len(active) > max_commenters:
        dated = dated[dated["author"].isin(active.index[:max_commenters])]
        cut.append(f"the {max_commenters} most active of {len(active):,} commenters")
    if len(dated) > max_comments:
        cut.append(f"the first {max_comments:,} of {len(dated):,} comments")
        dated = dated.head(max_comments)
    if cut:
        title += " (" + ", ".join(cut) + ")"
    order = list(pd.unique(dated["author"]))
    label = {a: escape_label(a, limit=30) for a in order}
    # Columns as lists: iterating a column item by item is slow.
    authors, stamps, texts = dated["author"].tolist(), dated["timestamp"].tolist(), dated["text"].tolist()
    at = {cid: (t, label[a]) for cid, t, a in zip(dated["comment_id"].tolist(), stamps, authors)}
    xs, ys, n_links = [], [], 0
    for child, parent in zip(edges["child_id"].tolist(), edges["parent_id"].tolist()):
        if child in at and isinstance(parent, str) and parent in at:
            xs += [at[parent][0], at[child][0], None]
            ys += [at[parent][1], at[child][1], None]
            n_links += 1
    fig = go.Figure()
    fig.add_trace(dict(type="scatter", x=_objects(xs), y=_objects(ys), mode="lines", line=dict(color="#9e9e9e", width=1),
                                       hoverinfo="skip", name="reply links", customdata=[n_links]))
    scores = dated[score_column].astype("float64").to_numpy()
    hover = [f"{label[a]}, {t:%Y-%m-%d %H:%M}" + ("" if math.isnan(s) else f"<br>{score_column} {s:+.3f}")
             + f"<br>{escape_label(x, limit=200)}"
             for a, t, s, x in zip(authors, stamps, scores.tolist(), texts)]
    fig.add_trace(dict(type="scatter", x=dated["timestamp"], y=_objects([label[a] for a in authors]), mode="markers",
                       name="comments", hovertext=_objects(hover), hoverinfo="text",
                       marker=dict(size=10, color="#bdbdbd", line=dict(width=1, color="#555"))))
    _set_unchecked(fig.data[-1].marker, "color", _score_color(scores))
    _style(fig, title, xaxis_title="time (as printed)", showlegend=False,
           yaxis=dict(type="category", categoryorder="array", categoryarray=[label[a] for a in order],
                      autorange="reversed"),
           height=max(300, 100 + 24 * len(order)))
    return _note(fig, notes)


def fig_latency_histogram(edges: pd.DataFrame, *, bins: int = 40) -> go.Figure:
    """How long replies take: a histogram of reply latencies (answer time minus answered time).

    The unit (minutes, hours, days) follows the spread. Negative latencies (an answer timed
    before what it answers) are kept and counted in the note, as are links without a latency.

    Examples:
        >>> import pandas as pd
        >>> edges = pd.DataFrame({"latency": pd.to_timedelta(["10min", "30min", "25min", None])})
        >>> fig = fig_latency_histogram(edges, bins=2)
        >>> list(fig.data[0].y), fig.layout.xaxis.title.text
        ([1, 2], 'minutes')
    """
    require_columns(edges, ("latency",), what="fig_latency_histogram")
    seconds = _total_seconds(edges["latency"])  # NaN where no latency
    timed = ~np.isnan(seconds)
    n_timed = int(np.count_nonzero(timed))
    notes = []
    if n_timed < len(seconds):
        notes.append(f"{_plural(len(seconds) - n_timed, 'reply link')} without a latency "
                     "(a time missing, or the answered author never commented)")
        seconds = seconds[timed]
    title = "Reply latency"
    if not n_timed:
        return _note(_empty(title, "No reply has a latency"), notes)
    negative = int(np.count_nonzero(seconds < 0))
    if negative:
        notes.append(f"{_plural(negative, 'reply')} timed before what it answers (kept, below 0)")
    spread = max(seconds.max(), -seconds.min())  # the largest absolute value, without an array of them
    unit, size = ("minutes", 60) if spread < 6 * 3600 else ("hours", 3600) if spread < 7 * 86400 else ("days", 86400)
    values = seconds / size
    counts, edges_ = np.histogram(values, bins=bins)
    fig = go.Figure(dict(type="bar", x=((edges_[:-1] + edges_[1:]) / 2).tolist(), y=counts.tolist(), width=np.diff(edges_),
                                     marker=dict(color="#4c72b0"), name="replies",
                                     customdata=np.column_stack([edges_[:-1], edges_[1:]]).tolist(),
                                     hovertemplate="%{customdata[0]:.1f} to %{customdata[1]:.1f} " + unit
                                     + "<br>%{y} replies<extra></extra>"))
    _style(fig, f"{title} (median {np.median(values):.1f} {unit})", bargap=0.02,
           xaxis_title=unit, yaxis_title="replies", showlegend=False)
    return _note(fig, notes)
