"""Hostile text stays text, in a real browser, and sessions stay apart.

A corpus of hostile comments, author names and titles (script tags, ``onerror`` handlers,
``javascript:`` links, markdown links, remote images and headings, LaTeX, zero-width and
right-to-left controls, a 10,000-character word) is served by ``streamlit run app.py -- FILE``
on 127.0.0.1 and a free port. On every page of the dashboard, and in every chart of the exported
HTML report: no dialog opens, no script from the data runs (every payload sets
``window.__pwned``, which stays undefined), no request leaves 127.0.0.1, no element is made from
the payloads (no ``<img src=x>``, no ``javascript:`` link, no heading, no KaTeX), and the literal
text is on the screen. Also: two browser sessions never see each other's uploads, an upload
over the size limit gets a clear message, and the server listens on 127.0.0.1 only when nothing
says otherwise (the address comes from ``.streamlit/config.toml``).

The browser is the machine's Chromium (fixtures in ``conftest.py``); without one these tests skip.
"""

from __future__ import annotations

import csv
import io
import re
import socket
import urllib.parse
import uuid
import zipfile
from pathlib import Path

import pytest

from app_pages import PAGES as APP_PAGES
from bench.streamlit_server import ServerDidNotStart, streamlit_server

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
RUN_TIMEOUT_MS = 120_000  # one page's first run scores the corpus; the machine may be busy
UPLOAD_LIMIT_MB = 1  # the test server's limit, so an over-limit file is small

# Every payload that could run sets window.__pwned (or opens a dialog); none may.
TITLE_SCRIPT = '<script>window.__pwned="title"</script>Lavrov warns <img src=x onerror="window.__pwned=\'title-img\'">'
TITLE_MARKDOWN = (
    '# [Click me](javascript:window.__pwned="md-title") ![pixel](http://evil.example/t.png) '
    "$E=mc^2$ \u202eevil\u200b title"
)
AUTHOR_IMG = "<img src=x onerror=\"window.__pwned='author';alert(1)\">"
AUTHOR_LINK = "[evil](javascript:alert(2))"
AUTHOR_MARKUP = "**bold** $x^2$ <b>b</b>"
AUTHOR_RTL = "\u202eevil\u200b"
LONG_WORD = "A" * 10_000
TEXTS = [
    "<script>window.__pwned='text-script';alert('script')</script> war is terrible",
    "<img src=x onerror=\"window.__pwned='text-img';alert('img')\"> good news",
    "<a href=\"javascript:window.__pwned='text-link'\">click me</a> bad idea",
    "[markdown link](javascript:window.__pwned='md-link') and ![remote image](http://evil.example/pixel.png)",
    "# A heading from a comment\n## and another",
    "LaTeX $\\frac{a}{b}$ and $$\\int x dx$$ here",
    "zero\u200bwidth and \u202eright-to-left override\u202c and \u200fRLM",
    LONG_WORD,
    '<svg onload="window.__pwned=\'svg\'"></svg><iframe src="http://evil.example/frame"></iframe>',
    "<style>body{display:none}</style>{{7*7}} :material/warning: :smile:",
    "@geha =cmd|' /C calc'!A0 is what I think",
    "<details open ontoggle=\"window.__pwned='details'\">x</details> lovely",
]
# trueself and trieself: the strongest alias suspects, for the merge-isolation test.
AUTHORS = [AUTHOR_IMG, AUTHOR_LINK, AUTHOR_MARKUP, AUTHOR_RTL, "geha", "trueself", "trieself"]


