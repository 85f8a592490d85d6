"""Threadscope analytics: load comment threads into documented frames and analyse them.

Plain functions over pandas frames; no Streamlit here, so a notebook gets the same numbers as
the dashboard::

    import analytics
    corpus = analytics.load("data/naharnet_2013-02-20_lavrov-warns-syria-rivals.txt")
    corpus.comments[["author", "timestamp", "n_words"]]
    result = analytics.enrich(corpus)      # sentiment, replies, commenters, threads
    result.commenters
"""

from pathlib import Path

from ._version import __version__
from .enrich import enrich
from .errors import ThreadscopeError
from .loaders import load, load_bytes
from .model import Analysis, Corpus, FilteredAnalysis, LoadError, LoadReport
from .model.schema import ContractError, validate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "naharnet_2013-02-20_lavrov-warns-syria-rivals.txt"

__all__ = [
    "Analysis",
    "FilteredAnalysis",
    "enrich",
    "Corpus",
    "LoadError",
    "LoadReport",
    "ContractError",
    "ThreadscopeError",
    "load",
    "load_bytes",
    "validate",
    "SAMPLE",
    "__version__",
]
