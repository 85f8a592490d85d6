"""The dashboard in a real browser: ``streamlit run app.py`` driven by the system's Chromium.

One walk through the app, as a user would take it: every page renders, a commenter filter
narrows every page and survives a reload of the URL, and the PNG, HTML and report downloads
are real files (PNG signature and size, offline HTML, ZIP contents and provenance). Nothing
the page loads may come from anywhere but the local server.

The fixtures (server, browser, tab) are in ``conftest.py``; without Chromium these tests skip.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from urllib.parse import parse_qs, urlparse

import analytics
from app_pages import PAGES as APP_PAGES

# Page titles in the sidebar navigation, each page's st.header: every page of app_pages.PAGES, in order.
PAGES = tuple(page.title for page in APP_PAGES)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SAMPLE_SHA256 = hashlib.sha256(analytics.SAMPLE.read_bytes()).hexdigest()


# --- helpers --------------------------------------------------------------------------------------

_IDLE = "() => !(document.querySelector('[data-testid=\"stStatusWidget\"]')?.innerText || '').includes('Running')"


def wait_until_idle(page) -> None:
    """Wait for Streamlit to finish the current run (its "running" indicator gone)."""
    for _ in range(2):  # twice, a moment apart: a rerun can start just after one ends
        page.wait_for_function(_IDLE, timeout=120_000)
        page.wait_for_timeout(300)


def open_page(page, title: str) -> None:
    """Click ``title`` in the sidebar navigation and wait for its header."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    show_header(page, title)


def show_header(page, title: str) -> None:
    page.locator('[data-testid="stHeading"]').filter(has_text=re.compile(f"^{re.escape(title)}$")).first.wait_for(
        state="visible", timeout=120_000
    )
    wait_until_idle(page)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{title}: {exceptions.first.inner_text()}"


def matching_caption(page) -> str:
    caption = page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"of [\d,]+ comments match"))
    caption.wait_for(state="visible")
    return caption.inner_text()


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def download(page, key: str) -> tuple[str, bytes]:
    """Click the download button with Streamlit key ``key``; the file's suggested name and bytes."""
    button = page.locator(f".st-key-{key}").get_by_role("button")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=180_000) as info:
        button.click()
    done = info.value
    path = done.path()
    assert done.failure() is None, done.failure()
    with open(path, "rb") as f:
        return done.suggested_filename, f.read()


def choose_commenter(page, name: str) -> None:
    box = page.locator(".st-key-filter_commenters")
    box.locator("input").click()
    box.locator("input").fill(name)
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    wait_until_idle(page)


# --- the walk -------------------------------------------------------------------------------------


def test_every_page_renders_and_nothing_loads_from_outside(page, app_url):
    page.goto(app_url)
    show_header(page, PAGES[0])
    nav = page.locator('[data-testid="stSidebarNav"]').get_by_role("link")
    assert [t.strip().splitlines()[-1] for t in nav.all_inner_texts()] == list(PAGES)  # after the icon
    for title in PAGES[1:]:
        open_page(page, title)
    assert matching_caption(page) == "8 of 8 comments match."
    assert page.off_host_requests == []


def test_filter_applies_everywhere_and_survives_a_reload(page, app_url):
    page.goto(app_url)
    show_header(page, "Overview")
    assert metric(page, "Comments") == "8"
    choose_commenter(page, "geha")
    page.wait_for_url(re.compile(r"[?&]commenter=geha(&|$)"))
    assert matching_caption(page) == "3 of 8 comments match."
    assert metric(page, "Comments") == "3" and metric(page, "Commenters") == "1"

    open_page(page, "Comments")
    assert "commenter=geha" in page.url
    assert page.get_by_text("3 of the 3 comments that match the filters.").is_visible()

    page.reload()
    show_header(page, "Comments")
    assert parse_qs(urlparse(page.url).query)["commenter"] == ["geha"]
    assert matching_caption(page) == "3 of 8 comments match."
    chip = page.locator(".st-key-filter_commenters [data-tag]")
    chip.first.wait_for(state="visible")
    assert [c.get_attribute("aria-label") for c in chip.all()] == ["geha"]

    open_page(page, "Overview")
    assert metric(page, "Comments") == "3"
    assert page.off_host_requests == []


