"""The labelled messages the model learns from: dev.jsonl, examples.jsonl, corrections."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from huquq.triage.vocab import CATEGORIES, URGENCIES

DATA_DIR = Path(__file__).parent / "data"
#: A copy of the shared development set.
DEV_FILE = DATA_DIR / "dev.jsonl"
#: Synthetic examples written for this package, in all five languages.
EXAMPLES_FILE = DATA_DIR / "examples.jsonl"


def load_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def validate(example: dict, where: str) -> dict:
    """The fields training needs, checked; raises ValueError naming ``where``."""
    text = example.get("text")
    categories = example.get("categories")
    urgency = example.get("urgency")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: text must be a non-empty string")
    if not isinstance(categories, list) or not categories or not set(categories) <= set(CATEGORIES):
        raise ValueError(f"{where}: categories must be a non-empty list of {CATEGORIES}")
    if urgency not in URGENCIES:
        raise ValueError(f"{where}: urgency must be one of {URGENCIES}")
    return {"id": example.get("id"), "text": text, "categories": categories, "urgency": urgency}


def training_examples(corrections: Iterable[dict] = ()) -> list[dict]:
    """dev + own examples + staff corrections; a correction replaces the example with its id."""
    by_key: dict[object, dict] = {}
    sources = [
        (DEV_FILE.name, load_jsonl(DEV_FILE)),
        (EXAMPLES_FILE.name, load_jsonl(EXAMPLES_FILE)),
    ]
    sources.append(("corrections", list(corrections)))
    for source, rows in sources:
        for number, row in enumerate(rows, start=1):
            example = validate(row, f"{source} line {number}")
            key = example["id"] if example["id"] is not None else (source, number)
            by_key[key] = example
    return list(by_key.values())
