"""From a case to incidents: the panel's page (the no-JavaScript fallback), link and create.

Whoever links must be able to open the case (``case_get`` applies the case desk's rules) and
edit incidents.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huquq.cases.selectors import case_get
from huquq.incidents import forms, services
from huquq.incidents.panel import case_panel_context
from huquq.incidents.selectors import incident_get
from huquq.security.decorators import staff_required


@require_GET
@staff_required("incident.view")
def for_case(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    context = case_panel_context(viewer=request.user, case=case)
    template = (
        "incidents/_case_panel_body.html"
        if request.headers.get("HX-Request")
        else ("incidents/for_case.html")
    )
    return render(request, template, context)


@require_POST
@staff_required("incident.edit")
def link_case(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    form = forms.LinkCaseForm(request.POST)
    if form.is_valid():
        incident = incident_get(viewer=request.user, incident_id=form.cleaned_data["incident"])
        services.incident_link_case(
            incident=incident, case=case, actor=request.user, act_type=form.cleaned_data["act_type"]
        )
        messages.success(request, _("Case linked to the incident."))
    else:
        messages.error(request, _("Choose an incident."))
    return redirect("cases:case", code=case.code)


@require_POST
@staff_required("incident.edit")
def create_from_case(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    form = forms.CreateFromCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("cases:case", code=case.code)
    try:
        incident = services.incident_create_from_case(
            case=case, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:case", code=case.code)
    messages.success(request, _("Incident created from the case; complete it here."))
    return redirect("incidents:detail", incident_id=incident.pk)
