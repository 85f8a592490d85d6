"""A reduced load test (the full one is ``python -m bench.load_test``): concurrent sessions against
a real ``streamlit run`` on 127.0.0.1, switching pages and filters, finish every action without an
error. Figures are printed (``pytest -s``), never asserted: the machine may be busy."""
from __future__ import annotations

import pytest

from bench import load_test

SESSIONS, ACTIONS = 3, 6


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return load_test.run(2_000, sessions=SESSIONS, actions=ACTIONS, rounds=1, minutes=15, real=False,
                         work=tmp_path_factory.mktemp("load"))


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
    rss = result.rss_mb
    assert rss["after warm-up"] > rss["idle"] > 0 and rss["peak"] >= rss["after round 1"]


def test_percentile():
    assert load_test.percentile([1, 2, 3, 4], 50) == 2.5
    assert load_test.percentile([5], 95) == 5
    assert load_test.percentile(list(range(101)), 95) == 95
