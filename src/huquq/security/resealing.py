"""Re-sealing: values sealed to the intake key (``p1:``) move under their row's data key (``v1:``).

Intake seals what it stores to the intake public key, and so does any write while the server is
locked. Such a value does not depend on a key of its own row: destroying the row's data key
(retention) would not shred a copy of it, and the intake key pair could never be retired. After
unlock (``tasks.intake_values_reseal_task``), by hand (``huquq keys reseal``) and from a timer,
``intake_values_reseal`` opens each such value and seals it again under the row's own data key,
with the same binding to table, column and row.

Only the personal columns of those rows change, by ``bulk_update`` of the ciphertext: no
``save()``, no signals, no timestamps; one audit event for the run. A value that does not open
is left exactly as it is and reported (fail closed); the rest of its batch goes on. Safe to run
twice and while intake keeps writing: each batch locks its rows, rows held by a writer are left
for the next run.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import models
from django.db.models import Q

from huquq.security import audit, keys, sealing
from huquq.security.batches import each_batch
from huquq.security.crypto import DecryptionError
from huquq.security.fields import PersonalField, models_with_personal_fields, personal_fields

log = logging.getLogger(__name__)

BATCH = 500
#: At most this many unopenable values are named in the audit event (all are counted).
AUDIT_NAMED_FAILURES = 100


@dataclass
class ResealResult:
    locked: bool = False
    #: values re-sealed, per model label
    values: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    #: ``label:pk:field`` of values that did not open and were left as they were
    failed: list[str] = field(default_factory=list)

    @property
    def resealed(self) -> int:
        return sum(self.values.values())


def intake_values_reseal(*, batch: int = BATCH) -> ResealResult:
    """Re-seal every ``p1:`` value under its row's data key; a no-op while locked."""
    result = ResealResult()
    if not keys.is_unlocked():
        result.locked = True
        return result
    try:
        with sealing.raw_ciphertext():
            for model in models_with_personal_fields():
                columns = personal_fields(model)
                waiting = Q()
                for column in columns:
                    waiting |= Q(**{f"{column.attname}__startswith": sealing.INTAKE_PREFIX})
                each_batch(
                    model._base_manager.filter(waiting),
                    partial(_reseal_rows, columns=columns, result=result),
                    size=batch,
                    skip_locked=True,
                )
    except keys.Locked:
        result.locked = True  # locked down mid-run: committed batches stay, the rest waits
    if result.resealed or result.failed:
        audit.record(
            None,
            "security.keys.resealed",
            None,
            {
                "values": result.resealed,
                "rows": result.rows,
                "failed": len(result.failed),
                "failed_values": result.failed[:AUDIT_NAMED_FAILURES],
                "interrupted_by_lockdown": result.locked,
            },
        )
    return result


def _reseal_rows(
    rows: list[models.Model], *, columns: list[PersonalField], result: ResealResult
) -> None:
    """One batch of one model: open every ``p1:`` value, seal it under the row's data key."""
    model = type(rows[0])
    label = model._meta.label_lower
    table = model._meta.db_table
    opened: list[tuple[models.Model, PersonalField, str, str]] = []
    for row in rows:
        for column in columns:
            stored = row.__dict__[column.attname]
            if not stored.startswith(sealing.INTAKE_PREFIX):
                continue
            try:
                plaintext, owner = sealing.open_sealed(
                    stored, table=table, column=column.column, owner=sealing.owner_of(row)
                )
            except DecryptionError:
                log.warning("not re-sealed, does not open: %s %s %s", label, row.pk, column.name)
                result.failed.append(f"{label}:{row.pk}:{column.name}")
                continue
            opened.append((row, column, plaintext, owner))
    if not opened:
        return
    changed_rows = list({id(row): row for row, *_ in opened}.values())
    sealing.prepare_data_keys(changed_rows)
    for row, column, plaintext, owner in opened:
        row.__dict__[column.attname] = sealing.seal_under_data_key(
            plaintext, table=table, column=column.column, owner=owner
        )
    changed_columns = sorted({column.name for _row, column, *_ in opened})
    model._base_manager.bulk_update(changed_rows, changed_columns)
    result.values[label] = result.values.get(label, 0) + len(opened)
    result.rows += len(changed_rows)
