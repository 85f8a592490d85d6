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


def test_the_bilstm_runs_blas_on_one_thread_and_gives_the_threads_back(monkeypatch):
    """OpenBLAS threads spinning beside the other scoring process cost many times the products."""
    from threadpoolctl import threadpool_info

    from analytics.scoring.toxicity import bilstm

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    seen: list[set[int]] = []
    pooled = bilstm._bilstm_pooled
    monkeypatch.setattr(bilstm, "_bilstm_pooled", lambda ids: seen.append(blas_threads()) or pooled(ids))
    before = blas_threads()
    score_texts(TOXIC + CIVIL)
    assert seen and all(threads == {1} for threads in seen)
    assert blas_threads() == before
