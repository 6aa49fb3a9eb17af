"""Speed and accuracy of ``huquq.triage.analyse`` against a plain TF-IDF baseline.

Run from the repository root: ``.venv/bin/python benchmarks/bench_triage.py``.

Speed: one ``analyse`` call per message, on one core, over unique texts (dev and own
examples, each with a random suffix, so that nothing can be cached), the model loaded
once before timing. Both CPU time of this process and wall time are reported, each the
median of ``ROUNDS`` rounds with fresh suffixes: on a shared virtual machine a single
round varies by a quarter from one run to the next.

Accuracy: the fixed-seed 5-fold cross-validation of ``huquq triage cv`` for both systems;
the baseline (word TF-IDF + one-vs-rest logistic regression with balanced class
weights, no rules) is trained on exactly the same folds plus the same own examples.
Then both, trained on everything, on the three held-out sets (640 messages) nobody tuned on.
"""

from __future__ import annotations

import os
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from huquq.triage.datasets import DEV_FILE, EXAMPLES_FILE, load_jsonl
from huquq.triage.engine import MODEL, Triage, analyse
from huquq.triage.evaluate import cross_validate, score
from huquq.triage.model import SEED
from huquq.triage.vocab import SPECIFIC_CATEGORIES, URGENCIES, Category

MESSAGES = 4000
ROUNDS = 5
FOLDS = 5
#: Three held-out sets by three writers who never saw the code (src/huquq/triage/README.md).
HOLDOUT_FILES = tuple(
    Path(__file__).resolve().parent / "data" / f"triage-holdout{suffix}.jsonl"
    for suffix in ("", "-2", "-3")
)


class Baseline:
    """Word TF-IDF and logistic regression, one model per category and one for urgency.

    Balanced class weights and C=10: with scikit-learn's defaults the rare categories are
    never predicted on this little data, which would make a straw man of the baseline.
    """

    def __init__(self, examples: list[dict]) -> None:
        texts = [example["text"] for example in examples]
        self.vectorizer = TfidfVectorizer()
        matrix = self.vectorizer.fit_transform(texts)
        targets = np.array(
            [[category in e["categories"] for category in SPECIFIC_CATEGORIES] for e in examples]
        )
        self.categories = OneVsRestClassifier(
            LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear")
        )
        self.categories.fit(matrix, targets)
        self.urgency = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
        self.urgency.fit(matrix, [URGENCIES.index(e["urgency"]) for e in examples])

    def predict(self, text: str) -> tuple[tuple[str, ...], str]:
        features = self.vectorizer.transform([text])
        flags = self.categories.predict(features)[0]
        categories = tuple(c for c, flag in zip(SPECIFIC_CATEGORIES, flags, strict=True) if flag)
        urgency = URGENCIES[int(self.urgency.predict(features)[0])]
        return categories or (Category.OTHER.value,), urgency


def baseline_cross_validation(dev: list[dict], examples: list[dict]) -> list[Triage]:
    """Same folds as ``evaluate.cross_validate``; fields the baseline lacks are copied."""
    order = np.random.default_rng(SEED).permutation(len(dev))
    predictions: list[Triage | None] = [None] * len(dev)
    for fold in range(FOLDS):
        held_out = set(order[fold::FOLDS].tolist())
        baseline = Baseline([r for i, r in enumerate(dev) if i not in held_out] + examples)
        for index in held_out:
            predictions[index] = baseline_triage(baseline, dev[index])
    return [prediction for prediction in predictions if prediction is not None]


def baseline_triage(baseline: Baseline, gold: dict) -> Triage:
    categories, urgency = baseline.predict(gold["text"])
    return Triage(gold["language"], gold["script"], categories, urgency, gold["city"], None)


def unique_texts(rows: list[dict], count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    alphabet = string.ascii_lowercase + "абвгдежзийклмнопрстуфхцчшщэюя" + string.digits
    return [
        rows[index % len(rows)]["text"] + " " + "".join(generator.choices(alphabet, k=8))
        for index in range(count)
    ]


def throughput(function, rows: list[dict]) -> tuple[float, float]:
    """Median (messages per CPU second, per wall second) over rounds of unique texts."""
    cpu_rates, wall_rates = [], []
    for round_number in range(ROUNDS):
        texts = unique_texts(rows, MESSAGES, SEED + round_number)
        cpu, wall = time.process_time(), time.perf_counter()
        for text in texts:
            function(text)
        cpu_rates.append(len(texts) / (time.process_time() - cpu))
        wall_rates.append(len(texts) / (time.perf_counter() - wall))
    return float(np.median(cpu_rates)), float(np.median(wall_rates))


def main() -> int:
    dev, examples = load_jsonl(DEV_FILE), load_jsonl(EXAMPLES_FILE)
    holdout = [row for path in HOLDOUT_FILES for row in load_jsonl(path)]

    MODEL.get()  # load the shipped model once, outside the timing
    analyse(dev[0]["text"])
    triage_cpu, triage_wall = throughput(analyse, dev + examples)

    baseline = Baseline(dev + examples)
    baseline.predict(dev[0]["text"])
    baseline_cpu, baseline_wall = throughput(baseline.predict, dev + examples)

    triage_scores = score(dev, cross_validate(dev, examples, folds=FOLDS))
    baseline_scores = score(dev, baseline_cross_validation(dev, examples))
    triage_holdout = score(holdout, [analyse(row["text"]) for row in holdout])
    baseline_holdout = score(holdout, [baseline_triage(baseline, row) for row in holdout])

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{MESSAGES} unique messages a round, median of {ROUNDS}; load average {load}")
    print(f"{'':28} {'triage':>10} {'baseline':>10} {'ratio':>7}")
    rows = [
        ("messages/s (CPU time)", triage_cpu, baseline_cpu),
        ("messages/s (wall time)", triage_wall, baseline_wall),
        ("CV macro-F1 (categories)", triage_scores.macro_f1, baseline_scores.macro_f1),
        (
            "CV recall of immediate",
            triage_scores.immediate_recall,
            baseline_scores.immediate_recall,
        ),
        ("CV urgency accuracy", triage_scores.urgency_accuracy, baseline_scores.urgency_accuracy),
        ("held-out macro-F1", triage_holdout.macro_f1, baseline_holdout.macro_f1),
        (
            "held-out recall of immediate",
            triage_holdout.immediate_recall,
            baseline_holdout.immediate_recall,
        ),
        (
            "held-out urgency accuracy",
            triage_holdout.urgency_accuracy,
            baseline_holdout.urgency_accuracy,
        ),
    ]
    for name, ours, theirs in rows:
        ratio = ours / theirs if theirs else float("inf")
        digits = 0 if "messages" in name else 3
        print(f"{name:28} {ours:10.{digits}f} {theirs:10.{digits}f} {ratio:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
