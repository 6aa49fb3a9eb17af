"""Staff login: password, then a TOTP code, always; lockout with an alert; short idle sessions."""

import re
import time
from binascii import unhexlify
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from huquq.security.models import AuditEvent
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    totp = TOTP(unhexlify(device.key.encode()), device.step, device.t0, device.digits)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def unthrottle(device: TOTPDevice) -> None:
    """django-otp slows retries down after a wrong code; tests do not want to wait."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def password_login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_password_alone_does_not_open_the_desk(operator):
    client = Client()
    assert password_login(client, "op").status_code == 302
    answer = client.get("/staff/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/staff/security/otp/?next=")
    assert client.get("/api/cases").status_code == 401


def test_first_login_enrols_an_authenticator_then_opens_the_desk(operator):
    client = Client()
    password_login(client, "op")
    to_otp = client.get("/staff/security/otp/?next=/staff/")
    assert to_otp.status_code == 302
    assert to_otp["Location"].startswith("/staff/security/enrol/")
    page = client.get(to_otp["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    secret = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) >= 32
    assert client.post("/staff/security/enrol/", {"token": "000000"}).status_code == 400
    unthrottle(device)
    done = client.post("/staff/security/enrol/", {"token": code_for(device), "next": "/staff/"})
    assert done.status_code == 302
    assert done["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="security.login.second_factor_enrolled").exists()


def test_enrolled_account_must_give_its_code(operator):
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    client = Client()
    password_login(client, "op")
    # A confirmed device: the enrol page is closed, so nobody can add a second one.
    assert client.get("/staff/security/enrol/")["Location"].startswith("/staff/security/otp/")
    wrong = client.post("/staff/security/otp/", {"token": code_for(device, offset_steps=20)})
    assert wrong.status_code == 400
    assert client.get("/staff/").status_code == 302
    unthrottle(device)
    ok = client.post("/staff/security/otp/", {"token": code_for(device), "next": "/staff/"})
    assert ok["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert client.get("/api/cases").status_code == 200


def test_next_cannot_send_staff_elsewhere(operator):
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    client = Client()
    password_login(client, "op")
    answer = client.post(
        "/staff/security/otp/", {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/staff/"


def test_repeated_failed_logins_lock_the_account_and_alert_admins(operator, settings):
    settings.ADMINS = [("Admins", "admins@example.org")]
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "op", "password": "wrong-password-123"})
    locked = password_login(client, "op")
    assert locked.status_code == 429
    assert "security/locked_out.html" in [template.name for template in locked.templates]
    assert Client().get("/staff/").status_code == 302  # still logged out
    assert len(mail.outbox) == 1
    assert "203.0.113.9" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="security.login.locked_out").exists()
    # Another address is not locked out: one attacker cannot lock staff out everywhere.
    assert password_login(Client(REMOTE_ADDR="198.51.100.7"), "op").status_code == 302


def test_wrong_second_factor_codes_count_towards_the_lockout(operator, settings):
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    client = Client()
    password_login(client, "op")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/security/otp/", {"token": code_for(device, offset_steps=50)})
    unthrottle(device)
    assert client.post("/staff/security/otp/", {"token": code_for(device)}).status_code == 429


def test_idle_session_expires_after_thirty_minutes(operator, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client = client_for(operator)
    answer = client.get("/staff/")
    assert answer.status_code == 200
    # Every request renews the cookie, so the limit counts idle time, not session length.
    assert answer.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    later = time.time() + 31 * 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.get("/staff/").status_code == 302


def test_active_session_is_kept_alive(operator):
    client = client_for(operator)
    start = time.time()
    for minutes in (20, 40, 60):
        with mock.patch("django.core.signing.time.time", return_value=start + minutes * 60):
            assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize("path", ["/staff/login/", "/help/", "/help/status/"])
def test_pages_carry_a_strict_csp_and_no_inline_script_or_style(path):
    answer = Client().get(path)
    policy = answer["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    html = answer.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_enrol_page_has_no_inline_script(operator):
    client = Client()
    password_login(client, "op")
    html = client.get("/staff/security/enrol/").content.decode()
    assert "<svg" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html)


def test_coordinator_lands_on_the_figures_not_a_refusal(coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client = Client()
    password_login(client, "coord")
    answer = client.post("/staff/security/otp/", {"token": code_for(device), "next": "/staff/"})
    assert answer["Location"] == "/staff/reports/"
    assert client.get(answer["Location"]).status_code == 200
