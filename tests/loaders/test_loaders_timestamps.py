"""Timestamps as exports write them, read a column at a time."""

from datetime import datetime

import pandas as pd
import pytest

from analytics.loaders.timestamps import parse_timestamps, unreadable_timestamps

WHEN = datetime(2013, 10, 10, 19, 20, 29)


@pytest.mark.parametrize(
    "raw",
    [
        "2013-10-10T19:20:29",
        "2013-10-10 19:20:29",
        "2013-10-10T19:20:29Z",
        "2013-10-10T21:20:29+02:00",
        "2013-10-10T15:20:29-0400",
        "1381432829",
        "1381432829.0",
        "1381432829000",
        "1381432829000000",
        "Thu, 10 Oct 2013 19:20:29 +0000",
        "Thu, 10 Oct 2013 21:20:29 +0200",
        "10 Oct 2013 19:20:29 GMT",
        "Thu, 10 Oct 2013 15:20:29 EDT",
        "  2013-10-10T19:20:29Z  ",
    ],
)
def test_every_format_gives_the_same_utc_time(raw):
    assert parse_timestamps(pd.Series([raw])).tolist() == [pd.Timestamp(WHEN)]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10 October 2013, 19:20", datetime(2013, 10, 10, 19, 20)),
        ("3 March 2014, 09:15", datetime(2014, 3, 3, 9, 15)),
        ("October 10, 2013, 7:20 pm", datetime(2013, 10, 10, 19, 20)),
        ("October 10, 2013, 12:05 AM", datetime(2013, 10, 10, 0, 5)),
    ],
)
def test_page_formats_are_read_as_printed(raw, expected):
    assert parse_timestamps(pd.Series([raw])).tolist() == [pd.Timestamp(expected)]


@pytest.mark.parametrize(
    "raw",
    ["yesterday", "31 February 2013, 10:00", "0000-00-00 00:00:00", "2013-13-45", "12:30", "not a date 1381432829"],
)
def test_unreadable_values_become_missing_and_are_counted(raw):
    values = pd.Series([raw, "2013-10-10T19:20:29Z"])
    parsed = parse_timestamps(values)
    assert parsed.isna().tolist() == [True, False]
    assert unreadable_timestamps(values, parsed).tolist() == [True, False]


def test_empty_and_missing_values_are_missing_but_not_unreadable():
    values = pd.Series(["", "   ", None], dtype="object")
    parsed = parse_timestamps(values)
    assert parsed.isna().all()
    assert not unreadable_timestamps(values, parsed).any()


def test_short_numbers_are_not_taken_for_unix_times():
    # A year is not a 1970 Unix time.
    assert parse_timestamps(pd.Series(["2013"])).tolist() == [pd.Timestamp(2013, 1, 1)]


def test_result_is_naive_microseconds_and_keeps_the_index():
    values = pd.Series(["2013-10-10T19:20:29.123456Z", "x"], index=[7, 3])
    parsed = parse_timestamps(values)
    assert str(parsed.dtype) == "datetime64[us]" and parsed.index.tolist() == [7, 3]
    assert parsed[7] == pd.Timestamp("2013-10-10 19:20:29.123456")


def test_mixed_formats_in_one_column():
    values = pd.Series(["1381432829", "Thu, 10 Oct 2013 19:20:29 +0000", "10 October 2013, 19:20", "x"])
    parsed = parse_timestamps(values)
    assert parsed.notna().tolist() == [True, True, True, False]