def hostile_csv() -> bytes:
    """Comments under two hostile titles: every author writes every kind of hostile text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["comment_id", "parent_id", "author", "timestamp", "title", "text"])
    k = 0
    for a, author in enumerate(AUTHORS):
        for t, text in enumerate(TEXTS[: len(TEXTS) - a]):  # AUTHOR_IMG writes most: the default profile
            k += 1
            parent = str(k - 2) if k > 2 and k % 3 == 0 else ""  # k - 2: the same article (titles alternate)
            writer.writerow(
                [
                    str(k),
                    parent,
                    author,
                    f"2013-02-{20 + a % 3} {8 + t}:{(7 * k) % 60:02d}",
                    TITLE_SCRIPT if k % 2 else TITLE_MARKDOWN,
                    text,
                ]
            )
    return buffer.getvalue().encode("utf-8")


def naharnet_page(title: str) -> bytes:
    return (
        f"{title}\n\nAn article body.\n\nComments 2\n\n"
        "Thumb geha 20 February 2013, 17:55\nFirst comment.\n\n"
        "Thumb realist 20 February 2013, 18:10\n@geha second comment.\n"
    ).encode()


# --- the server ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile-comments.csv"
    path.write_bytes(hostile_csv())
    return path


@pytest.fixture(scope="module")
def server(hostile_file, tmp_path_factory):
    """``streamlit run app.py -- hostile.csv`` with the address left to ``.streamlit/config.toml``.

    Its home, temporary and cache folders are fresh ones (``home``), so a test can look for
    what the server wrote to disk.
    """
    home = tmp_path_factory.mktemp("server-home")
    for sub in ("home", "tmp", "cache"):
        (home / sub).mkdir()
    log_path = tmp_path_factory.mktemp("streamlit-hostile") / "server.log"
    env = {
        "HOME": str(home / "home"),
        "TMPDIR": str(home / "tmp"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "THREADSCOPE_CACHE": str(home / "cache" / "threadscope"),
    }
    try:
        with streamlit_server(
            log_path,
            args=["--server.maxUploadSize", str(UPLOAD_LIMIT_MB)],
            inputs=[hostile_file],
            env=env,
            start_timeout_s=START_TIMEOUT_S,
        ) as running:
            yield {"url": running.url, "port": running.port, "pid": running.process.pid, "home": home}
    except ServerDidNotStart as err:
        pytest.fail(str(err))


class Watch:
    """What a browser context did: dialogs that opened, requests it made, requests blocked."""

    def __init__(self, context, allowed: tuple[str, ...]):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []

        def route(r):
            if r.request.url.startswith(allowed):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._watch_page)

    def _watch_page(self, page) -> None:
        def dialog(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.on("pageerror", lambda err: self.errors.append(str(err)))

    def off_host(self, allowed: tuple[str, ...]) -> list[str]:
        return [u for u in self.requests + self.blocked if not u.startswith(allowed)]


def _allowed(server) -> tuple[str, ...]:
    return (server["url"] + "/", server["url"], "data:", "blob:", "about:")


@pytest.fixture
def session(browser, server):
    """A fresh browser context (its own Streamlit session) watched for dialogs and requests."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    watch = Watch(context, _allowed(server))
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_MS)
    yield page, watch
    context.close()


def _wait_for_run(page, header: str | None = None) -> None:
    """Until the script has run (and, given ``header``, the page with that header is shown)."""
    if header is not None:
        page.get_by_role("heading", name=header, exact=True).first.wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")
    page.wait_for_timeout(300)  # the last deltas of the run are drawn
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")


def _nav_links(page) -> list[str]:
    """The page names in the sidebar's navigation (each link's last line: the first is its icon)."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [links.nth(k).inner_text().strip().split("\n")[-1].strip() for k in range(links.count())]


def _go(page, name: str) -> None:
    """Click the navigation link of the page ``name`` and wait for it to run."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has=page.get_by_text(name, exact=True)).first.click()
    _wait_for_run(page, name)


def _texts(page) -> str:
    """Everything written as DOM text on the page: plotly's SVG labels and input values included."""
    return page.evaluate(
        "() => [document.body.innerText, "
        "...Array.from(document.querySelectorAll('svg text')).map(t => t.textContent), "
        "...Array.from(document.querySelectorAll('input')).map(i => i.value)].join('\\n')"
    )


def _hover_texts(page, plot) -> list[str]:
    """The hover label of every bar of a plotly chart, as the browser draws it (SVG text)."""
    texts = []
    bars = plot.locator(".bars .point path")
    for k in range(min(bars.count(), 12)):
        bars.nth(k).hover(force=True)
        page.wait_for_timeout(150)
        texts.append(plot.locator(".hoverlayer").text_content() or "")
    return texts


