"""Every change to incidents goes through these functions; each is audited.

Audit data holds ids and codes only: titles, descriptions and names never go there.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huquq.cases.models import Case
from huquq.incidents.models import Act, Incident, Perpetrator, Source, Victim
from huquq.incidents.vocab import (
    ActType,
    DatePrecision,
    Involvement,
    PerpetratorKind,
    PlaceType,
    SourceKind,
    Verification,
)
from huquq.security import audit
from huquq.security.models import User

#: The fields of an incident that staff edit directly.
INCIDENT_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "date_precision",
    "city",
    "place_type",
    "description",
    "estimated_affected",
    "follows",
)

#: The act a client's case most likely documents, from the case's triage categories.
ACT_FOR_CATEGORY = {
    "military_contract": ActType.CONTRACT_UNDER_PRESSURE,
    "military_registration": ActType.SUMMONS_SERVED,
    "deportation": ActType.DEPORTATION,
    "violence": ActType.BEATING,
    "detention": ActType.DETENTION,
}


def _check_choice(value: str, choices, field: str, *, blank: bool = False) -> None:
    if (blank and value == "") or value in choices.values:
        return
    raise ValidationError(_("Unknown value for %(field)s.") % {"field": field})


def _validate_incident(incident: Incident) -> None:
    _check_choice(incident.date_precision, DatePrecision, "date_precision")
    _check_choice(incident.place_type, PlaceType, "place_type", blank=True)
    if incident.end_date and incident.end_date < incident.start_date:
        raise ValidationError(_("The end date is before the start date."))
    if incident.start_date > timezone.localdate():
        raise ValidationError(_("The start date is in the future."))
    if incident.follows_id is not None and incident.follows_id == incident.pk:
        raise ValidationError(_("An incident cannot follow itself."))


@transaction.atomic
def incident_create(
    *,
    actor: User | None,
    start_date: datetime.date,
    city: str = "",
    place_type: str = "",
    description: str = "",
    title: str = "",
    end_date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    estimated_affected: int | None = None,
    follows: Incident | None = None,
) -> Incident:
    incident = Incident(
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        date_precision=date_precision,
        city=city.strip(),
        place_type=place_type,
        description=description.strip(),
        estimated_affected=estimated_affected,
        follows=follows,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _validate_incident(incident)
    incident.save()
    audit.record(actor, "incidents.incident.created", incident)
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, actor: User | None, **fields) -> Incident:
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here."))
    changed = [name for name, value in fields.items() if getattr(incident, name) != value]
    for name in changed:
        value = fields[name]
        setattr(incident, name, value.strip() if isinstance(value, str) else value)
    _validate_incident(incident)
    incident.updated_at = timezone.now()
    incident.save()
    audit.record(actor, "incidents.incident.updated", incident, {"fields": sorted(changed)})
    return incident


@transaction.atomic
def incident_delete(*, incident: Incident, actor: User | None) -> None:
    audit.record(actor, "incidents.incident.deleted", incident)
    incident.delete()


@transaction.atomic
def act_set(
    *,
    incident: Incident,
    actor: User | None,
    act_type: str,
    anonymous_victims: int | None = None,
    start_date: datetime.date | None = None,
    notes: str | None = None,
) -> Act:
    """The incident's act of this type, created when missing; given values overwrite."""
    _check_choice(act_type, ActType, "act_type")
    act, created = Act.objects.get_or_create(incident=incident, act_type=act_type)
    if anonymous_victims is not None:
        if anonymous_victims < 0:
            raise ValidationError(_("A number of victims cannot be negative."))
        act.anonymous_victims = anonymous_victims
    if start_date is not None:
        act.start_date = start_date
    if notes is not None:
        act.notes = notes.strip()
    act.save()
    verb = "created" if created else "updated"
    audit.record(actor, f"incidents.act.{verb}", act, {"incident": incident.pk, "type": act_type})
    return act


@transaction.atomic
def act_remove(*, act: Act, actor: User | None) -> None:
    audit.record(actor, "incidents.act.removed", act, {"incident": act.incident_id})
    act.delete()


@transaction.atomic
def perpetrator_add(
    *,
    act: Act,
    actor: User | None,
    kind: str,
    name: str = "",
    involvement: str = Involvement.DIRECT,
) -> Perpetrator:
    _check_choice(kind, PerpetratorKind, "kind")
    _check_choice(involvement, Involvement, "involvement")
    perpetrator = Perpetrator.objects.create(
        act=act, kind=kind, name=name.strip(), involvement=involvement
    )
    audit.record(actor, "incidents.perpetrator.added", act, {"kind": kind})
    return perpetrator


