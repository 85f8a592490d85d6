"""analytics/ is layered by stage: every import runs down the stack (or within a stage), never up.

The stages, bottom first (README "How the code is laid out"):

    columns, _version, errors
    model
    loaders | scoring | threads | charts      (peers: none imports another)
    signals
    enrich
    store | views                             (peers)
    output
    __init__, __main__                        (the public API and the CLI)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analytics"

RANKS = {
    "columns": 0,
    "_version": 0,
    "errors": 0,
    "model": 1,
    "loaders": 2,
    "scoring": 2,
    "threads": 2,
    "charts": 2,
    "signals": 3,
    "enrich": 4,
    "store": 5,
    "views": 5,
    "output": 6,
    "__init__": 7,
    "__main__": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    """``analytics.scoring.fastscore.parallel`` -> ``scoring``; the package itself -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``analytics`` module that ``path`` imports (at the top or inside a function), with the line."""
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "analytics"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "analytics":
                continue
            for alias in node.names:  # ``from analytics import threads`` names a stage, not the package
                candidate = f"{source}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    PACKAGE.parent / Path(*candidate.split("."))
                ).is_dir()
                found.append((node.lineno, candidate if is_module else source))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_known_stage():
    unknown = {stage(module_name(p)) for p in SOURCES} - RANKS.keys()
    assert not unknown, f"add these to the layering (tests/test_layers.py, README): {sorted(unknown)}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_imports_run_down_the_stack(path: Path):
    own = stage(module_name(path))
    wrong = []
    for line, target in imported_modules(path):
        other = stage(target)
        if other == own:
            continue
        if RANKS[other] >= RANKS[own]:
            wrong.append(
                f"line {line}: {target} ({other}, rank {RANKS[other]}) from a {own} module (rank {RANKS[own]})"
            )
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """A module of a low stage that imports a higher one is caught (the test above can fail)."""
    fake = tmp_path / "analytics"
    (fake / "threads").mkdir(parents=True)
    (fake / "views").mkdir()
    (fake / "views" / "filters.py").write_text("")
    bad = fake / "threads" / "replies.py"
    bad.write_text("def f():\n    from ..views import filters\n    from analytics.model import schema\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = imported_modules(bad)
    assert (2, "analytics.views.filters") in found
    assert [stage(t) for _, t in found] == ["views", "model"]
    assert RANKS[stage("analytics.views.filters")] > RANKS[stage("analytics.threads.replies")]