def _assert_inert(page, watch, where: str, allowed) -> None:
    assert page.evaluate("() => typeof window.__pwned") == "undefined", (
        f"{where}: a payload ran (window.__pwned = {page.evaluate('() => String(window.__pwned)')!r})"
    )
    assert watch.dialogs == [], f"{where}: dialogs opened: {watch.dialogs}"
    assert watch.off_host(allowed) == [], f"{where}: requests left 127.0.0.1: {watch.off_host(allowed)}"
    made = page.evaluate("""() => ({
        img_x: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
        js_links: Array.from(document.querySelectorAll('a[href], [href]')).filter(
            a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript')).length,
        iframes: document.querySelectorAll('iframe[src*="evil"]').length,
        svg_onload: document.querySelectorAll('svg[onload]').length,
        details: document.querySelectorAll('details[ontoggle]').length,
        katex: document.querySelectorAll('.katex, .katex-display').length,
        headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).filter(
            h => /heading from a comment|and another|Click me/.test(h.textContent)).length,
        remote_images: Array.from(document.images).filter(i => /evil\\.example/.test(i.src)).length,
        styles: Array.from(document.querySelectorAll('style')).filter(s => s.textContent.includes('display:none}')
            && s.textContent.includes('body{')).length,
    })""")
    assert all(n == 0 for n in made.values()), f"{where}: elements made from the payloads: {made}"
    assert not page.locator('[data-testid="stException"]').count(), f"{where}: an exception is shown"


# --- inert text, page by page -----------------------------------------------------------------------------


def test_every_page_shows_hostile_text_literally_and_runs_none_of_it(session, server):
    page, watch = session
    allowed = _allowed(server)
    page.goto(server["url"])
    _wait_for_run(page, "Overview")
    names = _nav_links(page)
    assert names == [p.title for p in APP_PAGES], names  # every page of app_pages.PAGES, walked below
    seen: dict[str, str] = {}
    for name in names:
        _go(page, name)
        page.mouse.wheel(0, 20_000)  # draw what is below the fold (charts render when visible)
        page.wait_for_timeout(500)
        _assert_inert(page, watch, name, allowed)
        seen[name] = _texts(page)

    # The literal text is on the screen: titles as text on the Overview and Data pages ...
    for name in ("Overview", "Data"):
        assert TITLE_SCRIPT in seen[name] and TITLE_MARKDOWN.replace("\u200b", "") in seen[name].replace("\u200b", "")
    # ... author names in the sidebar's options are tested below; in chart labels (plotly SVG text) as written:
    assert any(AUTHOR_IMG[:30] in line for line in seen["Overview"].splitlines()), "author name not shown literally"
    assert "**bold**" in seen["Commenters"] and "$x^2$" in seen["Commenters"]
    # ... the commenter profile's selectbox names its commenter as text
    assert AUTHOR_IMG in seen["Commenters"]
    # ... and the Data page shows the article body and every comment count
    assert "hostile-comments.csv" in seen["Data"]
    # Hover labels, drawn when the mouse is on a bar, show names as written too.
    _go(page, "Commenters")
    plot = page.locator(".js-plotly-plot").filter(has_text="Comments per commenter").first
    plot.scroll_into_view_if_needed()
    hovers = _hover_texts(page, plot)
    assert any(AUTHOR_IMG in h for h in hovers), hovers
    assert not any("&lt;" in h or "&amp;" in h for h in hovers), hovers
    _assert_inert(page, watch, "Commenters after hovering", allowed)


def test_the_sidebar_lists_hostile_names_as_text(session, server):
    page, watch = session
    page.goto(server["url"])
    _wait_for_run(page, "Overview")
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text("Commenters", exact=True)
    ).first.locator("input").click()
    options = page.locator('[role="option"]')
    options.first.wait_for()
    shown = [options.nth(k).inner_text() for k in range(options.count())]
    for author in (AUTHOR_IMG, AUTHOR_LINK, AUTHOR_MARKUP):
        assert author in shown, (author, shown)
    page.locator('[role="option"]', has_text=AUTHOR_IMG).first.click()
    page.keyboard.press("Escape")
    _wait_for_run(page)
    assert "commenter=" in page.url  # the filter went into the URL ...
    page.reload()  # ... and the URL, hostile name and all, is read back without running anything
    _wait_for_run(page, "Overview")
    _assert_inert(page, watch, "Overview filtered by a hostile name", _allowed(server))
    assert AUTHOR_IMG in _texts(page)


