"""The table of filter settings: every setting is described once, with everything each surface needs."""

from dataclasses import fields
from datetime import datetime

import pytest
from conftest import filter_examples

from analytics.views.kinds import KINDS
from analytics.views.settings import SETTINGS, Filters, help_text, query_key, setting


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(sentiment=(0.5, -0.5)), "low <= high"),
        (dict(start=datetime(2013, 2, 21), end=datetime(2013, 2, 20)), "after end"),
        (dict(status="anonymous"), "status"),
        (dict(min_toxicity=1.5), "min_toxicity"),
        (dict(min_toxicity=float("nan")), "min_toxicity"),
    ],
)
def test_invalid_filters_are_refused(bad, match):
    with pytest.raises(ValueError, match=match):
        Filters(**bad)


def test_values_are_normalised_when_made():
    made = Filters(commenters=["geha"], sentiment=[0, 1], min_toxicity=1, start="2013-02-20 18:00")
    assert made.commenters == ("geha",) and made.sentiment == (0.0, 1.0) and made.min_toxicity == 1.0
    assert made.start == datetime(2013, 2, 20, 18, 0)


# --- settings are documented data ---------------------------------------------------------------


def test_every_field_is_a_setting_of_the_table_in_order():
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Filters)]
    assert all(s.default == getattr(Filters(), s.name) for s in SETTINGS)


@pytest.mark.parametrize("name", [f.name for f in fields(Filters)])
def test_every_setting_has_a_help_text_and_a_query_key(name):
    assert len(help_text(name)) > 20
    assert query_key(name)


@pytest.mark.parametrize("s", SETTINGS, ids=lambda s: s.name)
def test_every_setting_has_a_kind_a_sidebar_label_and_an_option(s):
    assert isinstance(s.kind, KINDS)
    assert s.label and s.kind.widget
    assert s.option.startswith("--") and s.kind.cli_arguments(s.help)["help"].startswith(s.help)


def test_query_keys_and_options_are_distinct():
    for made in ([s.query for s in SETTINGS], [s.option for s in SETTINGS]):
        assert len(set(made)) == len(made)


def test_an_unknown_setting_is_named_in_the_error():
    with pytest.raises(ValueError, match="no filter setting named 'colour'"):
        setting("colour")


def test_the_examples_differ_from_every_default():
    examples = filter_examples()
    assert set(examples) == {s.name for s in SETTINGS}
    assert all(Filters(**{name: value}) != Filters() for name, value in examples.items())
