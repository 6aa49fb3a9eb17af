"""A cheap proof of humanity that needs no JavaScript: the help form's hidden token is signed
and dated when the page is served.

A submission is refused (politely, keeping what was typed) when its token is forged, older than
``MAX_AGE_SECONDS``, or younger than ``HUMANITY_MIN_SECONDS``: a person needs more than a few
seconds to write what happened, a bot that posts straight away does not wait. The token is also
the form's idempotency key, so replaying one token stores at most one request.

Token: 32 hex digits of randomness, 8 of issue time (Unix seconds), 24 of HMAC-SHA256 over both
(64 hex digits in all, the size of the field it travels in).
"""

import hmac
import secrets
import time

from django import forms
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

#: Long enough for someone interrupted while writing; a stale page gets a fresh token.
MAX_AGE_SECONDS = 12 * 3600
_MAC_DIGITS = 24


def _mac(body: str) -> str:
    return salted_hmac("huquq.humanity", body, algorithm="sha256").hexdigest()[:_MAC_DIGITS]


def token_issue(*, now: float | None = None) -> str:
    body = secrets.token_hex(16) + f"{int(time.time() if now is None else now):08x}"
    return body + _mac(body)


def token_problem(token: str, *, now: float | None = None) -> str:
    """'' for a good token, else why not: 'forged', 'expired' or 'too_fast'."""
    if len(token) != 64 or any(ch not in "0123456789abcdef" for ch in token):
        return "forged"
    body, mac = token[:40], token[40:]
    if not hmac.compare_digest(mac, _mac(body)):
        return "forged"
    age = (time.time() if now is None else now) - int(body[32:], 16)
    if age > MAX_AGE_SECONDS or age < -60:
        return "expired"
    if age < settings.HUMANITY_MIN_SECONDS:
        return "too_fast"
    return ""


class _ProofWidget(forms.HiddenInput):
    """Re-renders a still-good token (so a resubmission stays idempotent), else a fresh one."""

    def format_value(self, value):
        if value and token_problem(str(value)) in {"", "too_fast"}:
            return str(value)
        return token_issue()


class ProofOfHumanityField(forms.CharField):
    """The hidden field of the public form; its cleaned value is the token itself."""

    widget = _ProofWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("initial", token_issue)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        problem = token_problem(value)
        if problem == "too_fast":
            raise forms.ValidationError(
                _("That was very quick. Please check your message and press Send again."),
                code="too_fast",
            )
        if problem:
            raise forms.ValidationError(
                _("The form expired. Please press Send again."), code=problem
            )
        return value
