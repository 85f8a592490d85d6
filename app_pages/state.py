"""The corpus the dashboard shows, its analysis, and the filtered view every page reads.

Sources: the files given as ``streamlit run app.py -- PATH...``, an upload on the Data page, or
the bundled sample. Only pages and the modules of ``app_pages`` touch ``st.session_state``;
analytics returns values.

Caching, keyed by content, so reruns never redo work:

* the parsed corpus: ``st.cache_data`` keyed by the files' content hash (:func:`_fingerprint`);
* the analysis (sentiment, replies, summaries), each filtered view and the pages' figures and
  tables: ``st.cache_resource`` keyed by that hash (and the filters' query string,
  :func:`view_key`). The analysis is held as :func:`analytics.views.filters.for_views` lays it out,
  so that a filtered view copies a pointer, not the text, of each comment it keeps, and makes
  its commenters, replies and threads only when a page reads them. A resource is handed out
  without the copy ``cache_data`` makes on every read (a pickle round trip: seconds for a
  million comments), so the frames and figures are shared between reruns and sessions: pages
  and analytics only read them (analytics never mutates its input; pages build new frames).
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pyarrow as pa
import streamlit as st

import analytics
from analytics.enrich import Analysis, enrich
from analytics.loaders import Corpus, LoadError, inputs
from analytics.model import schema
from analytics.signals.merges import merged_analysis
from analytics.store import cache, corpus_store
from analytics.views.codec import filters_to_query
from analytics.views.filters import FilteredAnalysis, Filters, apply_filters, comment_count, for_views

UPLOAD_KEY = "uploaded_corpus"
#: Where the sidebar keeps the current :class:`Filters` for the pages of this run.
FILTERS_KEY = "current_filters"
#: Where the Signals page keeps the alias merges made in this session: ``(alias, kept)`` pairs,
#: applied to every analysis (and so every page and export) by :func:`current_analysis`.
MERGES_KEY = "alias_merges"
#: How long a corpus, its analysis and its filtered views stay cached (uploads included; see
#: SECURITY.md): an entry is dropped this long after it was made, or earlier when its cache is full.
CORPUS_TTL = "2h"
#: ``progress(done, total)``: how far the scoring of a new input is (comments).
Progress = Callable[[int, int], None]
#: The Signals page computes its tables on every run up to this many comments in view; above,
#: on a random sample of ``SIGNALS_SAMPLE`` comments, when asked (a button).
SIGNALS_AUTO_ROWS = 2_000
SIGNALS_SAMPLE = 10_000


def cli_paths() -> list[str]:
    """Paths given as ``streamlit run app.py -- PATH...``; the bundled sample otherwise."""
    # Under `streamlit run`, argv[0] is the script; anywhere else (pytest's AppTest) argv is not ours.
    given = sys.argv[1:] if Path(sys.argv[0]).name == "app.py" else []
    return given or [str(analytics.SAMPLE)]


# Content hashes by file identity: a rerun stats the files instead of reading them again.
_DIGESTS = inputs.DigestMemo()


def _file_hash(f: Path) -> str:
    return inputs.file_digests(inputs.list_inputs(f).files, _DIGESTS)[0]


#: How long a fingerprint of the inputs is reused. A rerun asks for it several times (corpus,
#: analysis, key, names); an edited input is noticed on the first rerun this long after the last look.
FINGERPRINT_REUSE_S = 2.0
_FINGERPRINTS: dict[tuple[str, ...], tuple[float, str]] = {}  # paths -> (when, fingerprint)


def _fingerprint(paths: tuple[str, ...]) -> str:
    """Content hash of the inputs, so an edited file is reloaded and an unchanged one is not."""
    when, known = _FINGERPRINTS.get(paths, (-FINGERPRINT_REUSE_S, ""))
    if time.monotonic() - when < FINGERPRINT_REUSE_S:
        return known
    fingerprint = _fingerprint_now(paths)
    _FINGERPRINTS[paths] = (time.monotonic(), fingerprint)
    return fingerprint


def _fingerprint_now(paths: tuple[str, ...]) -> str:
    """The inputs' fingerprint over the files the loaders read (:func:`analytics.loaders.inputs.fingerprint`);
    for inputs that cannot be listed, one naming why, so that loading them says it on the page."""
    try:
        return inputs.fingerprint(paths, _DIGESTS)
    except LoadError as err:
        return "unlisted:" + str(err)


def corpus_key(corpus: Corpus) -> str:
    """Content hash of a loaded corpus: the files it was read from and its comments' ids (which
    hash article, author, time and text), parents, guest marks and flags."""
    h = hashlib.sha256()
    for f in corpus.report.files:
        h.update(f"{f.source}\0{f.sha256}\0".encode())
    for frame in (corpus.articles, corpus.comments):
        columns = [c for c in frame.columns if frame[c].dtype != object or c in ("comment_id", "article_id")]
        h.update(pd.util.hash_pandas_object(frame[columns], index=False).to_numpy().tobytes())
    return h.hexdigest()


_UPLOAD_MEMO = "uploaded_corpus_key"


def _upload_key(corpus: Corpus) -> str:
    """:func:`corpus_key` of the uploaded corpus, computed once per upload (kept with the corpus)."""
    memo = st.session_state.get(_UPLOAD_MEMO)
    if memo is None or memo[0] is not corpus:
        memo = (corpus, corpus_key(corpus))
        st.session_state[_UPLOAD_MEMO] = memo
    return memo[1]


@st.cache_data(show_spinner="Loading files…", max_entries=8, ttl=CORPUS_TTL)
def _load_paths(paths: tuple[str, ...], fingerprint: str) -> Corpus:
    return analytics.load(list(paths))


@st.cache_data(show_spinner="Reading upload…", max_entries=4, ttl=CORPUS_TTL)
def load_upload(raw: bytes, name: str) -> Corpus:
    return analytics.load_bytes(raw, name)


@dataclass(frozen=True)
class _Source:
    """The data in use in this session: its content key, names, and how to get it."""

    key: str
    names: list[str]
    corpus: Callable[[], Corpus]
    analysis: Callable[[Progress | None], Analysis]  # called with a progress(done, total) callback or None


@st.cache_resource(show_spinner=False, max_entries=4, ttl=CORPUS_TTL)
def _corpus_of(key: str, _analysis: Analysis) -> Corpus:
    return _as_corpus(_analysis)


def _as_corpus(analysis: Analysis) -> Corpus:
    """The contract's frames of an analysis (a corpus directory holds no separate corpus)."""
    contract = [c.name for c in schema.COMMENT_COLUMNS]
    return Corpus(
        analysis.articles, analysis.comments[[c for c in contract if c in analysis.comments]], analysis.report
    )


