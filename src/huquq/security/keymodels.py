"""What the database holds about keys: only wrapped keys, public keys and lockdown signals,
never a KEK.

Imported by ``security/models.py`` so Django registers these models.
"""

import uuid

from django.db import models
from django.utils import timezone


class DataKey(models.Model):
    """The data key (DEK) of one record, wrapped by a key-encryption key (KEK).

    ``owner_id`` is the primary key of the record whose personal fields the DEK seals (one DEK
    per row, shared by its columns). Deleting this row crypto-shreds that record.
    """

    owner_id = models.UUIDField(primary_key=True)
    owner_table = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    kek_id = models.CharField(max_length=16, db_index=True)
    wrapped = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"DEK {self.owner_table} {str(self.owner_id)[:8]}"


class IntakeKey(models.Model):
    """The X25519 key pair that intake seals new requests to.

    The public half is stored in clear, so intake can seal while the server is locked; the
    private half only wrapped by the KEK, so only an unlocked process can open what intake
    wrote.
    """

    key_id = models.CharField(max_length=16, primary_key=True)
    public_key = models.CharField(max_length=64)
    private_wrapped = models.TextField()
    kek_id = models.CharField(max_length=16)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"intake key {self.key_id}"


class PassphraseWrap(models.Model):
    """The key material sealed under a key derived from a passphrase with argon2id.

    ``huquq unlock`` asks for the passphrase and needs nothing else; without it this row is
    as good as random bytes.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    salt = models.CharField(max_length=64)
    time_cost = models.PositiveIntegerField()
    memory_cost_kib = models.PositiveIntegerField()
    parallelism = models.PositiveSmallIntegerField()
    sealed_material = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "passphrase wrap"


class LockdownSignal(models.Model):
    """One row per ``huquq lockdown``: the processes of every host look for a newer one than
    their key file was written under, and then lock their own host down too.

    Nothing else is kept: a random token and when. The token, not the row id, is what key
    files name, so a database recreated from a backup (where ids start again at 1, and which
    does not restore these rows) cannot hand an old key file a matching value.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    raised_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"lockdown signal {self.raised_at:%Y-%m-%d %H:%M:%S}"
