"""Validation figures of :mod:`analytics.toxicity`: ROC AUC on labelled real news comments.

    .venv/bin/python bench/toxicity_eval.py

Reads ``../shared/data/real`` (never committed). Fox News (hate label, MIT): every figure is
out-of-article: for each of the 10 articles the ``hate`` head is refitted (as
``bench/train_toxicity.py`` fits it) on the other 9 and scores the held-out one, so no thread
leaks into its own score. SFU (toxicity codes 3-4 vs 1-2, CC BY-NC-SA): never trained on,
scored with the shipped weights, so it is across datasets. The throughput line times
``toxicity_scores`` (language check and reasons included) on the two sets' texts.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "data" / "real"

from analytics import toxicity as tx  # noqa: E402
from train_toxicity import HATE_L2, fox_comments, hate_training  # noqa: E402


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC by the rank-sum formula (ties share their mean rank)."""
    labels = np.asarray(labels, dtype=bool)
    ranks = pd.Series(scores).rank(method="average").to_numpy()
    n_pos, n_neg = labels.sum(), (~labels).sum()
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def sfu_comments() -> pd.DataFrame:
    frame = pd.read_csv(REAL / "sfu_ctc" / "SFU_constructiveness_toxicity.csv")
    frame = frame.rename(columns={"comment": "text", "is_toxic_popular_answer_1": "code"})
    frame["label"] = (frame["code"] >= 3).astype(int)
    return frame[["title", "text", "code", "label"]]


def signals(features: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each part alone (higher = more toxic), for the ablation rows."""
    return {"BiLSTM (Jigsaw; toxic-comment-classifier)": features["bilstm"].mean(axis=1),
            "alt-profanity-check linear model": features["apc"],
            "hand-written lexicon": features["lexicon"]}


def figures() -> dict[str, dict[str, float]]:
    """AUC of every model and part on Fox (out-of-article) and SFU (across datasets)."""
    a = tx._model().a
    fox, sfu = fox_comments(), sfu_comments()
    fox_feats = tx._features(fox["text"].tolist())
    sfu_feats = tx._features(sfu["text"].tolist())
    y = fox["label"].to_numpy()
    held_out = {name: np.empty(len(fox)) for name in tx.MODELS}
    for title in fox["title"].unique():
        test = (fox["title"] == title).to_numpy()
        train, labels = hate_training(tx, fox[~test], {k: v[~test] for k, v in fox_feats.items()})
        coef = tx._fit_logistic((tx._hate_inputs(train) - a["hate_mean"]) / a["hate_std"], labels, l2=HATE_L2)
        fold = {k: v[test] for k, v in fox_feats.items()}
        for name, values in tx._views(fold, hate_coef=coef).items():
            held_out[name][test] = values
    sfu_views = tx._views(sfu_feats)
    table = {f"threadscope `{name}`": {"fox": roc_auc(y, held_out[name]), "sfu": roc_auc(sfu["label"], sfu_views[name])}
             for name in tx.MODELS}
    sfu_parts = signals(sfu_feats)
    for name, values in signals(fox_feats).items():
        table[name] = {"fox": roc_auc(y, values), "sfu": roc_auc(sfu["label"], sfu_parts[name])}
    return table


def throughput() -> tuple[int, float, float]:
    texts = fox_comments()["text"].tolist() + sfu_comments()["text"].tolist()
    frame = pd.DataFrame({"text": [f"{t} ({k})" for k, t in enumerate(texts)]})  # distinct texts
    tx.toxicity_scores(pd.DataFrame({"text": ["warm-up: loads the model and word lists"]}))
    start, cpu = time.perf_counter(), time.process_time()
    tx.toxicity_scores(frame)
    return len(frame), len(frame) / (time.perf_counter() - start), len(frame) / (time.process_time() - cpu)


def main() -> None:
    if not REAL.is_dir():
        sys.exit(f"no validation data at {REAL}")
    table = figures()
    fox, sfu = fox_comments(), sfu_comments()
    print(f"Toxicity ROC AUC: Fox News hate label ({len(fox)} comments, {int(fox.label.sum())} hateful;"
          f" out-of-article, 10 folds) and SFU toxicity codes 3-4 vs 1-2 ({len(sfu)} comments,"
          f" {int(sfu.label.sum())} toxic; never trained on)")
    print()
    print("| model or part | Fox News AUC | SFU AUC |")
    print("|---|---|---|")
    for name, row in table.items():
        print(f"| {name} | {row['fox']:.3f} | {row['sfu']:.3f} |")
    print("| targets (issue 7) | 0.750 | 0.750 |")
    n, rate, cpu_rate = throughput()
    print()
    print(f"throughput: {rate:,.0f} comments/s wall clock, {cpu_rate:,.0f} per CPU second, over {n} comments"
          " (toxicity_scores: language check, score and reasons)")


if __name__ == "__main__":
    main()
