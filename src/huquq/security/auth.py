"""Staff sign-in: a password, then always a second factor (TOTP), with lockout and alerting.

A session counts as signed in only once its second factor is verified (django-otp's
``user.is_verified()``); every staff view and the staff API check that, not just the password.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.mail import mail_admins
from django.http import HttpRequest
from ninja.security import SessionAuth

from huquq.intake.ratelimit import client_address
from huquq.security import audit

log = logging.getLogger(__name__)


def is_verified(user) -> bool:
    """Signed in with password and second factor. Needs ``django_otp.middleware.OTPMiddleware``."""
    return bool(user is not None and user.is_authenticated and getattr(user, "is_verified", bool)())


def login_client_address(request: HttpRequest) -> str | None:
    """The address django-axes counts failures against (``AXES_CLIENT_IP_CALLABLE``): the same
    one the intake limits use, or None when it is not a valid address (axes stores it in an
    IP-address column, which PostgreSQL checks)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class StaffSessionAuth(SessionAuth):
    """The staff API: the browser session, only once its second factor is verified."""

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if is_verified(request.user) else None


staff_session_auth = StaffSessionAuth()


def second_factor_failed(request: HttpRequest, user) -> None:
    """Count a wrong one-time code as a failed login, so django-axes locks it out too."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    audit.record(user, "security.login.second_factor_failed", user)


def alert_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """django-axes locked an account: tell the admins once per lockout. No address goes into
    mail or log."""
    once_key = "lockout-alert:" + hashlib.sha256(f"{username}|{ip_address}".encode()).hexdigest()
    if not cache.add(once_key, 1, timeout=int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return  # axes signals again at every attempt while locked
    log.warning("A staff account was locked after repeated failed logins.")
    audit.record(None, "security.login.locked_out", None, {"limit": settings.AXES_FAILURE_LIMIT})
    mail_admins(
        "Huquq: staff account locked",
        f"The account {username!s} was locked after {settings.AXES_FAILURE_LIMIT} failed "
        "logins. If that was not its owner, the password may be known to someone else.",
        fail_silently=True,
    )
