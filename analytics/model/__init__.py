"""The data model, at the bottom of the stack: the frame contract (``schema``), stable ids, text
utilities, what keeps user text inert (``safety``), and the core types every stage passes on:
:class:`Corpus` (loaded), :class:`Analysis` (analysed) and :class:`FilteredAnalysis` (a view).
Imports nothing above ``analytics.columns``.
"""

from .analysis import Analysis, FilteredAnalysis
from .corpus import Corpus
from .load_report import FileReport, LoadError, LoadReport, SkippedLine

__all__ = ["Analysis", "Corpus", "FileReport", "FilteredAnalysis", "LoadError", "LoadReport", "SkippedLine"]
