"""The shipped model: the arrays of ``analytics/scoring/models/toxicity.npz`` and the lookups derived from them."""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources

import numpy as np

MODELS: tuple[str, ...] = ("combined", "incivility", "hate")

_MODEL_DIR = resources.files("analytics.scoring") / "models"
# Arrays installed in place of the shipped ones (:func:`analytics.scoring.toxicity.use_model_arrays`).
_INSTALLED: list[_Model] = []


class _Model:
    """The arrays of ``toxicity.npz`` and the lookups and tables derived from them."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        a = self.a = arrays
        # Words that name a group (``masked_words``) are unknown to every learned part, so a
        # score reads what is said about a group, not that it is named (the known bias of
        # models trained on hate labels: "I am a Muslim" scored as hateful).
        masked = set(a["masked_words"].tolist()) if "masked_words" in a else set()
        self.lstm_index = {w: i + 1 for i, w in enumerate(a["lstm_vocab"].tolist()) if w not in masked}
        self.apc_index = {w: i for i, w in enumerate(a["apc_vocab"].tolist()) if w not in masked}
        self.wv_index = {w: i for i, w in enumerate(a["wv_vocab"].tolist()) if w not in masked}
        self.word_vectors = a["wv_vectors"].astype(np.float32) * a["wv_scale"]
        self.weighted_vectors = self.word_vectors * a["wv_weight"][:, None]
        # The LSTM's input projection of every vocabulary word, computed once (it is a lookup),
        # with the columns of the sigmoid gates halved: sigmoid(x) = (1 + tanh(x / 2)) / 2, so
        # one tanh over all four gates does each step.
        units = a["lstm_fw_recurrent"].shape[0]
        half = np.full(4 * units, 0.5, np.float32)
        half[2 * units : 3 * units] = 1.0
        embedding = a["lstm_embedding"].astype(np.float32)
        self.units = units
        self.lstm_input = {
            d: ((embedding @ a[f"lstm_{d}_kernel"] + a[f"lstm_{d}_bias"]) * half).astype(np.float32)
            for d in ("fw", "bw")
        }
        self.lstm_recurrent = {
            d: np.ascontiguousarray((a[f"lstm_{d}_recurrent"] * half).astype(np.float32).T) for d in ("fw", "bw")
        }  # transposed: states are columns
        # Words named as reasons: the union of the word-vector and profanity vocabularies.
        words = list(dict.fromkeys(a["wv_vocab"].tolist() + a["apc_vocab"].tolist()))
        joint = {w: i for i, w in enumerate(words)}
        self.reason_words = np.array(words, dtype=object)
        self.wv_joint = np.array([joint[w] for w in a["wv_vocab"].tolist()])
        self.apc_joint = np.array([joint[w] for w in a["apc_vocab"].tolist()])

    @cached_property
    def hate_word(self) -> np.ndarray:
        """Each word vector's term in the shipped ``hate`` head (its mean over a text's words is
        the head's word-vector part)."""
        dims = self.word_vectors.shape[1]
        return self.word_vectors.astype(np.float64) @ (self.a["hate_coef"][:dims] / self.a["hate_std"][:dims])


@cache
def _shipped_model() -> _Model:
    with (_MODEL_DIR / "toxicity.npz").open("rb") as handle:
        with np.load(handle, allow_pickle=False) as archive:
            return _Model({k: archive[k] for k in archive.files})


def _model() -> _Model:
    """The model in use: the shipped one, unless ``bench/train_toxicity.py`` installed others."""
    return _INSTALLED[0] if _INSTALLED else _shipped_model()


def _check_model(model: str) -> None:
    if model not in MODELS:
        raise ValueError(f"unknown toxicity model {model!r}; choose one of {list(MODELS)}")
