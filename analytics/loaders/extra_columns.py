"""Input columns the contract does not use, kept on the comment frame as ``extra_<name>``.

A table's other columns (a label, a score, a like count ...) come with the data and are worth
keeping: each one becomes a column named with :data:`analytics.model.schema.EXTRA_PREFIX` and a
safe identifier made from the input's name, typed from its values: whole numbers as nullable
``Int64``, other numbers as ``float64``, ``true``/``false`` (or ``yes``/``no``) as booleans, ISO 8601 date-times
(every value with a date and a time) as UTC ``datetime64[us]``, anything else as strings.
Empty cells are missing values. Every loader that keeps such columns words the same report
line (:func:`kept_note`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..model import schema

__all__ = ["extra_names", "kept_note", "typed_extra"]

_INT = r"^[+-]?\d+$"
_FLOAT = r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|nan|NaN|inf|-inf|Infinity)$"
_BOOL = {"true": True, "false": False, "yes": True, "no": False}  # yes/no: SFU's is_constructive
# Only full ISO 8601 date-times count as times: a date alone, a year or a number may be a label.
_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
_INT64 = 2**63 - 1


def _identifier(name: str) -> str:
    """A column name as a safe identifier: letters, digits and ``_`` only."""
    safe = re.sub(r"[^0-9A-Za-z_]+", "_", str(name)).strip("_")
    return safe or "column"


def extra_names(columns: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """The kept name of each input column in ``columns`` (``{input: extra_name}``) and a report
    line for each name changed to avoid a clash.

    Examples:
        >>> extra_names(["label", "likeCount", "user.score", "user score"])[0]
        {'label': 'extra_label', 'likeCount': 'extra_likeCount', 'user.score': 'extra_user_score', 'user score': 'extra_user_score_2'}
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    notes: list[str] = []
    for column in columns:
        base = schema.EXTRA_PREFIX + _identifier(column)
        name, k = base, 1
        while name.lower() in taken:  # case-blind: CSV and spreadsheet readers may fold case
            k += 1
            name = f"{base}_{k}"
        if k > 1:
            notes.append(f"column {column!r} kept as {name} ({base} was taken by another column)")
        taken.add(name.lower())
        names[column] = name
    return names, notes


def typed_extra(values: pd.Series) -> pd.Series:
    """String cells as the column they hold: ``Int64``, ``float64``, ``bool`` (``boolean`` with
    missing values), UTC ``datetime64[us]`` or strings; empty cells become missing.

    Examples:
        >>> typed_extra(pd.Series(["1", "", "-3"])).tolist()
        [1, <NA>, -3]
        >>> typed_extra(pd.Series(["0.5", "2"])).dtype, typed_extra(pd.Series(["True", "false"])).tolist()
        (dtype('float64'), [True, False])
        >>> typed_extra(pd.Series(["2021-03-01T10:00:00+02:00"])).tolist()
        [Timestamp('2021-03-01 08:00:00')]
        >>> typed_extra(pd.Series(["007", "2021-03-01", "<3"])).tolist()
        ['007', '2021-03-01', '<3']
        >>> typed_extra(pd.Series(["123456789012345678901234"])).tolist()
        ['123456789012345678901234']
    """
    text = values.astype("str").fillna("").str.strip()
    present = text != ""
    filled = text[present]
    if not len(filled):
        return pd.Series(pd.NA, index=values.index, dtype="str")
    leading_zero = filled.str.match(r"^[+-]?0\d").any()  # 007, 0123: codes, not numbers
    whole = filled.str.match(_INT).all()
    if whole and not leading_zero:
        numbers = [int(v) for v in filled.tolist()]
        if all(abs(n) <= _INT64 for n in numbers):  # larger ones are ids: kept as text
            out = pd.Series(pd.NA, index=values.index, dtype="Int64")
            out[present] = numbers
            return out
    elif filled.str.match(_FLOAT).all() and not leading_zero:
        out = pd.Series(float("nan"), index=values.index, dtype="float64")
        out[present] = pd.to_numeric(filled).astype("float64")
        return out
    lowered = filled.str.lower()
    if lowered.isin(_BOOL).all():
        flags = lowered.map(_BOOL)
        if present.all():
            return flags.astype(bool)
        out = pd.Series(pd.NA, index=values.index, dtype="boolean")
        out[present] = flags.astype(bool)
        return out
    if filled.str.match(_ISO_DATETIME).all():
        stamps = pd.to_datetime(filled, format="ISO8601", utc=True, errors="coerce")
        if stamps.notna().all():
            out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
            out[present] = stamps.dt.tz_convert(None).astype("datetime64[us]")
            return out
    return text.where(present, None).astype("str")


def kept_note(names: dict[str, str], frame: pd.DataFrame) -> str:
    """The report line naming the columns kept and their types.

    Examples:
        >>> kept_note({"label": "extra_label"}, pd.DataFrame({"extra_label": pd.array([1], dtype="Int64")}))
        'columns kept as extra attributes: label as extra_label (integer)'
    """
    return "columns kept as extra attributes: " + ", ".join(
        f"{column} as {name} ({_kind(frame[name])})" for column, name in names.items()
    )


def _kind(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_float_dtype(column):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(column):
        return "date-time, UTC"
    return "text"


def aligned_extras(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (comments joined from several inputs) with each kept column in one of the types
    :func:`typed_extra` gives: joining files where a column is missing, or typed otherwise, leaves
    ``object`` or nullable float columns.

    Examples:
        >>> joined = pd.concat([pd.DataFrame({"extra_ok": [True]}), pd.DataFrame({"extra_n": [1.5]})])
        >>> aligned_extras(joined).dtypes.astype(str).tolist()
        ['boolean', 'float64']
    """
    changed = {}
    for name in schema.extra_columns(frame):
        column = frame[name]
        if isinstance(column.dtype, pd.Float64Dtype):
            changed[name] = column.astype("float64")
        elif column.dtype == object:
            present = column.dropna()
            if present.map(lambda v: isinstance(v, bool)).all():
                changed[name] = column.astype("boolean")
            else:
                changed[name] = column.map(lambda v: None if v is None or v is pd.NA or v != v else str(v)).astype(
                    "str"
                )
    return frame.assign(**changed) if changed else frame