def test_a_hostile_url_query_runs_nothing(session, server):
    page, watch = session
    query = urllib.parse.urlencode(
        {
            "q": "<img src=x onerror=alert(9)>",
            "commenter": "<script>alert(8)</script>",
            "article": "javascript:alert(7)",
        }
    )
    page.goto(f"{server['url']}/?{query}")
    page.get_by_text("No comments match the current filters", exact=False).first.wait_for()
    _wait_for_run(page)
    _assert_inert(page, watch, "Overview with a hostile query string", _allowed(server))
    assert "<script>alert(8)</script>" in _texts(page)  # offered in the sidebar, as text


def test_typing_hostile_search_text_runs_nothing(session, server):
    page, watch = session
    page.goto(server["url"])
    _wait_for_run(page, "Overview")
    _go(page, "Comments")
    box = page.get_by_role("textbox", name="Find in these comments (text or name)")
    box.fill("<img src=x onerror=\"window.__pwned='typed'\">")
    box.press("Enter")
    _wait_for_run(page)
    _assert_inert(page, watch, "Comments page after typing a payload", _allowed(server))


# --- the exported HTML report -------------------------------------------------------------------------------


def test_exported_html_charts_are_inert_offline(browser, hostile_file, tmp_path):
    """Every chart of the report ZIP, opened from disk: literal labels, no script of ours, no request."""
    import analytics
    from analytics.output import bundle
    from analytics.views.filters import Filters

    analysis = analytics.enrich(analytics.load(hostile_file))
    raw = bundle.build_report(analysis, Filters(), inputs=[str(hostile_file)], images=False)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".html")]
        archive.extractall(tmp_path)
    assert len(names) >= 8, names
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    watch = Watch(context, ("file://", "data:", "blob:", "about:"))
    try:
        page = context.new_page()
        labels = []
        for name in names:
            page.goto((tmp_path / name).as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=60_000)
            page.wait_for_timeout(200)
            _assert_inert(page, watch, name, ("file://", "data:", "blob:", "about:"))
            labels.append(_texts(page))
            if "comments-per-commenter" in name:
                hovers = _hover_texts(page, page.locator(".js-plotly-plot").first)
                assert any(AUTHOR_IMG in h for h in hovers), hovers
                _assert_inert(page, watch, f"{name} after hovering", ("file://", "data:", "blob:", "about:"))
        everything = "\n".join(labels)
        assert AUTHOR_IMG[:30] in everything, "a hostile author name is not shown literally in any chart"
        assert "<script>window.__pwned" in everything  # a title, in a chart's title, as written
        assert "&lt;" not in everything and "&amp;" not in everything  # escaped once, shown as typed
        assert watch.errors == [], watch.errors
    finally:
        context.close()


# --- sessions, uploads, the server ----------------------------------------------------------------------------


def _open_data_page(page, server) -> None:
    page.goto(server["url"])
    _wait_for_run(page, "Overview")
    _go(page, "Data")


def _upload(page, name: str, raw: bytes, *, load: bool = True) -> None:
    """Put a file in the Data page's uploader and, with ``load``, press its "Load these files"."""
    if not page.get_by_text("Upload files:", exact=False).first.is_visible():
        page.get_by_text("Open other data", exact=True).click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": raw}]
    )
    if load:
        button = page.get_by_role("button", name="Load these files")
        button.wait_for()
        _wait_for_run(page)
        button.click()
        _wait_for_run(page)


def test_one_session_never_sees_another_sessions_upload(browser, server):
    marker = f"ISOLATION-{uuid.uuid4().hex[:12]}"
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        first, second = (c.new_page() for c in contexts)
        for p in (first, second):
            p.set_default_timeout(RUN_TIMEOUT_MS)
        _open_data_page(first, server)
        _open_data_page(second, server)
        _upload(first, "private.txt", naharnet_page(f"{marker} <script>window.__pwned='upload'</script>"))
        first.get_by_text(marker, exact=False).first.wait_for()
        _wait_for_run(first)
        assert marker in _texts(first)
        assert first.evaluate("() => typeof window.__pwned") == "undefined"

        # The other session, already open, and a session opened after the upload: neither sees it.
        second.reload()  # a new run of the page it shows (Data), after the upload
        _wait_for_run(second, "Data")
        for name in ("Overview", "Data"):
            _go(second, name)
            assert marker not in _texts(second), f"another session's upload is visible on {name}"
        third = contexts[1].browser.new_context().new_page()
        third.set_default_timeout(RUN_TIMEOUT_MS)
        _open_data_page(third, server)
        assert marker not in _texts(third)
        assert TITLE_SCRIPT in _texts(third)  # it sees the files given at start
        third.context.close()
        # And the first session still has its own data.
        _go(first, "Overview")
        assert marker in _texts(first)
        # The upload was never written to disk: not under the server's home, temporary or cache
        # folders, nor in the project.
        written = _files_holding(marker.encode(), [server["home"], ROOT])
        assert written == [], f"the upload was written to {written}"
    finally:
        for c in contexts:
            c.close()