def test_a_decorated_table_csv_is_made_when_clicked_after_its_page_ran(page, app_url):
    # The Comments table's CSV is made from the rows listed when the button is clicked, by a
    # function of the page that must not rely on the page's globals (deleted at its end).
    page.goto(app_url)
    show_header(page, "Overview")
    choose_commenter(page, "geha")
    open_page(page, "Comments")
    name, raw = download(page, "dl-csv-comments")
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8")))
    assert name == "comments.csv" and len(rows) == 3
    shown = [dict(zip(header, row)) for row in rows]
    assert {row["author"] for row in shown} == {"geha"}
    assert all(row["article"].startswith("Lavrov Warns Syria") for row in shown)  # the title in place of the id


def test_chart_png_and_html_downloads_are_real_files(page, app_url):
    page.goto(app_url)
    show_header(page, "Overview")
    name, png = download(page, "dl-png-top-commenters")
    assert name == "top-commenters.png"
    assert png[:8] == PNG_SIGNATURE
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 2200 and height >= 400 and height % 2 == 0  # 1100 layout pixels wide, at scale 2
    assert len(png) > 20_000

    name, html = download(page, "dl-html-top-commenters")
    text = html.decode("utf-8")
    assert name == "top-commenters.html"
    assert "Plotly.newPlot" in text and "plotly.js v" in text[:5000]
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, flags=re.IGNORECASE)
    assert "geha" in text


def test_report_zip_holds_charts_tables_and_provenance_for_the_filters(page, app_url):
    page.goto(f"{app_url}/?commenter=geha")
    show_header(page, "Overview")
    assert matching_caption(page) == "3 of 8 comments match."
    name, raw = download(page, "dl-report")
    assert name == "threadscope-report.zip"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        charts = {n.rsplit(".", 1)[0] for n in names if n.startswith("charts/")}
        assert {
            "charts/comments-over-time",
            "charts/sentiment-scores",
            "charts/reply-network",
            "charts/comments-by-weekday-and-hour",
            "charts/reply-latency",
        } <= charts
        for chart in charts:
            assert {f"{chart}.png", f"{chart}.svg", f"{chart}.html"} <= names
            assert archive.read(f"{chart}.png")[:8] == PNG_SIGNATURE
        assert {"tables/comments.csv", "tables/commenters.csv", "provenance.json"} <= names
        comments_csv = archive.read("tables/comments.csv").decode("utf-8")
        record = json.loads(archive.read("provenance.json"))
    assert comments_csv.count("\r\n") >= 4 and "geha" in comments_csv
    assert record["filters"]["commenters"] == ["geha"]
    assert record["rows"]["comments"] == 3
    assert record["threadscope_version"] == analytics.__version__
    assert [f["sha256"] for f in record["input_files"]] == [SAMPLE_SHA256]
    assert {e["name"] for e in record["engines"]} == {"textblob", "vader"}
    assert all(e["version"] for e in record["engines"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["created_utc"])
    assert record["images"].startswith("PNG and SVG drawn by kaleido")
    assert page.off_host_requests == []


def test_empty_filter_result_shows_a_message_on_every_page(page, app_url):
    page.goto(f"{app_url}/?q=no+comment+says+this")
    message = page.get_by_text("No comments match the current filters")
    # The Data page shows the whole corpus, whatever the filters.
    for k, title in enumerate(title for title in PAGES if title != "Data"):
        if k:  # the first is where the link lands
            page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
        message.wait_for(state="visible", timeout=120_000)
        wait_until_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, title
        assert "q=no+comment+says+this" in page.url, title
    assert matching_caption(page) == "0 of 8 comments match."
