"""The integer codes of an analysis's comments and the Arrow text the search reads."""

import numpy as np

from analytics.views.keys import _arrow_strings


def test_python_strings_become_arrow_strings_a_slice_at_a_time_without_losing_a_text():
    values = np.array(["Ja", None, "Straße", "ال", "x\ud800y", ""], dtype=object)
    made = _arrow_strings(values, step=4)
    assert made.num_chunks == 2 and made.to_pylist() == ["Ja", None, "Straße", "ال", "x?y", ""]
