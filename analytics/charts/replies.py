"""Figures of the Replies page: the reply network, a conversation timeline and reply latency."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc
from plotly.colors import sample_colorscale

from ..columns.arrow_keys import arrow_strings, row_positions
from ..model.checks import require_columns
from .style import (
    SCORE_COLORSCALE,
    UNIT_SCALES,
    _count_codes,
    _empty,
    _note,
    _objects,
    _plural,
    _positions,
    _score_color,
    _set_unchecked,
    _style,
    _total_seconds,
    escape_label,
)

__all__ = ["fig_reply_network", "fig_conversation_timeline", "fig_latency_histogram", "spring_layout", "NETWORK_TRACES"]

#: Names of the reply network's node traces, by kind of node.
NETWORK_TRACES = {"commenter": "commenters", "outside": "outside the filters", "absent": "mentioned, never commented"}


def spring_layout(
    n: int, links: np.ndarray, weights: np.ndarray | None = None, *, iterations: int = 60, seed: int = 0
) -> np.ndarray:
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
        # x and y apart, as (n, n) arrays: faster than (n, n, 2) ones, the same numbers
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-3)
        force = k * k / dist**2 - adjacency * dist / k
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
    of the view, found by position, without hashing every id. Checked, not assumed: otherwise
    the ids are looked up.
    """
    methods = comments["reply_method"]
    if getattr(methods.array, "_pa_array", None) is None:  # Python strings: numpy compares them faster
        replying = np.asarray(methods.to_numpy(dtype=object) != "none", dtype=bool)
    else:
        replying = (methods != "none").to_numpy(dtype=bool, na_value=True)
    rows = np.flatnonzero(replying)
    if len(rows) == len(edges) and (
        not len(rows)
        or pc.all(pc.equal(arrow_strings(comments["comment_id"].iloc[rows]), arrow_strings(edges["child_id"]))).as_py()
    ):
        return rows
    return row_positions(edges["child_id"], comments["comment_id"])


