"""The classifier: logistic regression over hashed character n-grams.

One binary model per category (one-vs-rest) and one three-class model for urgency.
Training uses scikit-learn; the saved file is a plain ``.npz`` (no pickle) holding
bucket numbers, idf and weights as float32, and prediction is a few numpy operations.
Because features are hashed (see ``features``), the file holds no training text:
no names, no phone numbers.

Files are named ``model-v{N}-{sha8}.npz``; the engine loads the highest N found in the
shipped ``models/`` folder and in ``$HUQUQ_TRIAGE_MODEL_DIR``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from huquq.triage.features import N_BUCKETS, hashed_ngrams
from huquq.triage.vocab import SPECIFIC_CATEGORIES, URGENCIES

SHIPPED_MODEL_DIR = Path(__file__).parent / "models"
MODEL_DIR_ENV = "HUQUQ_TRIAGE_MODEL_DIR"
SEED = 20240601
_MODEL_NAME = re.compile(r"^model-v(\d+)-([0-9a-f]{8})\.npz$")
_CATEGORY_C = 8.0
_URGENCY_C = 8.0


@dataclass(frozen=True)
class Prediction:
    category_probabilities: dict[str, float]
    urgency_probabilities: dict[str, float]


class TriageModel:
    """Weights for the categories and urgency, ready to score one text at a time."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict) -> None:
        self.meta = meta
        # float32 as stored: half the memory to gather per message, and the same decisions.
        self._idf = arrays["idf"].astype(np.float32)
        # Categories and urgency side by side: one gather and one product per message.
        self._weights = np.hstack(
            [arrays["category_weights"], arrays["urgency_weights"]], dtype=np.float32
        )
        self._bias = np.concatenate([arrays["category_bias"], arrays["urgency_bias"]]).tolist()
        self._row_of_bucket = np.full(N_BUCKETS, -1, dtype=np.int32)
        self._row_of_bucket[arrays["buckets"]] = np.arange(len(arrays["buckets"]), dtype=np.int32)

    @classmethod
    def load(cls, path: Path) -> TriageModel:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files if name != "meta"}
            meta = json.loads(str(stored["meta"]))
        return cls(arrays, meta)

    def predict(self, text: str) -> Prediction:
        rows = self._row_of_bucket[hashed_ngrams(text)]
        rows = rows[rows >= 0]
        scores = self._bias
        if len(rows):
            # Each repeat of an n-gram adds its idf: the count x idf of ``fit``, no sorting.
            values = self._idf.take(rows)
            products = (values @ self._weights.take(rows, axis=0)).tolist()
            norm = math.sqrt(values @ values)
            scores = [bias + product / norm for bias, product in zip(scores, products, strict=True)]
        category_scores = scores[: len(SPECIFIC_CATEGORIES)]
        urgency_scores = scores[len(SPECIFIC_CATEGORIES) :]
        top = max(urgency_scores)
        urgency_exp = [math.exp(score - top) for score in urgency_scores]
        total = sum(urgency_exp)
        return Prediction(
            {
                category: 1.0 / (1.0 + math.exp(-score))
                for category, score in zip(SPECIFIC_CATEGORIES, category_scores, strict=True)
            },
            {urgency: value / total for urgency, value in zip(URGENCIES, urgency_exp, strict=True)},
        )


