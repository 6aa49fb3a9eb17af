"""Passkeys (WebAuthn) as a second factor besides TOTP: register, log in with one, remove.

The browser half is ``static/huquq/passkeys.js``; py_webauthn checks the signatures, the
origin (``PASSKEY_ORIGIN``), the relying-party id (``PASSKEY_RP_ID``), the challenge and the
sign count. Each ceremony's challenge lives in the session for ``CHALLENGE_SECONDS`` and is
taken out when an answer arrives, right or wrong. Sessions here are signed cookies, which a
client can send again after they changed, so a used challenge is also remembered in the
cache until it would have expired anyway: an answer captured once cannot be replayed with
the old cookie either.
"""

import hashlib
import secrets
import time
from collections.abc import MutableMapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from huquq.security import audit
from huquq.security.models import Passkey, User

CHALLENGE_SECONDS = 300
RP_NAME = "Huquq"


class PasskeyRejected(Exception):
    """The browser's answer did not verify. The message says why, for tests and the audit
    trail's reader; people see one plain sentence."""


def registration_options(*, user: User, session: MutableMapping) -> str:
    """Options for ``navigator.credentials.create()`` as JSON, with a fresh challenge."""
    options = generate_registration_options(
        rp_id=settings.PASSKEY_RP_ID,
        rp_name=RP_NAME,
        user_name=user.get_username(),
        user_id=str(user.pk).encode(),
        challenge=_challenge_new(session, "register"),
        timeout=CHALLENGE_SECONDS * 1000,
        # The same authenticator twice would be one factor counted twice.
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    return options_to_json(options)


@transaction.atomic
def passkey_register(*, user: User, session: MutableMapping, credential: str, name: str) -> Passkey:
    """Store the passkey the browser just created, once its answer verifies."""
    challenge = _challenge_take(session, "register")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.PASSKEY_RP_ID,
            expected_origin=settings.PASSKEY_ORIGIN,
        )
    except (WebAuthnException, ValueError) as error:
        raise PasskeyRejected(str(error)) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise PasskeyRejected("this credential is already registered")
    passkey = Passkey.objects.create(
        user=user,
        name=name,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    audit.record(user, "security.passkey.added", passkey)
    return passkey


def login_options(*, user: User, session: MutableMapping) -> str | None:
    """Options for ``navigator.credentials.get()`` as JSON, or None without a passkey."""
    descriptors = _descriptors(user)
    if not descriptors:
        return None
    options = generate_authentication_options(
        rp_id=settings.PASSKEY_RP_ID,
        challenge=_challenge_new(session, "login"),
        timeout=CHALLENGE_SECONDS * 1000,
        allow_credentials=descriptors,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options)


@transaction.atomic
def passkey_authenticate(*, user: User, session: MutableMapping, credential: str) -> Passkey:
    """The passkey of ``user`` that signed this login's challenge; its sign count moves on.

    The caller marks the session verified (``django_otp.login``)."""
    challenge = _challenge_take(session, "login")
    try:
        raw_id = parse_authentication_credential_json(credential).raw_id
    except (WebAuthnException, ValueError) as error:
        raise PasskeyRejected(str(error)) from error
    # Locked so that two logins at once cannot both pass with the same sign count.
    passkey = (
        Passkey.objects.select_for_update()
        .filter(user=user, confirmed=True, credential_id=bytes_to_base64url(raw_id))
        .first()
    )
    if passkey is None:
        raise PasskeyRejected("not a passkey of this account")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.PASSKEY_RP_ID,
            expected_origin=settings.PASSKEY_ORIGIN,
            credential_public_key=bytes(passkey.public_key),
            # A count that does not grow means a copied authenticator or a replay; py_webauthn
            # refuses it (authenticators that never count send 0 every time).
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError) as error:
        raise PasskeyRejected(str(error)) from error
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    audit.record(user, "security.passkey.used", passkey)
    return passkey


@transaction.atomic
def passkey_remove(*, user: User, passkey_id: int) -> None:
    """Remove one of the user's own passkeys (``Passkey.DoesNotExist`` for anyone else's).
    A session verified with it loses its second factor at its next request (django-otp)."""
    passkey = Passkey.objects.get(user=user, pk=passkey_id)
    audit.record(user, "security.passkey.removed", passkey)
    passkey.delete()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(credential_id))
        for credential_id in Passkey.objects.filter(user=user, confirmed=True).values_list(
            "credential_id", flat=True
        )
    ]


def _session_key(purpose: str) -> str:
    return f"passkey_{purpose}"


def _challenge_new(session: MutableMapping, purpose: str) -> bytes:
    challenge = secrets.token_bytes(32)
    session[_session_key(purpose)] = {
        "challenge": bytes_to_base64url(challenge),
        "expires": time.time() + CHALLENGE_SECONDS,
    }
    return challenge


def _challenge_take(session: MutableMapping, purpose: str) -> bytes:
    """The ceremony's challenge, out of the session for good; refused when missing, expired
    or seen before (an old cookie sent again)."""
    stored: dict[str, Any] | None = session.pop(_session_key(purpose), None)
    if not stored:
        raise PasskeyRejected("no challenge in this session")
    remaining = stored["expires"] - time.time()
    if remaining <= 0:
        raise PasskeyRejected("the challenge has expired")
    seen_key = "passkey-challenge-used:" + hashlib.sha256(stored["challenge"].encode()).hexdigest()
    if not cache.add(seen_key, 1, timeout=int(remaining) + 1):
        raise PasskeyRejected("the challenge was used before")
    return base64url_to_bytes(stored["challenge"])
