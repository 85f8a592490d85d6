"""Fixtures for the real-browser tests: the dashboard served by ``streamlit run``, and Chromium.

The browser is the machine's own Chromium (Debian's ``chromium``), driven by Playwright for
Python; ``playwright install`` (a browser download) is never used. Without a Chromium
executable the tests skip with that reason.

This folder is a package (``__init__.py``), so this file is imported as ``browser.conftest``
and does not take the place of ``tests/conftest.py``, which other tests import as ``conftest``. Every request the page makes to anything but the
local server is blocked and recorded, so a test can assert that nothing left the machine.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analytics.bundle import find_browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_browser()  # chromium on PATH: what kaleido draws the PNG and SVG exports with
    if path is None:
        pytest.skip("no Chromium executable on this machine (apt-get install chromium); "
                    "the browser tests drive the system's Chromium and never download one")
    return path


@pytest.fixture(scope="session")
def app_url(chromium, tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 and a free port, until the session ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("w+b")
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"streamlit did not come up on {url}:\n{log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def browser(chromium):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                                   "(pip install -r requirements-dev.txt)")
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
