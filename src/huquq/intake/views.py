"""Public pages: the help form and the case status page. No login, no JavaScript needed."""

import hmac

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from huquq.cases.models import Case
from huquq.core.vocab import Channel
from huquq.intake import ratelimit
from huquq.intake.forms import HelpForm, StatusForm
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.intake.validation import IntakeError


def _too_many(request: HttpRequest, template: str, form) -> HttpResponse:
    """429 with the form as it was typed, so nothing the person wrote is lost."""
    message = _("Too many messages from your network. Please wait a few minutes and send again.")
    return render(request, template, {"form": form, "error": message}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def help_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "intake/help.html", {"form": HelpForm()})
    form = HelpForm(request.POST)
    if form.is_bot():
        # Answer as if it worked, so the bot learns nothing; store nothing.
        return render(request, "intake/thanks.html", {"receipt": None})
    if not form.is_valid():
        return render(request, "intake/help.html", {"form": form}, status=400)
    if not ratelimit.allow_intake(request):
        return _too_many(request, "intake/help.html", form)
    phone, handle = form.contact_parts()
    try:
        receipt = request_receive(
            IncomingMessage(
                channel=Channel.FORM,
                external_id=form.cleaned_data["form_token"],
                text=form.cleaned_data["text"],
                contact_name=form.cleaned_data["name"],
                contact_phone=phone,
                contact_telegram_handle=handle,
                city=form.cleaned_data["city"],
                client_language=get_language(),
            )
        )
    except IntakeError as error:
        form.add_error("text", error.message)
        return render(request, "intake/help.html", {"form": form}, status=400)
    return render(request, "intake/thanks.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Case code and PIN in a POST body, so neither lands in a URL or an access log."""
    if request.method == "GET":
        return render(request, "intake/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/status.html", {"form": form}, status=400)
    address = ratelimit.client_address(request)
    code = form.cleaned_data["code"]
    if not (
        ratelimit.allow("status", address, limit=20, window=600)
        and ratelimit.allow("status-code", code, limit=10, window=3600)
    ):
        return _too_many(request, "intake/status.html", form)
    case = Case.objects.filter(code=code).first()
    if case is None or not hmac.compare_digest(case.pin, form.cleaned_data["pin"]):
        form.add_error(None, _("We could not find a case with this code and PIN."))
        return render(request, "intake/status.html", {"form": form}, status=404)
    replies = case.events.filter(to_client=True).order_by("created_at")
    return render(request, "intake/status.html", {"form": None, "case": case, "replies": replies})
