"""The kinds of filter setting, each a small codec: how a value of that kind is checked, written to
and read from a URL query, offered and read on the command line, and which sidebar widget shows it.

A setting of :data:`analytics.views.settings.SETTINGS` names its kind (``Names(...)``, ``Time(...)``
...); :mod:`analytics.views.codec`, ``python -m analytics report`` and the dashboard's sidebar
derive everything else from it. Reading is strict here (a ``ValueError`` for what cannot be
read); the callers decide whether that keeps a default (URLs) or is an error (the command line).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

#: What a URL query parameter holds: one value, or every value of a key given several times.
Raw = str | Sequence[str]


def _join(values: Sequence[str]) -> str:
    """Comma-separated, with ``\\`` and ``,`` inside a value escaped by a backslash."""
    return ",".join(v.replace("\\", "\\\\").replace(",", "\\,") for v in values)


def _split(text: str) -> tuple[str, ...]:
    values, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
    values.append("".join(current))
    return tuple(dict.fromkeys(v for v in values if v))


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def _last(raw: Raw) -> str:
    """The value of a key given once, or the last one of a key given several times."""
    if isinstance(raw, str):
        return raw
    return raw[-1] if len(raw) else ""


class _Kind:
    """What every kind does unless it says otherwise: values taken as they are, written with ``str``."""

    widget: str  #: the sidebar widget that shows a setting of this kind

    def checked(self, name: str, value):
        """``value`` as :class:`Filters` holds it; ``ValueError`` naming ``name`` when it cannot be."""
        return value

    def to_query(self, value) -> str:
        return str(value)

    def from_query(self, raw: Raw):
        """The value a URL's parameter gives; ``ValueError`` when it cannot be read."""
        return _last(raw).strip()

    def cli_arguments(self, help: str) -> dict:
        """The keyword arguments of ``argparse``'s ``add_argument`` for the setting's option."""
        return {"help": help}

    def from_option(self, value):
        """The value the option gives (argparse has read it as :meth:`cli_arguments` asks)."""
        return value


@dataclass(frozen=True)
class Names(_Kind):
    """Several names (ids or titles) of a column; a comment passes when its own is one of them.

    ``listed_in`` is the analysis table whose ``column`` lists the names the data has;
    ``shown_as`` a column of that table shown in place of a name (the sidebar lists articles by
    title, and the command line takes either).
    """

    column: str
    listed_in: str = "comments"
    shown_as: str | None = None
    metavar: str = "NAME"
    widget = "multiselect"

    def checked(self, name: str, value) -> tuple[str, ...]:
        return tuple(value)

    def to_query(self, value: tuple[str, ...]) -> str:
        return _join(value)

    def from_query(self, raw: Raw) -> tuple[str, ...]:
        """Every value of the key, each comma-separated (so a key given several times adds up)."""
        parts = [raw] if isinstance(raw, str) else list(raw)
        return tuple(dict.fromkeys(v for p in parts for v in _split(p)))

    def cli_arguments(self, help: str) -> dict:
        return {
            "action": "append",
            "default": [],
            "metavar": self.metavar,
            "help": help + " Repeat the option for several.",
        }

    def from_option(self, value: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))


def _time(text: str) -> datetime:
    """An ISO 8601 time as a naive datetime (a time with a zone converted to UTC)."""
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"not a time: {text!r} (ISO 8601, e.g. 2013-02-20T18:00)")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.to_pydatetime()


@dataclass(frozen=True)
class Time(_Kind):
    """One end of a time range of ``column`` (``side`` "start" or "end"), or None (open).

    The two ends share one sidebar widget: a slider over the data's time span.
    """

    side: str
    column: str = "timestamp"
    widget = "time range"

    def checked(self, name: str, value) -> datetime | None:
        return None if value is None else pd.Timestamp(value).to_pydatetime()

    def to_query(self, value: datetime) -> str:
        return pd.Timestamp(value).isoformat()

    def from_query(self, raw: Raw) -> datetime:
        return _time(_last(raw).strip())

    def cli_arguments(self, help: str) -> dict:
        return {"metavar": "TIME", "help": help + " ISO 8601, e.g. 2013-02-20T18:00."}

    def from_option(self, value: str) -> datetime:
        return _time(value)


