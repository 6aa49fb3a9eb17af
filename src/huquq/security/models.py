import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, TimestampMixin

from huquq.core.vocab import Role


class User(AbstractUser):
    """A staff account. Clients never have accounts: they reach us by form or bot."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OPERATOR)
    on_duty = models.BooleanField(_("on duty"), default=False)

    def __str__(self) -> str:
        return self.username


class AuditEvent(models.Model):
    """Who did what to which object, and when. ``data`` never holds personal data.

    Events form a hash chain (see ``security/chain.py``): ``hash`` covers every field here
    plus ``prev_hash``, so changing, removing or reordering an event breaks the chain.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sequence = models.PositiveBigIntegerField(unique=True, null=True, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: deleting an account would rewrite its events and break the chain; deactivate it.
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class AuditChainHead(models.Model):
    """One row that writers lock (``select_for_update``) so two processes never fork the chain."""

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return "audit chain head"


class IntegrationToken(models.Model):
    """A token that lets a partner system create requests through the API."""

    name = models.CharField(max_length=80, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class Passkey(TimestampMixin, Device):
    """A staff member's passkey (a WebAuthn credential), second factor besides TOTP.

    A django-otp device, so a login with it marks the session verified exactly as a TOTP code
    does (``django_otp.login``) and ``user.is_verified()`` holds everywhere. ``name`` is the
    owner's short label for it ("work laptop"); the credential id and public key are not
    personal data. The integer id is django-otp's: its persistent ids are ``label/<int>``.
    """

    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as browsers send
    public_key = models.BinaryField()  # COSE key
    sign_count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


# Key models live in their own module; importing them here registers them with Django.
from huquq.security.keymodels import DataKey, IntakeKey, PassphraseWrap  # noqa: E402, F401
