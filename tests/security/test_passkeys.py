"""Passkeys as a second factor: the verification service against a software authenticator
that signs real WebAuthn answers, and the pages that use it."""

import html
import json
import re
import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from huquq.security import passkeys
from huquq.security.models import AuditEvent, Passkey
from tests.conftest import PASSWORD, client_for
from tests.security.fake_authenticator import FakeAuthenticator, b64url

pytestmark = pytest.mark.django_db

ORIGIN = "https://desk.example.org"
RP_ID = "desk.example.org"


@pytest.fixture(autouse=True)
def _relying_party(settings):
    settings.PASSKEY_ORIGIN = ORIGIN
    settings.PASSKEY_RP_ID = RP_ID


def authenticator(**kwargs) -> FakeAuthenticator:
    return FakeAuthenticator(origin=ORIGIN, rp_id=RP_ID, **kwargs)


def register(user, device: FakeAuthenticator, name: str = "work laptop") -> Passkey:
    session: dict = {}
    options = passkeys.registration_options(user=user, session=session)
    return passkeys.passkey_register(
        user=user, session=session, credential=device.create(options), name=name
    )


def log_in(user, device: FakeAuthenticator) -> Passkey:
    session: dict = {}
    options = passkeys.login_options(user=user, session=session)
    return passkeys.passkey_authenticate(user=user, session=session, credential=device.get(options))


def test_a_registered_passkey_logs_its_owner_in(operator):
    device = authenticator()
    passkey = register(operator, device)
    assert passkey.user == operator
    assert passkey.name == "work laptop"
    assert passkey.credential_id == b64url(device.credential_id)
    used = log_in(operator, device)
    assert used == passkey
    used.refresh_from_db()
    assert used.last_used_at is not None
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["security.passkey.added", "security.passkey.used"]
    assert AuditEvent.objects.get(action="security.passkey.used").object_id == str(passkey.pk)


def test_registration_options_name_the_relying_party_and_exclude_known_passkeys(operator):
    register(operator, authenticator())
    options = json.loads(passkeys.registration_options(user=operator, session={}))
    assert options["rp"] == {"id": RP_ID, "name": "Huquq"}
    assert options["user"]["name"] == "op"
    assert len(options["excludeCredentials"]) == 1


def test_an_answer_from_another_origin_is_refused(operator):
    phished = FakeAuthenticator(origin="https://desk.example.org.evil.example", rp_id=RP_ID)
    with pytest.raises(passkeys.PasskeyRejected, match="origin"):
        register(operator, phished)
    assert not Passkey.objects.exists()
    device = authenticator()
    register(operator, device)
    device.origin = "http://desk.example.org"
    with pytest.raises(passkeys.PasskeyRejected, match="origin"):
        log_in(operator, device)


def test_a_passkey_for_another_site_is_refused(operator):
    with pytest.raises(passkeys.PasskeyRejected, match="RP ID"):
        register(operator, FakeAuthenticator(origin=ORIGIN, rp_id="example.org"))


def test_a_challenge_is_used_once_even_if_an_old_session_cookie_comes_back(operator):
    device = authenticator()
    register(operator, device)
    session: dict = {}
    answer = device.get(passkeys.login_options(user=operator, session=session))
    old_cookie = dict(session)  # what a signed-cookie session looked like before the login
    passkeys.passkey_authenticate(user=operator, session=session, credential=answer)
    with pytest.raises(passkeys.PasskeyRejected, match="no challenge"):
        passkeys.passkey_authenticate(user=operator, session=session, credential=answer)
    with pytest.raises(passkeys.PasskeyRejected, match="used before"):
        passkeys.passkey_authenticate(user=operator, session=old_cookie, credential=answer)


def test_a_challenge_expires(operator):
    device = authenticator()
    register(operator, device)
    session: dict = {}
    answer = device.get(passkeys.login_options(user=operator, session=session))
    later = time.time() + passkeys.CHALLENGE_SECONDS + 1
    with (
        mock.patch("huquq.security.passkeys.time.time", return_value=later),
        pytest.raises(passkeys.PasskeyRejected, match="expired"),
    ):
        passkeys.passkey_authenticate(user=operator, session=session, credential=answer)


def test_an_answer_to_another_challenge_is_refused(operator):
    device = authenticator()
    register(operator, device)
    answer = device.get(passkeys.login_options(user=operator, session={}))
    session: dict = {}
    passkeys.login_options(user=operator, session=session)
    with pytest.raises(passkeys.PasskeyRejected, match="challenge"):
        passkeys.passkey_authenticate(user=operator, session=session, credential=answer)


def test_a_sign_count_that_goes_back_is_refused(operator):
    device = authenticator(counting=True)
    passkey = register(operator, device)
    log_in(operator, device)
    log_in(operator, device)
    passkey.refresh_from_db()
    assert passkey.sign_count == 2
    device.sign_count = 0  # a copy of the key, made before those two logins
    with pytest.raises(passkeys.PasskeyRejected, match="sign count"):
        log_in(operator, device)
    passkey.refresh_from_db()
    assert passkey.sign_count == 2


def test_another_users_passkey_does_not_log_you_in(operator, lawyer):
    theirs = authenticator()
    register(operator, theirs)
    register(lawyer, authenticator())
    session: dict = {}
    options = passkeys.login_options(user=lawyer, session=session)
    with pytest.raises(passkeys.PasskeyRejected, match="not a passkey of this account"):
        passkeys.passkey_authenticate(user=lawyer, session=session, credential=theirs.get(options))


def test_a_signature_by_another_key_is_refused(operator):
    device = authenticator()
    register(operator, device)
    impostor = authenticator()
    impostor.credential_id = device.credential_id
    with pytest.raises(passkeys.PasskeyRejected, match="signature"):
        log_in(operator, impostor)