@dataclass(frozen=True)
class Range(_Kind):
    """A closed range ``(low, high)`` within ``[lowest, highest]``, written ``low,high`` in a URL."""

    lowest: float
    highest: float
    step: float  #: of the sidebar's slider
    widget = "range slider"

    def checked(self, name: str, value) -> tuple[float, float]:
        low, high = (float(v) for v in value)
        if math.isnan(low) or math.isnan(high) or low > high:
            raise ValueError(f"{name} range must be (low, high) with low <= high, got {value}")
        return low, high

    def to_query(self, value: tuple[float, float]) -> str:
        return ",".join(_number(v) for v in value)

    def from_query(self, raw: Raw) -> tuple[float, float]:
        low, high = (float(v) for v in _last(raw).strip().split(","))
        if not self.lowest <= low <= high <= self.highest:
            raise ValueError(f"not a range within [{_number(self.lowest)}, {_number(self.highest)}]: {raw!r}")
        return low, high

    def cli_arguments(self, help: str) -> dict:
        return {"nargs": 2, "type": float, "metavar": ("LOW", "HIGH"), "help": help}

    def from_option(self, value: list[float]) -> tuple[float, float]:
        return tuple(value)


@dataclass(frozen=True)
class Number(_Kind):
    """A number within ``[lowest, highest]`` of ``column`` (the sidebar shows its slider only
    when the comments have that column)."""

    lowest: float
    highest: float
    step: float  #: of the sidebar's slider
    column: str
    metavar: str = "N"
    widget = "slider"

    def checked(self, name: str, value) -> float:
        number = float(value)
        if not self.lowest <= number <= self.highest:  # NaN fails too
            raise ValueError(f"{name} must be in [{_number(self.lowest)}, {_number(self.highest)}], got {value}")
        return number

    def to_query(self, value: float) -> str:
        return _number(value)

    def from_query(self, raw: Raw) -> float:
        return self.checked("value", _last(raw).strip())

    def cli_arguments(self, help: str) -> dict:
        return {"type": float, "metavar": self.metavar, "help": help}


@dataclass(frozen=True)
class Choice(_Kind):
    """One of ``options()`` (a function: a registry may grow after import).

    ``strict``: a value outside the options is refused when the :class:`Filters` is made (when
    False, it is refused only where it is used). ``offered_by`` names the analysis setting that
    lists the options its data has (the sidebar offers those); ``labels`` are the sidebar's
    words for the options.
    """

    options: Callable[[], tuple[str, ...]]
    strict: bool = True
    offered_by: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    widget: str = "selectbox"  #: or "radio"

    def checked(self, name: str, value) -> str:
        if self.strict and value not in self.options():
            raise ValueError(f"{name} must be one of {self.options()}, got {value!r}")
        return value

    def from_query(self, raw: Raw) -> str:
        text = super().from_query(raw)
        if text not in self.options():
            raise ValueError(f"not one of {self.options()}: {text!r}")
        return text

    def cli_arguments(self, help: str) -> dict:
        return {"choices": self.options(), "help": help}


@dataclass(frozen=True)
class Text(_Kind):
    """Free text, taken as it is (spaces included)."""

    widget = "text"

    def from_query(self, raw: Raw) -> str:
        return _last(raw)

    def cli_arguments(self, help: str) -> dict:
        return {"metavar": "TEXT", "help": help}


@dataclass(frozen=True)
class Flag(_Kind):
    """On or off; ``1`` in a URL when on (``true`` and ``yes`` read as on too)."""

    widget = "checkbox"

    def to_query(self, value: bool) -> str:
        return "1" if value else "0"

    def from_query(self, raw: Raw) -> bool:
        return _last(raw).strip().lower() in ("1", "true", "yes")

    def cli_arguments(self, help: str) -> dict:
        return {"action": "store_true", "help": help}


#: Every kind a setting may have.
KINDS = (Names, Time, Range, Number, Choice, Text, Flag)
Kind = Names | Time | Range | Number | Choice | Text | Flag
