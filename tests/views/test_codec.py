"""The filters in a URL query string and in words, derived from the table of settings."""

from datetime import datetime

import pytest
from conftest import filter_examples

from analytics.views.codec import describe_filters, filters_from_query, filters_to_query
from analytics.views.settings import SETTINGS, Filters

# --- the URL --------------------------------------------------------------------------------------


def test_default_filters_make_an_empty_query():
    assert filters_to_query(Filters()) == {}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(commenters=("geha",)),
        Filters(commenters=("a,b", "back\\slash", "plain"), articles=("a7e34b97b8ed7",)),
        Filters(start=datetime(2013, 2, 20, 18, 0), end=datetime(2013, 2, 20, 22, 46, 30)),
        Filters(sentiment=(-0.25, 0.5), engine="vader"),
        Filters(search="  spaces & <tags> ", status="guest", include_flagged=True),
        Filters(min_toxicity=0.35),
    ],
)
def test_query_round_trip(filters):
    query = filters_to_query(filters)
    assert all(isinstance(v, str) for v in query.values())
    assert filters_from_query(query) == filters


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_survives_the_url_on_its_own_key(name):
    filters = Filters(**{name: filter_examples()[name]})
    query = filters_to_query(filters)
    assert list(query) == [next(s.query for s in SETTINGS if s.name == name)]
    assert filters_from_query(query) == filters


def test_every_setting_survives_the_url_together():
    filters = Filters(**filter_examples())
    assert filters_from_query(filters_to_query(filters)) == filters


def test_query_uses_readable_values():
    query = filters_to_query(
        Filters(
            commenters=("geha", "realist"), start=datetime(2013, 2, 20, 18, 0), sentiment=(-0.5, 1), status="registered"
        )
    )
    assert query == {
        "commenter": "geha,realist",
        "from": "2013-02-20T18:00:00",
        "sentiment": "-0.5,1",
        "who": "registered",
    }


def test_query_encodings_are_those_of_existing_bookmarks():
    query = filters_to_query(
        Filters(
            articles=("a1",),
            end=datetime(2013, 2, 20, 22, 46, 30),
            engine="vader",
            min_toxicity=0.5,
            search="war",
            include_flagged=True,
        )
    )
    assert query == {
        "article": "a1",
        "to": "2013-02-20T22:46:30",
        "engine": "vader",
        "toxicity": "0.5",
        "q": "war",
        "flagged": "1",
    }
    assert filters_from_query({"flagged": "yes"}).include_flagged
    assert not filters_from_query({"flagged": "0"}).include_flagged


def test_repeated_list_keys_add_up():
    assert filters_from_query({"commenter": ["geha", "realist,geha"]}).commenters == ("geha", "realist")


def test_for_other_settings_the_last_of_a_repeated_key_counts():
    assert filters_from_query({"who": ["guest", "registered"], "q": ["a", " b "]}) == Filters(
        status="registered", search=" b "
    )


@pytest.mark.parametrize(
    "params",
    [
        {"sentiment": "high"},
        {"sentiment": "0.5,-0.5"},
        {"sentiment": "-3,1"},
        {"from": "yesterday-ish"},
        {"who": "everyone"},
        {"engine": "nope"},
        {"unknown": "x"},
        {"from": "2013-02-21", "to": "2013-02-20"},
        {"toxicity": "high"},
        {"toxicity": "1.5"},
        {"toxicity": "-0.1"},
        {"toxicity": "nan"},
    ],
)
def test_unreadable_query_values_keep_their_defaults(params):
    assert filters_from_query(params) == Filters()


def test_query_time_with_a_zone_is_read_as_utc():
    assert filters_from_query({"from": "2013-02-20T20:00:00+02:00"}).start == datetime(2013, 2, 20, 18, 0)


# --- in words ---------------------------------------------------------------------------------------


def test_minimum_toxicity_in_the_url_and_the_description():
    assert filters_to_query(Filters(min_toxicity=0.5)) == {"toxicity": "0.5"}
    assert describe_filters(Filters(min_toxicity=0.5)) == ["toxicity 0.50 or more"]


def test_describe_lists_only_what_filters():
    lines = describe_filters(
        Filters(articles=("a1",), search="war", sentiment=(-1, 0)), article_titles={"a1": "Lavrov warns"}
    )
    assert lines == ["articles: Lavrov warns", "textblob score -1.00 to +0.00", "text contains: war"]


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (datetime(2013, 2, 20, 18, 0), None, "posted 2013-02-20 18:00 to …"),
        (None, datetime(2013, 2, 20, 22, 46), "posted … to 2013-02-20 22:46"),
        (datetime(2013, 2, 20, 18, 0), datetime(2013, 2, 20, 22, 46), "posted 2013-02-20 18:00 to 2013-02-20 22:46"),
    ],
)
def test_a_time_range_is_one_line_whichever_ends_are_set(start, end, expected):
    assert describe_filters(Filters(start=start, end=end)) == [expected]


def test_the_engine_is_said_with_the_sentiment_range_only():
    assert describe_filters(Filters(engine="vader")) == []
    assert describe_filters(Filters(engine="vader", sentiment=(0, 1))) == ["vader score +0.00 to +1.00"]


@pytest.mark.parametrize("s", [s for s in SETTINGS if s.words], ids=lambda s: s.name)
def test_every_described_setting_is_said_when_set(s):
    assert describe_filters(Filters(**{s.name: filter_examples()[s.name]}))
