"""Incident pages: list with filters, new, detail with its acts, perpetrators and sources.

Thin: parse a form, call a selector or service, render. Every change is a POST that redirects
back to the incident; errors come back as messages.
"""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huquq.cases.selectors import visible_cases
from huquq.incidents import forms, services
from huquq.incidents.models import Act, Incident, Perpetrator, Source
from huquq.incidents.selectors import incident_get, incident_list, incident_visible_cases
from huquq.security.decorators import staff_required
from huquq.security.roles import can

PAGE_SIZE = 50


@require_GET
@staff_required("incident.view")
def incidents(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentFilterForm(request.GET or None)
    found = incident_list(viewer=request.user, filters=form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can(request.user, "incident.edit"),
        },
    )


@staff_required("incident.edit")
def incident_new(request: HttpRequest) -> HttpResponse:
    form = forms.IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("incidents:detail", incident_id=incident.pk)
    return render(request, "incidents/new.html", {"form": form})


@require_GET
@staff_required("incident.view")
def incident_detail(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    can_edit = can(request.user, "incident.edit")
    context = {
        "incident": incident,
        "acts": incident.acts.all(),
        "sources": incident.sources.all(),
        "cases": incident_visible_cases(viewer=request.user, incident=incident),
        "can_edit": can_edit,
        "followed_by": incident.followed_by.all(),
    }
    if can_edit:
        context |= {
            "edit_form": forms.IncidentForm(
                initial=forms.IncidentForm.initial_for(incident), exclude=incident
            ),
            "act_form": forms.ActForm(),
            "perpetrator_form": forms.PerpetratorForm(),
            "source_form": forms.SourceForm(),
            "status_form": forms.StatusForm(),
        }
    return render(request, "incidents/detail.html", context)


def _change(
    request: HttpRequest, incident_id: uuid.UUID, form: Form | None, action: Callable
) -> HttpResponse:
    """Run one change on an incident from a bound form and go back to the incident."""
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("incidents:detail", incident_id=incident.pk)
    try:
        action(incident, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("incidents:detail", incident_id=incident.pk)


@require_POST
@staff_required("incident.edit")
def incident_edit(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    return _change(
        request,
        incident_id,
        forms.IncidentForm(request.POST, exclude=Incident(pk=incident_id)),
        lambda incident, data: services.incident_update(
            incident=incident, actor=request.user, **data
        ),
    )


@require_POST
@staff_required("incident.edit")
def incident_delete(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = incident_get(viewer=request.user, incident_id=incident_id)
    services.incident_delete(incident=incident, actor=request.user)
    messages.success(request, _("Incident deleted."))
    return redirect("incidents:list")


@require_POST
@staff_required("incident.edit")
def act_save(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    return _change(
        request,
        incident_id,
        forms.ActForm(request.POST),
        lambda incident, data: services.act_set(incident=incident, actor=request.user, **data),
    )


@require_POST
@staff_required("incident.edit")
def act_remove(request: HttpRequest, incident_id: uuid.UUID, act_id: uuid.UUID) -> HttpResponse:
    return _change(
        request,
        incident_id,
        None,
        lambda incident, _data: services.act_remove(
            act=get_object_or_404(Act, pk=act_id, incident=incident), actor=request.user
        ),
    )


@require_POST
@staff_required("incident.edit")
def perpetrator_add(
    request: HttpRequest, incident_id: uuid.UUID, act_id: uuid.UUID
) -> HttpResponse:
    return _change(
        request,
        incident_id,
        forms.PerpetratorForm(request.POST),
        lambda incident, data: services.perpetrator_add(
            act=get_object_or_404(Act, pk=act_id, incident=incident), actor=request.user, **data
        ),
    )


@require_POST
@staff_required("incident.edit")
def perpetrator_remove(
    request: HttpRequest, incident_id: uuid.UUID, perpetrator_id: uuid.UUID
) -> HttpResponse:
    return _change(
        request,
        incident_id,
        None,
        lambda incident, _data: services.perpetrator_remove(
            perpetrator=get_object_or_404(Perpetrator, pk=perpetrator_id, act__incident=incident),
            actor=request.user,
        ),
    )


@require_POST
@staff_required("incident.edit")
def source_add(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    return _change(
        request,
        incident_id,
        forms.SourceForm(request.POST),
        lambda incident, data: services.source_add(incident=incident, actor=request.user, **data),
    )


@require_POST
@staff_required("incident.edit")
def source_status(
    request: HttpRequest, incident_id: uuid.UUID, source_id: uuid.UUID
) -> HttpResponse:
    return _change(
        request,
        incident_id,
        forms.StatusForm(request.POST),
        lambda incident, data: services.source_set_status(
            source=get_object_or_404(Source, pk=source_id, incident=incident),
            actor=request.user,
            status=data["status"],
        ),
    )


@require_POST
@staff_required("incident.edit")
def source_remove(
    request: HttpRequest, incident_id: uuid.UUID, source_id: uuid.UUID
) -> HttpResponse:
    return _change(
        request,
        incident_id,
        None,
        lambda incident, _data: services.source_remove(
            source=get_object_or_404(Source, pk=source_id, incident=incident),
            actor=request.user,
        ),
    )


@require_POST
@staff_required("incident.edit")
def case_unlink(request: HttpRequest, incident_id: uuid.UUID, code: str) -> HttpResponse:
    def unlink(incident, _data):
        case = visible_cases(request.user).filter(code=code).first()
        if case is None:
            raise ValidationError(_("No such case."))
        services.incident_unlink_case(incident=incident, case=case, actor=request.user)

    return _change(request, incident_id, None, unlink)
