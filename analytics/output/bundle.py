"""Exports: charts as PNG, SVG and standalone HTML, tables as CSV, and the report ZIP.

Images are drawn by kaleido 1.x, which drives a Chrome or Chromium already on the machine
(:func:`find_browser`); nothing is ever downloaded, and without a browser :func:`figure_image`
raises :class:`ExportError` with a one-line reason. One browser is kept warm per process, so
after the first image (a few seconds) each further one takes a fraction of a second.

HTML files embed plotly.js, so they open offline; tables go through
:func:`analytics.output.export.table_for_csv`, as ``python -m analytics export`` writes them.

Examples:
    >>> import plotly.graph_objects as go
    >>> html = figure_html(go.Figure(go.Bar(x=["a"], y=[1])), title="Comments")
    >>> b"<title>Comments</title>" in html, b"<script src=" in html
    (True, False)
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import dataclasses
import datetime as dt
import hashlib
import html
import io
import json
import os
import platform
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .._version import __version__
from ..errors import ExportError
from .export import signal_tables, table_for_csv

IMAGE_FORMATS: tuple[str, ...] = ("png", "svg")
CHART_FORMATS: tuple[str, ...] = (*IMAGE_FORMATS, "html")
MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "zip": "application/zip",
    "json": "application/json",
}

# Looked for on PATH in this order; THREADSCOPE_BROWSER (a path) comes first when set.
BROWSER_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_ENV = "THREADSCOPE_BROWSER"
NO_BROWSER_MESSAGE = (
    "PNG and SVG export needs Chrome or Chromium, and none was found on this machine "
    f"(looked for {', '.join(BROWSER_NAMES)} on PATH and ${BROWSER_ENV}). "
    "Install one, e.g. `apt-get install chromium`; HTML and CSV export work without it."
)

DEFAULT_WIDTH = 1100
DEFAULT_HEIGHT = 600
_IMAGE_TIMEOUT_S = 120  # per image, cold start included; kaleido's own timeout is below it
_NO_PROXY = "http://127.0.0.1:9"  # nothing listens there: the drawing browser reaches no network


# --- the browser ------------------------------------------------------------------------------


def find_browser() -> str | None:
    """Path of a Chrome or Chromium executable on this machine, or None. Never downloads one.

    ``$THREADSCOPE_BROWSER`` wins when it names an executable file; otherwise the first of
    :data:`BROWSER_NAMES` found on ``PATH``.
    """
    given = os.environ.get(BROWSER_ENV)
    if given and os.path.isfile(given) and os.access(given, os.X_OK):
        return given
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def image_export_available() -> bool:
    """True where PNG and SVG can be drawn: kaleido is installed and a browser was found."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return find_browser() is not None


class _Renderer:
    """One warm kaleido browser, driven from its own event-loop thread.

    Callers from any thread (Streamlit serves each session from its own) submit work with
    ``asyncio.run_coroutine_threadsafe``; kaleido queues the figures on its one tab.
    """

    def __init__(self, browser: str) -> None:
        self.browser = browser
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="threadscope-kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(browser))
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self, browser: str) -> Any:
        import kaleido

        # Offline: plotly.js comes from the plotly package on disk; mathjax=False, or kaleido
        # loads MathJax from a CDN; and the proxy, a closed local port, stops anything else the
        # browser would fetch (its own background traffic included) from leaving the machine.
        k = kaleido.Kaleido(n=1, timeout=_IMAGE_TIMEOUT_S - 10, mathjax=False, path=browser, proxy_server=_NO_PROXY)
        try:
            await k.open()
        except BaseException:
            with contextlib.suppress(Exception):  # the error to report is the one opening it
                await k.close()
            raise
        return k

    def _run(self, coroutine: Any) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=_IMAGE_TIMEOUT_S)
        except FutureTimeout:
            future.cancel()
            raise TimeoutError(f"no answer from the browser within {_IMAGE_TIMEOUT_S} s") from None

    def image(self, spec: dict, opts: dict) -> bytes:
        return self._run(self._kaleido.calc_fig(spec, opts=opts))

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a browser that already died
            self._run(self._kaleido.close())
        self._stop_loop()


