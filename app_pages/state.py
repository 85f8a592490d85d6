"""The corpus the dashboard shows: from the command line, an upload, or the bundled sample.

Only pages and this module touch ``st.session_state``; analytics returns values.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import streamlit as st

import analytics
from analytics.loaders import Corpus, LoadError

UPLOAD_KEY = "uploaded_corpus"


def cli_paths() -> list[str]:
    """Paths given as ``streamlit run app.py -- PATH...``; the bundled sample otherwise."""
    # Under `streamlit run`, argv[0] is the script; anywhere else (pytest's AppTest) argv is not ours.
    given = sys.argv[1:] if Path(sys.argv[0]).name == "app.py" else []
    return given or [str(analytics.SAMPLE)]


def _fingerprint(paths: tuple[str, ...]) -> str:
    """Content hash of the inputs, so an edited file is reloaded and an unchanged one is not."""
    h = hashlib.sha256()
    for p in paths:
        files = sorted(Path(p).rglob("*")) if Path(p).is_dir() else [Path(p)]
        for f in files:
            if f.is_file():
                h.update(str(f).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


@st.cache_data(show_spinner="Loading files…", max_entries=8)
def _load_paths(paths: tuple[str, ...], fingerprint: str) -> Corpus:
    return analytics.load(list(paths))


@st.cache_data(show_spinner="Reading upload…", max_entries=4)
def load_upload(raw: bytes, name: str) -> Corpus:
    return analytics.load_bytes(raw, name)


def current_corpus() -> Corpus:
    """The corpus in use for this browser session; stops the page with a message if it cannot load."""
    if UPLOAD_KEY in st.session_state:
        return st.session_state[UPLOAD_KEY]
    paths = tuple(cli_paths())
    try:
        return _load_paths(paths, _fingerprint(paths))
    except (LoadError, OSError) as err:
        st.error("Could not load the input files.")
        st.text(str(err))
        st.stop()
