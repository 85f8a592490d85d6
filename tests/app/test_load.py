"""A reduced load test (the full one is ``python -m bench.load_test``): concurrent sessions against
a real ``streamlit run`` on 127.0.0.1, switching pages and filters, finish every action without an
error. Figures are printed (``pytest -s``), never asserted: the machine may be busy."""

from __future__ import annotations

import pytest

from bench import load_test

SESSIONS, ACTIONS = 3, 6


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load_test.run(
        2_000,
        sessions=SESSIONS,
        actions=ACTIONS,
        rounds=1,
        minutes=15,
        real=False,
        work=tmp_path_factory.mktemp("load"),
    )


def test_concurrent_sessions_switch_pages_and_filters_without_errors(result):
    assert [a.error for a in result.errors] == []
    assert len(result.actions) == SESSIONS * (ACTIONS + 1)  # each session opened the app, then acted
    kinds = {a.kind for a in result.actions}
    assert "page" in kinds and kinds & {"commenter", "search", "clear"}
    assert all(a.seconds > 0 for a in result.actions)


def test_every_page_was_run(result):
    """The sessions' pages came from the app's own navigation, so every page is reachable."""
    pages = {a.detail for a in result.actions if a.kind == "page"}
    assert len(pages) >= 3, pages


def test_server_memory_is_measured(result):
    rss = result.rss_mib
    assert rss["after warm-up"] > rss["idle"] > 0 and rss["peak"] >= rss["after round 1"]


def test_percentile():
    assert load_test.percentile([1, 2, 3, 4], 50) == 2.5
    assert load_test.percentile([5], 95) == 5
    assert load_test.percentile(list(range(101)), 95) == 95


def test_every_cache_of_the_app_is_bounded():
    """Memory stays bounded under load only if every cache of the dashboard has a size limit
    (``max_entries``); the corpus-level caches of ``app_pages/state.py`` also a lifetime (``ttl``)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    unbounded, undated, found = [], [], 0
    for path in [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                call = deco if isinstance(deco, ast.Call) else None
                name = ast.unparse(call.func if call else deco)
                if name not in ("st.cache_data", "st.cache_resource"):
                    continue
                found += 1
                keywords = {k.arg for k in call.keywords} if call else set()
                takes_arguments = bool(node.args.args or node.args.kwonlyargs)
                if takes_arguments and "max_entries" not in keywords:
                    unbounded.append(f"{path.name}:{node.name}")
                if path.name == "state.py" and "ttl" not in keywords:
                    undated.append(node.name)
    assert found >= 5
    assert unbounded == [], f"caches without max_entries: {unbounded}"
    assert undated == [], f"state.py caches without ttl: {undated}"
