"""Input checks shared by the analysis functions."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, what: str, hint: str = "") -> None:
    """Raise ``ValueError`` naming every column ``what`` needs that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}" + (f" ({hint})" if hint else ""))
