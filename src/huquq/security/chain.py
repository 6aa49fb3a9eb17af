"""The audit hash chain: how one event's hash is computed, and the checkpoint file.

Each event's hash is SHA-256 over canonical JSON (sorted keys, no spaces, UTF-8) of its
sequence number, id, time, actor, action, object, data and the previous event's hash. The
newest hashes are also appended to a file outside the database (``audit.checkpoint`` under
``HUQUQ_DATA_DIR``), so deleting the newest events is caught even though the chain in the
database would still look whole.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

#: ``prev_hash`` of the first event.
GENESIS_HASH = "0" * 64


def event_hash(
    *,
    sequence: int,
    event_id: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    data: Any,
    prev_hash: str,
) -> str:
    fields = {
        "sequence": sequence,
        "id": str(event_id),
        "at": at.astimezone(UTC).isoformat(),
        "actor": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "data": data,
        "prev": prev_hash,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(event) -> str:
    """The hash an ``AuditEvent`` (or a historical model in a migration) ought to carry."""
    return event_hash(
        sequence=event.sequence,
        event_id=event.id,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        prev_hash=event.prev_hash,
    )


def checkpoint_path() -> Path:
    return Path(getattr(settings, "AUDIT_CHECKPOINT_FILE", settings.DATA_DIR / "audit.checkpoint"))


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str


def checkpoint_append(*, sequence: int, event_hash_hex: str) -> None:
    """Append one line; O_APPEND makes concurrent short writes from several processes safe."""
    path = checkpoint_path()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{sequence} {event_hash_hex}\n".encode("ascii"))
    finally:
        os.close(fd)


def checkpoints_read() -> list[Checkpoint | None]:
    """Every line of the checkpoint file; ``None`` for a line that does not parse."""
    path = checkpoint_path()
    if not path.exists():
        return []
    lines = []
    for line in path.read_text(encoding="ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit() and len(parts[1]) == 64:
            lines.append(Checkpoint(sequence=int(parts[0]), hash=parts[1]))
        else:
            lines.append(None)
    return lines
