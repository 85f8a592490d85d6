"""Fixtures for the real-browser tests: the dashboard served by ``streamlit run``, and Chromium.

The browser is the machine's own Chromium (Debian's ``chromium``), driven by Playwright for
Python; ``playwright install`` (a browser download) is never used. Without a Chromium
executable the tests skip with that reason.

This folder is a package (``__init__.py``), so this file is imported as ``browser.conftest``
and does not take the place of ``tests/conftest.py``, which other tests import as ``conftest``. Every request the page makes to anything but the
local server is blocked and recorded, so a test can assert that nothing left the machine.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analytics.output.bundle import find_browser
from bench.streamlit_server import ServerDidNotStart, streamlit_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
START_TIMEOUT_S = 90


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_browser()  # chromium on PATH: what kaleido draws the PNG and SVG exports with
    if path is None:
        pytest.skip(
            "no Chromium executable on this machine (apt-get install chromium); "
            "the browser tests drive the system's Chromium and never download one"
        )
    return path


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 and a free port, until the session ends."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    try:
        with streamlit_server(
            log_path, args=["--server.address", "127.0.0.1"], start_timeout_s=START_TIMEOUT_S
        ) as running:
            yield running.url
    except ServerDidNotStart as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def browser(chromium):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -r requirements-dev.txt)"
    )
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OffHostRequests(list):
    """URLs the page tried to reach anywhere but the local server (all blocked)."""


@pytest.fixture
def page(browser, app_url):
    """A fresh browser tab (own context: no cookies or storage shared between tests)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    blocked = OffHostRequests()

    def route(r):
        if r.request.url.startswith(app_url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.off_host_requests = blocked
    yield tab
    context.close()
