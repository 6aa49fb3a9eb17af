"""Overviews: the timeline, the map, the casualty ledger, and downloads of the exchange files."""

import datetime
import json
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huquq.incidents import forms
from huquq.incidents.casualties import casualty_set_status, casualty_summary
from huquq.incidents.exchange import incidents_export, incidents_export_csv
from huquq.incidents.geo import russia_map
from huquq.incidents.models import Casualty
from huquq.incidents.selectors import casualty_list, incident_list
from huquq.incidents.timeline import incidents_per_week
from huquq.incidents.vocab import Verification
from huquq.security.decorators import staff_required
from huquq.security.roles import can

TIMELINE_WEEKS = 26


@require_GET
@staff_required("incident.view")
def timeline(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentFilterForm(request.GET or None)
    filters = form.filters()
    last = filters.date_to or timezone.localdate()
    first = filters.date_from or last - datetime.timedelta(weeks=TIMELINE_WEEKS)
    pairs = list(
        incident_list(viewer=request.user, filters=filters).values_list("start_date", "city")
    )
    return render(
        request,
        "incidents/timeline.html",
        {"form": form, "timeline": incidents_per_week(pairs, first=first, last=last)},
    )


@require_GET
@staff_required("incident.view")
def incident_map(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentFilterForm(request.GET or None)
    by_city = (
        incident_list(viewer=request.user, filters=form.filters())
        .order_by()
        .values("city")
        .annotate(count=Count("id", distinct=True))
    )
    counts = {row["city"]: row["count"] for row in by_city}
    return render(request, "incidents/map.html", {"form": form, "map": russia_map(counts)})


@require_GET
@staff_required("incident.view")
def casualties(request: HttpRequest) -> HttpResponse:
    form = forms.CasualtyFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    entries = casualty_list(viewer=request.user, status=status)
    return render(
        request,
        "incidents/casualties.html",
        {
            "form": form,
            "page": Paginator(entries, 100).get_page(request.GET.get("page")),
            "show_names": can(request.user, "casualty.view_names"),
            "can_edit": can(request.user, "incident.edit"),
            "summary": casualty_summary(status=status or Verification.VERIFIED),
            "summary_status": status or Verification.VERIFIED,
            "status_form": forms.StatusForm(),
        },
    )


@require_POST
@staff_required("incident.edit")
def casualty_status(request: HttpRequest, casualty_id: uuid.UUID) -> HttpResponse:
    casualty = get_object_or_404(Casualty, pk=casualty_id)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            casualty_set_status(
                casualty=casualty, actor=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError:
            messages.error(request, _("Unknown status."))
        else:
            messages.success(request, _("Saved."))
    return redirect("incidents:casualties")


@require_GET
@staff_required("incident.view")
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """Without personal data; admins may add ``?personal=1``."""
    personal = request.GET.get("personal") == "1" and can(request.user, "accounts.manage")
    if file_format == "csv":
        body = incidents_export_csv(actor=request.user, personal=personal)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        document = incidents_export(actor=request.user, personal=personal)
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="incidents.{file_format}"'
    return response
