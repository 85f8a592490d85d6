"""The command line: export writes the contract's tables; bad input is one line on stderr."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analytics

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


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


def test_export_of_a_folder(tmp_path):
    result = run_cli("export", ROOT / "data", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "comments.csv")) == 8


@pytest.mark.parametrize("content, expected", [
    (None, "no such file or folder"),
    (b"", "empty file"),
    (b"a grocery list\nmilk\n", "not a saved news page"),
])
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
