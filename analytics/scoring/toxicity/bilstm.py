"""The BiLSTM of ``toxic-comment-classifier`` run in NumPy: the logits of its six Jigsaw labels."""

from __future__ import annotations

from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from .model import _model
from .pieces import _Parsed

_MAX_LEN = 100  # the BiLSTM reads the last 100 known words, as it was trained
_SETTLED = 1e-7  # the backward LSTM stops reading padding once no state moves by more


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _lstm_step(z: np.ndarray, c: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """One Keras LSTM step (gates i, f, c, o) from the pre-activations ``z`` (4 x units rows, one
    column per text: each gate a contiguous block), sigmoid gates halved (:class:`_Model`): new
    ``(h, c)``. Overwrites ``z`` and ``c``."""
    np.tanh(z, out=z)
    sig = z[: 2 * units]
    sig *= 0.5
    sig += 0.5
    out_gate = z[3 * units :]
    out_gate *= 0.5
    out_gate += 0.5
    c *= z[units : 2 * units]
    c += z[:units] * z[2 * units : 3 * units]
    h = np.tanh(c)
    h *= out_gate
    return h, c


@cache
def _forward_padding() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forward LSTM over 0..100 padding steps, the same for every text: states after j steps
    and the running maximum of the hidden states (``-inf`` for j = 0)."""
    m = _model()
    units = m.units
    h = np.zeros((units, 1), np.float32)
    c = np.zeros((units, 1), np.float32)
    hs, cs, peak = [h[:, 0]], [c[:, 0]], [np.full(units, -np.inf, np.float32)]
    for _ in range(_MAX_LEN):
        h, c = _lstm_step(m.lstm_input["fw"][:1].T + m.lstm_recurrent["fw"] @ h, c.copy(), units)
        hs.append(h[:, 0])
        cs.append(c[:, 0])
        peak.append(np.maximum(peak[-1], h[:, 0]))
    return np.array(hs), np.array(cs), np.array(peak)


def _bilstm_pooled(ids: np.ndarray) -> np.ndarray:
    """Max-pooled BiLSTM states of texts padded at the front (id 0) to ``ids.shape[1]`` steps, as
    Keras computes them padded at the front to 100 steps.

    The forward pass over the first padding steps is the same for every text
    (:func:`_forward_padding`); the backward pass reads the padding last and stops once its state
    no longer changes. States are kept one column per text (faster than rows)."""
    m = _model()
    n, length = ids.shape
    units = m.units
    padding = _MAX_LEN - length
    hs, cs, peak = _forward_padding()
    h = np.repeat(hs[padding][:, None], n, axis=1)
    c = np.repeat(cs[padding][:, None], n, axis=1)
    top_f = np.repeat(peak[padding][:, None], n, axis=1)
    steps = m.lstm_input["fw"][ids.T].transpose(0, 2, 1)
    recurrent = m.lstm_recurrent["fw"]
    for t in range(length):
        z = recurrent @ h
        z += steps[t]
        h, c = _lstm_step(z, c, units)
        np.maximum(top_f, h, out=top_f)
    h = np.zeros((units, n), np.float32)
    c = np.zeros((units, n), np.float32)
    top_b = np.full((units, n), -np.inf, np.float32)
    steps = m.lstm_input["bw"][ids.T].transpose(0, 2, 1)
    recurrent = m.lstm_recurrent["bw"]
    for t in range(length - 1, -1, -1):
        z = recurrent @ h
        z += steps[t]
        h, c = _lstm_step(z, c, units)
        np.maximum(top_b, h, out=top_b)
    pad = m.lstm_input["bw"][0][:, None]
    for _ in range(padding):
        z = recurrent @ h
        z += pad
        h_new, c = _lstm_step(z, c, units)
        np.maximum(top_b, h_new, out=top_b)
        settled = np.abs(h_new - h).max() < _SETTLED
        h = h_new
        if settled:
            break
    return np.concatenate([top_f, top_b]).T


def _bilstm_logits(parsed: _Parsed, *, batch: int = 64) -> np.ndarray:
    """Logits of the six Jigsaw labels (toxic, severe, obscene, threat, insult, identity hate) of
    each text: it reads a text's last 100 known words. Its probabilities equal the package's own
    within 3e-4 (the embedding is stored as float16) on the Fox News and SFU comments that name no
    group (group names are unknown words here). Texts of similar length run together (sorted by
    length), padded at the front as Keras pads them.

    Batches stay small on purpose: from about 128 rows OpenBLAS splits each step's product over
    threads, whose start and wait cost more than the product itself, while 64 rows already
    amortise the per-step overhead. For the same reason BLAS runs on this thread alone here:
    newer OpenBLAS releases split even these products, and their threads, spinning beside the
    other scoring process, cost many times the product (docs/performance.md#toxicity)."""
    with _blas().limit(limits=1, user_api="blas"):
        return _logits_in_batches(parsed, batch)


def _logits_in_batches(parsed: _Parsed, batch: int) -> np.ndarray:
    a = _model().a
    out = np.zeros((parsed.n, 6), np.float32)
    ends = np.cumsum(np.bincount(parsed.lstm_text, minlength=parsed.n))
    lengths = np.minimum(np.bincount(parsed.lstm_text, minlength=parsed.n), _MAX_LEN)
    order = np.argsort(lengths, kind="stable")
    padded = np.concatenate([[0], parsed.lstm_ids])  # position 0: the padding id
    for start in range(0, parsed.n, batch):
        rows = order[start : start + batch]
        length = int(lengths[rows[-1]])
        # Position j of a row reads word ends - length + j (1-based in `padded`), or padding.
        at = ends[rows, None] - length + np.arange(length) + 1
        at[at <= (ends[rows] - lengths[rows])[:, None]] = 0
        hidden = np.maximum(_bilstm_pooled(padded[at]) @ a["dense_kernel"] + a["dense_bias"], 0)
        out[rows] = hidden @ a["out_kernel"] + a["out_bias"]
    return out
