"""What every figure shares: the template, colour scales, escaped labels, notes and empty figures.

Each figure module (:mod:`.overview`, :mod:`.sentiment`, :mod:`.commenters`, :mod:`.replies`,
:mod:`.signals`) builds its figures with these; the names with a leading underscore are shared by
the modules of :mod:`analytics.charts` only.
"""

from __future__ import annotations

import functools
import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
from plotly.colors import sample_colorscale

__all__ = ["escape_label", "pick_freq", "TEMPLATE", "SCORE_COLORSCALE", "LABEL_COLORS", "UNIT_SCALES"]

TEMPLATE = "plotly_white"
#: Negative red, neutral light grey, positive blue; scores always mapped on [-1, 1].
SCORE_COLORSCALE = "RdBu"
LABEL_COLORS = {"negative": "#b2182b", "neutral": "#9e9e9e", "positive": "#2166ac", "not scored": "#d9d9d9"}
#: Colour scale and range of the scores read on [0, 1] rather than [-1, 1] (red: toxic).
UNIT_SCALES = {"toxicity": "Reds"}
_FREQS = (
    ("5min", 5),
    ("15min", 15),
    ("30min", 30),
    ("1h", 60),
    ("3h", 180),
    ("6h", 360),
    ("12h", 720),
    ("1D", 1440),
    ("7D", 10080),
    ("30D", 43200),
)


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
        # it (the same label, without splitting the whole text: pages of text are never split).
        start = " ".join(value[: limit + limit // 4 + 8].split())
        if len(start) > limit:
            return html.escape(start[: limit - 1] + "…", quote=False)
    value = " ".join(value.split())
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value, quote=False)


@functools.cache
def _prepared_template() -> go.layout.Template:
    return go.Layout(template=TEMPLATE).template


def _style(fig: go.Figure, title: str, **layout: object) -> None:
    """``fig.update_layout(title=title, template=TEMPLATE, **layout)``, the template not checked again.

    plotly deep-copies and validates a named template for each figure it is given to, slowly. An
    empty template holds its place in the layout; then the template checked once replaces it as
    plotly sets its default template: unvalidated, a copy of its JSON, so no figure shares it and
    the figure's JSON is the same.
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
    _style(
        fig,
        title,
        xaxis_visible=False,
        yaxis_visible=False,
        annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font_size=14)],
    )
    return fig


def _note(fig: go.Figure, lines: list[str]) -> go.Figure:
    """Our own remarks (counts left out, samples) under the plot area."""
    if lines:
        fig.add_annotation(
            text="<br>".join(lines),
            showarrow=False,
            x=0,
            y=-0.12,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            font_size=11,
            align="left",
        )
        fig.update_layout(margin_b=70 + 16 * len(lines))
    return fig


def _objects(items: list) -> np.ndarray:
    """``items`` as a 1-d array of Python objects: plotly takes an array whole where it checks a
    list item by item, and writes it to JSON as the list."""
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
