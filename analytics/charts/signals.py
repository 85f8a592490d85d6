"""Figures of the Signals page: toxicity, entities, distinctive terms, on-topic shares.

Same rules as :mod:`analytics.charts`: aggregated before plotting (at most ``top`` bars), and
every name, term or title that reaches a figure goes through :func:`analytics.charts.style.escape_label`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ..model.checks import require_columns
from .style import SCORE_COLORSCALE, TEMPLATE, escape_label

__all__ = [
    "fig_toxicity_histogram",
    "fig_toxicity_by_commenter",
    "fig_entity_mentions",
    "fig_distinctive_terms",
    "fig_on_topic",
    "TOXICITY_COLORSCALE",
]

#: Toxicity on [0, 1]: light for harmless, dark red for toxic.
TOXICITY_COLORSCALE = "Reds"


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout={"template": TEMPLATE, "title": title})
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def fig_toxicity_histogram(histogram: pd.DataFrame, *, unscored: int = 0) -> go.Figure:
    """Comments per toxicity bin (bars), from :func:`analytics.signals.toxicity_stats.toxicity_histogram`,
    coloured by toxicity; ``unscored`` comments (not English, or empty) are counted in the title.

    Examples:
        >>> hist = pd.DataFrame({"low": [0.0, 0.5], "high": [0.5, 1.0], "comments": [2, 1]})
        >>> list(fig_toxicity_histogram(hist, unscored=4).data[0].y)
        [2, 1]
    """
    require_columns(histogram, ("low", "high", "comments"), what="fig_toxicity_histogram")
    title = "Toxicity of the comments"
    if unscored:
        title += f" ({unscored:,} not scored: not English or empty)"
    if int(histogram["comments"].sum()) == 0:
        return _empty(title, "No comment has a toxicity score.")
    middle = ((histogram["low"] + histogram["high"]) / 2).to_numpy()
    fig = go.Figure(
        go.Bar(
            x=middle,
            y=histogram["comments"].astype(int).tolist(),
            width=(histogram["high"] - histogram["low"]).to_numpy(),
            marker={
                "color": middle,
                "colorscale": TOXICITY_COLORSCALE,
                "cmin": 0,
                "cmax": 1,
                "line": {"width": 1, "color": "#7f7f7f"},
            },
            customdata=histogram[["low", "high"]].to_numpy(),
            hovertemplate="toxicity %{customdata[0]:.2f}-%{customdata[1]:.2f}<br>%{y} comments<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        xaxis_title="toxicity (0 harmless, 1 toxic)",
        yaxis_title="comments",
        xaxis_range=[0, 1],
        bargap=0.05,
    )
    return fig


def fig_toxicity_by_commenter(by_commenter: pd.DataFrame, *, top: int = 20) -> go.Figure:
    """Mean toxicity of the commenters with most toxic comments (bars, the first on top), with
    their highest score as a marker, from :func:`analytics.signals.toxicity_stats.toxicity_by_commenter`
    (in its order). Commenters without a scored comment are left out.

    Examples:
        >>> frame = pd.DataFrame({"author": ["ann", "bob"], "scored": [2, 1], "mean_toxicity": [0.5, 0.3],
        ...                       "max_toxicity": [0.9, 0.3], "toxic": [1, 0], "toxic_share": [0.5, 0.0]})
        >>> fig = fig_toxicity_by_commenter(frame)
        >>> list(fig.data[0].y), list(fig.data[1].x)
        (['bob', 'ann'], [0.3, 0.9])
    """
    require_columns(
        by_commenter,
        ("author", "scored", "mean_toxicity", "max_toxicity", "toxic", "toxic_share"),
        what="fig_toxicity_by_commenter",
    )
    title = "Toxicity by commenter"
    scored = by_commenter[by_commenter["scored"] > 0]
    if scored.empty:
        return _empty(title, "No comment has a toxicity score.")
    frame = scored.head(top).iloc[::-1]
    labels = [escape_label(a, limit=40) for a in frame["author"]]
    details = frame[["toxic", "scored", "toxic_share"]].to_numpy()
    fig = go.Figure(
        [
            go.Bar(
                x=frame["mean_toxicity"].tolist(),
                y=labels,
                orientation="h",
                name="mean",
                marker={
                    "color": frame["mean_toxicity"].tolist(),
                    "colorscale": TOXICITY_COLORSCALE,
                    "cmin": 0,
                    "cmax": 1,
                    "line": {"width": 1, "color": "#7f7f7f"},
                },
                customdata=details,
                hovertemplate="%{y}: mean %{x:.2f}<br>%{customdata[0]} of %{customdata[1]} scored comments "
                "toxic (%{customdata[2]:.0%})<extra></extra>",
            ),
            go.Scatter(
                x=frame["max_toxicity"].tolist(),
                y=labels,
                mode="markers",
                name="highest",
                marker={"symbol": "line-ns-open", "size": 14, "color": "#67000d", "line": {"width": 2}},
                hovertemplate="%{y}: highest %{x:.2f}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template=TEMPLATE,
        xaxis_range=[0, 1],
        xaxis_title="toxicity",
        title=title + (f" (the {top} with most toxic comments)" if len(scored) > top else ""),
        legend={"orientation": "h", "y": -0.15},
        height=max(300, 24 * len(frame) + 140),
    )
    return fig


def fig_entity_mentions(entities: pd.DataFrame, *, top: int = 20) -> go.Figure:
    """Comments naming each entity (bars, most named on top), coloured by the mean sentiment of
    the sentences naming it, from :func:`analytics.signals.entities.entity_mentions` (summed over articles).

    Examples:
        >>> frame = pd.DataFrame({"entity": ["Assad", "Iran"], "kind": ["person", "place"], "comments": [2, 1],
        ...                       "scored_sentences": [2, 1], "mean_sentiment": [0.2, -0.5]})
        >>> list(fig_entity_mentions(frame).data[0].y)
        ['Iran (place)', 'Assad (person)']
    """
    require_columns(
        entities, ("entity", "kind", "comments", "scored_sentences", "mean_sentiment"), what="fig_entity_mentions"
    )
    title = "Who and what the comments name"
    named = entities[entities["comments"] > 0]
    if named.empty:
        return _empty(title, "No comment names a person, organisation or place.")
    frame = named.assign(weighted=named["mean_sentiment"].fillna(0) * named["scored_sentences"])
    frame = frame.groupby(["entity", "kind"], as_index=False, sort=False).agg(
        comments=("comments", "sum"), scored=("scored_sentences", "sum"), weighted=("weighted", "sum")
    )
    frame["sentiment"] = frame["weighted"] / frame["scored"].where(frame["scored"] > 0)
    frame = frame.sort_values(["comments", "entity"], ascending=[False, True], kind="stable").head(top).iloc[::-1]
    labels = [escape_label(f"{e} ({k})", limit=60) for e, k in zip(frame["entity"], frame["kind"])]
    fig = go.Figure(
        go.Bar(
            x=frame["comments"],
            y=labels,
            orientation="h",
            marker={
                "color": frame["sentiment"].fillna(0),
                "colorscale": SCORE_COLORSCALE,
                "cmin": -1,
                "cmax": 1,
                "colorbar": {"title": "mean sentence<br>polarity"},
            },
            customdata=frame[["sentiment", "scored"]].to_numpy(),
            hovertemplate="%{y}<br>%{x} comments<br>mean polarity %{customdata[0]:+.2f} "
            "over %{customdata[1]} sentences<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title + (f" (top {top})" if len(named) > top else ""),
        xaxis_title="comments naming it",
        height=max(300, 24 * len(frame) + 120),
    )
    return fig


def fig_distinctive_terms(terms: pd.DataFrame, group: str) -> go.Figure:
    """The distinctive terms of one group (commenter or period) of
    :func:`analytics.signals.terms.distinctive_terms`, as bars of their z-score, the strongest on top.

    Examples:
        >>> frame = pd.DataFrame({"group": ["geha", "geha"], "term": ["bully", "ago"], "z": [1.4, 1.0],
        ...                       "count": [2, 1], "count_rest": [0, 0]})
        >>> list(fig_distinctive_terms(frame, "geha").data[0].y)
        ['ago', 'bully']
    """
    require_columns(terms, ("group", "term", "z", "count", "count_rest"), what="fig_distinctive_terms")
    title = f"Distinctive terms: {escape_label(group, limit=60)}"
    mine = terms[terms["group"] == group]
    if mine.empty:
        return _empty(title, "No term stands out for this selection.")
    mine = mine.sort_values("z", kind="stable")
    fig = go.Figure(
        go.Bar(
            x=mine["z"],
            y=[escape_label(t, limit=40) for t in mine["term"]],
            orientation="h",
            customdata=mine[["count", "count_rest"]].to_numpy(),
            hovertemplate="%{y}: z %{x:.2f}<br>%{customdata[0]} here, %{customdata[1]} elsewhere<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        xaxis_title="z-score of the log-odds (higher: more distinctive)",
        height=max(300, 24 * len(mine) + 120),
    )
    return fig


def fig_on_topic(shares: pd.DataFrame, *, article_titles: Mapping[str, str] | None = None, top: int = 15) -> go.Figure:
    """Comments on topic, off topic and undetermined per article (stacked bars, the most
    commented articles), from :func:`analytics.signals.echoes.on_topic_share`.

    Examples:
        >>> shares = pd.DataFrame({"article_id": ["a"], "comments": [3], "on_topic": [1], "off_topic": [1],
        ...                        "undetermined": [1]})
        >>> [trace.name for trace in fig_on_topic(shares).data]
        ['on topic', 'off topic', 'undetermined']
    """
    require_columns(shares, ("article_id", "comments", "on_topic", "off_topic", "undetermined"), what="fig_on_topic")
    title = "Comments on and off the article's topic"
    if shares.empty:
        return _empty(title, "No comments.")
    titles = article_titles or {}
    frame = shares.sort_values("comments", ascending=False, kind="stable").head(top).iloc[::-1]
    labels = [escape_label(titles.get(a, a), limit=50) for a in frame["article_id"]]
    fig = go.Figure()
    for column, name, color in (
        ("on_topic", "on topic", "#2166ac"),
        ("off_topic", "off topic", "#b2182b"),
        ("undetermined", "undetermined", "#bbbbbb"),
    ):
        fig.add_trace(
            go.Bar(
                x=frame[column],
                y=labels,
                orientation="h",
                name=name,
                marker_color=color,
                hovertemplate="%{y}<br>%{x} " + name + "<extra></extra>",
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        xaxis_title="comments",
        title=title + (f" (the {top} most commented articles)" if len(shares) > top else ""),
        height=max(300, 28 * len(frame) + 140),
    )
    return fig
