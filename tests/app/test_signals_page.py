"""The Signals page, run by Streamlit's AppTest from app.py on the bundled sample."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import state

ROOT = Path(__file__).resolve().parents[2]


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
    assert [s.value for s in page.subheader] == [
        "Toxicity",
        "Most toxic comments",
        "Toxicity by commenter",
        "Alias suspects",
        "Who and what the comments name",
        "Distinctive terms",
        "Echoes of the article",
    ]
    assert any(t.startswith("Who and what") for t in titles(page))
    assert any(t.startswith("Distinctive terms") for t in titles(page))


def test_toxicity_sections_show_the_seed_counts(page):
    shown = titles(page)
    assert "Toxicity of the comments" in shown and "Toxicity by commenter" in shown
    histogram = next(
        json.loads(e.proto.spec)["data"][0]
        for e in page.get("plotly_chart")
        if json.loads(e.proto.spec)["layout"]["title"]["text"] == "Toxicity of the comments"
    )
    assert sum(decoded(histogram["y"])) == 8  # every seed comment is English
    most = table(page, "toxicity_reasons")
    assert len(most) == 8 and most["toxicity"].is_monotonic_decreasing
    assert most.loc[0, "author"] == "trieself" and "stupid" in most.loc[0, "toxicity_reasons"]
    by = table(page, "toxic_share").set_index("author")
    assert by.loc["geha", "comments"] == 3 and by.loc["trieself", "max_toxicity"] == most.loc[0, "toxicity"]


def decoded(values):
    """A plotly array from a figure's JSON: a list, or typed-array bytes in base64."""
    if isinstance(values, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_most_toxic_comments_follow_the_filters(page):
    page.multiselect(key="filter_commenters").set_value(["geha"]).run()
    assert not page.exception
    assert set(table(page, "toxicity_reasons")["author"]) == {"geha"}


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


def signals_page_with_limits(monkeypatch, *, automatic_rows: int, sample: int) -> AppTest:
    """The Signals page on the sample (8 comments) with the given limits, before its button is pressed."""
    monkeypatch.setattr(state, "SIGNALS_AUTO_ROWS", automatic_rows)
    monkeypatch.setattr(state, "SIGNALS_SAMPLE", sample)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at = at.switch_page("app_pages/signals.py").run()
    assert not at.exception
    return at


def test_a_large_view_is_computed_on_a_sample_when_asked(monkeypatch):
    at = signals_page_with_limits(monkeypatch, automatic_rows=5, sample=4)
    toxicity = ["Toxicity", "Most toxic comments", "Toxicity by commenter"]  # on every comment, at once
    assert [s.value for s in at.subheader] == toxicity and len(table(at, "toxicity_reasons")) == 8
    assert not any("evidence" in df.value.columns for df in at.dataframe)  # nothing else before the button
    assert "random sample of 4" in " ".join(c.value for c in at.caption)
    at.button(key="signals_compute").click().run()
    assert not at.exception
    assert [s.value for s in at.subheader][3:4] == ["Alias suspects"]
    on_topic = table(at, "on_topic_share")
    assert on_topic["comments"].sum() == 4  # the sample's comments, not the 8 in view
    again = at.run()  # the same view: shown without asking again
    assert again.subheader and not again.exception


def test_a_view_between_the_automatic_limit_and_the_sample_is_computed_whole_when_asked(monkeypatch):
    at = signals_page_with_limits(monkeypatch, automatic_rows=5, sample=100)
    assert not any("evidence" in df.value.columns for df in at.dataframe)
    at.button(key="signals_compute").click().run()
    assert not at.exception
    assert table(at, "on_topic_share")["comments"].sum() == 8  # every comment in view


def test_the_text_signals_are_computed_once_per_view(monkeypatch):
    from analytics.signals import aliases, echoes, entities, terms

    calls = []
    for module, name in (
        (aliases, "alias_suspects"),
        (entities, "entity_mentions"),
        (terms, "distinctive_terms"),
        (echoes, "article_echoes"),
    ):
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    monkeypatch.setattr(state, "SIGNALS_AUTO_ROWS", 5)
    monkeypatch.setattr(state, "SIGNALS_SAMPLE", 3)  # a sample no other test draws: nothing cached yet
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at = at.switch_page("app_pages/signals.py").run()
    at.button(key="signals_compute").click().run()
    assert sorted(calls) == ["alias_suspects", "article_echoes", "distinctive_terms", "entity_mentions"]
    calls.clear()
    at.run()
    assert calls == [] and not at.exception
