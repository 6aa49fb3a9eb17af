"""The second step of staff login: a TOTP code or a passkey, or enrolling an authenticator
first."""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from huquq.security import audit, passkeys
from huquq.security.auth import is_verified, second_factor_failed
from huquq.security.roles import home_url


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=10,
        error_messages={"invalid": _("The code has six digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and wanted not in {"", "/staff/"}:
        return wanted
    return home_url(request.user)


def _go(url_name: str, request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}")


def _locked(request: HttpRequest) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def _refused(request: HttpRequest) -> HttpResponse:
    return render(request, "security/locked_out.html", status=429)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code; an account without an authenticator goes to enrol first."""
    if is_verified(request.user):
        return redirect(_next_url(request))
    if not list(devices_for_user(request.user, confirmed=True)):
        return _go("security:enrol", request)
    if _locked(request):
        return _refused(request)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit.record(request.user, "security.login.verified", request.user)
            return redirect(_next_url(request))
        second_factor_failed(request, request.user)
        form.add_error("token", _("This code is not right, or it has expired."))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "next": _next_url(request),
        "passkey_options": passkeys.login_options(user=request.user, session=request.session),
    }
    return render(request, "security/otp_verify.html", context, status=status)


@never_cache
@require_POST
@login_required
def passkey_login(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey instead of a code (the form on the code page, sent by
    passkeys.js). It verifies the session just as a code does."""
    if is_verified(request.user):
        return redirect(_next_url(request))
    if _locked(request):
        return _refused(request)
    try:
        passkey = passkeys.passkey_authenticate(
            user=request.user,
            session=request.session,
            credential=request.POST.get("credential", ""),
        )
    except passkeys.PasskeyRejected:
        second_factor_failed(request, request.user)
        messages.error(
            request,
            _("The passkey was not accepted. Try again, or type the code from your app."),
        )
        return _go("security:otp", request)
    otp_login(request, passkey)
    return redirect(_next_url(request))


def _qr_svg(url: str) -> str:
    """The provisioning URL as an inline SVG drawn on the server: no script, no image request."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # The SVG is built by the qrcode library from our own URL; nothing user-typed is in it.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308  # nosec B308, B703


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First login of an account: show a new TOTP secret, confirm it with one code."""
    if list(devices_for_user(request.user, confirmed=True)):
        return _go("security:otp", request)
    if _locked(request):
        return _refused(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=str(_("Authenticator app")), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record(request.user, "security.login.second_factor_enrolled", request.user)
            return redirect(_next_url(request))
        second_factor_failed(request, request.user)
        form.add_error("token", _("This code is not right, or it has expired."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": _qr_svg(device.config_url),
        "secret": _secret_text(device),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "security/otp_enrol.html", context, status=status)


def _secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
