"""The Signals page, run by Streamlit's AppTest from app.py on the bundled sample."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    return at.switch_page("app_pages/signals.py").run()


def table(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def titles(at):
    return [json.loads(e.proto.spec)["layout"].get("title", {}).get("text", "") for e in at.get("plotly_chart")]


def test_renders_every_section(page):
    assert not page.exception
    assert [s.value for s in page.subheader] == ["Alias suspects", "Who and what the comments name",
                                                 "Distinctive terms", "Echoes of the article"]
    assert any(t.startswith("Who and what") for t in titles(page))
    assert any(t.startswith("Distinctive terms") for t in titles(page))


def test_seed_alias_pair_listed_first(page):
    suspects = table(page, "evidence")
    assert {suspects.loc[0, "author_a"], suspects.loc[0, "author_b"]} == {"trieself", "trueself"}


def test_seed_entities_listed(page):
    names = set(table(page, "spellings")["entity"])
    assert {"Assad", "Lavrov", "Russia", "Iran", "Hezbollah"} <= names


def test_merge_applies_to_other_pages_and_can_be_undone(page):
    page.button(key="signals_merge").click().run()
    assert not page.exception
    assert page.session_state[state.MERGES_KEY] == [("trieself", "trueself")]
    assert "trieself  →  trueself" in [t.value for t in page.text]
    commenters = page.switch_page("app_pages/commenters.py").run()
    activity = table(commenters, "replies_received")
    assert "trieself" not in set(activity["author"])
    assert activity.set_index("author").loc["trueself", "comments"] == 3
    back = commenters.switch_page("app_pages/signals.py").run()
    back.button(key="signals_undo_0").click().run()
    assert back.session_state[state.MERGES_KEY] == []
    assert not alias_gone(back)


def alias_gone(at):
    suspects = table(at, "evidence")
    return not ((suspects["author_a"] == "trueself") & (suspects["author_b"] == "trieself")).any()


def test_terms_per_period(page):
    page.radio(key="signals_terms_by").set_value("period").run()
    assert not page.exception
    assert table(page, "z")["by"].eq("period").all()


def test_comment_text_shown_literally_not_as_markdown(page):
    rendered = " ".join(str(m.value) for m in [*page.markdown, *page.caption])
    assert "mutual destruction" not in rendered.lower()
    echoing = table(page, "echo_words")
    assert echoing["author"].tolist() == ["realist"]
