"""analytics.scoring.toxicity.bilstm: texts batched by length read as one at a time."""

from __future__ import annotations

import numpy as np
from toxicity_texts import CIVIL, TOXIC

from analytics.scoring.toxicity import score_texts


def test_batches_give_the_same_numbers_as_one_text_at_a_time():
    texts = TOXIC + CIVIL + ["word " * 150 + "idiot"]  # longer than the BiLSTM's 100 steps
    together = score_texts(texts)
    alone = np.array([score_texts([t])[0] for t in texts])
    np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-6)
