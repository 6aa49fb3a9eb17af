"""Staff pages. Thin: parse the form, call a selector or service, render."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huquq.cases import forms, services
from huquq.cases.models import Request
from huquq.cases.selectors import case_get, case_queue, urgent_for_duty, visible_cases
from huquq.core.vocab import Channel, Role
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.intake.validation import IntakeError
from huquq.security.decorators import staff_required
from huquq.security.models import User
from huquq.security.roles import can

QUEUE_PAGE_SIZE = 50


def _assignees():
    return User.objects.filter(
        is_active=True, role__in=[Role.LAWYER, Role.OPERATOR, Role.ADMIN]
    ).order_by("username")


@require_GET
@staff_required("queue.view")
def queue(request: HttpRequest) -> HttpResponse:
    form = forms.QueueFilterForm(request.GET or None, assignees=_assignees())
    cases = case_queue(viewer=request.user, filters=form.filters())
    page = Paginator(cases, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "urgent": urgent_for_duty(request.user)[:20],
    }
    if request.headers.get("HX-Request"):
        return render(request, "cases/_queue_table.html", context)
    return render(request, "cases/queue.html", context)


@require_GET
@staff_required("case.view")
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    requests = list(case.requests.select_related("contact").order_by("received_at"))
    latest = requests[-1] if requests else None
    context = {
        "case": case,
        "requests": requests,
        "events": case.events.select_related("actor").order_by("created_at"),
        "note_form": forms.TextForm(prefix="note"),
        "reply_form": forms.TextForm(prefix="reply"),
        "assign_form": forms.AssignForm(
            assignees=_assignees(), initial={"assignee": case.assignee_id or ""}
        ),
        "status_form": forms.StatusForm(initial={"status": case.status}),
        "close_form": forms.CloseForm(),
        "relabel_form": forms.RelabelForm(initial=_labels_of(latest)) if latest else None,
        "latest": latest,
        "merge_form": forms.MergeForm(),
        "can_merge": can(request.user, "case.merge"),
    }
    return render(request, "cases/case.html", context)


def _labels_of(request: Request) -> dict:
    return {field: getattr(request, field) for field in services.RELABEL_FIELDS}


def _act(request: HttpRequest, code: str, form, action) -> HttpResponse:
    """Run one case action from a bound form; errors come back as messages on the case."""
    case = case_get(viewer=request.user, code=code)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:case", code=case.code)
    try:
        action(case, form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("cases:case", code=case.code)


@require_POST
@staff_required("case.note")
def case_note(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        forms.TextForm(request.POST, prefix="note"),
        lambda case, data: services.case_note(case=case, actor=request.user, body=data["body"]),
    )


@require_POST
@staff_required("case.reply")
def case_reply(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        forms.TextForm(request.POST, prefix="reply"),
        lambda case, data: services.case_reply(case=case, actor=request.user, body=data["body"]),
    )


@require_POST
@staff_required("case.assign")
def case_assign(request: HttpRequest, code: str) -> HttpResponse:
    def assign(case, data):
        assignee = _assignees().filter(pk=data["assignee"]).first() if data["assignee"] else None
        services.case_assign(case=case, actor=request.user, assignee=assignee)

    return _act(request, code, forms.AssignForm(request.POST, assignees=_assignees()), assign)


@require_POST
@staff_required("case.note")
def case_status(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        forms.StatusForm(request.POST),
        lambda case, data: services.case_set_status(
            case=case, actor=request.user, status=data["status"]
        ),
    )


@require_POST
@staff_required("case.close")
def case_close(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        forms.CloseForm(request.POST),
        lambda case, data: services.case_close(
            case=case, actor=request.user, outcome=data["outcome"]
        ),
    )


@require_POST
@staff_required("case.relabel")
def request_relabel(request: HttpRequest, code: str, request_id: uuid.UUID) -> HttpResponse:
    def relabel(case, data):
        target = get_object_or_404(Request, pk=request_id, case=case)
        services.request_relabel(request=target, actor=request.user, **data)

    return _act(request, code, forms.RelabelForm(request.POST), relabel)


@require_POST
@staff_required("case.merge")
def case_merge(request: HttpRequest, code: str) -> HttpResponse:
    def merge(case, data):
        target = visible_cases(request.user).filter(code=data["target"]).first()
        if target is None:
            raise ValidationError(_("No such case."))
        services.case_merge(source=case, target=target, actor=request.user)

    return _act(request, code, forms.MergeForm(request.POST), merge)


@require_POST
@staff_required("case.merge")
def case_split(request: HttpRequest, code: str) -> HttpResponse:
    case = case_get(viewer=request.user, code=code)
    chosen = list(case.requests.filter(pk__in=_uuids(request.POST.getlist("requests"))))
    try:
        new_case = services.case_split(case=case, requests=chosen, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:case", code=case.code)
    messages.success(request, _("Split into case %(code)s.") % {"code": new_case.code})
    return redirect("cases:case", code=new_case.code)


def _uuids(values: list[str]) -> list[uuid.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            continue
    return parsed


@staff_required("request.create")
def request_new(request: HttpRequest) -> HttpResponse:
    """An operator types in a phone call; it goes through the same intake as every channel."""
    if request.method == "POST":
        form = forms.OperatorRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                receipt = request_receive(
                    IncomingMessage(
                        channel=Channel.PHONE,
                        external_id=data["form_token"],
                        text=data["text"],
                        contact_name=data["caller_name"],
                        contact_phone=data["caller_phone"],
                        subject_name=data["subject_name"],
                        city=data["city"],
                        client_language=data["client_language"],
                    )
                )
            except IntakeError as error:
                form.add_error("text", error.message)
            else:
                messages.success(
                    request, _("Request saved in case %(code)s.") % {"code": receipt.case_code}
                )
                return redirect("cases:case", code=receipt.case_code)
    else:
        form = forms.OperatorRequestForm(initial={"form_token": uuid.uuid4().hex})
    return render(request, "cases/request_new.html", {"form": form})


@require_POST
@staff_required("duty.toggle")
def duty_toggle(request: HttpRequest) -> HttpResponse:
    request.user.on_duty = not request.user.on_duty
    request.user.save(update_fields=["on_duty"])
    return redirect("cases:queue")
