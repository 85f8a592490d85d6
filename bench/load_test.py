"""Load test: concurrent dashboard sessions against a local server, switching pages and filters.

    .venv/bin/python -m bench.load_test                                   # 100k comments, 4 sessions
    .venv/bin/python -m bench.load_test --comments 20000 --sessions 8 --actions 30

Builds a corpus with :mod:`bench.make_corpus` (kept in ``--work`` for the next run), starts
``streamlit run app.py -- comments.csv`` on 127.0.0.1 and a free port, and drives it with
Streamlit websocket clients, each speaking the protocol the browser speaks (``BackMsg`` rerun
requests with the page and widget values, ``ForwardMsg`` deltas back). Each session opens the
app, then performs ``--actions`` actions, one after another: open another page, pick a commenter
in the sidebar filter, type a search word, clear the filters. The latency of an action is the
time from the request to the end of the script run it starts (``script_finished``): the
server's share of what a user waits for, without the browser's drawing.

Printed: the cold start (first run: loading and scoring the corpus), p50/p95/max latency
overall and per kind of action, errors (an exception or an error box on the page, a run that
did not finish, a dropped connection), and the server's resident memory (its process and
children, sampled every half second) after the warm-up and after each round: with the caches
bounded (``app_pages/state.py``) a second round of the same actions does not grow it much.
Bounded: ``--actions`` per session, ``--rounds`` rounds, at most ``--minutes`` in all.
``tests/app/test_load.py`` runs a reduced version in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .streamlit_server import streamlit_server

START_TIMEOUT_S = 120
ACTION_TIMEOUT_S = 600  # one action; the first run of a big corpus scores it
SEARCH_WORDS = ("war", "peace", "syria", "the", "good", "zzzz-no-match", "lebanon", "government")
# A script run that ended these ways is fine (see streamlit's ForwardMsg.ScriptFinishedStatus).
_FINISHED_OK = {0, 3}  # FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY


# --- the server -------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(p) for p in f.read().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children in MiB (Linux: /proc; elsewhere 0)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


@dataclass
class Server:
    url: str
    pid: int
    log: Path
    samples: list[tuple[float, float]] = field(default_factory=list)  # (time, MiB)

    def rss_now(self) -> float:
        return rss_mib(self.pid)


@contextlib.contextmanager
def serve(inputs: list[Path], *, log_dir: Path, extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """``streamlit run app.py -- INPUTS`` on 127.0.0.1 (the address from .streamlit/config.toml)."""
    log_path = log_dir / f"streamlit-{os.getpid()}-{time.monotonic_ns()}.log"
    with streamlit_server(log_path, args=extra, inputs=inputs, start_timeout_s=START_TIMEOUT_S) as running:
        server = Server(running.url, running.process.pid, log_path)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.5):
                server.samples.append((time.monotonic(), server.rss_now()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            yield server
        finally:
            stop.set()


# --- one session ---------------------------------------------------------------------------------------------


@dataclass
class Action:
    kind: str  # "open", "page", "commenter", "search", "clear"
    detail: str
    seconds: float
    error: str | None = None


@dataclass
class Widgets:
    """Ids of the sidebar widgets a session sets, and the commenters it can pick from."""

    commenters_id: str = ""
    search_id: str = ""
    authors: list[str] = field(default_factory=list)


def widget_state(kind: str, element) -> object | None:
    """The value a browser would send back for a widget it was just given (None: nothing to send).

    Follows the frontend: the value the script set (``set_value``) if any, else the widget's
    default. Widgets in forms are sent only when their form is submitted; buttons only on click.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    def has(name: str) -> bool:
        try:
            return element.HasField(name)
        except ValueError:
            return True

    if getattr(element, "form_id", ""):
        return None
    state = WidgetState(id=element.id)
    if kind == "multiselect":
        chosen = list(element.raw_values) if element.set_value else [element.options[i] for i in element.default]
        state.string_array_value.data.extend(chosen)
    elif kind in ("selectbox", "radio"):
        if element.set_value and has("raw_value"):
            state.string_value = element.raw_value
        elif has("default") and 0 <= element.default < len(element.options):
            state.string_value = element.options[element.default]
        else:
            return None
    elif kind == "text_input":
        if element.set_value:
            state.string_value = element.value
        elif has("default"):
            state.string_value = element.default
        else:
            return None
    elif kind == "checkbox":
        state.bool_value = element.value if element.set_value else element.default
    elif kind == "slider":
        state.double_array_value.data.extend(element.value if element.set_value else element.default)
    else:
        return None
    return state