def _author_codes(
    comments: pd.DataFrame, edges: pd.DataFrame, rows: np.ndarray
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
    child[unread] = known[: len(unread)]
    names = pd.array(pa.concat_arrays([commenters, new.dictionary]), dtype="str")
    return of_comment, child, known[len(unread) :], names, len(commenters)


class _ReplyCounts(NamedTuple):
    """The counts a reply network is drawn from; people are name codes (:func:`_author_codes`)."""

    names: pd.api.extensions.ExtensionArray  # every name, the commenters first
    n_commenters: int
    n_comments: np.ndarray  # comments per name code
    made: np.ndarray  # replies made per name code (self-replies left out)
    got: np.ndarray  # replies received per name code
    pairs: pd.DataFrame  # the max_links strongest links: child, parent, replies, score, external
    n_pairs: int  # links before the cut
    n_loops: int  # self-replies


def _reply_counts(comments: pd.DataFrame, edges: pd.DataFrame, score_column: str, max_links: int) -> _ReplyCounts:
    """Who answered whom how often, with the mean ``score_column`` of the replies, counted with numpy."""
    # Names as integer codes, from Arrow: no million-row frame of Python names.
    rows = _child_rows(comments, edges)
    of_comment, child, parent, names, n_commenters = _author_codes(comments, edges, rows)
    n_comments = _count_codes(of_comment, len(names))
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
    # columns of names is slow); the mean score of a drawn pair's replies by pandas, over
    # its rows in their order, so its sum is rounded as before. The parent is named: a missing
    # child name is no pair, as group-by drops it.
    width = max(len(names), 1)
    if child.min(initial=0) < 0:
        named = child >= 0
        child, parent, scores, is_external = child[named], parent[named], scores[named], is_external[named]
    pair_of_row, pair_codes = pd.factorize(child * width + parent)
    n_pairs = len(pair_codes)
    replies = np.bincount(pair_of_row, minlength=n_pairs)
    kept = np.argsort(-replies, kind="stable")[:max_links]
    is_kept = np.zeros(n_pairs, dtype=bool)
    is_kept[kept] = True
    drawn = is_kept[pair_of_row]
    means = pd.Series(scores[drawn]).groupby(pair_of_row[drawn]).mean()
    not_external = np.bincount(pair_of_row[~is_external], minlength=n_pairs)
    pairs = pd.DataFrame(
        {
            "child": pair_codes[kept] // width,
            "parent": pair_codes[kept] % width,
            "replies": replies[kept],
            "score": means.reindex(kept).to_numpy(),
            "external": not_external[kept] == 0,
        }
    )
    return _ReplyCounts(names, n_commenters, n_comments, made, got, pairs, n_pairs, n_loops)


def _network_nodes(counts: _ReplyCounts, max_nodes: int) -> tuple[list[int], pd.DataFrame]:
    """The name codes drawn (the most active commenters, then whoever the kept links reach, up to
    ``max_nodes``) and the kept links between them."""
    by_activity = np.argsort(-counts.n_comments[: counts.n_commenters], kind="stable")  # ties: first comment first
    nodes = by_activity[:max_nodes].tolist()
    chosen = set(nodes)
    pairs = counts.pairs
    for code in pd.unique(pairs[["child", "parent"]].to_numpy().ravel()).tolist():
        if len(nodes) >= max_nodes:
            break
        if code not in chosen:
            nodes.append(code)
            chosen.add(code)
    return nodes, pairs[pairs["child"].isin(chosen) & pairs["parent"].isin(chosen)]


def _add_link_traces(
    fig: go.Figure, pairs: pd.DataFrame, links: np.ndarray, pos: np.ndarray, name_of: dict[int, str], score_column: str
) -> None:
    """The links as lines (one trace per width and colour bin), and a marker at each link's middle
    carrying its hover text and the colour bar."""
    widths = 1 + np.round(4 * np.sqrt(pairs["replies"].to_numpy() / pairs["replies"].max()))
    scores = pairs["score"].to_numpy(dtype=float)
    scale = UNIT_SCALES.get(score_column, SCORE_COLORSCALE)
    low = 0.0 if score_column in UNIT_SCALES else -1.0
    bins = np.where(np.isnan(scores), -1, np.clip(np.round((scores - low) / (1 - low) * 8), 0, 8)).astype(int)
    colours = sample_colorscale(scale, [b / 8 for b in range(9)])  # each sampled apart: as one at a time
    for (width, colour_bin), group in pd.DataFrame({"w": widths, "b": bins}).groupby(["w", "b"]):
        xs, ys = [], []
        for row in group.index:
            a, b = links[row]
            xs += [pos[a, 0], pos[b, 0], None]
            ys += [pos[a, 1], pos[b, 1], None]
        colour = "#bdbdbd" if colour_bin < 0 else colours[colour_bin]
        fig.add_trace(
            dict(
                type="scatter",
                x=_objects(xs),
                y=_objects(ys),
                mode="lines",
                line=dict(width=float(width), color=colour),
                hoverinfo="skip",
                showlegend=False,
                name="replies",
            )
        )
    middle = (pos[links[:, 0]] + pos[links[:, 1]]) / 2
    hover = [
        f"{escape_label(name_of[c], limit=40)} → {escape_label(name_of[p], limit=40)}"
        f"<br>{_plural(int(n), 'reply')}" + ("" if math.isnan(s) else f", mean {escape_label(score_column)} {s:+.3f}")
        for c, p, n, s in zip(pairs["child"], pairs["parent"], pairs["replies"], scores)
    ]
    fig.add_trace(
        dict(
            type="scatter",
            x=_objects(middle[:, 0].tolist()),
            y=_objects(middle[:, 1].tolist()),
            mode="markers",
            hovertext=_objects(hover),
            hoverinfo="text",
            name="reply links",
            showlegend=False,
            customdata=pairs["replies"].astype(int).tolist(),
            marker=dict(
                size=6,
                opacity=0.5,
                color=np.nan_to_num(scores, nan=low).tolist(),
                colorscale=scale,
                cmin=low,
                cmax=1,
                showscale=True,
                colorbar=dict(title=dict(text="mean reply<br>" + ("toxicity" if low == 0 else "score")), x=1.02),
            ),
        )
    )


def _add_node_traces(
    fig: go.Figure, counts: _ReplyCounts, nodes: list[int], external: set[int], pos: np.ndarray, name_of: dict[int, str]
) -> None:
    """One trace per kind of node (:data:`NETWORK_TRACES`), commenters sized by their comments."""
    n_commenters, n_comments = counts.n_commenters, counts.n_comments
    index = {code: i for i, code in enumerate(nodes)}
    largest = max(int(n_comments[:n_commenters].max()) if n_commenters else 1, 1)
    for kind, members in (
        ("commenter", [n for n in nodes if n < n_commenters]),
        ("outside", [n for n in nodes if n >= n_commenters and n not in external]),
        ("absent", [n for n in nodes if n in external]),
    ):
        if not members:
            continue
        at = np.array([index[n] for n in members])
        member_comments = [int(n_comments[n]) for n in members]
        hover = [
            f"{escape_label(name_of[n], limit=40)}<br>{_plural(c, 'comment')}"
            f"<br>replies made {int(counts.made[n]):,}, received {int(counts.got[n]):,}"
            for n, c in zip(members, member_comments)
        ]
        if kind == "outside":
            hover = [h + "<br>no comment passes the filters" for h in hover]
        elif kind == "absent":
            hover = [h + "<br>mentioned with @, never commented here" for h in hover]
        size = [12 + 28 * math.sqrt(c / largest) for c in member_comments] if kind == "commenter" else 12
        marker = (
            dict(size=size, color="#4c72b0", line=dict(width=1, color="white"))
            if kind == "commenter"
            else dict(
                size=size,
                symbol="circle-open" if kind == "absent" else "diamond-open",
                color="#7f7f7f",
                line=dict(width=2),
            )
        )
        fig.add_trace(
            dict(
                type="scatter",
                x=pos[at, 0].tolist(),
                y=pos[at, 1].tolist(),
                mode="markers+text" if len(nodes) <= 40 else "markers",
                text=[escape_label(name_of[n], limit=24) for n in members],
                textposition="top center",
                hovertext=hover,
                hoverinfo="text",
                name=NETWORK_TRACES[kind],
                customdata=member_comments,
                marker=marker,
            )
        )


def fig_reply_network(
    comments: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    score_column: str = "polarity",
    max_nodes: int = 120,
    max_links: int = 400,
) -> go.Figure:
    """Who answers whom: commenters as nodes sized by comments, replies as links.

    A link joins a replying commenter and the author answered; its width grows with the number
    of replies and its colour is the mean ``score_column`` of the replies (a sentiment score: red
    negative, blue positive; ``toxicity``: darker red more toxic, on [0, 1]; grey unscored).
    Self-replies are not drawn. Three node traces (:data:`NETWORK_TRACES`): ``commenters`` (comments in view, sized by their number),
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
    counts = _reply_counts(comments, edges, score_column, max_links)
    n_commenters, n_pairs = counts.n_commenters, counts.n_pairs
    if not n_commenters and not n_pairs:
        return _empty(title, "No commenters")
    nodes, pairs = _network_nodes(counts, max_nodes)
    external = {p for p in pairs.loc[pairs["external"], "parent"] if p >= n_commenters}
    notes = []
    if n_commenters > sum(n < n_commenters for n in nodes) or len(pairs) < n_pairs:
        n_people = n_commenters + int(np.count_nonzero(counts.got[n_commenters:]))
        title += f" ({len(nodes):,} of {n_people:,} people, {len(pairs):,} of {n_pairs:,} links)"
    if counts.n_loops:
        notes.append(f"{_plural(counts.n_loops, 'self-reply')} not drawn")
    name_of = dict(zip(nodes, counts.names.take(np.array(nodes, dtype=np.int64)).tolist()))
    index = {code: i for i, code in enumerate(nodes)}
    links = np.array([[index[c], index[p]] for c, p in zip(pairs["child"], pairs["parent"])], dtype=int).reshape(-1, 2)
    pos = spring_layout(len(nodes), links, pairs["replies"].to_numpy())
    fig = go.Figure()
    if len(pairs):
        _add_link_traces(fig, pairs, links, pos, name_of, score_column)
    _add_node_traces(fig, counts, nodes, external, pos, name_of)
    _style(
        fig,
        title,
        xaxis_visible=False,
        yaxis_visible=False,
        yaxis_scaleanchor="x",
        legend=dict(orientation="h", y=-0.05),
        height=600,
    )
    return _note(fig, notes)


def _capped_timeline(dated: pd.DataFrame, max_commenters: int, max_comments: int) -> tuple[pd.DataFrame, list[str]]:
    """The dated comments a timeline draws (of the ``max_commenters`` most active commenters, then
    the first ``max_comments``), and what the caps left out, in words for the title."""
    cut = []
    active = dated["author"].value_counts()
    if len(active) > max_commenters:
        dated = dated[dated["author"].isin(active.index[:max_commenters])]
        cut.append(f"the {max_commenters} most active of {len(active):,} commenters")
    if len(dated) > max_comments:
        cut.append(f"the first {max_comments:,} of {len(dated):,} comments")
        dated = dated.head(max_comments)
    return dated, cut


def _timeline_link_trace(edges: pd.DataFrame, at: dict[str, tuple]) -> dict:
    """The timeline's ``reply links`` trace: a line from the answered comment to the answer where
    both are drawn (``at``: each drawn comment's time and y label by id); ``customdata`` counts them."""
    xs, ys, n_links = [], [], 0
    for child, parent in zip(edges["child_id"].tolist(), edges["parent_id"].tolist()):
        if child in at and isinstance(parent, str) and parent in at:
            xs += [at[parent][0], at[child][0], None]
            ys += [at[parent][1], at[child][1], None]
            n_links += 1
    return dict(
        type="scatter",
        x=_objects(xs),
        y=_objects(ys),
        mode="lines",
        line=dict(color="#9e9e9e", width=1),
        hoverinfo="skip",
        name="reply links",
        customdata=[n_links],
    )


def _timeline_hover(
    y_labels: list[str], stamps: list, scores: np.ndarray, texts: list[str], score_column: str
) -> list[str]:
    """Each timeline comment's hover text: its commenter's label, time, score (when scored) and text."""
    return [
        f"{y}, {t:%Y-%m-%d %H:%M}"
        + ("" if math.isnan(s) else f"<br>{score_column} {s:+.3f}")
        + f"<br>{escape_label(x, limit=200)}"
        for y, t, s, x in zip(y_labels, stamps, scores.tolist(), texts)
    ]


def fig_conversation_timeline(
    comments: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    score_column: str = "polarity",
    max_comments: int = 2000,
    max_commenters: int = 60,
) -> go.Figure:
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
    require_columns(
        comments, ("comment_id", "author", "text", "timestamp", score_column), what="fig_conversation_timeline"
    )
    require_columns(edges, ("child_id", "parent_id"), what="fig_conversation_timeline")
    title = "Conversation timeline"
    dated = comments[comments["timestamp"].notna()].sort_values("timestamp", kind="stable")
    notes = []
    if len(dated) < len(comments):
        notes.append(f"{_plural(len(comments) - len(dated), 'comment')} without a time, not shown")
    if dated.empty:
        return _note(_empty(title, "No comment has a time"), notes)
    dated, cut = _capped_timeline(dated, max_commenters, max_comments)
    if cut:
        title += " (" + ", ".join(cut) + ")"
    order = list(pd.unique(dated["author"]))
    label = {a: escape_label(a, limit=30) for a in order}
    # Columns as lists: iterating a column item by item is slow.
    authors, stamps, texts = dated["author"].tolist(), dated["timestamp"].tolist(), dated["text"].tolist()
    y_labels = [label[a] for a in authors]
    scores = dated[score_column].astype("float64").to_numpy()
    at = {cid: (t, y) for cid, t, y in zip(dated["comment_id"].tolist(), stamps, y_labels)}
    fig = go.Figure()
    fig.add_trace(_timeline_link_trace(edges, at))
    fig.add_trace(
        dict(
            type="scatter",
            x=dated["timestamp"],
            y=_objects(y_labels),
            mode="markers",
            name="comments",
            hovertext=_objects(_timeline_hover(y_labels, stamps, scores, texts, score_column)),
            hoverinfo="text",
            marker=dict(size=10, color="#bdbdbd", line=dict(width=1, color="#555")),
        )
    )
    _set_unchecked(fig.data[-1].marker, "color", _score_color(scores))
    _style(
        fig,
        title,
        xaxis_title="time (as printed)",
        showlegend=False,
        yaxis=dict(
            type="category", categoryorder="array", categoryarray=[label[a] for a in order], autorange="reversed"
        ),
        height=max(300, 100 + 24 * len(order)),
    )
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
        notes.append(
            f"{_plural(len(seconds) - n_timed, 'reply link')} without a latency "
            "(a time missing, or the answered author never commented)"
        )
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
    fig = go.Figure(
        dict(
            type="bar",
            x=((edges_[:-1] + edges_[1:]) / 2).tolist(),
            y=counts.tolist(),
            width=np.diff(edges_),
            marker=dict(color="#4c72b0"),
            name="replies",
            customdata=np.column_stack([edges_[:-1], edges_[1:]]).tolist(),
            hovertemplate="%{customdata[0]:.1f} to %{customdata[1]:.1f} " + unit + "<br>%{y} replies<extra></extra>",
        )
    )
    _style(
        fig,
        f"{title} (median {np.median(values):.1f} {unit})",
        bargap=0.02,
        xaxis_title=unit,
        yaxis_title="replies",
        showlegend=False,
    )
    return _note(fig, notes)
