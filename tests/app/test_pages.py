"""Every page, run by Streamlit's AppTest from app.py on the bundled sample: renders, filters, empties."""

import json
from pathlib import Path

import pytest
from conftest import make_thread
from streamlit.testing.v1 import AppTest

from analytics.loaders import Corpus, LoadReport
from app_pages import PAGES as APP_PAGES
from app_pages import state

ROOT = Path(__file__).resolve().parents[2]
# Every page of the app's navigation (app_pages.PAGES): a page added there is run here too.
PAGES = [page.script for page in APP_PAGES]
DEFAULT = next(page.script for page in APP_PAGES if page.default)  # where app.py opens
SCRIPTS = {Path(script).stem: script for script in PAGES}
OVERVIEW, SENTIMENT, COMMENTERS, REPLIES, COMMENTS, SIGNALS = (
    SCRIPTS[name] for name in ("overview", "sentiment", "commenters", "replies", "comments", "signals")
)
ANALYSIS_PAGES = [script for script in PAGES if script != SCRIPTS["data"]]  # Data shows the whole corpus
EMPTY_MESSAGE = "No comments match the current filters"


def open_page(page: str, *, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query or {})
    at.run()
    return at.switch_page(page).run() if page != DEFAULT else at


def figures(at: AppTest) -> dict[str, dict]:
    """The page's plotly figures as JSON, by their title (without any parenthesised note)."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        title = spec["layout"].get("title", {}).get("text", "")
        out[title.split(" (")[0]] = spec
    return out


def decoded(values) -> list:
    """A plotly array from a figure's JSON: a list, or a typed array (numbers as base64 bytes)."""
    if isinstance(values, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def only_geha(at: AppTest) -> AppTest:
    return at.multiselect(key="filter_commenters").set_value(["geha"]).run()


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


# --- every page renders -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_sample(page):
    at = open_page(page)
    assert not at.exception
    assert at.get("plotly_chart") or at.dataframe


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_page_shows_no_user_text_as_markdown(page):
    at = open_page(page)
    rendered = " ".join(str(m.value) for m in [*at.markdown, *at.caption, *at.header, *at.subheader])
    for user_text in ("Lavrov Warns", "trieself", "lebnanfirst", "Mutual Destruction"):
        assert user_text not in rendered


# --- a commenter filter changes every figure ------------------------------------------------------


def test_overview_only_geha():
    at = only_geha(open_page(OVERVIEW))
    assert at.metric[0].value == "3" and at.metric[1].value == "1"
    figs = figures(at)
    assert sum(figs["Comments over time"]["data"][0]["y"]) == 3
    assert sum(figs["Sentiment labels"]["data"][0]["y"]) == 3
    assert figs["Comments per commenter"]["data"][0]["x"] == [3]


def test_sentiment_only_geha():
    at = only_geha(open_page(SENTIMENT))
    figs = figures(at)
    assert [sum(t["y"]) for t in figs["Sentiment scores"]["data"]] == [3, 3]
    assert figs["Mean sentiment by commenter"]["data"][0]["y"] == ["geha"]
    agreement = figs["Engine agreement"]["data"]
    assert sum(len(t["x"]) for t in agreement) == 3
    assert set(table(at, "most_negative_sentence")["author"]) == {"geha"}


def test_commenters_only_geha():
    at = only_geha(open_page(COMMENTERS))
    activity = table(at, "replies_made")
    assert activity[["author", "comments"]].values.tolist() == [["geha", 3]]
    figs = figures(at)
    assert figs["Comments per commenter"]["data"][0]["x"] == [3]
    assert sum(map(sum, figs["Comments by weekday and hour"]["data"][0]["z"])) == 3
    assert len(decoded(figs["Sentiment of each comment"]["data"][0]["y"])) == 3


def test_replies_only_geha():
    at = only_geha(open_page(REPLIES))
    figs = figures(at)
    assert trace(figs["Reply network"], "commenters")["customdata"] == [3]
    assert len(trace(figs["Conversation timeline"], "comments")["x"]) == 3
    assert table(at, "first comment")["size"].sum() == 3


def test_reply_network_coloured_by_toxicity():
    at = open_page(REPLIES)
    assert trace(figures(at)["Reply network"], "reply links")["marker"]["cmin"] == -1
    at.radio(key="network_colour").set_value("toxicity").run()
    assert not at.exception
    links = trace(figures(at)["Reply network"], "reply links")["marker"]
    assert (links["cmin"], links["cmax"]) == (0, 1) and "toxicity" in links["colorbar"]["title"]["text"]


def test_comments_only_geha():
    at = only_geha(open_page(COMMENTS))
    comments = table(at, "text")
    assert len(comments) == 3 and set(comments["author"]) == {"geha"}


@pytest.mark.parametrize("find", ["DIALOGUE", "geha", "war", "’s", "no such words"])
def test_find_narrows_the_comments_to_those_whose_text_or_name_contains_it(find):
    import analytics

    at = open_page(COMMENTS)
    at.text_input(key="comments_find").set_value(find).run()
    comments = analytics.load(analytics.SAMPLE).comments
    expected = comments[
        comments["text"].str.upper().str.contains(find.upper(), regex=False)
        | comments["author"].str.upper().str.contains(find.upper(), regex=False)
    ]
    assert not at.exception
    shown = table(at, "text") if len(expected) else None
    assert (shown["comment_id"].tolist() if shown is not None else []) == expected["comment_id"].tolist()
    assert at.caption[0].value.startswith(f"{len(expected):,} of the 8 comments")


def test_unfiltered_sample_shows_all_8_comments():
    at = open_page(COMMENTS)
    assert len(table(at, "text")) == 8


# --- the URL holds the filters --------------------------------------------------------------------


def test_a_filtered_url_opens_filtered():
    at = open_page(COMMENTS, query={"commenter": "geha"})
    assert at.multiselect(key="filter_commenters").value == ["geha"]
    assert len(table(at, "text")) == 3


def test_choosing_a_filter_writes_it_to_the_url():
    at = only_geha(open_page(OVERVIEW))
    assert at.query_params == {"commenter": "geha"}


def test_filters_stay_when_switching_pages():
    at = only_geha(open_page(OVERVIEW))
    at.switch_page(COMMENTS).run()
    assert len(table(at, "text")) == 3
    assert at.query_params == {"commenter": "geha"}


def test_reset_clears_the_filters_and_the_url():
    at = only_geha(open_page(COMMENTS))
    at.button(key="filter_reset").click().run()
    assert at.multiselect(key="filter_commenters").value == []
    assert at.query_params == {}
    assert len(table(at, "text")) == 8


def test_an_unreadable_url_value_is_ignored():
    at = open_page(COMMENTS, query={"sentiment": "lots", "who": "registered"})
    assert not at.exception
    assert set(table(at, "text")["is_guest"]) == {False}


# --- an empty result ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_an_empty_result_shows_the_message(page):
    at = open_page(page)
    at.text_input(key="filter_search").set_value("no comment says this").run()
    assert not at.exception
    assert any(EMPTY_MESSAGE in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_a_shared_link_naming_an_absent_commenter_shows_the_message():
    at = open_page(OVERVIEW, query={"commenter": "nobody-here"})
    assert not at.exception
    assert any(EMPTY_MESSAGE in i.value for i in at.info)


def test_a_time_range_from_the_url_sets_the_slider_and_filters():
    at = open_page(COMMENTS, query={"from": "2013-02-20T18:00"})
    assert len(table(at, "text")) == 4
    assert at.query_params == {"from": "2013-02-20T18:00:00"}


def test_the_sentiment_range_filters_by_the_chosen_engine():
    at = open_page(COMMENTS)
    at.slider(key="filter_sentiment").set_value((0.0, 1.0)).run()
    assert (table(at, "text")["polarity"] >= 0).all() and len(table(at, "text")) == 5
    at.selectbox(key="filter_engine").set_value("vader").run()
    assert (table(at, "text")["vader_compound"] >= 0).all() and len(table(at, "text")) == 1
    assert at.query_params == {"sentiment": "0,1", "engine": "vader"}


def test_the_minimum_toxicity_slider_filters_and_goes_to_the_url(seed):
    import analytics

    scores = analytics.enrich(seed).comments["toxicity"]
    at = open_page(COMMENTS)
    at.slider(key="filter_min_toxicity").set_value(0.5).run()
    shown = table(at, "text")
    assert (shown["toxicity"] >= 0.5).all() and len(shown) == int((scores >= 0.5).sum())
    assert at.query_params == {"toxicity": "0.5"}


def test_a_toxicity_threshold_from_the_url_sets_the_slider_and_filters(seed):
    import analytics

    scores = analytics.enrich(seed).comments["toxicity"]
    at = open_page(COMMENTS, query={"toxicity": "0.3"})
    assert at.slider(key="filter_min_toxicity").value == 0.3
    assert len(table(at, "text")) == int((scores >= 0.3).sum())


# --- user text stays text ---------------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_hostile_names_and_texts_reach_no_markdown_and_no_chart_unescaped(page):
    articles, comments = make_thread(
        [
            {"author": HOSTILE, "text": f"**bold** {HOSTILE} a great plan", "timestamp": "2013-02-20 18:18"},
            {
                "author": "[link](javascript:alert(1))",
                "text": f"@{HOSTILE} awful <script>x</script>",
                "timestamp": "2013-02-20 18:30",
            },
        ],
        title=f"<b>{HOSTILE}</b>",
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    if page != DEFAULT:
        at.switch_page(page).run()
    assert not at.exception
    rendered = " ".join(
        str(m.value) for m in [*at.markdown, *at.caption, *at.header, *at.subheader, *at.metric, *at.info]
    )
    assert "<img" not in rendered and "javascript" not in rendered and "**bold**" not in rendered
    for element in at.get("plotly_chart"):
        assert "<img" not in element.proto.spec and "<script" not in element.proto.spec


def test_opening_other_data_resets_the_filters():
    at = open_page(COMMENTS, query={"commenter": "geha"})
    articles, comments = make_thread([{"author": "ann", "text": "one"}, {"author": "bob", "text": "two"}])
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    assert at.multiselect(key="filter_commenters").value == []
    assert table(at, "text")["author"].tolist() == ["ann", "bob"]
    assert at.query_params == {}


# --- opening data from the command line ---------------------------------------------------------------


def test_a_corpus_directory_given_on_the_command_line_opens(tmp_path, monkeypatch, seed):
    from analytics.enrich import enrich
    from analytics.store import corpus_store

    folder = tmp_path / "corpus"
    corpus_store.write_corpus_dir(enrich(seed), folder)
    monkeypatch.setattr(state, "cli_paths", lambda: [str(folder)])
    at = open_page(COMMENTS)
    assert not at.exception
    assert len(table(at, "text")) == 8
    assert state.input_names() == [str(folder)]


def test_a_corpus_directory_stored_before_toxicity_opens_on_every_page(tmp_path, monkeypatch, seed):
    import dataclasses

    from analytics.enrich import enrich
    from analytics.store import corpus_store

    analysis = enrich(seed)
    old = dataclasses.replace(analysis, comments=analysis.comments.drop(columns=["toxicity", "toxicity_reasons"]))
    folder = tmp_path / "corpus"
    corpus_store.write_corpus_dir(old, folder)
    monkeypatch.setattr(state, "cli_paths", lambda: [str(folder)])
    at = open_page(COMMENTS, query={"toxicity": "0.5"})  # a link made on newer data
    assert not at.exception and len(table(at, "text")) == 8
    assert not [s for s in at.slider if s.key == "filter_min_toxicity"]
    for page in (SIGNALS, REPLIES):
        at.switch_page(page).run()
        assert not at.exception
    assert not [r for r in at.radio if r.key == "network_colour"]
    signals = at.switch_page(SIGNALS).run()
    assert any("no toxicity scores" in i.value for i in signals.info)


def test_files_given_on_the_command_line_go_through_the_disk_cache(tmp_path, monkeypatch):
    import shutil

    import analytics
    from analytics.store import cache

    given = tmp_path / "page.txt"
    shutil.copy(analytics.SAMPLE, given)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(state, "cli_paths", lambda: [str(given)])
    at = open_page(COMMENTS)
    assert len(table(at, "text")) == 8
    assert len(cache.cache_entries(cache_dir=tmp_path / "cache")) == 1


def test_inputs_are_looked_at_once_a_run_and_an_edit_is_noticed_after_the_reuse_window(tmp_path, monkeypatch):
    import shutil

    import analytics
    from analytics.store import cache

    given = tmp_path / "page.txt"
    shutil.copy(analytics.SAMPLE, given)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(state, "cli_paths", lambda: [str(given)])
    looks = []
    look = state._fingerprint_now
    monkeypatch.setattr(state, "_fingerprint_now", lambda paths: looks.append(paths) or look(paths))
    monkeypatch.setattr(state, "FINGERPRINT_REUSE_S", 3600)
    at = open_page(COMMENTS)
    assert looks == [(str(given),)]  # asked for by the corpus, the analysis, the keys: listed once
    first = table(at, "text")["text"].iloc[0]
    text = given.read_text(encoding="utf-8")
    assert first in text
    given.write_text(text.replace(first, first + " edited-marker", 1), encoding="utf-8")
    monkeypatch.setattr(state, "FINGERPRINT_REUSE_S", 0)
    at.run()
    assert not at.exception
    assert table(at, "text")["text"].str.contains("edited-marker").sum() == 1


def test_engine_agreement_splits_the_sample_and_lists_the_disagreements():
    at = open_page(SENTIMENT)
    scatter = figures(at)["Engine agreement"]
    assert len(trace(scatter, "different labels")["x"]) == 4 and len(trace(scatter, "same label")["x"]) == 4
    listed = table(at, "textblob_label")
    assert len(listed) == 4 and (listed["textblob_label"] != listed["vader_label"]).all()


def test_a_progress_bar_follows_the_scoring_and_is_gone_once_done(monkeypatch):
    seen: list[tuple[int, int]] = []
    real = state.enrich

    def enrich_watched(corpus, *, progress=None, **options):
        def watched(done, total):
            seen.append((done, total))
            progress(done, total)  # draws the bar: must not fail outside a cached element's replay

        return real(corpus, progress=watched, **options)

    monkeypatch.setattr(state, "enrich", enrich_watched)
    state._analysis.clear()
    at = open_page(OVERVIEW)
    assert not at.exception
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert not at.get("progress")  # emptied once the analysis is made
    count = len(seen)
    again = at.run()  # read from the cache: no bar, nothing replayed
    assert not again.exception and not again.get("progress") and len(seen) == count
    assert again.metric[0].value == "8"
    state._analysis.clear()


def test_thread_table_names_who_started_each_thread_and_its_first_comment():
    at = open_page(REPLIES)
    threads = table(at, "first comment")
    seed = state.enrich(state.analytics.load(state.analytics.SAMPLE))
    comments = seed.comments.set_index("comment_id")
    assert len(threads) == len(seed.threads)
    for row in threads.itertuples():
        root = comments.loc[row.thread_id]
        assert (row._7, row._8) == (root["author"], root["text"])
        assert row.article == seed.articles["title"].iloc[0]
