"""Export and import of incidents as JSON after the HURIDOCS Events Standard Formats, and CSV.

JSON: each event has its date, location, acts (each with victims and the perpetrators'
involvement), "information" (sources and how far they are verified) and its chain of events.
Without personal data the export leaves out every free-text field (titles, descriptions,
notes, perpetrator and organisation names), case codes and staff names: only an admin may
ask for them. ``schema/incidents.schema.json`` describes the format.

Import creates the events it does not have (by id) and skips those it has, so importing a
file twice adds nothing. Victims are linked to local cases by code when those exist; the
rest are counted as victims not known by name, so totals survive the trip.
"""

import csv
import datetime
import io
import json
import uuid
from functools import cache
from pathlib import Path

import jsonschema
from django.db import transaction
from django.utils import timezone

from huquq.cases.models import Case
from huquq.incidents.models import Act, Incident, Perpetrator, Source, Victim
from huquq.security import audit
from huquq.security.models import User

FORMAT = "huquq-incidents"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "incidents.schema.json"
CSV_COLUMNS = [
    "incident_id",
    "start_date",
    "end_date",
    "date_precision",
    "city",
    "place_type",
    "estimated_affected",
    "verification",
    "act_type",
    "act_date",
    "anonymous_victims",
    "case_victims",
    "perpetrators",
    "sources",
]
CSV_PERSONAL_COLUMNS = ["title", "description", "perpetrator_names"]


class ExchangeError(Exception):
    """The file is not an incidents export this version can read."""


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _incidents():
    return Incident.objects.prefetch_related(
        "acts__victims__case", "acts__perpetrators", "sources__case", "sources__verified_by"
    ).order_by("start_date", "id")


def _act_document(act: Act, *, personal: bool) -> dict:
    victims = {"anonymous_count": act.anonymous_victims, "case_count": len(act.victims.all())}
    if personal:
        victims["case_codes"] = sorted(victim.case.code for victim in act.victims.all())
    document = {
        "id": str(act.id),
        "type": act.act_type,
        "date": _date(act.start_date),
        "victims": victims,
        "involvement": [
            {
                "perpetrator": {"type": p.kind, **({"name": p.name} if personal else {})},
                "degree": p.involvement,
            }
            for p in sorted(act.perpetrators.all(), key=_perpetrator_order)
        ],
    }
    if personal:
        document["notes"] = act.notes
    return document


def _information_document(source: Source, *, personal: bool) -> dict:
    document_source: dict = {"type": source.kind, "url": source.url}
    verification: dict = {
        "status": source.status,
        "verified_at": source.verified_at.isoformat() if source.verified_at else None,
    }
    if personal:
        document_source["organisation"] = source.organisation
        document_source["case_code"] = source.case.code if source.case else None
        verification["verified_by"] = source.verified_by.username if source.verified_by else None
    return {
        "id": str(source.id),
        "recorded_at": source.added_at.isoformat(),
        "source": document_source,
        "verification": verification,
    }


def event_document(incident: Incident, *, personal: bool) -> dict:
    document = {
        "id": str(incident.id),
        "date": {
            "start": _date(incident.start_date),
            "end": _date(incident.end_date),
            "precision": incident.date_precision,
        },
        "location": {"country": "RU", "city": incident.city, "place_type": incident.place_type},
        "estimated_affected": incident.estimated_affected,
        "chain_of_events": (
            [{"relation": "follows", "event_id": str(incident.follows_id)}]
            if incident.follows_id
            else []
        ),
        "acts": [_act_document(act, personal=personal) for act in incident.acts.all()],
        "information": [
            _information_document(source, personal=personal)
            for source in sorted(incident.sources.all(), key=lambda s: (s.added_at, str(s.id)))
        ],
    }
    if personal:
        document["title"] = incident.title
        document["description"] = incident.description
    return document


def incidents_export(*, actor: User | None, personal: bool = False) -> dict:
    """Every incident as one JSON document. Callers check that ``actor`` may ask for
    ``personal``; the export itself is audited either way."""
    events = [event_document(incident, personal=personal) for incident in _incidents()]
    audit.record(
        actor, "incidents.exported", None, {"events": len(events), "personal_data": personal}
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "standard": "HURIDOCS Events Standard Formats",
        "exported_at": timezone.now().isoformat(),
        "personal_data": personal,
        "events": events,
    }


