"""Integration tokens for the API: only a hash is stored, the token is shown once."""

import hashlib
import secrets

from huquq.security.models import IntegrationToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, name: str) -> str:
    token = secrets.token_urlsafe(32)
    IntegrationToken.objects.create(name=name, token_hash=_hash(token))
    return token


def token_check(token: str) -> IntegrationToken | None:
    if not token or len(token) > 200:
        return None
    return IntegrationToken.objects.filter(token_hash=_hash(token), revoked=False).first()
