"""analytics.scoring.fastscore.parallel: scoring on several processes, progress reports, the result frame."""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analytics.scoring.fastscore import parallel, textblob_fast, vader_fast
from analytics.scoring.fastscore.parallel import progress_printer, score_many, score_parallel
from analytics.scoring.fastscore.textblob_fast import textblob_sentiment_many
from analytics.scoring.fastscore.vader_fast import vader_compound_many

WORDS = ["good", "bad", "not", "very", "great", "awful", "but", "the", "idea", "!", ":)", "kind of"]
TEXTS = [" ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 2 + i % 9)) for i in range(1_500)]


def test_frame_has_the_contract_column_names_and_one_row_per_text():
    out = score_parallel(TEXTS[:10])
    assert list(out.columns) == ["polarity", "subjectivity", "vader_compound"]
    assert len(out) == 10


def test_values_equal_the_batch_scorers():
    out = score_parallel(TEXTS[:50])
    np.testing.assert_array_equal(out[["polarity", "subjectivity"]].to_numpy(), textblob_sentiment_many(TEXTS[:50]))
    np.testing.assert_array_equal(out["vader_compound"].to_numpy(), vader_compound_many(TEXTS[:50]))


def test_worker_processes_give_the_same_frame_as_one_process():
    alone = score_parallel(TEXTS, workers=1)
    shared = score_parallel(TEXTS, workers=2, min_parallel=0)
    pd.testing.assert_frame_equal(shared, alone)


def test_one_engine_gives_its_columns_only():
    out = score_parallel(TEXTS[:5], engines=["vader"])
    assert list(out.columns) == ["vader_compound"]


def test_series_index_is_kept():
    series = pd.Series(TEXTS[:4], index=["c1", "c2", "c3", "c4"])
    assert list(score_parallel(series).index) == ["c1", "c2", "c3", "c4"]
    assert list(score_many(series).index) == ["c1", "c2", "c3", "c4"]


def test_empty_input_gives_an_empty_frame():
    out = score_parallel([])
    assert out.empty and list(out.columns) == ["polarity", "subjectivity", "vader_compound"]


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_runs_from_zero_to_total(workers):
    calls = []
    score_parallel(TEXTS, workers=workers, min_parallel=0, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, len(TEXTS))
    assert calls[-1] == (len(TEXTS), len(TEXTS))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) > 2


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engines"):
        score_parallel(["x"], engines=["flair"])


def test_zero_workers_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        score_parallel(["x"], workers=0)


def test_non_string_is_refused_with_its_position():
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        score_parallel(["x", None])


def test_small_inputs_start_no_workers(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(parallel, "_run_pool", no_pool)
    assert len(score_parallel(TEXTS[:100], workers=2)) == 100


def test_threads_running_means_no_fork(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 3)
    assert parallel._context().get_start_method() in ("forkserver", "spawn")


def test_an_arrow_array_of_texts_gives_the_same_frame():
    alone = score_parallel(TEXTS, workers=1)
    pd.testing.assert_frame_equal(score_parallel(pa.array(TEXTS), workers=2, min_parallel=0), alone)
    pd.testing.assert_frame_equal(score_parallel(pa.chunked_array([TEXTS[:700], TEXTS[700:]]), workers=1), alone)


def test_a_null_in_an_arrow_array_is_refused_with_its_position():
    with pytest.raises(TypeError, match=r"texts\[2\]"):
        score_parallel(pa.array(["x", "y", None]))


def test_each_process_keeps_to_its_own_engine_until_that_is_done():
    plan = parallel._Plan(2, 40, 10, 2)
    taken = [plan.take(w) for w in (0, 1, 0, 1, 0)]
    # process 0 owns queue 0 and process 1 queue 1, each from the front; process 0, out of its
    # own, takes from the back of queue 1 (what process 1 would reach last)
    assert [t[0] for t in taken] == [0, 1, 0, 1, 0]
    assert taken[0][1] == 0 and taken[1][1] == 0
    while plan.front[0] < plan.back[0]:
        assert plan.take(0)[0] == 0
    assert plan.take(0)[2] == 40


def _every_take(plan: parallel._Plan, order: list[int]) -> list[tuple[int, int, int]]:
    taken = []
    for w in order:
        task = plan.take(w)
        if task is not None:
            taken.append(task)
    return taken


@pytest.mark.parametrize(
    "queues, n, size, processes", [(1, 1_000, 70, 2), (2, 1_000, 70, 2), (2, 999, 200, 3), (3, 5, 200, 4), (2, 1, 1, 2)]
)
def test_chunks_cover_every_position_of_every_queue_once(queues, n, size, processes):
    order = [w % processes for w in range(10_000)]
    random.Random(n).shuffle(order)
    taken = _every_take(parallel._Plan(queues, n, size, processes), order)
    for k in range(queues):
        bounds = sorted((start, stop) for q, start, stop in taken if q == k)
        assert [b[0] for b in bounds] == [0] + [b[1] for b in bounds[:-1]] and bounds[-1][1] == n
        assert all(0 < stop - start <= size for start, stop in bounds)


def test_chunks_shrink_as_the_work_runs_out():
    taken = _every_take(parallel._Plan(2, 10_000, 500, 2), [0, 1] * 1_000)
    sizes = [stop - start for _, start, stop in taken]
    assert sizes[:4] == [500] * 4
    assert max(sizes[-4:]) == 500 // 32  # the last of each process, and the one before


def test_a_queue_that_runs_out_first_keeps_its_chunks_whole():
    plan = parallel._Plan(2, 10_000, 500, 2)
    own = [plan.take(0) for _ in range(20)]  # all of queue 0, queue 1 untouched
    assert [stop - start for _, start, stop in own] == [500] * 20


def _fail_on_bad(items: list) -> list:
    if "bad" in items:
        raise ValueError("a bad item")
    return items


@pytest.mark.parametrize("threads", [1, 3])  # 3: workers started from a server, as under Streamlit
def test_a_workers_error_is_raised_here(monkeypatch, threads):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: threads)
    items = ["ok"] * 900 + ["bad"]
    with pytest.raises(ValueError, match="a bad item"):
        parallel.map_chunks(_fail_on_bad, items, workers=2, min_parallel=0)


