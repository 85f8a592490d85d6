"""``python -m analytics report``: the dashboard's report ZIP from the command line."""

from __future__ import annotations

import json
import zipfile
from dataclasses import fields
from datetime import datetime

import pandas as pd
import pytest
from conftest import filter_examples, make_thread

import analytics
from analytics.__main__ import _filters_from_args, build_parser, main
from analytics.loaders import Corpus, LoadReport
from analytics.output import bundle
from analytics.views import kinds
from analytics.views.filters import Filters
from analytics.views.settings import SETTINGS, setting

# The charts the issue lists for the report, by file stem.
CHARTS = (
    "comments-over-time",
    "sentiment-labels",
    "comments-per-commenter",
    "sentiment-scores",
    "sentiment-over-time",
    "sentiment-by-commenter",
    "engine-agreement",
    "comments-by-weekday-and-hour",
    "reply-network",
    "conversation-timeline",
    "reply-latency",
    "toxicity",
    "toxicity-by-commenter",
)
TABLES = (
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


class Result:
    def __init__(self, returncode: int, captured) -> None:
        self.returncode, self.stdout, self.stderr = returncode, captured.out, captured.err


@pytest.fixture
def run_report(capsys):
    """Runs ``python -m analytics report ARGS`` in this process (the entry point ``main``)."""

    def run(*args) -> Result:
        code = main(["report", *map(str, args)])
        return Result(code, capsys.readouterr())

    return run


def test_every_filter_setting_has_an_option():
    report = build_parser()._subparsers._group_actions[0].choices["report"]
    dests = {a.dest for a in report._actions}
    assert {f.name for f in fields(Filters)} <= dests


def as_options(name: str, value) -> list[str]:
    """The report command's options asking for ``value`` of the setting ``name``."""
    s = setting(name)
    if isinstance(s.kind, kinds.Names):
        return [part for v in value for part in (s.option, v)]
    if isinstance(s.kind, kinds.Flag):
        return [s.option] if value else []
    if isinstance(s.kind, kinds.Range):
        return [s.option, *map(str, value)]
    return [s.option, value.isoformat() if isinstance(value, datetime) else str(value)]


@pytest.fixture(scope="module")
def corpus():
    articles, comments = make_thread([{"author": "geha", "text": "first"}])
    return Corpus(articles, comments, LoadReport())


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_survives_the_command_line(name, corpus):
    value = filter_examples(corpus.articles.loc[0, "article_id"])[name]
    args = build_parser().parse_args(["report", "in.txt", "--out", "r.zip", *as_options(name, value)])
    assert _filters_from_args(args, corpus) == Filters(**{name: value})


def test_every_setting_survives_the_command_line_together(corpus):
    examples = filter_examples(corpus.articles.loc[0, "article_id"])
    options = [part for name, value in examples.items() for part in as_options(name, value)]
    assert _filters_from_args(
        build_parser().parse_args(["report", "in.txt", "--out", "r.zip", *options]), corpus
    ) == Filters(**examples)


def test_no_filter_option_asks_for_the_defaults(corpus):
    assert _filters_from_args(build_parser().parse_args(["report", "in.txt", "--out", "r.zip"]), corpus) == Filters()


def test_report_without_images_holds_html_charts_tables_and_provenance(tmp_path, run_report):
    out = tmp_path / "sub" / "report.zip"
    result = run_report(analytics.SAMPLE, "--out", out, "--no-images", "--commenters", "geha")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {f"charts/{c}.html" for c in CHARTS} | {f"tables/{t}.csv" for t in TABLES} | {
            "provenance.json",
            "load_report.json",
        } == names
        assert pd.read_csv(archive.open("tables/comments.csv"))["author"].tolist() == ["geha"] * 3
        record = json.loads(archive.read("provenance.json"))
    assert record["filters"]["commenters"] == ["geha"]
    assert record["inputs_given"] == [str(analytics.SAMPLE)]
    assert record["images"].startswith("PNG and SVG left out")
    assert "chart 13 of 13: Toxicity by commenter" in result.stderr


def test_report_takes_articles_by_title_and_every_filter(tmp_path, run_report):
    out = tmp_path / "report.zip"
    result = run_report(
        analytics.SAMPLE,
        "--out",
        out,
        "--no-images",
        "--articles",
        "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'",
        "--start",
        "2013-02-20T18:00",
        "--end",
        "2013-02-20 23:59",
        "--sentiment",
        "-1",
        "0.5",
        "--engine",
        "vader",
        "--search",
        "syria",
        "--status",
        "registered",
    )
    assert result.returncode == 0, result.stderr
    filters = json.loads(zipfile.ZipFile(out).read("provenance.json"))["filters"]
    assert (
        len(filters["articles"]) == 1
        and filters["articles"][0] != "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'"
    )
    assert filters["start"] == "2013-02-20T18:00:00" and filters["end"] == "2013-02-20T23:59:00"
    assert (filters["sentiment"], filters["engine"], filters["search"], filters["status"]) == (
        [-1.0, 0.5],
        "vader",
        "syria",
        "registered",
    )


def test_report_keeps_comments_at_or_above_the_minimum_toxicity(tmp_path, run_report):
    out = tmp_path / "report.zip"
    assert run_report(analytics.SAMPLE, "--out", out, "--no-images", "--min-toxicity", "0.5").returncode == 0
    with zipfile.ZipFile(out) as archive:
        comments = pd.read_csv(archive.open("tables/comments.csv"))
        assert json.loads(archive.read("provenance.json"))["filters"]["min_toxicity"] == 0.5
    scores = analytics.enrich(analytics.load(analytics.SAMPLE)).comments["toxicity"]
    assert (comments["toxicity"] >= 0.5).all() and len(comments) == int((scores >= 0.5).sum()) > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--articles", "No such article"], "no loaded article has the id or title 'No such article'"),
        (["--start", "yesterday-ish"], "--start: not a time"),
        (["--start", "2013-02-21", "--end", "2013-02-20"], "is after end"),
        (["--sentiment", "0.5", "-0.5"], "low <= high"),
        (["--min-toxicity", "1.5"], "min_toxicity must be in [0, 1]"),
    ],
)
def test_bad_filter_options_are_one_line_errors(tmp_path, run_report, args, message):
    result = run_report(analytics.SAMPLE, "--out", tmp_path / "r.zip", "--no-images", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.zip").exists()


def test_unknown_commenter_is_warned_about(tmp_path, run_report):
    result = run_report(analytics.SAMPLE, "--out", tmp_path / "r.zip", "--no-images", "--commenters", "nobody")
    assert result.returncode == 0
    assert "warning: --commenters: no comment by 'nobody'" in result.stderr


def test_without_a_browser_the_report_says_how_to_go_on(tmp_path, run_report, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(bundle.BROWSER_ENV, raising=False)
    result = run_report(analytics.SAMPLE, "--out", tmp_path / "r.zip")
    assert result.returncode == 2
    assert "need Chrome or Chromium" in result.stderr and "--no-images" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(bundle.find_browser() is None, reason="no Chrome or Chromium executable (apt-get install chromium)")
def test_report_with_images_holds_every_chart_as_png_svg_and_html(tmp_path, run_report):
    out = tmp_path / "report.zip"
    result = run_report(analytics.SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        for chart in CHARTS:
            assert {f"charts/{chart}.{ext}" for ext in ("png", "svg", "html")} <= names
            assert archive.read(f"charts/{chart}.png")[:8] == b"\x89PNG\r\n\x1a\n"
            assert archive.read(f"charts/{chart}.svg").startswith(b"<svg")
        assert {f"tables/{t}.csv" for t in TABLES} <= names
        record = json.loads(archive.read("provenance.json"))
    assert record["images"].startswith("PNG and SVG drawn by kaleido")
    assert record["rows"]["comments"] == 8
