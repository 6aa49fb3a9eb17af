"""The triage step of intake: which function labels a text is a setting, so it can be swapped."""

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Labels:
    language: str
    script: str
    categories: tuple[str, ...]
    urgency: str
    city: str
    citizenship: str
    evidence_json: str


@cache
def _analyser():
    return import_string(settings.HUQUQ_TRIAGE_FUNCTION)


def label(text: str) -> Labels:
    """Run triage in memory; its evidence is personal data and is stored sealed."""
    result = _analyser()(text)
    return Labels(
        language=result.language,
        script=result.script,
        categories=tuple(result.categories),
        urgency=result.urgency,
        city=result.city or "",
        citizenship=result.citizenship or "",
        evidence_json=json.dumps(
            {
                "evidence": result.evidence,
                "phones": list(result.phones),
                "dates": list(result.dates),
            },
            ensure_ascii=False,
            default=str,
        ),
    )
