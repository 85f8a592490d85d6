"""The loaded corpus: what every loader returns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .load_report import LoadReport


@dataclass
class Corpus:
    """A loaded corpus: the contract's two frames and the report of how they were read."""

    articles: pd.DataFrame
    comments: pd.DataFrame
    report: LoadReport

    def copy(self) -> Corpus:
        return Corpus(self.articles.copy(), self.comments.copy(), self.report)
