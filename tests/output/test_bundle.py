"""analytics.output.bundle: chart images and HTML, table CSV, the report ZIP and its provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest

import analytics
from analytics.enrich import enrich
from analytics.output import bundle
from analytics.output.export import table_for_csv
from analytics.views.filters import Filters

needs_browser = pytest.mark.skipif(
    bundle.find_browser() is None, reason="no Chrome or Chromium executable on this machine (apt-get install chromium)"
)

HOSTILE = "</script><script>alert(1)</script> <b>bold</b> <a href='javascript:x'>x</a>"
CREATED = dt.datetime(2026, 11, 28, 12, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def analysis():
    return enrich(analytics.load(analytics.SAMPLE))


def _bar(title: str = "Comments per commenter") -> go.Figure:
    return go.Figure(go.Bar(x=["geha", "realist"], y=[3, 1]), layout_title_text=title)


def _script_srcs(page: str) -> list[str]:
    return re.findall(r"<script[^>]*\bsrc\s*=", page, flags=re.IGNORECASE)


def _markup(page: str) -> str:
    """The page without the bodies of its inline scripts (plotly.js quotes URLs in its code)."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.DOTALL | re.IGNORECASE)


# --- HTML --------------------------------------------------------------------------------------


def test_html_embeds_plotlyjs_and_loads_nothing_from_outside():
    page = bundle.figure_html(_bar()).decode("utf-8")
    assert "Plotly.newPlot" in page
    # The plotly.js bundle itself, not a reference to it.
    assert len(page) > 1_000_000 and "plotly.js v" in page[:5000]
    assert _script_srcs(page) == []
    assert not re.search(r"https?://", _markup(page), flags=re.IGNORECASE)


def test_html_keeps_user_text_out_of_markup():
    fig = go.Figure(go.Bar(x=[HOSTILE], y=[1], hovertext=[HOSTILE]))
    page = bundle.figure_html(fig, title=HOSTILE).decode("utf-8")
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "alert(1)</script>" not in page
    assert page.count("<script>alert") == 0


def test_html_title_is_optional():
    page = bundle.figure_html(_bar()).decode("utf-8")
    assert "<title>" not in page.split("<body>")[0]


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_round_trips_the_comments_table(analysis):
    frame = analysis.comments
    back = pd.read_csv(io.BytesIO(bundle.table_csv(frame)), dtype=str, keep_default_na=False)
    written = table_for_csv(frame)
    assert back.columns.tolist() == frame.columns.tolist()
    assert len(back) == len(frame) == 8
    # Cells as the CSV export makes them (texts with their line breaks), lists as JSON arrays.
    assert back["text"].tolist() == written["text"].tolist()
    assert [json.loads(m) for m in back["mentions"]] == frame["mentions"].tolist()
    assert back["comment_id"].tolist() == frame["comment_id"].tolist()
    assert back["n_words"].astype(int).tolist() == frame["n_words"].tolist()


def test_csv_keeps_line_breaks_and_carriage_returns_inside_cells():
    texts = ["line one\nline two", "windows\r\nbreak", "a lone\rreturn", 'quote " and, comma']
    back = pd.read_csv(io.BytesIO(bundle.table_csv(pd.DataFrame({"text": texts}))), dtype=str)
    assert back["text"].tolist() == texts


def test_csv_writes_iso_timestamps_and_utf8():
    frame = pd.DataFrame({"author": ["ليلى", 'a,b "q"'], "timestamp": pd.to_datetime(["2013-02-20 18:18", None])})
    raw = bundle.table_csv(frame)
    assert raw.decode("utf-8").split("\r\n") == ["author,timestamp", "ليلى,2013-02-20T18:18:00", '"a,b ""q""",', ""]


def test_csv_of_an_empty_table_keeps_the_header():
    assert bundle.table_csv(pd.DataFrame(columns=["author", "comments"])) == b"author,comments\r\n"


# --- file names, the browser ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, stem",
    [
        ("Sentiment over time", "sentiment-over-time"),
        ("../../etc/passwd", "etc-passwd"),
        ("ليلى", "chart"),
        ("Reply latency (minutes)", "reply-latency-minutes"),
    ],
)
def test_safe_file_stem(name, stem):
    assert bundle.safe_file_stem(name) == stem


def test_find_browser_prefers_the_environment_variable(monkeypatch, tmp_path):
    exe = tmp_path / "my-chrome"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.setenv(bundle.BROWSER_ENV, str(exe))
    assert bundle.find_browser() == str(exe)


