"""Fit the no-answer model of engine/faq/answerable.py on the TUNE split only.

``python bench/faq_tune.py`` indexes the 46-entry book, computes the verdict's features for
every tune question, fits a small L2-regularised logistic regression (answerable = 0,
no answer = 1), estimates it by leave-one-out, picks the threshold that flags at most 5 % of
the answerable tune questions, and prints the constants to paste into answerable.py. The
held-out half is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.faq_common import questions
from bench.faq_eval import store_at
from engine.faq.answerable import MODEL_FEATURES, as_array, features
from engine.faq.index import book_index, rank, signals
from engine.models.embedder import get_embedder

L2 = 1.0
MAX_FALSE = 0.05


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton's method on standardised features; returns (mean, scale, weights + bias)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    penalty = l2 * np.diag(np.r_[np.ones(z.shape[1] - 1), 0.0])
    for _ in range(25):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty @ w
        hess = z.T @ (z * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hess, grad)
    return mean, scale, w


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    """No-answer probabilities."""
    mean, scale, w = model
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    return 1 / (1 + np.exp(-z @ w))


def threshold_for(p: np.ndarray, y: np.ndarray) -> float:
    """The lowest threshold flagging at most MAX_FALSE of the answerable questions."""
    answerable = np.sort(p[y == 0])
    allowed = int(np.floor(MAX_FALSE * len(answerable)))
    return float(answerable[len(answerable) - allowed - 1]) + 1e-6 if len(answerable) else 0.5


def rates(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Flagged shares at ``threshold``."""
    return {
        "no_answer_flagged": round(float((p[y == 1] >= threshold).mean()), 3),
        "answerable_wrongly_flagged": round(float((p[y == 0] >= threshold).mean()), 3),
    }


def table(store: Any, embedder: Any) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the tune questions."""
    index = book_index(store)
    rows, labels = [], []
    for row in questions("tune"):
        sig = signals(store, row["question"], embedder, index)
        rows.append(as_array(features(sig, index, rank(sig, "hybrid"))))
        labels.append(0.0 if row["answers"] else 1.0)
    return np.array(rows), np.array(labels)


def main() -> None:
    """Fit, estimate, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="keep/reuse the indexed store in this file")
    args = parser.parse_args()
    embedder = get_embedder()
    store, _folder = store_at(args.db, embedder)
    x, y = table(store, embedder)
    loo = np.zeros(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        loo[i] = predict(fit(x[keep], y[keep]), x[i : i + 1])[0]
    model = fit(x, y)
    p = predict(model, x)
    threshold = threshold_for(p, y)
    mean, scale, w = model
    print(
        json.dumps(
            {
                "features": list(MODEL_FEATURES),
                "MEAN": [round(float(v), 4) for v in mean],
                "SCALE": [round(float(v), 4) for v in scale],
                "COEF": [round(float(v), 4) for v in w[:-1]],
                "BIAS": round(float(w[-1]), 4),
                "THRESHOLD": round(threshold, 4),
                "tune_fit": rates(p, y, threshold),
                "tune_leave_one_out": rates(loo, y, threshold_for(loo, y)),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
