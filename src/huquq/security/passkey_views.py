"""A staff member's own account page: their passkeys, added with JavaScript, listed and
removed with plain forms. Logging in with a passkey is in ``otp_views``."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY

from huquq.security import passkeys
from huquq.security.decorators import staff_required
from huquq.security.models import Passkey


class PasskeyAddForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this passkey"),
        max_length=64,
        help_text=_("For example “work laptop” or “blue security key”."),
    )
    # What navigator.credentials.create() returned, as JSON (filled in by passkeys.js).
    credential = forms.CharField(max_length=20_000, widget=forms.HiddenInput)


@never_cache
@staff_required("account.passkeys")
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "passkeys": Passkey.objects.filter(user=request.user),
        "current_device": request.session.get(DEVICE_ID_SESSION_KEY, ""),
        "form": PasskeyAddForm(),
        "options": passkeys.registration_options(user=request.user, session=request.session),
    }
    return render(request, "security/account.html", context)


@require_POST
@staff_required("account.passkeys")
def passkey_add(request: HttpRequest) -> HttpResponse:
    form = PasskeyAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the passkey a name, then try again."))
        return redirect("security:account")
    try:
        passkeys.passkey_register(
            user=request.user,
            session=request.session,
            credential=form.cleaned_data["credential"],
            name=form.cleaned_data["name"],
        )
    except passkeys.PasskeyRejected:
        messages.error(request, _("The passkey could not be added. Please try again."))
    else:
        messages.success(request, _("Passkey added. You can log in with it from now on."))
    return redirect("security:account")


@require_POST
@staff_required("account.passkeys")
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    try:
        passkeys.passkey_remove(user=request.user, passkey_id=passkey_id)
    except Passkey.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Passkey removed."))
    return redirect("security:account")
