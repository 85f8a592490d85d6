"""The tree passes ruff's lint and is formatted as ruff formats it (settings in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ruff is in requirements-dev.txt; beside this interpreter in a virtual environment.
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


def ruff(*args: str) -> subprocess.CompletedProcess:
    if RUFF is None:
        pytest.fail("ruff is not installed: pip install -r requirements-dev.txt")
    return subprocess.run([RUFF, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_lint_passes():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tree_is_formatted():
    result = ruff("format", "--no-cache", "--check", ".")
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_the_lint_finds_a_fault(tmp_path):
    """The check can fail: an unused import and an unformatted line are caught with the project's settings."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx=1\n")
    config = str(ROOT / "pyproject.toml")
    assert ruff("check", "--no-cache", "--config", config, str(bad)).returncode == 1
    assert ruff("format", "--no-cache", "--config", config, "--check", str(bad)).returncode == 1
