"""Staff corrections as training examples for ``huquq triage train``."""

import json
from collections.abc import Iterator
from pathlib import Path

from huquq.cases.models import Request

_LABELS = ("language", "script", "categories", "urgency", "city", "citizenship")


def corrected_examples() -> Iterator[dict]:
    """Every request a member of staff relabelled, with its labels as they stand now.

    Labels staff saw and left alone count as confirmed. The texts are personal data: the
    trainer hashes its features, so no name or number is carried into the model file.
    """
    requests = Request.objects.filter(corrections__isnull=False).distinct().order_by("pk")
    for request in requests.iterator(chunk_size=500):
        yield {
            "id": str(request.pk),
            "text": request.text,
            **{label: getattr(request, label) or None for label in _LABELS},
        }


def write_corrections(path: Path) -> int:
    """Write the corrected examples as JSON lines to a new private file; returns the count."""
    count = 0
    path.touch(mode=0o600, exist_ok=False)
    with path.open("w", encoding="utf-8") as out:
        for example in corrected_examples():
            out.write(json.dumps(example, ensure_ascii=False) + "\n")
            count += 1
    return count
