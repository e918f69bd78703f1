"""Fit the no-answer models of engine/faq/answerable.py on the TUNE split only.

``python bench/faq_tune.py`` indexes the 46-entry book, computes the verdict's features for
every tune question and, for each model, fits a small L2-regularised logistic regression
(answerable = 0, no answer = 1), estimates it by leave-one-out, picks the threshold that flags
at most 5 % of the answerable tune questions, and prints the constants to paste into
answerable.py:

- ``dense``: the questions scored with the embedder;
- ``lexical``: the same questions scored without it (words and glossary concepts only), the
  model the app uses where no embedder is installed or ``SHOPSCRIBE_EMBEDDER=off``.

``--no-embedder`` fits the lexical model alone (no vectors are made). ``--search`` also ranks
every subset of each model's candidate features by its leave-one-out figures, the way the
features in answerable.py were chosen. ``answerable_py_matches`` says whether answerable.py
holds the constants just printed. The held-out half is never read here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.faq_common import questions
from bench.faq_eval import log, store_at
from engine.faq.answerable import (
    DENSE,
    FEATURES,
    LEXICAL,
    LEXICAL_FEATURES,
    NoAnswerModel,
    features,
)
from engine.faq.index import book_index, rank, signals
from engine.models.embedder import get_embedder
from engine.store.connection import Store

L2 = 1.0
MAX_FALSE = 0.05
TOP = 10
"""How many subsets ``--search`` prints."""
Model = tuple[np.ndarray, np.ndarray, np.ndarray]


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> Model:
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


def predict(model: Model, x: np.ndarray) -> np.ndarray:
    """No-answer probabilities."""
    mean, scale, w = model
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    return np.asarray(1 / (1 + np.exp(-z @ w)))


def threshold_for(p: np.ndarray, y: np.ndarray) -> float:
    """The lowest threshold flagging at most MAX_FALSE of the answerable questions."""
    answerable = np.sort(p[y == 0])
    allowed = int(np.floor(MAX_FALSE * len(answerable)))
    return float(answerable[len(answerable) - allowed - 1]) + 1e-6 if len(answerable) else 0.5


def rates(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Flagged shares at ``threshold``, and the threshold-free log-loss and AUC."""
    clipped = np.clip(p, 1e-9, 1 - 1e-9)
    pairs = p[y == 1][:, None] - p[y == 0][None, :]
    return {
        "no_answer_flagged": round(float((p[y == 1] >= threshold).mean()), 3),
        "answerable_wrongly_flagged": round(float((p[y == 0] >= threshold).mean()), 3),
        "log_loss": round(float(-(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)).mean()), 4),
        "auc": round(float((pairs > 0).mean() + 0.5 * (pairs == 0).mean()), 3),
    }


def table(store: Store, embedder: Any) -> tuple[list[dict[str, float]], np.ndarray]:
    """Every feature of every tune question (scored with ``embedder``, or lexically), labels."""
    index = book_index(store)
    rows, labels = [], []
    for row in questions("tune"):
        sig = signals(store, row["question"], embedder, index)
        rows.append(features(sig, index, rank(sig, "hybrid")))
        labels.append(0.0 if row["answers"] else 1.0)
    return rows, np.array(labels)


def columns(rows: list[dict[str, float]], names: tuple[str, ...]) -> np.ndarray:
    """The ``names`` columns of the feature rows."""
    return np.array([[r[n] for n in names] for r in rows], dtype=np.float64)


def leave_one_out(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each question's probability from a model fitted on all the others."""
    loo = np.zeros(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        loo[i] = predict(fit(x[keep], y[keep]), x[i : i + 1])[0]
    return loo


def report(name: str, rows: list[dict[str, float]], y: np.ndarray, names: tuple[str, ...]) -> Any:
    """The constants of one model and its tune figures (fit and leave-one-out)."""
    x = columns(rows, names)
    model = fit(x, y)
    p = predict(model, x)
    loo = leave_one_out(x, y)
    mean, scale, w = model
    return {
        "model": name,
        "features": list(names),
        "mean": [round(float(v), 4) for v in mean],
        "scale": [round(float(v), 4) for v in scale],
        "coef": [round(float(v), 4) for v in w[:-1]],
        "bias": round(float(w[-1]), 4),
        "threshold": round(threshold_for(p, y), 4),
        "tune_fit": rates(p, y, threshold_for(p, y)),
        "tune_leave_one_out": rates(loo, y, threshold_for(loo, y)),
        "tune_questions": {"answerable": int((y == 0).sum()), "no_answer": int((y == 1).sum())},
    }


def search(rows: list[dict[str, float]], y: np.ndarray, candidates: tuple[str, ...]) -> Any:
    """Every subset of ``candidates``, best first by leave-one-out.

    Most no-answer questions flagged at a threshold flagging at most 5 % of the answerable
    ones, then (15 no-answer questions make that rate coarse: one question is 0.067) the lowest
    log-loss.
    """
    ranked: list[tuple[float, float, dict[str, Any]]] = []
    for size in range(1, len(candidates) + 1):
        for names in itertools.combinations(candidates, size):
            loo = leave_one_out(columns(rows, names), y)
            figures = rates(loo, y, threshold_for(loo, y))
            row = {"features": list(names), **figures}
            ranked.append((-figures["no_answer_flagged"], figures["log_loss"], row))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [row for *_, row in ranked[:TOP]]


def check(printed: dict[str, Any], model: NoAnswerModel) -> bool:
    """True when answerable.py holds the constants just fitted."""
    return bool(
        list(model.features) == printed["features"]
        and list(model.mean) == printed["mean"]
        and list(model.scale) == printed["scale"]
        and list(model.coef) == printed["coef"]
        and model.bias == printed["bias"]
        and model.threshold == printed["threshold"]
    )


def main(argv: list[str] | None = None) -> int:
    """Fit, estimate, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="keep/reuse the indexed store in this file")
    parser.add_argument(
        "--no-embedder", action="store_true", help="fit the lexical model only (no vectors made)"
    )
    parser.add_argument("--search", action="store_true", help="rank every feature subset too")
    args = parser.parse_args(argv)
    embedder = None if args.no_embedder else get_embedder()
    if embedder is None and not args.no_embedder:
        log("no embedder (none installed, or SHOPSCRIBE_EMBEDDER=off): the lexical model only")
    store, folder = store_at(args.db, embedder)
    out: dict[str, Any] = {}
    try:
        plans: list[tuple[NoAnswerModel, Any, tuple[str, ...]]] = [
            (LEXICAL, None, LEXICAL_FEATURES)
        ]
        if embedder is not None:
            plans.insert(0, (DENSE, embedder, FEATURES))
        for model, scorer, candidates in plans:
            rows, y = table(store, scorer)
            printed = report(model.name, rows, y, model.features)
            printed["answerable_py_matches"] = check(printed, model)
            if args.search:
                printed["subsets_by_leave_one_out"] = search(rows, y, candidates)
            out[model.name] = printed
    finally:
        store.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
