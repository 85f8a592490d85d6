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

from .enrich import Analysis, enrich
from .loaders import Corpus, LoadError, LoadReport, load, load_bytes
from .schema import ContractError, validate

__version__ = "0.1.0"

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "naharnet_2013-02-20_lavrov-warns-syria-rivals.txt"

__all__ = ["Analysis", "enrich", "Corpus", "LoadError", "LoadReport", "ContractError", "load", "load_bytes", "validate",
           "SAMPLE", "__version__"]