_renderer: _Renderer | None = None
_renderer_lock = threading.Lock()


def _warm_renderer() -> _Renderer:
    global _renderer
    with _renderer_lock:
        if _renderer is None:
            browser = find_browser()
            if browser is None:
                raise ExportError(NO_BROWSER_MESSAGE)
            try:
                import kaleido  # noqa: F401
            except ImportError:
                raise ExportError(
                    "PNG and SVG export needs the kaleido package (pip install 'kaleido>=1,<2')"
                ) from None
            try:
                _renderer = _Renderer(browser)
            except Exception as err:
                raise ExportError(f"could not start {browser} for image export: {_one_line(err)}") from None
        return _renderer


def _renderer_browser() -> str | None:
    renderer = _renderer
    return renderer.browser if renderer is not None else find_browser()


def close_browser() -> None:
    """Close the warm browser, if one is open (also done at exit)."""
    global _renderer
    with _renderer_lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


atexit.register(close_browser)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:300]


# --- one chart, one table ------------------------------------------------------------------------


def figure_image(
    fig: go.Figure, *, format: str = "png", width: int | None = None, height: int | None = None, scale: float = 2.0
) -> bytes:
    """The chart drawn as PNG or SVG bytes by kaleido.

    ``width`` and ``height`` are layout pixels (the figure's own size, else 1100 x 600);
    ``scale`` multiplies a PNG's pixels (2: sharp in print) and does not change an SVG.
    Raises :class:`ExportError` where no browser is found or drawing fails.
    """
    if format not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {IMAGE_FORMATS}, got {format!r}")
    spec = fig.to_plotly_json()
    opts = {
        "format": format,
        "width": width or fig.layout.width or DEFAULT_WIDTH,
        "height": height or fig.layout.height or DEFAULT_HEIGHT,
        "scale": scale if format == "png" else 1,
    }
    renderer = _warm_renderer()
    try:
        return renderer.image(spec, opts)
    except Exception as err:
        # A browser that crashed or hung is not reused: the next image starts a fresh one.
        global _renderer
        with _renderer_lock:
            if _renderer is renderer:
                _renderer = None
        threading.Thread(target=renderer.close, daemon=True).start()
        raise ExportError(f"drawing the chart as {format.upper()} failed: {_one_line(err)}") from None


def figure_html(fig: go.Figure, *, title: str | None = None) -> bytes:
    """A standalone HTML page of the chart, plotly.js embedded: it opens offline, zoom and hover work.

    ``title`` (shown as the browser tab's name) is escaped, so user text stays text. Strings in
    the figure are JSON with ``<`` escaped by plotly, so they cannot end the script.
    """
    page = fig.to_html(
        include_plotlyjs=True, include_mathjax=False, full_html=True, validate=False, config={"displaylogo": False}
    )
    if title is not None:
        charset = '<meta charset="utf-8" />'
        page = page.replace(charset, f"{charset}\n    <title>{html.escape(title)}</title>", 1)
    return page.encode("utf-8")


