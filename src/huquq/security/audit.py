"""One call for the audit trail: ``audit.record(actor, "cases.case.closed", obj, data)``."""

from typing import Any

from django.db import models

from huquq.security.models import AuditEvent, User


def record(
    actor: User | None, action: str, obj: models.Model | None = None, data: dict | None = None
) -> AuditEvent:
    """Write one audit event. ``data`` holds codes and ids only, never personal data."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=_jsonable(data or {}),
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        if isinstance(value, int | float | bool | None)
        else str(value)
        if not isinstance(value, list | dict)
        else value
        for key, value in data.items()
    }
