"""Reading the timestamps exports write, a whole column at a time.

Accepted: ISO 8601 (with or without a zone), Unix seconds or milliseconds (also micro- and
nanoseconds), RFC 2822 (e-mail and RSS dates), ``D Month YYYY, HH:MM`` (naharnet pages) and
``Month D, YYYY, h:mm am/pm`` (WordPress pages). Times that state a zone are converted to UTC;
the result has no zone, like every timestamp in the contract. Anything else becomes missing:
the caller counts those (:func:`unreadable_timestamps`) and reports them.
"""

from __future__ import annotations

import pandas as pd

# Digits only, at least 9 of them: Unix seconds from 1973 on. Shorter numbers are more likely
# years or dates (2013, 20130220) than 1970s times.
_UNIX = r"^-?\d{9,}(?:\.\d+)?$"
# Unit by magnitude: 1e11 s is the year 5138, 1e11 ms is 1973.
_UNIX_UNITS = ((1e17, "ns"), (1e14, "us"), (1e11, "ms"), (0, "s"))
_RFC_2822 = ("%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M %z", "%d %b %Y %H:%M %z")
_RFC_ZONES = {
    r" (?:GMT|UTC|UT|Z)$": " +0000",
    r" EST$": " -0500",
    r" EDT$": " -0400",
    r" CST$": " -0600",
    r" CDT$": " -0500",
    r" MST$": " -0700",
    r" MDT$": " -0600",
    r" PST$": " -0800",
    r" PDT$": " -0700",
}
_LOCAL = ("%d %B %Y, %H:%M", "%d %b %Y, %H:%M", "%B %d, %Y, %I:%M %p", "%B %d, %Y %I:%M %p", "%d %B %Y %H:%M")


def _missing(index: pd.Index) -> pd.Series:
    return pd.Series(pd.NaT, index=index, dtype="datetime64[us]")


def _unix_times(text: pd.Series) -> pd.Series:
    """Unix times (strings of digits, maybe with a fraction) as ``datetime64[us]``, the unit told by
    magnitude. The whole part and the fraction are read apart: through a float, ``1650000000.123``
    would come out as ``.122999``.

    Examples:
        >>> _unix_times(pd.Series(["1650000000.123", "1700000000000", "1700000000000.5"])).tolist()
        [Timestamp('2022-04-15 05:20:00.123000'), Timestamp('2023-11-14 22:13:20'), Timestamp('2023-11-14 22:13:20.000500')]
    """
    parts = text.str.partition(".")
    whole, fraction = pd.to_numeric(parts[0], errors="coerce"), parts[2]
    sign = pd.Series(1, index=text.index).where(~parts[0].str.startswith("-"), -1)
    out = _missing(text.index)
    for floor, unit in _UNIX_UNITS:
        pick = whole[(whole.abs() >= floor) & out.isna()]
        if not len(pick):
            continue
        stamps = pd.to_datetime(pick, unit=unit, errors="coerce").astype("datetime64[us]")
        digits = {"s": 6, "ms": 3}.get(unit)  # the fraction's digits down to microseconds
        if digits:
            cut = fraction[pick.index].str.slice(0, digits).str.pad(digits, side="right", fillchar="0")
            stamps = stamps + pd.to_timedelta(pd.to_numeric(cut) * sign[pick.index], unit="us")
        out[pick.index] = stamps
    return out


def parse_timestamps(values: pd.Series) -> pd.Series:
    """``values`` (strings) as naive ``datetime64[us]``; unreadable or empty values become ``NaT``.

    Examples:
        >>> parse_timestamps(pd.Series([  # doctest: +NORMALIZE_WHITESPACE
        ...     "2013-10-10T19:20:29Z", "1381432829", "1381432829000", "Thu, 10 Oct 2013 21:20:29 +0200",
        ...     "10 October 2013, 19:20", "October 10, 2013, 7:20 pm"])).tolist()
        [Timestamp('2013-10-10 19:20:29'), Timestamp('2013-10-10 19:20:29'),
         Timestamp('2013-10-10 19:20:29'), Timestamp('2013-10-10 19:20:29'),
         Timestamp('2013-10-10 19:20:00'), Timestamp('2013-10-10 19:20:00')]
        >>> parse_timestamps(pd.Series(["yesterday", ""])).isna().tolist()
        [True, True]
    """
    text = values.astype("str").fillna("").str.strip()
    out = _missing(text.index)
    todo = text != ""

    unix = todo & text.str.match(_UNIX)
    if unix.any():
        out[unix] = _unix_times(text[unix])
        todo &= ~unix

    if todo.any():
        iso = pd.to_datetime(text[todo], format="ISO8601", errors="coerce", utc=True)
        out[todo] = iso.dt.tz_convert(None).astype("datetime64[us]")
        todo &= out.isna()

    if todo.any() and text[todo].str.contains(r"\d{1,2} [A-Za-z]{3} \d{4}", regex=True).any():
        rfc = text[todo]
        for pattern, offset in _RFC_ZONES.items():
            rfc = rfc.str.replace(pattern, offset, regex=True)
        for fmt in _RFC_2822:
            if not todo.any():
                break
            got = pd.to_datetime(rfc[todo], format=fmt, errors="coerce", utc=True)
            out[todo] = out[todo].fillna(got.dt.tz_convert(None).astype("datetime64[us]"))
            todo &= out.isna()

    todo &= text.str.contains(r"[A-Za-z]{3}.*\d:\d\d", regex=True)  # every _LOCAL format has both
    for fmt in _LOCAL:
        if not todo.any():
            break
        got = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        out[todo] = got.astype("datetime64[us]")
        todo &= out.isna()
    return out


def unreadable_timestamps(values: pd.Series, parsed: pd.Series) -> pd.Series:
    """Mask of the ``values`` that hold something yet gave no timestamp in ``parsed``.

    Examples:
        >>> raw = pd.Series(["2013-10-10", "soon", ""])
        >>> unreadable_timestamps(raw, parse_timestamps(raw)).tolist()
        [False, True, False]
    """
    return (values.astype("str").fillna("").str.strip() != "") & parsed.isna()
