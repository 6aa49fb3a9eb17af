"""Retention: closed cases are purged after ``HUQUQ_RETENTION_DAYS`` by crypto-shredding.

A purge destroys the data keys of the case and of every row that belongs to it, and empties
their personal columns; people who have no other live case are emptied too. What is left is
what the anonymous statistics need: labels (categories, urgency, language, city,
citizenship, channel, status, outcome) and timestamps. An emptied PIN marks a purged case.
"""

from datetime import timedelta

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from huquq.core.vocab import CaseStatus
from huquq.env import envint
from huquq.security import audit, sealing
from huquq.security.fields import personal_fields
from huquq.security.keymodels import DataKey

DEFAULT_RETENTION_DAYS = 730
_PERSON_IDENTIFIERS = ("phone", "telegram_handle", "telegram_id", "passport")


def retention_days() -> int:
    return envint("HUQUQ_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def _cutoff(days: int | None):
    return timezone.now() - timedelta(days=retention_days() if days is None else days)


def cases_due(*, days: int | None = None) -> models.QuerySet:
    from huquq.cases.models import Case

    return Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lt=_cutoff(days)).exclude(
        pin=""
    )


def cases_purge(*, days: int | None = None) -> int:
    """Purge every closed case past retention, one transaction each; returns how many."""
    purged = 0
    cutoff = _cutoff(days)
    for case in cases_due(days=days).iterator():
        case_purge(case=case, cutoff=cutoff)
        purged += 1
    return purged


def _personal_columns(model) -> list[str]:
    return [field.name for field in personal_fields(model)]


def _rows_of_case(case) -> list[tuple[type[models.Model], models.QuerySet]]:
    """Every row, in any app, that hangs off this case (or off one of its requests)."""
    from huquq.cases.models import Case, Request

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Case:
                found.append((model, model._default_manager.filter(**{field.name: case})))
            elif isinstance(field, models.ForeignKey) and field.related_model is Request:
                rows = model._default_manager.filter(**{f"{field.name}__case": case})
                found.append((model, rows))
    return found


@transaction.atomic
def case_purge(*, case, cutoff) -> None:
    from huquq.cases.models import Case, Person

    owners = [case.pk]
    for model, rows in _rows_of_case(case):
        columns = _personal_columns(model)
        if isinstance(model._meta.pk, models.UUIDField):
            owners += list(rows.values_list("pk", flat=True))
        if columns:
            rows.update(**dict.fromkeys(columns, ""))
    people = {case.client_id, case.subject_id, *case.requests.values_list("contact_id", flat=True)}
    for person_id in people - {None}:
        still_needed = (
            Case.objects.filter(
                Q(client_id=person_id) | Q(subject_id=person_id) | Q(requests__contact_id=person_id)
            )
            .exclude(pk=case.pk)
            .exclude(status=CaseStatus.CLOSED, closed_at__lt=cutoff)
            .exists()
        )
        if not still_needed:
            Person.objects.filter(pk=person_id).update(
                name="",
                **dict.fromkeys(_PERSON_IDENTIFIERS, ""),
                **{f"{kind}_index": "" for kind in _PERSON_IDENTIFIERS},
            )
            owners.append(person_id)
    Case.objects.filter(pk=case.pk).update(pin="")
    DataKey.objects.filter(owner_id__in=owners).delete()
    sealing.forget_data_keys(owners)
    audit.record(None, "security.case.purged", case)