def _source() -> _Source:
    """Where this session's data comes from: an upload, a corpus directory, files, or the sample.

    Files named on the command line go through :func:`analytics.store.cache.cached_analysis`, so a
    restarted dashboard reopens them from the on-disk cache; the bundled sample (the default,
    and what the tests open) is analysed in memory only.
    """
    if UPLOAD_KEY in st.session_state:
        corpus = st.session_state[UPLOAD_KEY]
        return _Source(
            "upload:" + _upload_key(corpus),
            [f.source for f in corpus.report.files],
            lambda: corpus,
            lambda progress: enrich(corpus, progress=progress),
        )
    paths = tuple(cli_paths())
    if len(paths) == 1 and corpus_store.is_corpus_dir(paths[0]):
        manifest = Path(paths[0]) / corpus_store.MANIFEST
        key = "corpus-dir:" + _file_hash(manifest)  # the manifest holds every file's SHA-256

        def opened(progress: Progress | None = None) -> Analysis:  # read, not scored: no progress
            try:
                return corpus_store.open_corpus_dir(paths[0])
            except corpus_store.CorruptCorpus as err:
                raise LoadError(paths[0], f"a sound Threadscope corpus directory ({err})") from None

        return _Source(key, list(paths), lambda: _corpus_of(key, _analysis(key, opened)), opened)
    key = "paths:" + _fingerprint(paths)
    if paths != (str(analytics.SAMPLE),):
        # The corpus is read from the analysis: parsing the files again (and cache_data's copy
        # of a million comments on every read) would take seconds on every run of the Data page.
        def analysed(progress: Progress | None = None) -> Analysis:
            return cache.cached_analysis(list(paths), progress=progress)

        return _Source(key, list(paths), lambda: _corpus_of(key, _analysis(key, analysed)), analysed)
    return _Source(
        key,
        list(paths),
        lambda: _load_paths(paths, key),
        lambda progress: enrich(_load_paths(paths, key), progress=progress),
    )


