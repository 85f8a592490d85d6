"""The Replies page's thread table on more threads than a table page holds, run by AppTest from app.py."""

from pathlib import Path

import pandas as pd
from conftest import make_thread
from streamlit.testing.v1 import AppTest

from analytics.loaders import Corpus, LoadReport
from app_pages import _ui, state

ROOT = Path(__file__).resolve().parents[2]


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_every_page_of_the_thread_table_names_who_started_its_threads():
    n = _ui.PAGE_ROWS + 150
    start = pd.Timestamp("2013-02-20 08:00")
    rows = [
        {"author": f"<u{i % 40}>", "text": f"**comment** {i}", "timestamp": str(start + pd.Timedelta(minutes=i))}
        for i in range(n)
    ]
    rows += [
        {"author": "replier", "text": "a reply", "timestamp": "2013-02-22 08:00", "parent": k} for k in (7, 7, 900)
    ]
    articles, comments = make_thread(rows)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    at.switch_page("app_pages/replies.py").run()
    assert not at.exception
    first = table(at, "first comment")
    at.number_input(key="page-threads").set_value(2).run()
    second = table(at, "first comment")
    assert (len(first), len(second)) == (_ui.PAGE_ROWS, n - _ui.PAGE_ROWS)
    shown = pd.concat([first, second], ignore_index=True)
    # the largest threads first (7's, then 900's), then by start
    assert shown["size"].tolist()[:3] == [3, 2, 1] and shown["first comment"].tolist()[:3] == [
        "**comment** 7",
        "**comment** 900",
        "**comment** 0",
    ]
    roots = comments.set_index("comment_id")
    assert shown["started by"].tolist() == roots.loc[shown["thread_id"], "author"].tolist()
    assert shown["first comment"].tolist() == roots.loc[shown["thread_id"], "text"].tolist()
    assert list(shown.columns) == [
        "article",
        "start",
        "end",
        "size",
        "depth",
        "participants",
        "started by",
        "first comment",
        "thread_id",
    ]
    # who started a thread is looked up for the page shown, yet sorts every thread when chosen
    at.selectbox(key="sort-threads").set_value("started by").run()
    at.number_input(key="page-threads").set_value(1).run()
    by_starter = table(at, "first comment")
    assert not at.exception
    assert by_starter["started by"].tolist() == sorted(shown["started by"])[: _ui.PAGE_ROWS]


def test_a_view_the_replies_page_showed_is_freed_once_other_views_replace_it():
    # Streamlit keeps a widget's format_func in the session: a lambda of the page would keep the
    # page's globals alive, and with them the filtered view the page read (0.4 GB at 1M comments).
    import gc
    import weakref

    parts = [
        make_thread(
            [{"author": f"a{i}", "text": f"good comment {i}", "timestamp": "2013-02-20 08:00"} for i in range(4)],
            title=title,
        )
        for title in ("First", "Second")
    ]
    articles, comments = (pd.concat(frames, ignore_index=True) for frames in zip(*parts))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    at.slider(key="filter_sentiment").set_value((-0.5, 1.0)).run()
    at.switch_page("app_pages/replies.py").run()
    assert not at.exception and at.selectbox(key="timeline_article").options  # the widget with a format_func
    shown = [weakref.ref(v) for v in state._VIEWS_MADE.values()]
    assert shown
    at.switch_page("app_pages/overview.py").run()
    for low in (-0.4, -0.3, -0.2, -0.1):  # more views than the dashboard keeps
        at.slider(key="filter_sentiment").set_value((low, 1.0)).run()
    gc.collect()
    assert all(ref() is None for ref in shown)


def test_the_replies_page_keeps_no_view_the_caches_dropped_alive_until_a_collection():
    # The page's globals outlive a run in a reference cycle: holding the view there kept each
    # dropped view alive until a full collection, which the next filter change then ran (0.2 s at 1M).
    import gc

    from analytics.views.filters import FilteredAnalysis

    parts = [
        make_thread(
            [
                {
                    "author": f"a{i}",
                    "text": f"good comment {i}" if i else "a terrible comment",
                    "timestamp": "2013-02-20 08:00",
                }
                for i in range(4)
            ],
            title=title,
        )
        for title in ("First", "Second")
    ]  # the terrible ones are filtered out: every change makes a view
    articles, comments = (pd.concat(frames, ignore_index=True) for frames in zip(*parts))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[state.UPLOAD_KEY] = Corpus(articles, comments, LoadReport())
    at.run()
    at.switch_page("app_pages/replies.py").run()
    gc.collect()  # what earlier runs left
    gc.disable()
    try:
        alive = []
        for low in (-0.4, -0.3, -0.2, -0.1):  # more views than the dashboard keeps
            at.slider(key="filter_sentiment").set_value((low, 1.0)).run()
            assert not at.exception
            # Filtered views: the unfiltered one another page's globals may hold shares the analysis's frames.
            alive.append(sum(isinstance(v, FilteredAnalysis) for v in state._VIEWS_MADE.values()))
    finally:
        gc.enable()
    assert alive[1:] == [state.FILTERED_VIEWS] * 3  # the first change may find the view before still held