class Session:
    """A Streamlit websocket client: one browser tab, as the server sees it.

    Like the browser, it keeps the value of every widget on the page and sends them all with
    each rerun request (a widget the script sets anew takes the script's value); widgets that
    a run no longer draws are forgotten.
    """

    def __init__(self, url: str, rng: random.Random):
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.rng = rng
        self.pages: dict[str, str] = {}  # page name -> page_script_hash
        self.page_hash = ""
        self.widgets = Widgets()
        self.states: dict[str, object] = {}  # widget id -> WidgetState, as the browser holds them
        self.ws = None

    async def __aenter__(self) -> Session:
        import websockets

        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    def _rerun_message(self) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = self.page_hash
        state.widget_states.SetInParent()
        for widget in self.states.values():
            state.widget_states.widgets.add().CopyFrom(widget)
        return back.SerializeToString()

    def set_widget(self, widget_id: str, value: str | list[str]) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=widget_id)
        if isinstance(value, list):
            state.string_array_value.data.extend(value)
        else:
            state.string_value = value
        self.states[widget_id] = state

    async def run(self, kind: str, detail: str) -> Action:
        """Ask for a rerun with the current page and widget values; wait for the run to end."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        started = time.monotonic()
        error = None
        seen: set[str] = set()
        await self.ws.send(self._rerun_message())
        try:
            while True:
                raw = await asyncio.wait_for(self.ws.recv(), timeout=ACTION_TIMEOUT_S)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                which = msg.WhichOneof("type")
                if which == "navigation":
                    self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
                elif which == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    error = error or self._look_at(msg.delta.new_element, seen)
                elif which == "script_finished":
                    if msg.script_finished not in _FINISHED_OK:
                        error = error or f"script finished with status {msg.script_finished}"
                    else:
                        self.states = {k: v for k, v in self.states.items() if k in seen}
                    break
        except (TimeoutError, OSError, Exception) as err:  # noqa: BLE001 - counted, reported
            error = f"{type(err).__name__}: {err}"
        return Action(kind, detail, time.monotonic() - started, error)

    def _look_at(self, element, seen: set[str]) -> str | None:
        which = element.WhichOneof("type")
        if which == "exception":
            return f"exception on the page: {element.exception.type}: {element.exception.message[:200]}"
        if which == "alert" and element.alert.format == 1:  # ERROR
            return f"error box on the page: {element.alert.body[:200]}"
        widget = getattr(element, which, None) if which else None
        widget_id = getattr(widget, "id", "")
        if not widget_id or not isinstance(widget_id, str):
            return None
        seen.add(widget_id)
        if widget_id not in self.states or getattr(widget, "set_value", False):
            state = widget_state(which, widget)
            if state is not None:
                self.states[widget_id] = state
        if which == "multiselect" and widget.label == "Commenters":
            self.widgets.commenters_id = widget_id
            self.widgets.authors = list(widget.options)
        elif which == "text_input" and widget.label == "Text contains":
            self.widgets.search_id = widget_id
        return None

    async def act(self) -> Action:
        """One random action, as a user in the dashboard might take it."""
        roll = self.rng.random()
        w = self.widgets
        if roll < 0.55 or not (w.commenters_id and w.search_id):
            name = self.rng.choice(sorted(self.pages))
            self.page_hash = self.pages[name]
            return await self.run("page", name)
        if roll < 0.75 and w.authors:
            author = self.rng.choice(w.authors[:50])
            self.set_widget(w.commenters_id, [author])
            return await self.run("commenter", author)
        if roll < 0.9:
            word = self.rng.choice(SEARCH_WORDS)
            self.set_widget(w.search_id, word)
            return await self.run("search", word)
        self.set_widget(w.commenters_id, [])
        self.set_widget(w.search_id, "")
        return await self.run("clear", "")


async def _one_session(url: str, k: int, actions: int, seed: int, deadline: float) -> list[Action]:
    out: list[Action] = []
    try:
        async with Session(url, random.Random(f"{seed}-{k}")) as session:
            out.append(await session.run("open", "default page"))
            for _ in range(actions):
                if time.monotonic() > deadline:
                    break
                out.append(await session.act())
    except Exception as err:  # noqa: BLE001 - a connection that failed is an error, reported
        out.append(Action("connect", "", 0.0, f"{type(err).__name__}: {err}"))
    return out


def drive(url: str, *, sessions: int, actions: int, seed: int = 0, minutes: float = 30) -> list[Action]:
    """``sessions`` concurrent sessions, ``actions`` actions each (stopping at ``minutes``)."""
    deadline = time.monotonic() + minutes * 60

    async def main() -> list[list[Action]]:
        return await asyncio.gather(*(_one_session(url, k, actions, seed, deadline) for k in range(sessions)))

    # In a thread of its own: the caller may already run an event loop (pytest with Playwright's
    # sync API open), and asyncio.run refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        per_session = pool.submit(asyncio.run, main()).result()
    return [a for actions_of_one in per_session for a in actions_of_one]


# --- figures -------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between the nearest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


@dataclass
class Result:
    comments: int
    sessions: int
    cold_start_s: float
    actions: list[Action]
    rss_mib: dict[str, float]

    @property
    def errors(self) -> list[Action]:
        return [a for a in self.actions if a.error]

    def latencies(self, kind: str | None = None) -> list[float]:
        return [a.seconds for a in self.actions if not a.error and (kind is None or a.kind == kind)]

    def summary(self) -> str:
        lines = [
            f"load test: {self.comments:,} comments, {self.sessions} concurrent sessions, "
            f"{len(self.actions):,} actions, {len(self.errors)} error(s)",
            f"  cold start (load and score, first run): {self.cold_start_s:.1f} s",
        ]
        kinds = Counter(a.kind for a in self.actions)
        for kind in [None, *sorted(kinds)]:
            values = self.latencies(kind)
            if not values:
                continue
            lines.append(
                f"  {kind or 'all actions':<12} n={len(values):<4} p50 {percentile(values, 50):6.2f} s   "
                f"p95 {percentile(values, 95):6.2f} s   max {max(values):6.2f} s"
            )
        pages = defaultdict(list)
        for a in self.actions:
            if a.kind == "page" and not a.error:
                pages[a.detail].append(a.seconds)
        if pages:
            lines.append(
                "  page medians: "
                + ", ".join(f"{name} {statistics.median(v):.2f} s" for name, v in sorted(pages.items()))
            )
        slowest = sorted((a for a in self.actions if not a.error), key=lambda a: -a.seconds)[:3]
        if slowest:
            lines.append("  slowest: " + ", ".join(f"{a.kind} {a.detail!r} {a.seconds:.1f} s" for a in slowest))
        lines.append(
            "  server RSS (process and children): " + ", ".join(f"{k} {v:,.0f} MiB" for k, v in self.rss_mib.items())
        )
        for a in self.errors[:10]:
            lines.append(f"  ERROR {a.kind} {a.detail!r}: {a.error}")
        return "\n".join(lines)


def corpus_csv(comments: int, work: Path, *, seed: int = 0, real: bool = True) -> Path:
    """``comments.csv`` of a :mod:`bench.make_corpus` corpus, built once per size and seed."""
    from bench import make_corpus

    folder = work / f"corpus-{comments}-s{seed}{'' if real else '-sample'}"
    path = folder / "comments.csv"
    if not path.exists():
        make_corpus.make_corpus(comments, folder, seed=seed, real=make_corpus.REAL if real else None)
    return path


def run(
    comments: int,
    *,
    sessions: int,
    actions: int,
    rounds: int = 2,
    minutes: float = 30,
    seed: int = 0,
    work: Path | None = None,
    real: bool = True,
    out=sys.stdout,
) -> Result:
    """Build the corpus, start a server, warm it up, drive ``rounds`` rounds of sessions; print figures."""
    work = work or Path(tempfile.gettempdir()) / "threadscope-bench"
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    path = corpus_csv(comments, work, seed=seed, real=real)
    print(
        f"corpus: {path} ({path.stat().st_size / 1e6:.1f} MB), built or found in {time.monotonic() - started:.0f} s",
        file=out,
        flush=True,
    )
    deadline = time.monotonic() + minutes * 60
    with serve([path], log_dir=work) as server:
        rss = {"idle": server.rss_now()}
        warm = drive(server.url, sessions=1, actions=0, seed=seed, minutes=minutes)
        cold = warm[0].seconds
        rss["after warm-up"] = server.rss_now()
        print(f"cold start {cold:.1f} s, RSS {rss['after warm-up']:,.0f} MiB", file=out, flush=True)
        done: list[Action] = [a for a in warm if a.error]
        for r in range(1, rounds + 1):
            left = (deadline - time.monotonic()) / 60
            if left <= 0:
                break
            done += drive(server.url, sessions=sessions, actions=actions, seed=seed, minutes=left)
            rss[f"after round {r}"] = server.rss_now()
            print(f"round {r}: {len(done):,} actions, RSS {rss[f'after round {r}']:,.0f} MiB", file=out, flush=True)
        rss["peak"] = max([mb for _, mb in server.samples] + list(rss.values()))
    result = Result(comments, sessions, cold, done, rss)
    print(result.summary(), file=out, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_test", description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=100_000, help="corpus size (default 100,000)")
    parser.add_argument("--sessions", type=int, default=4, help="concurrent sessions (default 4)")
    parser.add_argument("--actions", type=int, default=15, help="actions per session and round (default 15)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of sessions, one after another (default 2)")
    parser.add_argument("--minutes", type=float, default=30, help="stop starting actions after this (default 30)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and the server log")
    parser.add_argument("--sample-only", action="store_true", help="build the corpus from the bundled sample only")
    args = parser.parse_args(argv)
    result = run(
        args.comments,
        sessions=args.sessions,
        actions=args.actions,
        rounds=args.rounds,
        minutes=args.minutes,
        seed=args.seed,
        work=args.work,
        real=not args.sample_only,
    )
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