@transaction.atomic
def perpetrator_remove(*, perpetrator: Perpetrator, actor: User | None) -> None:
    audit.record(
        actor, "incidents.perpetrator.removed", perpetrator.act, {"kind": perpetrator.kind}
    )
    perpetrator.delete()


@transaction.atomic
def source_add(
    *,
    incident: Incident,
    actor: User | None,
    kind: str,
    case: Case | None = None,
    url: str = "",
    organisation: str = "",
    status: str = Verification.REPORTED,
) -> Source:
    _check_choice(kind, SourceKind, "kind")
    _check_choice(status, Verification, "status")
    if kind == SourceKind.TESTIMONY and case is None:
        raise ValidationError(_("A testimony comes through a case."))
    if kind == SourceKind.MEDIA and not url:
        raise ValidationError(_("A media source needs the article's address."))
    if kind == SourceKind.ORGANISATION and not organisation.strip():
        raise ValidationError(_("Name the organisation."))
    source = Source(
        incident=incident,
        kind=kind,
        case=case,
        url=url.strip(),
        organisation=organisation.strip(),
        status=Verification.REPORTED,
    )
    source.save()
    audit.record(actor, "incidents.source.added", source, {"incident": incident.pk, "kind": kind})
    if status != Verification.REPORTED:
        source_set_status(source=source, actor=actor, status=status)
    return source


@transaction.atomic
def source_set_status(*, source: Source, actor: User | None, status: str) -> Source:
    """Record who corroborated or verified a source, and when; back to reported clears it."""
    _check_choice(status, Verification, "status")
    source.status = status
    if status == Verification.REPORTED:
        source.verified_by, source.verified_at = None, None
    else:
        source.verified_by = actor if actor is not None and actor.is_authenticated else None
        source.verified_at = timezone.now()
    source.save()
    audit.record(actor, "incidents.source.status", source, {"status": status})
    return source


@transaction.atomic
def source_remove(*, source: Source, actor: User | None) -> None:
    audit.record(actor, "incidents.source.removed", source, {"incident": source.incident_id})
    source.delete()


def act_type_for_case(case: Case) -> str:
    for category in case.categories or []:
        if category in ACT_FOR_CATEGORY:
            return ACT_FOR_CATEGORY[category]
    return ActType.DETENTION


@transaction.atomic
def incident_link_case(
    *, incident: Incident, case: Case, actor: User | None, act_type: str = ""
) -> Victim:
    """The case's client becomes a victim of an act of the incident, and the case a source.

    Linking twice changes nothing: ten calls about one raid give one incident, ten victims.
    """
    act = act_set(incident=incident, actor=actor, act_type=act_type or act_type_for_case(case))
    victim, created = Victim.objects.get_or_create(act=act, case=case)
    if not incident.sources.filter(kind=SourceKind.TESTIMONY, case=case).exists():
        source_add(incident=incident, actor=actor, kind=SourceKind.TESTIMONY, case=case)
    if created:
        audit.record(
            actor,
            "incidents.incident.case_linked",
            incident,
            {"case": case.code, "act": act.act_type},
        )
    return victim


@transaction.atomic
def incident_unlink_case(*, incident: Incident, case: Case, actor: User | None) -> None:
    Victim.objects.filter(act__incident=incident, case=case).delete()
    incident.sources.filter(kind=SourceKind.TESTIMONY, case=case).delete()
    audit.record(actor, "incidents.incident.case_unlinked", incident, {"case": case.code})


@transaction.atomic
def incident_create_from_case(
    *,
    case: Case,
    actor: User | None,
    place_type: str = "",
    description: str = "",
    act_type: str = "",
) -> Incident:
    """A new incident on the day, in the city of the case's first request, the case linked.

    The client's words are not copied into the description: whoever documents the incident
    writes what is known, and the case stays the testimony.
    """
    first = case.requests.order_by("received_at").first()
    when = timezone.localdate(first.received_at) if first else timezone.localdate(case.opened_at)
    incident = incident_create(
        actor=actor,
        start_date=when,
        city=case.city,
        place_type=place_type,
        description=description,
        date_precision=DatePrecision.APPROXIMATE,
    )
    incident_link_case(incident=incident, case=case, actor=actor, act_type=act_type)
    return incident
