"""One call for the audit trail: ``audit.record(actor, "cases.case.closed", obj, data)``.

Events are chained by hash (``security/chain.py``); ``verify()`` walks the chain and the
checkpoint file and names the first event that does not fit.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from huquq.security import chain
from huquq.security.models import AuditChainHead, AuditEvent, User


def record(
    actor: User | None, action: str, obj: models.Model | None = None, data: dict | None = None
) -> AuditEvent:
    """Write one audit event. ``data`` holds codes and ids only, never personal data."""
    with transaction.atomic():
        _lock_chain_head()
        previous = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        event = AuditEvent(
            sequence=(previous.sequence + 1) if previous else 1,
            prev_hash=previous.hash if previous else chain.GENESIS_HASH,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            data=_jsonable(data or {}),
        )
        event.hash = chain.hash_of(event)
        event.save(force_insert=True)
        # Only what was committed may go to the checkpoint, or a rollback would look like
        # a deletion.
        transaction.on_commit(
            lambda: chain.checkpoint_append(sequence=event.sequence, event_hash_hex=event.hash)
        )
    return event


def _lock_chain_head() -> None:
    """Serialise writers. On PostgreSQL a row lock; SQLite's IMMEDIATE transactions (see
    settings) already hold the database's one write lock, and the lock is harmless there."""
    AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
    AuditChainHead.objects.select_for_update().get(pk=1)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON values, exactly as they will read back from the database."""
    flat = {
        key: value
        if isinstance(value, int | float | bool | None)
        else str(value)
        if not isinstance(value, list | dict)
        else value
        for key, value in data.items()
    }
    return json.loads(json.dumps(flat, default=str))


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    bad_event_id: str = ""
    reason: str = ""


def verify() -> VerifyResult:
    """Walk the chain in sequence order, checking each checkpoint line on the way."""
    checkpoints: dict[int, str] = {}
    for line_number, checkpoint in enumerate(chain.checkpoints_read(), start=1):
        if checkpoint is None:
            return VerifyResult(
                ok=False, events=0, reason=f"checkpoint line {line_number} is damaged"
            )
        checkpoints[checkpoint.sequence] = checkpoint.hash
    count = 0
    prev_hash = chain.GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        problem = _problem(event, count + 1, prev_hash) or (
            "differs from the checkpoint file"
            if checkpoints.pop(event.sequence, event.hash) != event.hash
            else ""
        )
        if problem:
            return VerifyResult(ok=False, events=count, bad_event_id=str(event.id), reason=problem)
        prev_hash = event.hash
        count += 1
    if checkpoints:
        return VerifyResult(
            ok=False,
            events=count,
            reason=f"event number {min(checkpoints)} is in the checkpoint file but not in the "
            "database: the newest events were cut off",
        )
    return VerifyResult(ok=True, events=count)


def _problem(event: AuditEvent, expected_sequence: int, prev_hash: str) -> str:
    if event.sequence != expected_sequence:
        return f"expected event number {expected_sequence}, found {event.sequence}"
    if event.prev_hash != prev_hash:
        return "does not follow the event before it"
    if event.hash != chain.hash_of(event):
        return "its content was changed"
    return ""