def test_one_session_never_sees_another_sessions_merges(browser, server):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        first, second = (c.new_page() for c in contexts)
        for p in (first, second):
            p.set_default_timeout(RUN_TIMEOUT_MS)
            p.goto(server["url"])
            _wait_for_run(p, "Overview")
            _go(p, "Signals")
        assert "Merges in effect" not in _texts(first)
        first.get_by_role("button", name="Merge this pair").click()  # the strongest pair: trieself -> trueself
        first.get_by_text("Merges in effect", exact=False).first.wait_for()
        _wait_for_run(first)
        assert "trieself  →  trueself" in _texts(first)
        _go(first, "Commenters")
        assert "trieself" not in _texts(first)  # counted as trueself everywhere in this session ...

        second.reload()
        _wait_for_run(second, "Signals")
        assert "Merges in effect" not in _texts(second)  # ... and nowhere in the other
        _go(second, "Commenters")
        assert "trieself" in _texts(second)
        assert second.evaluate("() => typeof window.__pwned") == "undefined"
    finally:
        for c in contexts:
            c.close()


def test_an_upload_over_the_size_limit_gets_a_clear_message(session, server):
    page, watch = session
    _open_data_page(page, server)
    too_big = naharnet_page("Too big") + b"x" * (UPLOAD_LIMIT_MB * 1024 * 1024 + 10)
    _upload(page, "too-big.txt", too_big, load=False)
    # The limit is stated beside the uploader ...
    assert re.search(rf"Up to {UPLOAD_LIMIT_MB} MB per file", _texts(page))
    # ... and the refused file is marked with Streamlit's message (an alert read out by screen readers,
    # shown on hover of the red file chip).
    alert = page.locator('[role="alert"]').filter(
        has_text=re.compile(rf"File must be {UPLOAD_LIMIT_MB}(\.0)?\s*MB or smaller")
    )
    alert.first.wait_for(state="attached")
    _wait_for_run(page)
    assert not page.get_by_role("button", name="Load these files").count()  # nothing offered to load
    assert "Too big" not in _texts(page)


def _files_holding(needle: bytes, folders: list[Path]) -> list[Path]:
    skip = {".venv", ".git", ".hypothesis", "node_modules", "__pycache__"}
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if skip & set(path.relative_to(folder).parts) or not path.is_file():
                continue
            try:
                if path.stat().st_size < 200_000_000 and needle in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found


def _handshake(port: int, host: str) -> str:
    """The status line the server answers a websocket handshake for ``Host: host`` with."""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request.encode())
        return s.recv(4096).split(b"\r\n", 1)[0].decode()


def test_dns_rebinding_cannot_reach_the_app(server):
    """A page on another name that resolves to 127.0.0.1 gets no websocket: server.allowedHosts."""
    assert " 101 " in _handshake(server["port"], f"127.0.0.1:{server['port']}")
    assert " 101 " in _handshake(server["port"], f"localhost:{server['port']}")
    refused = _handshake(server["port"], f"rebind.evil.example:{server['port']}")
    assert " 101 " not in refused and refused.startswith("HTTP/1.1 4"), refused


def _listening(port: int) -> list[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def test_the_server_listens_on_127_0_0_1_only_by_default(server):
    """The server was started without --server.address: .streamlit/config.toml decides."""
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system to read listening sockets from")
    addresses = _listening(server["port"])
    assert addresses, "nothing listens on the server's port"
    assert set(addresses) == {"0100007F"}, f"listening on {addresses} (0100007F is 127.0.0.1)"