def table_csv(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes, as ``python -m analytics export`` writes it: cells through
    :func:`analytics.output.export.table_for_csv` (ISO 8601 times, lists as JSON arrays), no index, CRLF
    between rows (so a cell holding a carriage return is quoted).

    Examples:
        >>> import pandas as pd
        >>> table_csv(pd.DataFrame({"author": ["geha"], "mentions": [["realist"]]})).decode()
        'author,mentions\\r\\ngeha,"[""realist""]"\\r\\n'
    """
    return table_for_csv(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def safe_file_stem(name: str) -> str:
    """``name`` as a file name stem: letters, digits, ``-`` and ``_`` only.

    Examples:
        >>> safe_file_stem("Sentiment over time / TextBlob")
        'sentiment-over-time-textblob'
    """
    stem = re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-")
    return stem or "chart"


# --- the report --------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Filter values and settings as JSON: dates in ISO 8601, sets sorted, dataclasses as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, pd.Timedelta):
        return value.isoformat()
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def provenance(analysis: Any, filters: Any, *, inputs: Sequence[str] = (), created: dt.datetime | None = None) -> dict:
    """What a report was made from: filters, engines and their versions, input hashes, versions, time.

    ``analysis`` is the :class:`analytics.enrich.Analysis` before filtering (its load report
    names and hashes every input file); ``inputs`` the paths or upload names as the user gave
    them; ``created`` defaults to now, in UTC.
    """
    from ..scoring.sentiment import ENGINES

    settings = analysis.settings or {}
    engines = list(settings.get("engines", ()))
    thresholds = settings.get("thresholds")
    cutoffs = {}
    for name in engines:
        try:
            cutoffs[name] = _jsonable(thresholds.for_engine(name)) if thresholds is not None else None
        except ValueError:
            cutoffs[name] = None
    created = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "threadscope_version": __version__,
        "created_utc": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "inputs_given": [str(p) for p in inputs],
        "input_files": [
            {
                "source": f.source,
                "sha256": f.sha256,
                "format": f.format,
                "encoding": f.encoding,
                "articles": f.articles,
                "parsed_comments": f.parsed_comments,
            }
            for f in analysis.report.files
        ],
        "filters": _jsonable(filters),
        "engines": [
            {"name": name, "version": getattr(ENGINES.get(name), "version", None), "label_cutoffs": cutoffs.get(name)}
            for name in engines
        ],
        "label_engine": settings.get("label_engine"),
        "merges": list(settings.get("merges", [])),  # alias merges (analytics.signals.merges.merges_to_provenance)
        "software": {
            "python": platform.python_version(),
            **{pkg: _package_version(pkg) for pkg in ("pandas", "plotly", "kaleido")},
        },
    }


MAX_TIMELINES = 10  # conversation timelines in a report: one per article, the busiest first
N_EXTREMES = 10  # rows of the most negative / most positive comment tables, as on the Sentiment page
N_MOST_TOXIC = 500  # rows of the most toxic comments table, as on the Signals page
#: Above this many comments in view, the alias and entity tables are computed on a seeded sample of
#: ``SIGNALS_SAMPLE`` comments (pure-Python text analysis; the Signals page does the same).
SIGNALS_FULL_UP_TO = 20_000
SIGNALS_SAMPLE = 10_000


def _view(analysis: Any) -> tuple[Any, str, str, dict[str, str]]:
    """(filters, chosen engine, its score column, score column per engine) of a filtered analysis."""
    from ..scoring.sentiment import ENGINES
    from ..views.filters import Filters

    settings = analysis.settings or {}
    filters = settings.get("filters") or Filters()
    engines = [e for e in settings.get("engines", ()) if e in ENGINES]
    columns = {e: ENGINES[e].label_column for e in engines}
    engine = filters.engine if filters.engine in columns else (engines[0] if engines else filters.engine)
    return filters, engine, ENGINES[engine].label_column, columns


def report_figures(analysis: Any) -> dict[str, go.Figure]:
    """Every chart the dashboard's pages show, built as they build them, by title.

    ``analysis`` is filtered (:func:`analytics.views.filters.apply_filters` records the filters in
    ``settings["filters"]``); the engine chosen there drives the labels, the charts by
    commenter and the reply colours, as on the pages. The conversation timeline, one article at
    a time on its page, is drawn for each article up to :data:`MAX_TIMELINES` (most comments
    first). A commenter's profile needs a commenter and is left out.
    """
    from ..charts import commenters as charts_commenters
    from ..charts import overview as charts_overview
    from ..charts import replies as charts_replies
    from ..charts import sentiment as charts_sentiment
    from ..charts import signals as charts_signals
    from ..charts import style as charts_style
    from ..scoring import sentiment
    from ..signals import toxicity_stats
    from ..threads import activity, timeline

    comments, edges, thresholds = analysis.comments, analysis.replies, analysis.settings["thresholds"]
    _, engine, score, columns = _view(analysis)
    freq = charts_style.pick_freq(comments["timestamp"])
    titles = dict(zip(analysis.articles["article_id"], analysis.articles["title"]))
    labels = sentiment.labels(comments[score], thresholds.for_engine(engine))
    figures = {
        "Comments over time": charts_overview.fig_comment_volume(
            timeline.comment_volume(comments, freq=freq), article_titles=titles
        ),
        "Sentiment labels": charts_overview.fig_sentiment_labels(labels, engine=engine),
        "Comments per commenter": charts_commenters.fig_comments_per_commenter(analysis.commenters, top=30),
        "Comments by weekday and hour": charts_commenters.fig_activity_heatmap(
            activity.activity_by_hour_weekday(comments)
        ),
        "Sentiment scores": charts_sentiment.fig_score_histograms(comments, columns=columns),
        "Sentiment over time": charts_sentiment.fig_sentiment_over_time(comments, columns=columns, freq=freq),
        "Sentiment by commenter": charts_sentiment.fig_sentiment_by_commenter(comments, column=score, top=20),
    }
    if {"textblob", "vader"} <= set(columns):
        agree = sentiment.labels(comments["polarity"], thresholds.for_engine("textblob")).eq(
            sentiment.labels(comments["vader_compound"], thresholds.for_engine("vader"))
        )
        figures["Engine agreement"] = charts_sentiment.fig_engine_agreement(
            comments, x_column="polarity", y_column="vader_compound", agree=agree
        )
    figures["Reply network"] = charts_replies.fig_reply_network(comments, edges, score_column=score)
    busiest = comments["article_id"].value_counts().index[:MAX_TIMELINES]
    if len(busiest) <= 1:
        figures["Conversation timeline"] = charts_replies.fig_conversation_timeline(comments, edges, score_column=score)
    for k, article in enumerate(busiest if len(busiest) > 1 else (), start=1):
        fig = charts_replies.fig_conversation_timeline(
            comments[comments["article_id"] == article], edges[edges["article_id"] == article], score_column=score
        )
        shown = charts_style.escape_label(titles.get(article, article), limit=70)
        figures[f"Conversation timeline {k}"] = fig.update_layout(title_text=f"{fig.layout.title.text}: {shown}")
    figures["Reply latency"] = charts_replies.fig_latency_histogram(edges)
    if "toxicity" in comments.columns:
        figures["Toxicity"] = charts_signals.fig_toxicity_histogram(
            toxicity_stats.toxicity_histogram(comments), unscored=int(comments["toxicity"].isna().sum())
        )
        figures["Toxicity by commenter"] = charts_signals.fig_toxicity_by_commenter(
            toxicity_stats.toxicity_by_commenter(comments)
        )
    return figures


def report_tables(analysis: Any) -> dict[str, pd.DataFrame]:
    """Every table of a filtered analysis, by name: ``analysis.tables()`` and the pages' own tables.

    The pages' tables: the most negative and most positive comments of the chosen engine with
    their strongest sentence, the comments on which TextBlob and VADER disagree, how fast
    each commenter replies, the most toxic comments with their reasons, toxicity by commenter,
    and :func:`analytics.output.export.signal_tables` (alias suspects and entities; on a sample above
    :data:`SIGNALS_FULL_UP_TO` comments). Per-commenter profiles are left out.
    """
    from ..scoring import sentiment
    from ..signals import toxicity_stats
    from ..threads import timeline

    comments = analysis.comments
    _, engine, score, columns = _view(analysis)
    tables = dict(analysis.tables())
    scored = comments[comments[score].notna()]
    for side in ("negative", "positive"):
        picked = scored.nsmallest(N_EXTREMES, score) if side == "negative" else scored.nlargest(N_EXTREMES, score)
        sentences = sentiment.strongest_sentences(picked[["comment_id", "text", "language"]], engine=engine)
        tables[f"Most {side} comments"] = picked[["comment_id", "author", "timestamp", score, "text"]].merge(
            sentences[["comment_id", f"most_{side}_sentence", f"most_{side}_score"]], on="comment_id", how="left"
        )
    if {"textblob", "vader"} <= set(columns):
        agreement = sentiment.engine_agreement(
            comments, thresholds=analysis.settings["thresholds"], engines=("textblob", "vader")
        )
        tables["Engine disagreements"] = agreement.disagreements.merge(
            comments[["comment_id", "text"]], on="comment_id", how="left"
        )
    tables["Reply latency by commenter"] = timeline.response_latency_by_commenter(analysis.replies)
    if "toxicity" in comments.columns:
        tables["Most toxic comments"] = toxicity_stats.most_toxic_comments(comments, n=N_MOST_TOXIC)
        tables["Toxicity by commenter"] = toxicity_stats.toxicity_by_commenter(comments)
    tables.update(signal_tables(analysis, sample_above=SIGNALS_FULL_UP_TO, sample_size=SIGNALS_SAMPLE))
    return tables


def _zip_entry(name: str, created: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
    # PNG is compressed already. Every HTML file carries the same plotly.js, which the fastest
    # deflate level compresses almost as well in far less time (docs/performance.md#export).
    info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def build_report(
    analysis: Any,
    filters: Any,
    *,
    inputs: Sequence[str] = (),
    images: bool = True,
    created: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """A ZIP of every chart (PNG, SVG, HTML) and table (CSV) for ``filters``, with ``provenance.json``.

    ``analysis`` is the unfiltered :class:`analytics.enrich.Analysis`; the filters are applied
    here with :func:`analytics.views.filters.apply_filters`, so the report shows what the dashboard
    shows. Layout: ``charts/<name>.{png,svg,html}``, ``tables/<name>.csv``, ``load_report.json``
    and ``provenance.json`` (see :func:`provenance`; ``rows`` counts each table's rows and
    ``files`` lists every other file with its size and SHA-256). With ``images=False`` (no browser) PNG and SVG are left out and
    ``provenance.json`` says so; with ``images=True`` and no browser, :class:`ExportError`.
    ``progress``, where given, is called with a short line before each chart is drawn.
    """
    from ..views.filters import apply_filters

    created = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    filtered = apply_filters(analysis, filters)
    formats = CHART_FORMATS if images else ("html",)
    files: dict[str, bytes] = {}
    figures = report_figures(filtered)
    for k, (name, fig) in enumerate(figures.items(), start=1):
        if progress is not None:
            progress(f"chart {k} of {len(figures)}: {name}")
        stem = f"charts/{safe_file_stem(name)}"
        for fmt in formats:
            files[f"{stem}.{fmt}"] = figure_html(fig, title=name) if fmt == "html" else figure_image(fig, format=fmt)
    tables = {safe_file_stem(name): frame for name, frame in report_tables(filtered).items()}
    for stem, frame in tables.items():
        files[f"tables/{stem}.csv"] = table_csv(frame)
    files["load_report.json"] = json.dumps(analysis.report.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")

    record = provenance(analysis, filters, inputs=inputs, created=created)
    record["rows"] = {stem: len(frame) for stem, frame in tables.items()}
    articles = filtered.comments["article_id"].nunique()
    notes = []
    if articles > MAX_TIMELINES:
        notes.append(f"conversation timelines drawn for the {MAX_TIMELINES} articles with most comments of {articles}")
    if len(filtered.comments) > SIGNALS_FULL_UP_TO:
        notes.append(
            f"aliases and entities computed on a random sample of {SIGNALS_SAMPLE:,} of the "
            f"{len(filtered.comments):,} comments (seeded: the Signals page shows the same)"
        )
    if notes:
        record["notes"] = notes
    if images:
        record["images"] = f"PNG and SVG drawn by kaleido {_package_version('kaleido')} with {_renderer_browser()}"
    else:
        record["images"] = "PNG and SVG left out: " + (
            NO_BROWSER_MESSAGE if find_browser() is None else "not asked for (images=False)"
        )
    record["files"] = [
        {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()
    ]
    files["provenance.json"] = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(_zip_entry(name, created), data, compresslevel=1)
    return buffer.getvalue()
