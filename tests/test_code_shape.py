"""The code stays readable in pieces: modules of at most 700 lines (``fastscore/`` aside: hot loops
kept together for speed), functions of at most 80 lines unless a comment right above says why."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 80
REASON = "# Over 80 lines on purpose:"
SOURCES = sorted([*(ROOT / "analytics").rglob("*.py"), *(ROOT / "app_pages").rglob("*.py"), ROOT / "app.py"])


def long_functions(source: str) -> list[tuple[str, int]]:
    """``(name, lines)`` of every function over the limit without the reason comment above it."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        above = lines[first - 2].strip() if first >= 2 else ""
        if length > MAX_FUNCTION_LINES and not above.startswith(REASON):
            found.append((node.name, length))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_are_short(path: Path):
    source = path.read_text(encoding="utf-8")
    if "fastscore" not in path.parts:
        assert source.count("\n") <= MAX_MODULE_LINES, f"{path.name}: split it by concern"
    assert not long_functions(source), "extract named steps, or say why above the def: " + REASON


def test_a_long_function_needs_its_reason():
    body = "".join(f"    x{k} = {k}\n" for k in range(MAX_FUNCTION_LINES))
    assert long_functions(f"def f():\n{body}") == [("f", MAX_FUNCTION_LINES + 1)]
    assert long_functions(f"{REASON} one loop.\ndef f():\n{body}") == []
    assert long_functions(f"{REASON} one loop.\n@staticmethod\ndef f():\n{body}") == []
