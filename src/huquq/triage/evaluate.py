"""Scores triage against labelled messages, and cross-validates it on dev.jsonl.

Cross-validation keeps the rules inside the loop (every held-out message goes through
the full ``analyse``) and puts the hand-written examples only in training folds.
Confidence intervals are 95% percentile bootstrap intervals over held-out messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from huquq.triage.engine import Triage, analyse
from huquq.triage.model import SEED, TriageModel, fit
from huquq.triage.vocab import CATEGORIES, URGENCIES, Urgency

BOOTSTRAP_SAMPLES = 1000


@dataclass(frozen=True)
class Scores:
    """Every figure the reports print, computed on one set of messages."""

    per_label: dict[str, tuple[float, float, float, int]]  # precision, recall, F1, support
    macro_f1: float
    urgency_confusion: list[list[int]]  # rows: gold, columns: predicted, URGENCIES order
    immediate_recall: float
    urgency_accuracy: float
    language_accuracy: float
    script_accuracy: float
    city_accuracy: float
    citizenship_accuracy: float

    def headline(self) -> dict[str, float]:
        return {
            "macro-F1 (categories)": self.macro_f1,
            "recall of immediate": self.immediate_recall,
            "urgency accuracy": self.urgency_accuracy,
            "language accuracy": self.language_accuracy,
            "script accuracy": self.script_accuracy,
            "city accuracy": self.city_accuracy,
            "citizenship accuracy": self.citizenship_accuracy,
        }


def _same_city(gold: str | None, predicted: str | None) -> bool:
    def fold(name: str | None) -> str:
        return (name or "").lower().replace("ё", "е")

    return fold(gold) == fold(predicted)


def score(gold: Sequence[dict], predicted: Sequence[Triage]) -> Scores:
    per_label = {}
    for label in CATEGORIES:
        true_positive = sum(
            label in g["categories"] and label in p.categories
            for g, p in zip(gold, predicted, strict=True)
        )
        predicted_count = sum(label in p.categories for p in predicted)
        support = sum(label in g["categories"] for g in gold)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = (precision, recall, f1, support)
    present = [values[2] for values in per_label.values() if values[3]]
    confusion = [[0] * len(URGENCIES) for _ in URGENCIES]
    for g, p in zip(gold, predicted, strict=True):
        confusion[URGENCIES.index(g["urgency"])][URGENCIES.index(p.urgency)] += 1
    immediate = URGENCIES.index(Urgency.IMMEDIATE)
    immediate_total = sum(confusion[immediate])
    count = max(len(gold), 1)
    pairs = list(zip(gold, predicted, strict=True))
    return Scores(
        per_label=per_label,
        macro_f1=float(np.mean(present)) if present else 0.0,
        urgency_confusion=confusion,
        immediate_recall=confusion[immediate][immediate] / immediate_total
        if immediate_total
        else 0.0,
        urgency_accuracy=sum(confusion[i][i] for i in range(len(URGENCIES))) / count,
        language_accuracy=sum(g["language"] == p.language for g, p in pairs) / count,
        script_accuracy=sum(g["script"] == p.script for g, p in pairs) / count,
        city_accuracy=sum(_same_city(g["city"], p.city) for g, p in pairs) / count,
        citizenship_accuracy=sum(g["citizenship"] == p.citizenship for g, p in pairs) / count,
    )


def bootstrap_intervals(
    gold: Sequence[dict], predicted: Sequence[Triage], samples: int = BOOTSTRAP_SAMPLES
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of the headline figures, resampling messages."""
    generator = np.random.default_rng(SEED)
    values: dict[str, list[float]] = {}
    for _ in range(samples):
        picks = generator.integers(0, len(gold), len(gold))
        resampled = score([gold[i] for i in picks], [predicted[i] for i in picks])
        for name, value in resampled.headline().items():
            values.setdefault(name, []).append(value)
    return {
        name: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
        for name, v in values.items()
    }


def cross_validate(
    dev: Sequence[dict],
    examples: Sequence[dict],
    folds: int = 5,
    fit_model: Callable[[Sequence[dict]], tuple[dict, dict]] = fit,
) -> list[Triage]:
    """Held-out predictions for every dev message, in dev order (fixed seed)."""
    order = np.random.default_rng(SEED).permutation(len(dev))
    predictions: list[Triage | None] = [None] * len(dev)
    for fold in range(folds):
        held_out = set(order[fold::folds].tolist())
        training = [row for index, row in enumerate(dev) if index not in held_out]
        model = TriageModel(*fit_model([*training, *examples]))
        for index in sorted(held_out):
            predictions[index] = analyse(dev[index]["text"], model=model)
    return [prediction for prediction in predictions if prediction is not None]


def format_report(scores: Scores, intervals: dict[str, tuple[float, float]] | None = None) -> str:
    lines = [f"{'label':24} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>7}"]
    for label, (precision, recall, f1, support) in scores.per_label.items():
        lines.append(f"{label:24} {precision:9.3f} {recall:7.3f} {f1:6.3f} {support:7d}")
    lines.append("")
    lines.append("urgency confusion (rows gold, columns predicted):")
    lines.append(" " * 11 + "".join(f"{name:>10}" for name in URGENCIES))
    for name, row in zip(URGENCIES, scores.urgency_confusion, strict=True):
        lines.append(f"{name:>10} " + "".join(f"{count:10d}" for count in row))
    lines.append("")
    for name, value in scores.headline().items():
        interval = ""
        if intervals and name in intervals:
            low, high = intervals[name]
            interval = f"  (95% CI {low:.3f}-{high:.3f})"
        lines.append(f"{name:24} {value:.3f}{interval}")
    return "\n".join(lines)
