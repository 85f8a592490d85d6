"""analytics.signals.entities.spans: the capitalised name spans of a text."""

import pytest

from analytics.signals.entities import name_spans


@pytest.mark.parametrize(
    "text, spans",
    [
        (
            "Foreign Minister Sergei Lavrov met Arab League chief Nabil al-Arabi.",
            ["Sergei Lavrov", "Arab League", "Nabil al-Arabi"],
        ),
        ("Insurgents fired at Assad's palace.", ["Assad"]),
        ("The talks included Iraq, Kuwait and Egypt.", ["Iraq", "Kuwait", "Egypt"]),
        ("The Syrian Observatory for Human Rights said so.", ["Syrian Observatory for Human Rights"]),
        ("He flew to Moscow for Syria on Monday in March.", ["Moscow", "Syria"]),
        (
            "The opposition National Coalition Ahmed Moaz al-Khatib spoke.",
            ["National Coalition", "Ahmed Moaz al-Khatib"],
        ),
        ("National talks began.", []),  # a common word starting a sentence
        ("STOP THIS NOW said Lavrov.", ["Lavrov"]),
        ("", []),
    ],
)
def test_name_spans(text, spans):
    assert name_spans(text) == spans
