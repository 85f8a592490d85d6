"""The benchmark corpus (bench.make_corpus) and the benchmark command (python -m bench)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import analytics
from bench import make_corpus

REPO = Path(__file__).resolve().parents[2]
N = 300


@pytest.fixture(scope="module")
def sample_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "c"
    make_corpus.make_corpus(N, out, seed=7, real=None)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _csv(folder: Path) -> list[dict]:
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_same_arguments_write_the_same_bytes(sample_corpus, tmp_path):
    make_corpus.make_corpus(N, tmp_path / "again", seed=7, real=None)
    assert _files(tmp_path / "again") == _files(sample_corpus)


def test_another_seed_writes_another_corpus(sample_corpus, tmp_path):
    make_corpus.make_corpus(N, tmp_path / "other", seed=8, real=None)
    assert _files(tmp_path / "other") != _files(sample_corpus)


def test_pages_load_with_every_comment_and_no_warning(sample_corpus):
    info = json.loads((sample_corpus / "corpus.json").read_text(encoding="utf-8"))
    corpus = analytics.load(sample_corpus / "pages")
    assert len(corpus.comments) == N == info["comments"]
    assert len(corpus.articles) == info["articles"] > 1
    assert corpus.report.all_warnings == []


def test_csv_holds_the_same_comments_as_the_pages(sample_corpus):
    pages = analytics.load(sample_corpus / "pages").comments
    rows = _csv(sample_corpus)
    assert [r["text"] for r in rows] == pages["text"].tolist()
    assert [r["author"] for r in rows] == pages["author"].tolist()


def test_lengths_run_from_a_few_words_to_hundreds(sample_corpus):
    words = [len(r["text"].split()) for r in _csv(sample_corpus)]
    assert min(words) <= 5
    assert max(words) >= 150


def test_replies_name_their_parent_author_and_id(sample_corpus):
    rows = _csv(sample_corpus)
    by_id = {r["comment_id"]: r for r in rows}
    replies = [r for r in rows if r["parent_comment_id"]]
    assert len(replies) > N // 5
    for r in replies:
        parent = by_id[r["parent_comment_id"]]
        assert r["text"].startswith("@" + parent["author"])
        assert parent["article"] == r["article"]


def test_too_few_comments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        make_corpus.make_corpus(0, tmp_path / "none", real=None)


def _bench(*args: str, work: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bench", *args, "--work", str(work)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_quick_bench_prints_one_table_with_every_measure(tmp_path):
    done = _bench("--quick", "--runs", "1", "--json", str(tmp_path / "rows.json"), work=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("| measure |") == 1
    assert "Machine: " in done.stdout
    for measure in (
        "parse saved pages",
        "textblob: naive TextBlob(t).sentiment",
        "vader: analytics.scoring.fastscore",
        "largest difference",
        "score_parallel, 1 process",
        "score_parallel, 2 processes",
        "over the whole corpus",
        "naive loop",
        "python -m analytics export",
        "cold open",
        "warm open",
        "dashboard: Overview page, rerun after a filter change",
        "dashboard: filter change",
    ):
        assert measure in done.stdout
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))["rows"]
    assert all(r["value"] == 0 for r in rows if r["measure"].endswith("largest difference fast vs naive"))
    together = [r for r in rows if r["measure"].startswith("analysing: peak resident memory")]
    if together:  # Linux (/proc): the process and its workers sampled together
        own = float(
            next(r for r in rows if r["measure"].startswith("cold open"))["rss"].split(" MiB")[0].replace(",", "")
        )
        sampled = float(together[0]["rss"].split(" MiB")[0].replace(",", ""))
        assert 0 < sampled <= own + 1 and together[0]["compare"].startswith("target 2.5 GB: met (")


def test_a_parse_size_over_the_budget_is_skipped_and_said(tmp_path):
    done = _bench(
        "--quick", "--runs", "1", "--only", "parse", "--parse-sizes", "200,50000000", "--budget", "0.001", work=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "50,000,000 comments | - | not run" in done.stdout
    assert not any("50000000" in p.name for p in tmp_path.iterdir())


def test_memory_targets_are_judged_in_both_readings_of_gb():
    from bench import memory_target

    assert memory_target(1430, 1.5).startswith("target 1.5 GB: met (")  # 1.5 x 10^9 bytes = 1,430.5 MiB
    assert "NOT as 1.5 x 10^9 bytes" in memory_target(1431, 1.5)
    assert memory_target(1536, 1.5).startswith("target 1.5 GB: met as 1.5 GiB")
    assert memory_target(1537, 1.5).startswith("target 1.5 GB: NOT met")
