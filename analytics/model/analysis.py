"""The analysed corpus (:class:`Analysis`) and a filtered view of it (:class:`FilteredAnalysis`)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..columns.arrow_keys import taken_column
from .load_report import LoadReport


@dataclass
class Analysis:
    """A corpus with all analysis applied.

    ``comments`` has the contract's columns plus the enriched ones documented in
    ``docs/data-contract.md``; ``commenters`` is :func:`analytics.threads.activity.commenter_activity`,
    ``replies`` :func:`analytics.threads.replies.reply_edges` (one row per reply edge, with latency) and
    ``threads`` :func:`analytics.threads.timeline.thread_summary`.

    ``comments`` keeps every loaded comment, flagged ones included (deleted, spam, pingbacks:
    ``analytics.model.schema.EXCLUDED_BY_DEFAULT``); the summaries leave flagged comments out unless
    ``enrich(..., include_flagged=True)``, as the dashboard's filters do by default.
    """

    articles: pd.DataFrame
    comments: pd.DataFrame
    commenters: pd.DataFrame
    replies: pd.DataFrame
    threads: pd.DataFrame
    report: LoadReport
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables of the analysis, by file stem (``python -m analytics export`` writes them and
        the signal tables of :func:`analytics.output.export.signal_tables`)."""
        return {
            "articles": self.articles,
            "comments": self.comments,
            "commenters": self.commenters,
            "replies": self.replies,
            "threads": self.threads,
        }


def _lazy(name: str) -> property:
    """A frame of :class:`FilteredAnalysis`: given, or made by its function on first read."""

    def read(self):
        value = self.__dict__[name]
        if callable(value):
            with self._lock:
                value = self.__dict__[name]
                if callable(value):  # not made by another thread meanwhile
                    value = self.__dict__[name] = value()
        return value

    def write(self, value) -> None:
        self.__dict__[name] = value

    return property(read, write, doc=f"``{name}``, made on first read.")


class FilteredAnalysis(Analysis):
    """An :class:`~analytics.enrich.Analysis` whose ``comments``, ``commenters``, ``replies`` and
    ``threads`` may be given as functions, called once, when first read (by any thread: dashboard
    sessions share a view).

    A view made by :func:`apply_filters` also hands out some columns of its comments or replies
    alone (:func:`comment_columns`, :func:`reply_columns`), taking only those from the analysis
    it was cut from.
    """

    comments = _lazy("comments")
    commenters = _lazy("commenters")
    replies = _lazy("replies")
    threads = _lazy("threads")

    def __init__(
        self, *args, columns: _ViewColumns | None = None, reply_columns: _ViewColumns | None = None, **kwargs
    ) -> None:
        self._lock = threading.Lock()
        self._view_columns = {"comments": columns, "replies": reply_columns}
        super().__init__(*args, **kwargs)
        self._makers = {
            name: made
            for name in ("comments", "commenters", "replies", "threads")
            if callable(made := self.__dict__[name])
        }

    def release(self) -> None:
        """Let go of the frames made and the columns taken so far: they are made or taken again
        when read, with the same values. For a view no longer used that something may still
        hold (the dashboard's last page run does, for a while): its memory is free at once."""
        with self._lock:
            self.__dict__.update(self._makers)
        for held in self._view_columns.values():
            if held is not None:
                held.release()


class _ViewColumns:
    """The columns of a frame of an analysis (its comments, its replies) at a view's rows, each
    taken when first asked for, then kept.

    Why: a page reads five or ten columns of the thirty; taking every column for every new view
    cost time (fresh memory) and as much memory again per cached view
    (docs/performance.md#views-and-serving-memory).
    """

    def __init__(self, source: pd.DataFrame, positions: np.ndarray, *, index: pd.Index | None = None) -> None:
        """``index``: the view's labels of these rows (the source's labels by default)."""
        self._source, self._positions = source, positions
        self._index = index if index is not None else _labels_at(source.index, positions)
        self._own_labels = index is None
        self._taken: dict[str, object] = {}  # name -> the column's values at the view's rows
        self._lock = threading.Lock()

    @property
    def names(self) -> pd.Index:
        return self._source.columns

    def release(self) -> None:
        """Forget the columns taken (taken again when asked for)."""
        with self._lock:
            self._taken.clear()

    def __len__(self) -> int:
        return len(self._positions)

    def frame(self, names: Sequence[str], rows: np.ndarray | None = None) -> pd.DataFrame:
        """The columns ``names`` (in that order) at the view's rows (or at its rows ``rows``, by
        position among them: taken for the caller, not kept), with the source's index labels."""
        names = list(names)
        if rows is not None:
            taken = _rows_of(self._source[names], self._positions[rows])
            return taken if self._own_labels else taken.set_axis(self._index[rows])
        with self._lock:
            missing = [n for n in dict.fromkeys(names) if n not in self._taken]
            if missing:
                part = self._source[missing].take(self._positions)
                self._taken.update((n, part[n].array) for n in missing)
        # Not copied: the frame holds the kept values (pandas copies on write if a caller edits it).
        return pd.DataFrame({n: self._taken[n] for n in names}, index=self._index, copy=False)


def _labels_at(index: pd.Index, positions: np.ndarray) -> pd.Index:
    """``index.take(positions)``; of the default index (0, 1, 2 ...), the positions themselves, not a copy of them."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return pd.Index(positions, copy=False)
    return index.take(positions)


def _rows_of(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.take(positions)``; an Arrow column in pieces (the served text) takes its rows piece by piece."""
    pieces = [n for n in frame.columns if getattr(getattr(frame[n].array, "_pa_array", None), "num_chunks", 1) > 1]
    if not pieces:
        return frame.take(positions)
    taken = frame.drop(columns=pieces).take(positions)
    for name in pieces:
        taken[name] = taken_column(frame[name], positions).array
    return taken[list(frame.columns)]