_CALLER = os.getpid()  # forked workers inherit it


def _fork_anyway(monkeypatch) -> None:
    """Workers forked (the calling process then scores too) even where earlier tests left threads
    running in this process (the browser tests' servers), which would have them started from a
    server instead."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def _fail_in_a_worker(items: list) -> list:
    if os.getpid() != _CALLER:
        raise ValueError("failed in a worker")
    return items


def _fail_here(items: list) -> list:
    if os.getpid() == _CALLER:
        raise ValueError("failed in the calling process")
    return items


@pytest.mark.parametrize(
    "func, message", [(_fail_in_a_worker, "failed in a worker"), (_fail_here, "failed in the calling process")]
)
def test_an_error_where_the_caller_scores_too_is_raised_and_stops_the_workers(monkeypatch, func, message):
    _fork_anyway(monkeypatch)
    with pytest.raises(ValueError, match=message):
        parallel.map_chunks(func, [str(i) for i in range(2_000)], workers=2, min_parallel=0)
    assert multiprocessing.active_children() == []


def _pids(items: list) -> list:
    return [os.getpid()] * len(items)


def test_forked_workers_and_the_calling_process_share_the_chunks(monkeypatch):
    _fork_anyway(monkeypatch)
    pids = [p for chunk in parallel.map_chunks(_pids, list(range(3_000)), workers=2, min_parallel=0) for p in chunk]
    assert len(pids) == 3_000 and _CALLER in pids and len(set(pids)) == 2


def test_map_chunks_on_workers_gives_the_results_in_order():
    items = [str(i) for i in range(2_000)]
    got = parallel.map_chunks(_fail_on_bad, pa.array(items), workers=2, min_parallel=0)
    assert len(got) > 2 and [item for chunk in got for item in chunk] == items


def test_printer_reports_count_share_rate_and_time_left():
    out = io.StringIO()
    report = progress_printer(out, every=0)
    report(0, 200)
    report(50, 200)
    report(200, 200)
    lines = out.getvalue().splitlines()
    assert lines[0] == "scored 0/200 comments (0%)"
    assert lines[1].startswith("scored 50/200 comments (25%), ") and lines[1].endswith(" s left")
    assert lines[2].startswith("scored 200/200 comments (100%), ")


def test_printer_stays_quiet_between_intervals():
    out = io.StringIO()
    report = progress_printer(out, every=3600)
    for done in range(0, 100, 10):
        report(done, 100)
    report(100, 100)
    assert len(out.getvalue().splitlines()) == 2


def test_workers_started_from_a_server_give_the_same_frame(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 3)  # as under Streamlit
    alone = score_parallel(TEXTS[:600], workers=1)
    pd.testing.assert_frame_equal(score_parallel(TEXTS[:600], workers=2, min_parallel=0), alone)


def test_daemonic_processes_score_in_process(monkeypatch):
    monkeypatch.setattr(parallel.multiprocessing.current_process(), "daemon", True, raising=False)
    monkeypatch.setattr(parallel, "_run_pool", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    assert len(score_parallel(TEXTS, workers=2, min_parallel=0)) == len(TEXTS)


@pytest.mark.parametrize(
    "module, score_many",
    [
        (textblob_fast, textblob_fast.textblob_sentiment_many),
        (vader_fast, vader_fast.vader_compound_many),
    ],
)
def test_another_threads_cache_clearing_waits_until_a_text_is_scored(monkeypatch, module, score_many):
    # Dashboard sessions are threads of one process. Here another session scores (and, the cache
    # being tiny, clears it) right after this one filled the cache and before it reads it back:
    # without the lock this text's read fails (KeyError).
    text, other = "Not good at all!! :( but GREAT news", "completely other words in here"
    expected = score_many([text])
    module.clear_caches()
    monkeypatch.setattr(module, "_CACHE_LIMIT", 3)
    learn = module._learn
    others: list[threading.Thread] = []

    def learn_then_let_another_thread_score(tokens):
        learn(tokens)
        if not others:
            others.append(threading.Thread(target=score_many, args=([other],)))
            others[0].start()
            others[0].join(0.5)  # it finishes at once without the lock; with it, once this text is done

    monkeypatch.setattr(module, "_learn", learn_then_let_another_thread_score)
    got = score_many([text])
    others[0].join()
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "texts",
    [
        pd.Series(["b", "a", "b", "", "a"], dtype="str"),
        pd.concat([pd.Series(["b", "a"], dtype="str"), pd.Series(["a", "c"], dtype="str")], ignore_index=True),
        pd.Series(["b", "a", "b"], dtype="object"),
        pd.Series([], dtype="str"),
    ],
)
def test_distinct_texts_are_those_of_factorize(texts):
    codes, distinct = parallel.distinct_texts(texts)
    want_codes, want = pd.factorize(pd.Series(texts.tolist(), dtype="object"))
    assert codes.tolist() == want_codes.tolist()
    assert list(distinct if isinstance(distinct, list) else distinct.to_pylist()) == want.tolist()


def test_texts_for_workers_keeps_arrow_and_lists_anything_else():
    assert isinstance(parallel.texts_for_workers(pd.Series(["a"], dtype="str")), (pa.Array, pa.ChunkedArray))
    assert parallel.texts_for_workers([1.5, "a"]) == [1.5, "a"]


_CHUNKED = pa.chunked_array([["b", "a"], [], ["b", "c", "a"], ["d"]])


@pytest.mark.parametrize(
    "where",
    [
        [True, True, True, True, True, True],
        [False, True, True, False, True, True],
        [False] * 6,
        [False, False, False, False, False, True],  # only the last chunk's text
    ],
)
def test_distinct_texts_of_the_picked_rows_are_those_of_factorize(where):
    texts = pd.Series(_CHUNKED.to_pylist(), dtype="str")
    for values in (texts, _CHUNKED, pa.array(_CHUNKED.to_pylist())):
        codes, distinct = parallel.distinct_texts(values, where=np.array(where))
        want_codes, want = pd.factorize(pd.Series(texts[np.array(where)].tolist(), dtype="object"))
        assert codes.tolist() == want_codes.tolist()
        assert distinct.to_pylist() == want.tolist()
        assert isinstance(distinct, parallel.TextSelection)  # picked where they lie, not copied


def test_distinct_texts_skip_missing_texts_not_picked_and_keep_those_picked():
    texts = pd.Series(["a", None, "a", "b"], dtype="str")
    codes, distinct = parallel.distinct_texts(texts, where=np.array([True, False, True, True]))
    assert (codes.tolist(), distinct.to_pylist()) == ([0, 0, 1], ["a", "b"])
    assert isinstance(distinct, parallel.TextSelection)
    codes, distinct = parallel.distinct_texts(texts, where=np.array([False, True, True, False]))
    assert (codes.tolist(), distinct.to_pylist()) == ([-1, 0], ["a"])  # as factorize: a missing text is -1


def test_distinct_texts_refuse_a_mask_of_another_length():
    with pytest.raises(ValueError, match="expected 3 flags"):
        parallel.distinct_texts(["a", "b", "c"], where=np.array([True, False]))


def test_text_selection_refuses_unordered_positions_missing_texts_and_numbers():
    with pytest.raises(ValueError, match="ascending"):
        parallel.TextSelection(pa.array(["a", "b"]), [1, 0])
    with pytest.raises(ValueError, match="ascending"):
        parallel.TextSelection(pa.array(["a", "b"]), [0, 2])
    with pytest.raises(TypeError, match=r"texts\[1\]: expected a str"):
        parallel.TextSelection(pa.array(["a", None, "b"]), [0, 1, 2])
    with pytest.raises(TypeError, match="expected strings"):
        parallel.TextSelection(pa.array([1, 2]), [0])


@pytest.mark.parametrize("threads", [1, 3])  # 3: other threads run, workers are sent their chunks
def test_a_text_selection_scores_as_the_list_of_its_texts_in_workers_too(monkeypatch, threads):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: threads)
    texts = pa.chunked_array([[f"good {k}" for k in range(300)], [f"bad {k}!" for k in range(300)]])
    positions = np.arange(0, 600, 3)
    picked = parallel.TextSelection(texts, positions)
    want = score_many([texts[int(k)].as_py() for k in positions])
    for workers in (1, 2):
        got = score_parallel(picked, workers=workers, min_parallel=0)
        pd.testing.assert_frame_equal(got, want)
    chunks = parallel.map_chunks(list, picked, workers=2, min_parallel=0)
    assert [t for chunk in chunks for t in chunk] == [texts[int(k)].as_py() for k in positions]