def test_the_same_passkey_cannot_be_registered_twice(operator, lawyer):
    device = authenticator()
    register(operator, device)
    with pytest.raises(passkeys.PasskeyRejected, match="already registered"):
        register(lawyer, device)


def test_no_login_options_without_a_passkey(operator):
    session: dict = {}
    assert passkeys.login_options(user=operator, session=session) is None
    assert session == {}


def test_only_the_owner_removes_a_passkey(operator, lawyer):
    passkey = register(operator, authenticator())
    with pytest.raises(Passkey.DoesNotExist):
        passkeys.passkey_remove(user=lawyer, passkey_id=passkey.pk)
    passkeys.passkey_remove(user=operator, passkey_id=passkey.pk)
    assert not Passkey.objects.exists()
    removed = AuditEvent.objects.get(action="security.passkey.removed")
    assert (removed.actor, removed.object_id) == (operator, str(passkey.pk))


# The pages.

INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=")


def in_english(client: Client) -> Client:
    """Staff pages speak Russian unless asked otherwise; these tests read the English text."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_options(page_html: str) -> str:
    return html.unescape(re.search(r'data-options="([^"]+)"', page_html).group(1))


def test_login_with_a_passkey_instead_of_the_code(operator):
    device = authenticator()
    register(operator, device)
    client = in_english(Client())
    assert client.post("/staff/login/", {"username": "op", "password": PASSWORD}).status_code == 302
    page = client.get("/staff/security/otp/?next=/staff/cases/")
    text = page.content.decode()
    assert 'data-passkey="get"' in text
    assert "Passkeys need JavaScript" in text  # what a browser without scripts shows
    assert 'name="token"' in text  # the code stays the path without JavaScript
    assert not INLINE_CODE.search(text)
    answer = client.post(
        "/staff/security/otp/passkey/",
        {"credential": device.get(page_options(text)), "next": "/staff/cases/"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/staff/cases/"
    assert client.get("/staff/").status_code == 200
    assert client.get("/api/cases").status_code == 200


def test_a_refused_passkey_leaves_the_session_unverified_and_counts_as_a_failure(operator):
    device = authenticator()
    register(operator, device)
    client = in_english(Client())
    client.post("/staff/login/", {"username": "op", "password": PASSWORD})
    options = page_options(client.get("/staff/security/otp/").content.decode())
    device.origin = "https://evil.example"
    answer = client.post("/staff/security/otp/passkey/", {"credential": device.get(options)})
    assert answer["Location"].startswith("/staff/security/otp/")
    assert client.get("/staff/")["Location"].startswith("/staff/security/otp/")
    assert AuditEvent.objects.filter(action="security.login.second_factor_failed").count() == 1
    assert "was not accepted" in client.get(answer["Location"]).content.decode()


def test_the_code_page_offers_no_passkey_to_an_account_without_one(operator):
    client = Client()
    client.post("/staff/login/", {"username": "op", "password": PASSWORD})
    TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    assert "data-passkey" not in client.get("/staff/security/otp/").content.decode()


def test_the_account_page_needs_the_second_factor(operator):
    client = Client()
    client.post("/staff/login/", {"username": "op", "password": PASSWORD})
    assert client.get("/staff/security/account/")["Location"].startswith("/staff/security/otp/")


def test_add_list_and_remove_a_passkey_on_the_account_page(operator):
    client = in_english(client_for(operator))
    page = client.get("/staff/security/account/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Adding a passkey needs JavaScript" in text
    device = authenticator()
    added = client.post(
        "/staff/security/passkeys/add/",
        {"name": "blue key", "credential": device.create(page_options(text))},
    )
    assert added["Location"] == "/staff/security/account/"
    passkey = Passkey.objects.get(user=operator)
    listing = client.get("/staff/security/account/").content.decode()
    assert "blue key" in listing
    assert "Passkey added." in listing
    assert client.post(f"/staff/security/passkeys/{passkey.pk}/remove/").status_code == 302
    assert not Passkey.objects.exists()


def test_an_unverified_answer_adds_no_passkey(operator):
    client = in_english(client_for(operator))
    options = page_options(client.get("/staff/security/account/").content.decode())
    forged = FakeAuthenticator(origin="https://evil.example", rp_id=RP_ID)
    client.post(
        "/staff/security/passkeys/add/", {"name": "x", "credential": forged.create(options)}
    )
    assert not Passkey.objects.exists()
    assert "could not be added" in client.get("/staff/security/account/").content.decode()


def test_nobody_removes_someone_elses_passkey(operator, lawyer):
    passkey = register(operator, authenticator())
    answer = client_for(lawyer).post(f"/staff/security/passkeys/{passkey.pk}/remove/")
    assert answer.status_code == 404
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_removing_the_passkey_of_this_login_asks_for_the_second_factor_again(operator):
    device = authenticator()
    passkey = register(operator, device)
    client = in_english(Client())
    client.post("/staff/login/", {"username": "op", "password": PASSWORD})
    options = page_options(client.get("/staff/security/otp/").content.decode())
    client.post("/staff/security/otp/passkey/", {"credential": device.get(options)})
    assert "used for this login" in client.get("/staff/security/account/").content.decode()
    client.post(f"/staff/security/passkeys/{passkey.pk}/remove/")
    assert client.get("/staff/")["Location"].startswith("/staff/security/otp/")


def test_the_account_page_speaks_russian(operator):
    text = client_for(operator).get("/staff/security/account/?lang=ru").content.decode()
    assert "<h2>Ключи доступа</h2>" in text
    assert "Для добавления ключа доступа нужен JavaScript." in text