def fit(examples: Sequence[dict]) -> tuple[dict[str, np.ndarray], dict]:
    """Trains on labelled examples (``text``, ``categories``, ``urgency``); fixed seeds."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    texts = [example["text"] for example in examples]
    bucket_lists = [hashed_ngrams(text) for text in texts]
    buckets = np.unique(np.concatenate(bucket_lists)) if bucket_lists else np.empty(0)
    column_of_bucket = {int(bucket): column for column, bucket in enumerate(buckets)}
    indptr, indices, values = [0], [], []
    for bucket_list in bucket_lists:
        unique, counts = np.unique(bucket_list, return_counts=True)
        indices.extend(column_of_bucket[int(bucket)] for bucket in unique)
        values.extend(counts.tolist())
        indptr.append(len(indices))
    counts = sparse.csr_matrix((values, indices, indptr), shape=(len(texts), len(buckets)))
    document_frequency = np.bincount(counts.indices, minlength=len(buckets))
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1.0
    # Same scaling as ``TriageModel.predict``: count x idf over sqrt(sum of count x idf²).
    norms = np.sqrt(counts @ (idf**2))
    matrix = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ counts.multiply(idf).tocsr()

    category_weights = np.zeros((len(buckets), len(SPECIFIC_CATEGORIES)), dtype=np.float32)
    category_bias = np.zeros(len(SPECIFIC_CATEGORIES), dtype=np.float32)
    for index, category in enumerate(SPECIFIC_CATEGORIES):
        target = np.array([category in example["categories"] for example in examples])
        if target.all() or not target.any():
            category_bias[index] = 10.0 if target.all() else -10.0
            continue
        classifier = LogisticRegression(
            C=_CATEGORY_C, class_weight="balanced", solver="liblinear", random_state=SEED
        )
        classifier.fit(matrix, target)
        category_weights[:, index] = classifier.coef_[0]
        category_bias[index] = classifier.intercept_[0]

    urgency_target = np.array([URGENCIES.index(example["urgency"]) for example in examples])
    urgency_weights = np.zeros((len(buckets), len(URGENCIES)), dtype=np.float32)
    urgency_bias = np.zeros(len(URGENCIES), dtype=np.float32)
    present = np.unique(urgency_target)
    if len(present) > 1:
        classifier = LogisticRegression(
            C=_URGENCY_C, class_weight="balanced", max_iter=5000, random_state=SEED
        )
        classifier.fit(matrix, urgency_target)
        coefficients = classifier.coef_
        intercepts = classifier.intercept_
        if len(present) == 2:  # binary problems come back with one row
            coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
            intercepts = np.array([-intercepts[0] / 2, intercepts[0] / 2])
        urgency_weights[:, present] = coefficients.T
        urgency_bias[present] = intercepts
    urgency_bias[np.setdiff1d(np.arange(len(URGENCIES)), present)] = -10.0

    arrays = {
        "buckets": buckets.astype(np.int32),
        "idf": idf.astype(np.float32),
        "category_weights": category_weights,
        "category_bias": category_bias,
        "urgency_weights": urgency_weights,
        "urgency_bias": urgency_bias,
    }
    meta = {
        "categories": list(SPECIFIC_CATEGORIES),
        "urgencies": list(URGENCIES),
        "examples": len(examples),
        "seed": SEED,
    }
    return arrays, meta


def train(examples: Iterable[dict], out: Path) -> Path:
    """Trains on ``examples`` and writes ``model-v{N}-{sha8}.npz`` into the folder ``out``.

    ``sha8`` identifies the training result (weights and settings); N is one more than
    the highest version in ``out`` and in the shipped folder, so the engine prefers the
    new file. Training the same examples again gives the same weights: then the file
    already there is returned and nothing is written. Returns the model's path.
    """
    examples = list(examples)
    arrays, meta = fit(examples)
    digest = _digest(arrays, meta)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    existing = [path for path in _model_files([out]) if _MODEL_NAME.match(path.name)[2] == digest]
    if existing:
        return existing[0]
    version = 1 + max(
        (_version(path) for path in _model_files([out, SHIPPED_MODEL_DIR])), default=0
    )
    meta = {**meta, "version": version, "digest": digest}
    path = out / f"model-v{version}-{digest}.npz"
    with path.open("wb") as file:
        np.savez_compressed(file, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)
    return path


def _digest(arrays: dict[str, np.ndarray], meta: dict) -> str:
    hasher = hashlib.sha256(json.dumps(meta, sort_keys=True).encode())
    for name in sorted(arrays):
        hasher.update(name.encode())
        hasher.update(np.ascontiguousarray(arrays[name]).tobytes())
    return hasher.hexdigest()[:8]


def model_dirs() -> list[Path]:
    """The shipped folder, then ``$HUQUQ_TRIAGE_MODEL_DIR`` when it is set."""
    dirs = [SHIPPED_MODEL_DIR]
    extra = os.environ.get(MODEL_DIR_ENV)
    if extra:
        dirs.append(Path(extra))
    return dirs


def newest_model_file(dirs: Iterable[Path] | None = None) -> Path | None:
    """The model file with the highest version in ``dirs`` (default: ``model_dirs()``)."""
    files = _model_files(model_dirs() if dirs is None else dirs)
    return max(files, key=lambda path: (_version(path), path.stat().st_mtime), default=None)


def _model_files(dirs: Iterable[Path]) -> list[Path]:
    found = []
    for folder in dirs:
        if folder.is_dir():
            found.extend(path for path in folder.iterdir() if _MODEL_NAME.match(path.name))
    return found


def _version(path: Path) -> int:
    match = _MODEL_NAME.match(path.name)
    return int(match.group(1)) if match else 0
