"""The command line: export writes the contract's tables; bad input is one line on stderr."""

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_export_writes_tables_and_report(tmp_path):
    result = run_cli("export", analytics.SAMPLE, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(tmp_path / "articles.csv")
    comments = pd.read_csv(tmp_path / "comments.csv")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(articles) == 1 and len(comments) == 8
    assert comments.timestamp[4] == "2013-02-20T19:11:00"
    assert json.loads(comments.mentions[3]) == ["josh-bustany"]
    assert report["files"][0]["parsed_comments"] == 8
    assert report["files"][0]["skipped"][0]["line"] == 3


def test_export_writes_enriched_tables(tmp_path):
    assert run_cli("export", analytics.SAMPLE, "--out", tmp_path).returncode == 0
    comments = pd.read_csv(tmp_path / "comments.csv")
    for column in (
        "polarity",
        "subjectivity",
        "vader_compound",
        "sentiment_label",
        "language",
        "reply_to",
        "reply_to_author",
        "reply_method",
        "reply_confidence",
        "thread_id",
        "quotes_article",
    ):
        assert column in comments.columns
    assert comments.set_index("author").loc["lebnanfirst", "reply_method"] == "mention-external"
    commenters = pd.read_csv(tmp_path / "commenters.csv")
    assert commenters.set_index("author")["comments"].to_dict() == {
        "geha": 3,
        "trueself": 2,
        "realist": 1,
        "trieself": 1,
        "lebnanfirst": 1,
    }
    replies = pd.read_csv(tmp_path / "replies.csv")
    assert replies["parent_author"].tolist() == ["josh-bustany"]
    assert pd.read_csv(tmp_path / "threads.csv")["size"].sum() == 8
    toxicity = comments.set_index("author")["toxicity"]
    assert comments["toxicity"].between(0, 1).all() and toxicity["geha"].max() < 0.5 < toxicity["trieself"]
    assert "toxicity_reasons" in comments.columns


def test_export_writes_aliases_and_entities_the_seed_pair_first(tmp_path):
    assert run_cli("export", analytics.SAMPLE, "--out", tmp_path).returncode == 0
    aliases = pd.read_csv(tmp_path / "aliases.csv")
    assert aliases[["author_a", "author_b"]].iloc[0].tolist() == ["trueself", "trieself"]
    assert aliases["score"].is_monotonic_decreasing
    entities = pd.read_csv(tmp_path / "entities.csv").set_index("entity")
    assert entities.loc["Lavrov", "article_mentions"] >= 1
    assert entities.loc["Russia", "comments"] >= 1


def test_export_without_analysis_writes_the_contract_only(tmp_path):
    assert run_cli("export", analytics.SAMPLE, "--out", tmp_path, "--no-analysis").returncode == 0
    assert "polarity" not in pd.read_csv(tmp_path / "comments.csv").columns
    assert not (tmp_path / "commenters.csv").exists()


def test_export_of_a_folder(tmp_path):
    result = run_cli("export", ROOT / "data", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "comments.csv")) == 8


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "no such file or folder"),
        (b"", "empty file"),
        (b"a grocery list\nmilk\n", "not a saved news page"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(tmp_path, content, expected):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("export", path, "--out", tmp_path / "out")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and expected in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "comments.csv").exists()


def test_contract_command_prints_the_docs():
    result = run_cli("contract")
    assert result.returncode == 0 and "| `comment_id` |" in result.stdout


@pytest.mark.parametrize("threshold, shown", [(1, True), (None, False)])
def test_export_shows_scoring_progress_for_large_inputs_only(tmp_path, monkeypatch, capsys, threshold, shown):
    import analytics.__main__ as cli

    if threshold is not None:
        monkeypatch.setattr(cli, "PROGRESS_MIN_COMMENTS", threshold)
    assert cli.main(["export", str(analytics.SAMPLE), "--out", str(tmp_path)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("scored ")]
    if shown:  # counts, rate and the time it took (all 8 comments of the sample are English)
        assert lines[-1].startswith("scored 8/8 comments (100%), ") and lines[-1].endswith(" s")
        assert "/s, " in lines[-1]
    else:
        assert lines == []


def a_folder_with_a_broken_file(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-lavrov.txt").write_bytes(analytics.SAMPLE.read_bytes())
    (folder / "b-broken.txt").write_text("<html><body>saved as HTML</body></html>\n", encoding="utf-8")
    return folder


def test_export_of_a_folder_with_a_file_not_loaded_writes_and_exits_3(tmp_path):
    folder = a_folder_with_a_broken_file(tmp_path)
    result = run_cli("export", folder, "--out", tmp_path / "out", "--no-analysis")
    assert result.returncode == 3, result.stderr
    assert len(pd.read_csv(tmp_path / "out" / "comments.csv")) == 8  # the output is written all the same
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    why = (
        "an HTML page of no layout Threadscope reads: expected a WordPress page (a line 'N thoughts on \"TITLE\"', "
        "comments ending 'Posted by NAME | Month D, YYYY, h:mm am/pm') or a naharnet page (a 'Comments N' line, "
        "comment headers like 'Thumb name 20 February 2013, 17:55')"
    )
    assert report["not_loaded"] == [f"{folder / 'b-broken.txt'}: {why}"]
    assert f"warning: {folder / 'b-broken.txt'}: not loaded: {why}" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: 1 file(s) could not be loaded (the warnings above say why); the output is written; --keep-going exits 0"
    )
    kept = run_cli("export", folder, "--out", tmp_path / "kept", "--no-analysis", "--keep-going")
    assert kept.returncode == 0, kept.stderr
    assert f"{folder / 'b-broken.txt'}: not loaded" in kept.stderr and "error:" not in kept.stderr


def test_report_of_a_folder_with_a_file_not_loaded_exits_3(tmp_path, capsys):
    folder = a_folder_with_a_broken_file(tmp_path)
    assert main(["report", str(folder), "--out", str(tmp_path / "r.zip"), "--no-images"]) == 3
    assert (tmp_path / "r.zip").exists()
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: 1 file(s) could not be loaded")
    assert main(["report", str(folder), "--out", str(tmp_path / "k.zip"), "--no-images", "--keep-going"]) == 0


def test_a_zip_with_a_broken_member_exits_3_and_a_corrupt_file_given_exits_2(tmp_path):
    with zipfile.ZipFile(tmp_path / "pages.zip", "w") as archive:
        archive.write(analytics.SAMPLE, "pages/a-lavrov.txt")
        archive.writestr("pages/b-broken.txt", b"<html><body>saved as HTML</body></html>\n")
    assert run_cli("export", tmp_path / "pages.zip", "--out", tmp_path / "out", "--no-analysis").returncode == 3
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(analytics.SAMPLE.read_bytes())[:200])
    result = run_cli("export", tmp_path / "cut.txt.gz", "--out", tmp_path / "cut", "--no-analysis")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'cut.txt.gz'}: a gzip-compressed file that cannot be ")
    assert result.stderr.count("\n") == 1


def test_help_states_the_exit_statuses():
    result = run_cli("export", "--help")
    assert result.returncode == 0
    assert "  3  the output is written, but some files of a folder or archive could not be loaded" in result.stdout
    assert "--keep-going" in result.stdout and "THREADSCOPE_MAX_DECOMPRESSED" in result.stdout