def test_find_browser_returns_none_when_nothing_is_there(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv(bundle.BROWSER_ENV, str(tmp_path / "missing"))
    assert bundle.find_browser() is None
    assert not bundle.image_export_available()


def test_no_browser_gives_a_clear_error_not_a_traceback(monkeypatch):
    monkeypatch.setattr(bundle, "_renderer", None)
    monkeypatch.setattr(bundle, "find_browser", lambda: None)
    with pytest.raises(bundle.ExportError, match="needs Chrome or Chromium"):
        bundle.figure_image(_bar())


def test_image_format_is_checked():
    with pytest.raises(ValueError, match="format must be one of"):
        bundle.figure_image(_bar(), format="gif")


@needs_browser
def test_png_has_the_signature_and_the_requested_size():
    png = bundle.figure_image(_bar(), format="png", width=600, height=400, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (600, 400)
    assert len(png) > 5_000


@needs_browser
def test_png_scale_multiplies_pixels():
    png = bundle.figure_image(_bar(), format="png", width=300, height=200, scale=2)
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (600, 400)


@needs_browser
def test_svg_is_svg_and_shows_the_chart_text():
    svg = bundle.figure_image(_bar("Who comments"), format="svg").decode("utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "Who comments" in svg and "geha" in svg


@needs_browser
def test_svg_escapes_user_text():
    svg = bundle.figure_image(go.Figure(go.Bar(x=["<script>alert(1)</script>"], y=[1])), format="svg")
    assert b"<script" not in svg


# --- provenance and the report ------------------------------------------------------------------


def test_provenance_names_inputs_engines_filters_and_time(analysis):
    record = bundle.provenance(analysis, Filters(commenters=("geha",)), inputs=["data/x.txt"], created=CREATED)
    sample_sha = hashlib.sha256(analytics.SAMPLE.read_bytes()).hexdigest()
    assert record["threadscope_version"] == analytics.__version__
    assert record["created_utc"] == "2026-11-28T12:30:00Z"
    assert record["inputs_given"] == ["data/x.txt"]
    assert [f["sha256"] for f in record["input_files"]] == [sample_sha]
    assert record["filters"]["commenters"] == ["geha"]
    assert record["filters"]["sentiment"] == [-1.0, 1.0]
    engines = {e["name"]: e for e in record["engines"]}
    assert set(engines) == {"textblob", "vader"}
    assert all(re.fullmatch(r"\d+\.\d+.*", e["version"]) for e in engines.values())
    assert engines["vader"]["label_cutoffs"] == {"negative_below": -0.05, "positive_above": 0.05}
    assert record["label_engine"] == "textblob"
    json.dumps(record)  # all of it is JSON


def test_provenance_writes_times_in_iso_8601(analysis):
    filters = Filters(start=dt.datetime(2013, 2, 20, 18), end=dt.datetime(2013, 2, 20, 20))
    record = bundle.provenance(analysis, filters, created=CREATED)
    assert (record["filters"]["start"], record["filters"]["end"]) == ("2013-02-20T18:00:00", "2013-02-20T20:00:00")


def _report(analysis, filters, monkeypatch, *, images=False) -> zipfile.ZipFile:
    monkeypatch.setattr(
        bundle,
        "report_figures",
        lambda a: {"Comments per commenter": go.Figure(go.Bar(x=a.commenters["author"], y=a.commenters["comments"]))},
    )
    raw = bundle.build_report(analysis, filters, inputs=[str(analytics.SAMPLE)], images=images, created=CREATED)
    return zipfile.ZipFile(io.BytesIO(raw))


def test_report_holds_charts_tables_load_report_and_provenance(analysis, monkeypatch):
    with _report(analysis, Filters(), monkeypatch) as archive:
        names = set(archive.namelist())
        assert names == {"charts/comments-per-commenter.html", "load_report.json", "provenance.json"} | {
            f"tables/{t}.csv"
            for t in (
                "articles",
                "comments",
                "commenters",
                "replies",
                "threads",
                "most-negative-comments",
                "most-positive-comments",
                "engine-disagreements",
                "reply-latency-by-commenter",
                "most-toxic-comments",
                "toxicity-by-commenter",
                "aliases",
                "entities",
            )
        }
        record = json.loads(archive.read("provenance.json"))
        assert {f["name"] for f in record["files"]} == names - {"provenance.json"}
        for f in record["files"]:
            assert hashlib.sha256(archive.read(f["name"])).hexdigest() == f["sha256"]
        assert record["rows"]["comments"] == 8
        assert record["images"].startswith("PNG and SVG left out")


def test_report_tables_hold_toxicity_aliases_and_entities(analysis, monkeypatch):
    with _report(analysis, Filters(), monkeypatch) as archive:
        aliases = pd.read_csv(archive.open("tables/aliases.csv"))
        assert aliases[["author_a", "author_b"]].iloc[0].tolist() == ["trueself", "trieself"]
        assert "Lavrov" in set(pd.read_csv(archive.open("tables/entities.csv"))["entity"])
        toxic = pd.read_csv(archive.open("tables/most-toxic-comments.csv"))
        assert len(toxic) == 8 and toxic["toxicity"].is_monotonic_decreasing
        assert toxic.loc[0, "toxicity"] == analysis.comments["toxicity"].max()
        by = pd.read_csv(archive.open("tables/toxicity-by-commenter.csv")).set_index("author")
        assert by.loc["geha", "comments"] == 3
        assert "notes" not in json.loads(archive.read("provenance.json"))


def test_report_figures_include_the_toxicity_charts(analysis):
    from analytics.views.filters import apply_filters

    figures = bundle.report_figures(apply_filters(analysis, Filters()))
    assert sum(figures["Toxicity"].data[0].y) == 8
    assert set(figures["Toxicity by commenter"].data[0].y) == set(analysis.comments["author"])


def test_report_signal_tables_on_a_sample_above_the_limit_say_so(analysis, monkeypatch):
    monkeypatch.setattr(bundle, "SIGNALS_FULL_UP_TO", 5)
    monkeypatch.setattr(bundle, "SIGNALS_SAMPLE", 4)
    with _report(analysis, Filters(), monkeypatch) as archive:
        notes = json.loads(archive.read("provenance.json"))["notes"]
        assert any("random sample of 4 of the 8 comments" in n for n in notes)
        assert pd.read_csv(archive.open("tables/comments.csv")).shape[0] == 8  # the rest stays whole


def test_report_applies_the_filters(analysis, monkeypatch):
    with _report(analysis, Filters(commenters=("geha",)), monkeypatch) as archive:
        comments = pd.read_csv(archive.open("tables/comments.csv"))
        assert comments["author"].tolist() == ["geha"] * 3
        commenters = pd.read_csv(archive.open("tables/commenters.csv"))
        assert commenters[["author", "comments"]].values.tolist() == [["geha", 3]]
        record = json.loads(archive.read("provenance.json"))
        assert record["filters"]["commenters"] == ["geha"] and record["rows"]["comments"] == 3
        assert "geha" in archive.read("charts/comments-per-commenter.html").decode()


def test_report_of_an_empty_selection_still_builds(analysis, monkeypatch):
    with _report(analysis, Filters(search="no comment says this"), monkeypatch) as archive:
        assert pd.read_csv(archive.open("tables/comments.csv")).empty
        assert json.loads(archive.read("provenance.json"))["rows"]["comments"] == 0


def test_report_without_a_browser_but_images_asked_for_says_so(analysis, monkeypatch):
    monkeypatch.setattr(bundle, "_renderer", None)
    monkeypatch.setattr(bundle, "find_browser", lambda: None)
    with pytest.raises(bundle.ExportError, match="needs Chrome or Chromium"):
        _report(analysis, Filters(), monkeypatch, images=True)


@needs_browser
def test_report_with_images_has_png_and_svg_of_every_chart(analysis, monkeypatch):
    with _report(analysis, Filters(), monkeypatch, images=True) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("charts/"))
        assert charts == [f"charts/comments-per-commenter.{ext}" for ext in ("html", "png", "svg")]
        assert archive.read("charts/comments-per-commenter.png")[:8] == b"\x89PNG\r\n\x1a\n"
        assert json.loads(archive.read("provenance.json"))["images"].startswith("PNG and SVG drawn by kaleido")


@needs_browser
def test_images_from_several_threads_share_the_warm_browser():
    from concurrent.futures import ThreadPoolExecutor

    figures = [_bar(f"chart {k}") for k in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(lambda f: bundle.figure_image(f, format="svg"), figures))
    assert [f"chart {k}" in svg.decode() for k, svg in enumerate(images)] == [True] * 4


@needs_browser
def test_a_failed_drawing_is_an_export_error_and_the_next_one_gets_a_fresh_browser(monkeypatch):
    first = bundle._warm_renderer()

    def broken(self, spec, opts):
        raise RuntimeError("the browser went away")

    with monkeypatch.context() as patched:
        patched.setattr(bundle._Renderer, "image", broken)
        with pytest.raises(bundle.ExportError, match="drawing the chart as PNG failed: the browser went away"):
            bundle.figure_image(_bar())
    assert bundle.figure_image(_bar())[:8] == b"\x89PNG\r\n\x1a\n"
    assert bundle._renderer is not first
