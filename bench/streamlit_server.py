"""``streamlit run app.py`` on 127.0.0.1 and a free port, for the browser tests and the load test.

One place starts the real server, waits for its health endpoint and stops it, so the tests and
the benchmark start it the same way. The address is left to ``.streamlit/config.toml``
(127.0.0.1) unless ``args`` says otherwise.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class ServerDidNotStart(RuntimeError):
    """The server exited or missed its deadline; the message ends with the tail of its log."""


@dataclass(frozen=True)
class Running:
    url: str
    port: int
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(
    log_path: Path,
    *,
    args: Sequence[str] = (),
    inputs: Sequence[str | Path] = (),
    env: Mapping[str, str] | None = None,
    start_timeout_s: float = 90,
) -> Iterator[Running]:
    """Serve ``app.py`` (``-- INPUTS`` when given) until the block ends; the server's output goes to ``log_path``.

    ``env`` is added to this process's environment. Raises :class:`ServerDidNotStart` when the
    health endpoint does not answer in time.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *args,
    ]
    if inputs:
        command += ["--", *map(str, inputs)]
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    with Path(log_path).open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=full_env
        )
    try:
        deadline = time.monotonic() + start_timeout_s
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = Path(log_path).read_text(errors="replace")[-3000:]
                raise ServerDidNotStart(f"streamlit did not come up on {url}:\n{tail}")
            time.sleep(0.5)
        yield Running(url, port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
