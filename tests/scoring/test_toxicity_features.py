"""analytics.scoring.toxicity.features: the logistic fit the shipped weights come from."""

from __future__ import annotations

import numpy as np

from analytics.scoring.toxicity import features


def test_fit_logistic_separates_a_simple_case():
    x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 1, 0, 1, 1])
    w = features._fit_logistic(x, y, l2=0.01)
    p = features._sigmoid(np.column_stack([x, np.ones(6)]) @ w)
    assert p[0] < 0.5 < p[-1]