def incidents_export_csv(*, actor: User | None, personal: bool = False) -> str:
    """One row per act (an incident without acts gets one row with the act columns empty)."""
    columns = CSV_COLUMNS + (CSV_PERSONAL_COLUMNS if personal else [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in _incidents():
        count += 1
        base = {
            "incident_id": incident.id,
            "start_date": _date(incident.start_date),
            "end_date": _date(incident.end_date) or "",
            "date_precision": incident.date_precision,
            "city": incident.city,
            "place_type": incident.place_type,
            "estimated_affected": incident.estimated_affected or "",
            "verification": incident.verification,
            "sources": len(incident.sources.all()),
        }
        if personal:
            base |= {"title": incident.title, "description": incident.description}
        for act in incident.acts.all() or [None]:
            row = dict(base)
            if act is not None:
                perpetrators = sorted(act.perpetrators.all(), key=_perpetrator_order)
                row |= {
                    "act_type": act.act_type,
                    "act_date": _date(act.start_date) or "",
                    "anonymous_victims": act.anonymous_victims,
                    "case_victims": len(act.victims.all()),
                    "perpetrators": "|".join(f"{p.kind}:{p.involvement}" for p in perpetrators),
                }
                if personal:
                    row["perpetrator_names"] = "|".join(p.name for p in perpetrators)
            writer.writerow(row)
    audit.record(
        actor, "incidents.exported_csv", None, {"events": count, "personal_data": personal}
    )
    return out.getvalue()


def validate_document(document: object) -> None:
    try:
        jsonschema.validate(document, schema())
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        # The validator's own message may quote values (names): say only where and which rule.
        raise ExchangeError(f"not a valid incidents file at {where} ({error.validator})") from None


@transaction.atomic
def incidents_import(*, document: dict, actor: User | None) -> dict[str, int]:
    """Create the events of ``document`` that are not here yet; returns counts."""
    validate_document(document)
    ids = [uuid.UUID(event["id"]) for event in document["events"]]
    known = set(Incident.objects.filter(id__in=ids).values_list("id", flat=True))
    created = []
    for event_id, event in zip(ids, document["events"], strict=True):
        if event_id in known:
            continue
        known.add(event_id)
        created.append((_import_event(event), event))
    # Chains of events may point at events later in the file: link them once all exist.
    for incident, event in created:
        for link in event["chain_of_events"]:
            if Incident.objects.filter(pk=link["event_id"]).exists():
                incident.follows_id = link["event_id"]
                incident.save(update_fields=["follows"])
    for incident, _event in created:
        audit.record(actor, "incidents.incident.imported", incident)
    return {"created": len(created), "skipped": len(document["events"]) - len(created)}


def _import_event(event: dict) -> Incident:
    incident = Incident.objects.create(
        id=uuid.UUID(event["id"]),
        title=event.get("title", ""),
        description=event.get("description", ""),
        start_date=datetime.date.fromisoformat(event["date"]["start"]),
        end_date=_parse_date(event["date"]["end"]),
        date_precision=event["date"]["precision"],
        city=event["location"]["city"],
        place_type=event["location"]["place_type"],
        estimated_affected=event["estimated_affected"],
    )
    for act_document in event["acts"]:
        _import_act(incident, act_document)
    for information in event["information"]:
        source, verification = information["source"], information["verification"]
        Source.objects.create(
            id=uuid.UUID(information["id"]),
            incident=incident,
            kind=source["type"],
            case=_case(source.get("case_code")),
            url=source["url"],
            organisation=source.get("organisation", ""),
            status=verification["status"],
            verified_by=User.objects.filter(username=verification.get("verified_by") or "")
            .exclude(username="")
            .first(),
            verified_at=_parse_datetime(verification["verified_at"]),
            added_at=_parse_datetime(information["recorded_at"]),
        )
    return incident


def _import_act(incident: Incident, document: dict) -> None:
    cases = [case for code in document["victims"].get("case_codes", []) if (case := _case(code))]
    unmatched = document["victims"]["case_count"] - len(cases)
    act = Act.objects.create(
        id=uuid.UUID(document["id"]),
        incident=incident,
        act_type=document["type"],
        start_date=_parse_date(document["date"]),
        anonymous_victims=document["victims"]["anonymous_count"] + max(0, unmatched),
        notes=document.get("notes", ""),
    )
    Victim.objects.bulk_create([Victim(act=act, case=case) for case in cases])
    for involvement in document["involvement"]:
        Perpetrator.objects.create(
            act=act,
            kind=involvement["perpetrator"]["type"],
            name=involvement["perpetrator"].get("name", ""),
            involvement=involvement["degree"],
        )


def _case(code: str | None) -> Case | None:
    return Case.objects.filter(code=code).first() if code else None


def _parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _parse_datetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _perpetrator_order(perpetrator) -> tuple[str, str, str]:
    """A stable order for exports, so the same incident always exports the same way."""
    return (perpetrator.kind, perpetrator.involvement, perpetrator.name)
