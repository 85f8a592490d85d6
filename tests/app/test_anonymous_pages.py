"""Comments that name no commenter (a table without an author column, such as SFU's): the Commenters and
Overview pages say the input names no commenters instead of one nameless commenter and an empty profile."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_thread
from streamlit.testing.v1 import AppTest

from analytics.charts.commenters import ANONYMOUS_NOTE
from analytics.loaders import Corpus, LoadReport
from app_pages import PAGES, state

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {Path(page.script).stem: page.script for page in PAGES}
ROWS = [
    {"author": "", "text": "Well said, a constructive point.", "timestamp": "2017-03-01 10:00"},
    {"author": "", "text": "Rubbish, all of it.", "timestamp": "2017-03-01 11:00"},
    {"author": "", "text": "I disagree with the premise.", "timestamp": "2017-03-02 09:30"},
]


def open_with(rows: list[dict], page: str) -> AppTest:
    articles, comments = make_thread(rows, title="Trump's war")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    return at.switch_page(SCRIPTS[page]).run()


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(e.proto.spec)["layout"].get("title", {}).get("text", "") for e in at.get("plotly_chart")]


def chart_notes(at: AppTest) -> list[str]:
    return [
        a.get("text", "")
        for e in at.get("plotly_chart")
        for a in json.loads(e.proto.spec)["layout"].get("annotations", [])
    ]


def test_commenters_page_says_the_input_names_no_commenters():
    at = open_with(ROWS, "commenters")
    assert not at.exception
    assert [i.value for i in at.info] == [
        f"{ANONYMOUS_NOTE}: the input has no author column, so there is no commenter table, chart or profile. "
        "Name one with --map author=COLUMN (or the Data page's column form)."
    ]
    assert not [b for b in at.selectbox if b.key == "profile_author"]  # no profile of a nameless commenter
    assert not [s for s in at.subheader if s.value == "Profile"]
    assert chart_titles(at) == ["Comments by weekday and hour"]


def test_overview_counts_no_commenters_and_its_chart_says_why():
    at = open_with(ROWS, "overview")
    assert not at.exception
    metric = next(m for m in at.metric if m.label == "Commenters")
    assert metric.value == "–"
    assert ANONYMOUS_NOTE in chart_notes(at)


def test_named_commenters_still_get_their_page():
    at = open_with([{**ROWS[0], "author": "ann"}, ROWS[1]], "commenters")
    assert not at.exception and not at.info
    assert at.selectbox(key="profile_author").options == ["ann"]  # the nameless comment is nobody