def _stop_with(err: Exception) -> None:
    st.error("Could not load the input files.")
    st.text(str(err))
    st.stop()


def current_corpus() -> Corpus:
    """The corpus in use for this browser session; stops the page with a message if it cannot load."""
    try:
        return _source().corpus()
    except (LoadError, OSError) as err:
        _stop_with(err)


def input_names() -> list[str]:
    """The paths or upload names the data in use was read from (for provenance)."""
    try:
        return _source().names
    except OSError:
        return []


@st.cache_resource(
    show_spinner="Reading and scoring the comments (sentiment, toxicity, replies)…", max_entries=4, ttl=CORPUS_TTL
)
def _analysis(key: str, _make: Callable[[Progress | None], Analysis], _progress: Progress | None = None) -> Analysis:
    served = for_views(_make(_progress))  # laid out so that a filter change copies little
    # The analysis as made is freed now: hand the Arrow memory it held back to the system.
    pa.default_memory_pool().release_unused()
    return _left_out_of_collections(served)


def _progress_bar(slot) -> Progress | None:
    """``progress(done, total)`` drawing a bar in ``slot`` (made outside the cached function).

    The bar is drawn with the cache's recording of elements switched off: Streamlit would
    otherwise replay every state of the bar each time the cached analysis is read.
    """
    try:
        from streamlit.runtime.caching.cached_message_replay import in_cached_function
    except ImportError:  # another Streamlit: the spinner alone says that work is going on
        return None
    shown = [-1]

    def progress(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == shown[0]:
            return
        shown[0] = percent
        token = in_cached_function.set(False)
        try:
            slot.progress(percent / 100, text=f"Scoring sentiment and toxicity: {done:,} of {total:,} comments")
        finally:
            in_cached_function.reset(token)

    return progress


def current_merges() -> tuple[tuple[str, str], ...]:
    """The alias merges made on the Signals page in this session, in the order made."""
    return tuple((alias, kept) for alias, kept in st.session_state.get(MERGES_KEY, ()))


@st.cache_resource(show_spinner="Merging handles…", max_entries=4, ttl=CORPUS_TTL)
def _merged(key: str, _analysis: Analysis, _merges: tuple[tuple[str, str], ...]) -> Analysis:
    # Merges rename authors only; the text's Python strings are shared with the served analysis,
    # and its Arrow copy for the search filter is made only if this analysis is searched.
    return _left_out_of_collections(for_views(merged_analysis(_analysis, _merges)))


def _left_out_of_collections(served: Analysis) -> Analysis:
    """``served``, with every object alive now (the libraries, the analyses served) left out of
    later full garbage collections (``gc.freeze``). A view is made after a collection
    (:func:`_free_dropped_views`), which then walks only what the pages made since, not every
    object of the served analyses (docs/performance.md#garbage-collection). Frozen objects
    are still freed when nothing refers to them; the next analysis made unfreezes them first, so
    that one dropped from its cache in a reference cycle is collected then."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return served


def _with_merges(source: _Source) -> Analysis:
    slot = st.empty()  # a progress bar while a new input is scored, then nothing
    try:
        base = _analysis(source.key, source.analysis, _progress_bar(slot))
    finally:
        slot.empty()
    merges = current_merges()
    return _merged(analysis_key(), base, merges) if merges else base


def current_analysis() -> Analysis:
    """The unfiltered analysis of the data in use (cached by content hash), with the session's
    alias merges applied."""
    try:
        return _with_merges(_source())
    except (LoadError, OSError) as err:
        _stop_with(err)


def current_analysis_or_none() -> Analysis | None:
    """The analysis, or None when the data cannot be loaded (the page then says why)."""
    try:
        return _with_merges(_source())
    except (LoadError, OSError):
        return None


def analysis_key() -> str:
    """The content key of the data in use: changes when other data is opened or handles merged."""
    merges = current_merges()
    return _source().key + ("" if not merges else "|merged:" + urlencode(merges))


#: Filtered views kept (shared by all sessions): one, since a broad view of a large corpus is large.
#: Going back to filters seen before makes their view again (quickly) and finds the pages' results
#: for it still cached (:data:`VIEW_RESULTS`). Figures: docs/performance.md#views-and-serving-memory.
FILTERED_VIEWS = 1
#: Results a page keeps per cached function keyed by the view (figures, tables): those of the
#: view kept and of the one before, so that going back a step is instant, without the tables of
#: every view seen piling up (four raised the serving peak: docs/performance.md#views-and-serving-memory);
#: a step further back reruns the page.
VIEW_RESULTS = 2


def _release_view(view: Analysis) -> None:
    """The cache dropped ``view``: its frames and columns are let go at once (``release``). The
    last run's page still holds the view it read until this run ends, and that view's columns
    would otherwise be held beside the new view's. A session
    still reading it takes its columns again."""
    if isinstance(view, FilteredAnalysis):
        view.release()


@st.cache_resource(
    show_spinner="Applying filters…", max_entries=FILTERED_VIEWS, ttl=CORPUS_TTL, on_release=_release_view
)
def _filtered(key: str, query: tuple[tuple[str, str], ...], _analysis: Analysis, _filters: Filters) -> Analysis:
    _free_dropped_views()
    view = apply_filters(_analysis, _filters)
    _VIEWS_MADE[id(view)] = view
    return view


#: Every view made and still alive (by id: an Analysis is not hashable), wherever held: what the
#: tests (and anyone looking into the dashboard's memory) count; the dashboard itself never reads it.
_VIEWS_MADE: weakref.WeakValueDictionary[int, Analysis] = weakref.WeakValueDictionary()


def _free_dropped_views() -> None:
    """Free what earlier runs left in reference cycles before a new view is made.

    Each run of a page leaves its module behind as a reference cycle (its functions point back
    at its globals), with what the globals held: garbage that only a full collection finds, and
    Python starts those rarely when many objects are alive. Views evicted long ago stayed in
    memory so, and with the views let go of (:func:`_release_view`, pages deleting theirs) the
    rest of each run's garbage still piled up (docs/performance.md#garbage-collection). A full
    collection walks only the objects made since the served analysis (:func:`_left_out_of_collections`).
    """
    gc.collect()
    # Arrow's allocator keeps the freed pages, and the new view reuses them: handing them back
    # made every new view's columns fresh memory, paid in page faults on every page rerun.


def current_filters() -> Filters:
    """The filters the sidebar set in this run (the defaults before it has run)."""
    return st.session_state.get(FILTERS_KEY, Filters())


def filtered_for(analysis: Analysis, key: str, filters: Filters) -> Analysis:
    """``analysis`` (whose content key is ``key``) restricted to ``filters``, cached."""
    return _filtered(key, tuple(sorted(filters_to_query(filters).items())), analysis, filters)


def filtered_analysis() -> Analysis:
    """The analysis restricted to the current filters (cached per data and filters)."""
    return filtered_for(current_analysis(), analysis_key(), current_filters())


def view_key() -> str:
    """Content key of what the pages show: the data in use and the current filters.

    Pages key their own caches with it (``@st.cache_resource`` on a function taking ``view``
    and an unhashed ``_analysis``), so a figure is computed once per data and filters.
    """
    return analysis_key() + "?" + urlencode(sorted(filters_to_query(current_filters()).items()))


def filtered_or_stop() -> Analysis:
    """:func:`filtered_analysis`, or a clear message and the end of the page when nothing passes."""
    result = filtered_analysis()
    if not comment_count(result):
        st.info(
            "No comments match the current filters. Widen or reset them in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        st.stop()
    return result
