"""Reads that know who is asking: access rules are applied here, once."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from huquq.cases.models import Case
from huquq.core.fields import has_label
from huquq.core.vocab import Role
from huquq.security import audit
from huquq.security.models import User
from huquq.security.roles import can


@dataclass(frozen=True, kw_only=True)
class QueueFilters:
    category: str = ""
    urgency: str = ""
    language: str = ""
    city: str = ""
    status: str = ""
    assignee: str = ""  # a user id, "me" or "none"


def visible_cases(viewer: User) -> QuerySet[Case]:
    """Operators and admins see every case; lawyers their own and the unassigned ones."""
    if can(viewer, "case.view_any"):
        return Case.objects.all()
    if viewer.is_authenticated and viewer.role == Role.LAWYER:
        return Case.objects.filter(Q(assignee=viewer) | Q(assignee=None))
    raise PermissionDenied("case.view")


def case_queue(*, viewer: User, filters: QueueFilters) -> QuerySet[Case]:
    cases = visible_cases(viewer).filter(merged_into=None)
    cases = (
        cases.exclude(status="closed")
        if not filters.status
        else cases.filter(status=filters.status)
    )
    if filters.category:
        cases = cases.filter(has_label("categories", filters.category))
    for field in ("urgency", "language", "city"):
        if getattr(filters, field):
            cases = cases.filter(**{field: getattr(filters, field)})
    if filters.assignee == "me":
        cases = cases.filter(assignee=viewer)
    elif filters.assignee == "none":
        cases = cases.filter(assignee=None)
    elif filters.assignee.isdigit():
        cases = cases.filter(assignee_id=int(filters.assignee))
    return cases.select_related("assignee").by_priority()


def case_get(*, viewer: User, code: str) -> Case:
    """One case with its people, for someone allowed to see it; the read is audited."""
    case = (
        visible_cases(viewer)
        .select_related("client", "subject", "assignee", "merged_into")
        .filter(code=code)
        .first()
    )
    if case is None:
        raise Http404
    audit.record(viewer, "cases.case.viewed", case)
    return case


def urgent_for_duty(viewer: User) -> QuerySet[Case]:
    """Open immediate cases nobody has taken: what staff on duty are alerted to."""
    if not (viewer.is_authenticated and viewer.on_duty and can(viewer, "queue.view")):
        return Case.objects.none()
    return (
        visible_cases(viewer)
        .open()
        .filter(urgency="immediate", assignee=None)
        .order_by("opened_at")
    )
