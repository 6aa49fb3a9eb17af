"""Reads that know who is asking: access to incidents and the ledger is decided here."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case as When_
from django.db.models import IntegerField, Max, QuerySet, When
from django.http import Http404

from huquq.cases.models import Case
from huquq.cases.selectors import visible_cases
from huquq.incidents.models import Casualty, Incident
from huquq.incidents.vocab import Verification
from huquq.security.models import User
from huquq.security.roles import can


@dataclass(frozen=True, kw_only=True)
class IncidentFilters:
    city: str = ""
    place_type: str = ""
    act_type: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    verification: str = ""


def _require(viewer: User, action: str) -> None:
    if not can(viewer, action):
        raise PermissionDenied(action)


def with_verification_rank(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Annotate the strongest source status as a number (0 reported .. 2 verified; None)."""
    rank = When_(
        *[When(sources__status=value, then=i) for i, value in enumerate(Verification.values)],
        output_field=IntegerField(),
    )
    return incidents.annotate(verification_rank=Max(rank))


def incident_list(*, viewer: User, filters: IncidentFilters) -> QuerySet[Incident]:
    _require(viewer, "incident.view")
    incidents = Incident.objects.all()
    if filters.city:
        incidents = incidents.filter(city=filters.city)
    if filters.place_type:
        incidents = incidents.filter(place_type=filters.place_type)
    if filters.act_type:
        incidents = incidents.filter(acts__act_type=filters.act_type)
    if filters.date_from:
        incidents = incidents.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        incidents = incidents.filter(start_date__lte=filters.date_to)
    incidents = with_verification_rank(incidents)
    if filters.verification:
        incidents = incidents.filter(verification_rank=Verification.rank(filters.verification))
    return incidents.prefetch_related("acts", "sources").order_by("-start_date", "-created_at")


def incident_get(*, viewer: User, incident_id) -> Incident:
    _require(viewer, "incident.view")
    incident = (
        Incident.objects.filter(pk=incident_id)
        .prefetch_related("acts__victims__case", "acts__perpetrators", "sources__verified_by")
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def incident_visible_cases(*, viewer: User, incident: Incident) -> list[Case]:
    """The victims' cases the viewer may open; coordinators see counts only."""
    if not can(viewer, "case.view"):
        return []
    return list(
        visible_cases(viewer)
        .filter(incident_victims__act__incident=incident)
        .distinct()
        .order_by("code")
    )


def incidents_of_case(*, viewer: User, case: Case) -> QuerySet[Incident]:
    _require(viewer, "incident.view")
    return Incident.objects.filter(acts__victims__case=case).distinct()


def casualty_list(*, viewer: User, status: str = "") -> QuerySet[Casualty]:
    """Every entry; whether names may be shown is ``can(viewer, "casualty.view_names")``."""
    _require(viewer, "incident.view")
    entries = Casualty.objects.prefetch_related("sources")
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("-date", "-created_at")
