"""Figures of the Signals page: entities, distinctive terms, on-topic shares.

Same rules as :mod:`analytics.charts`: aggregated before plotting (at most ``top`` bars), and
every name, term or title that reaches a figure goes through :func:`analytics.charts.escape_label`.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ._checks import require_columns
from .charts import SCORE_COLORSCALE, TEMPLATE, escape_label

__all__ = ["fig_entity_mentions", "fig_distinctive_terms", "fig_on_topic"]


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure(layout={"template": TEMPLATE, "title": title})
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def fig_entity_mentions(entities: pd.DataFrame, *, top: int = 20) -> go.Figure:
    """Comments naming each entity (bars, most named on top), coloured by the mean sentiment of
    the sentences naming it, from :func:`analytics.entities.entity_mentions` (summed over articles).

    Examples:
        >>> frame = pd.DataFrame({"entity": ["Assad", "Iran"], "kind": ["person", "place"], "comments": [2, 1],
        ...                       "scored_sentences": [2, 1], "mean_sentiment": [0.2, -0.5]})
        >>> list(fig_entity_mentions(frame).data[0].y)
        ['Iran (place)', 'Assad (person)']
    """
    require_columns(entities, ("entity", "kind", "comments", "scored_sentences", "mean_sentiment"),
                    what="fig_entity_mentions")
    title = "Who and what the comments name"
    named = entities[entities["comments"] > 0]
    if named.empty:
        return _empty(title, "No comment names a person, organisation or place.")
    frame = named.assign(weighted=named["mean_sentiment"].fillna(0) * named["scored_sentences"])
    frame = frame.groupby(["entity", "kind"], as_index=False, sort=False).agg(
        comments=("comments", "sum"), scored=("scored_sentences", "sum"), weighted=("weighted", "sum"))
    frame["sentiment"] = frame["weighted"] / frame["scored"].where(frame["scored"] > 0)
    frame = frame.sort_values(["comments", "entity"], ascending=[False, True], kind="stable").head(top).iloc[::-1]
    labels = [escape_label(f"{e} ({k})", limit=60) for e, k in zip(frame["entity"], frame["kind"])]
    fig = go.Figure(go.Bar(
        x=frame["comments"], y=labels, orientation="h",
        marker={"color": frame["sentiment"].fillna(0), "colorscale": SCORE_COLORSCALE, "cmin": -1, "cmax": 1,
                "colorbar": {"title": "mean sentence<br>polarity"}},
        customdata=frame[["sentiment", "scored"]].to_numpy(),
        hovertemplate="%{y}<br>%{x} comments<br>mean polarity %{customdata[0]:+.2f} "
                      "over %{customdata[1]} sentences<extra></extra>"))
    fig.update_layout(template=TEMPLATE, title=title + (f" (top {top})" if len(named) > top else ""),
                      xaxis_title="comments naming it", height=max(300, 24 * len(frame) + 120))
    return fig


def fig_distinctive_terms(terms: pd.DataFrame, group: str) -> go.Figure:
    """The distinctive terms of one group (commenter or period) of
    :func:`analytics.terms.distinctive_terms`, as bars of their z-score, the strongest on top.

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
    fig = go.Figure(go.Bar(
        x=mine["z"], y=[escape_label(t, limit=40) for t in mine["term"]], orientation="h",
        customdata=mine[["count", "count_rest"]].to_numpy(),
        hovertemplate="%{y}: z %{x:.2f}<br>%{customdata[0]} here, %{customdata[1]} elsewhere<extra></extra>"))
    fig.update_layout(template=TEMPLATE, title=title, xaxis_title="z-score of the log-odds (higher: more distinctive)",
                      height=max(300, 24 * len(mine) + 120))
    return fig


def fig_on_topic(shares: pd.DataFrame, *, article_titles: Mapping[str, str] | None = None,
                 top: int = 15) -> go.Figure:
    """Comments on topic, off topic and undetermined per article (stacked bars, the most
    commented articles), from :func:`analytics.echoes.on_topic_share`.

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
    for column, name, color in (("on_topic", "on topic", "#2166ac"), ("off_topic", "off topic", "#b2182b"),
                                ("undetermined", "undetermined", "#bbbbbb")):
        fig.add_trace(go.Bar(x=frame[column], y=labels, orientation="h", name=name, marker_color=color,
                             hovertemplate="%{y}<br>%{x} " + name + "<extra></extra>"))
    fig.update_layout(template=TEMPLATE, barmode="stack", xaxis_title="comments",
                      title=title + (f" (the {top} most commented articles)" if len(shares) > top else ""),
                      height=max(300, 28 * len(frame) + 140))
    return fig
