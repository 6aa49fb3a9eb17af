"""Sealing and opening personal field values: ciphertext formats, data keys, intake key.

Two text formats, so every column stays a ``TextField``::

    v1:<owner>:<version>:<base64 nonce|ciphertext|tag>
        AES-256-GCM under the data key (DEK) of record <owner>; the DEK is stored only
        wrapped by the KEK (``DataKey``). Written by every unlocked process.
    p1:<intake key id>:<owner>:<base64 ephemeral public key>:<base64 nonce|ciphertext|tag>
        sealed to the intake public key (X25519, HKDF-SHA256, AES-256-GCM). Written by intake
        and by any write while the server is locked; only a process holding the KEK (which
        unwraps the intake private key) can open it.

Associated data is ``huquq:<format>:<table>:<column>:<owner>:<key version>``: a ciphertext
copied to another table, column or row, or re-labelled with another key, fails to open.
``<owner>`` is the row's UUID primary key, checked on read against the row it came from.
A value that does not open raises ``DecryptionError``: stored bytes are never returned.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from django.db import connection, models, transaction

from huquq.security import crypto, keys
from huquq.security.crypto import DecryptionError

DEK_CACHE_SIZE = 20_000
#: How a value sealed to the intake public key begins (re-sealing looks for it).
INTAKE_PREFIX = "p1:"


class Sealed(str):
    """A ciphertext as stored: what a personal field holds until someone reads it."""

    __slots__ = ()


class ReadForbidden(Exception):
    """Intake tried to read personal data back: it may only write."""


_mode: contextvars.ContextVar[str] = contextvars.ContextVar("huquq_sealing_mode", default="")
_intake_sealer: contextvars.ContextVar[_IntakeSealer | None] = contextvars.ContextVar(
    "huquq_intake_sealer", default=None
)


@contextlib.contextmanager
def intake_only() -> Iterator[None]:
    """Inside this block every write is sealed to the intake public key and reads raise.

    ``intake.services.request_receive`` runs in it, so what a request stores cannot be read
    back by the code that stored it, and it works the same whether the server is locked.
    """
    mode_token = _mode.set("intake")
    sealer_token = _intake_sealer.set(None)
    try:
        yield
    finally:
        _intake_sealer.reset(sealer_token)
        _mode.reset(mode_token)


@contextlib.contextmanager
def raw_ciphertext() -> Iterator[None]:
    """Inside this block personal fields read and write their ciphertext as it is (backups)."""
    token = _mode.set("raw")
    try:
        yield
    finally:
        _mode.reset(token)


def raw_mode() -> bool:
    return _mode.get() == "raw"


def owner_of(instance: models.Model) -> str | None:
    """The record id a ciphertext is bound to: the UUID primary key, as hex."""
    pk = instance.pk
    if isinstance(instance._meta.pk, models.UUIDField) and pk is not None:
        return pk.hex if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)).hex
    return None


# --- Data keys ------------------------------------------------------------------------------

_dek_cache: OrderedDict[str, tuple[int, bytes]] = OrderedDict()


class _NewKeys:
    """Data keys created in the current transaction: usable in it, cached once it commits.

    If the transaction (or the savepoint they were made in) rolls back, Django drops the
    ``on_commit`` callback, ``live()`` turns false and the keys are forgotten.
    """

    def __init__(self) -> None:
        self.savepoint_ids = tuple(connection.savepoint_ids)
        self.keys: dict[str, tuple[int, bytes]] = {}
        self.callback = self._committed
        transaction.on_commit(self.callback)

    def live(self) -> bool:
        return any(entry[1] is self.callback for entry in connection.run_on_commit)

    def _committed(self) -> None:
        for owner, key in self.keys.items():
            _cache_put(owner, key)
        self.keys.clear()
        _pending.remove(self)


class _Pending:
    def __init__(self) -> None:
        self.batches: list[_NewKeys] = []

    def get(self, owner: str) -> tuple[int, bytes] | None:
        for batch in self.batches:
            if owner in batch.keys:
                if batch.live():
                    return batch.keys[owner]
                self.remove(batch)
                return None
        return None

    def batch(self) -> _NewKeys | None:
        """The batch for new keys in this transaction; None in autocommit."""
        if not connection.in_atomic_block:
            return None
        self.batches = [b for b in self.batches if b.live()]
        for batch in self.batches:
            if batch.savepoint_ids == tuple(connection.savepoint_ids):
                return batch
        batch = _NewKeys()
        self.batches.append(batch)
        return batch

    def remove(self, batch: _NewKeys) -> None:
        if batch in self.batches:
            self.batches.remove(batch)

    def clear(self) -> None:
        self.batches.clear()


_pending = _Pending()


def _cache_put(owner: str, key: tuple[int, bytes]) -> None:
    _dek_cache[owner] = key
    _dek_cache.move_to_end(owner)
    while len(_dek_cache) > DEK_CACHE_SIZE:
        _dek_cache.popitem(last=False)


def _known_key(owner: str) -> tuple[int, bytes] | None:
    key = _dek_cache.get(owner)
    if key is not None:
        _dek_cache.move_to_end(owner)
        return key
    return _pending.get(owner)


def _purpose(table: str, owner: str, version: int) -> str:
    return f"dek:{table}:{owner}:{version}"


def _stored_key(owner: str) -> tuple[int, bytes] | None:
    from huquq.security.keymodels import DataKey

    row = DataKey.objects.filter(owner_id=uuid.UUID(owner)).first()
    if row is None:
        return None
    dek = keys.unwrap(
        row.kek_id, row.wrapped, purpose=_purpose(row.owner_table, owner, row.version)
    )
    key = (row.version, dek)
    _cache_put(owner, key)
    return key


def create_data_keys(owners: Iterable[tuple[str, str]]) -> dict[str, tuple[int, bytes]]:
    """Create and store data keys for ``(owner, table)`` pairs, in one insert."""
    from huquq.security.keymodels import DataKey

    batch = _pending.batch()
    rows, created = [], {}
    for owner, table in owners:
        dek = crypto.new_key()
        kek_id, wrapped = keys.wrap(dek, purpose=_purpose(table, owner, 1))
        rows.append(
            DataKey(
                owner_id=uuid.UUID(owner),
                owner_table=table,
                version=1,
                kek_id=kek_id,
                wrapped=wrapped,
            )
        )
        created[owner] = (1, dek)
        if batch is None:
            _cache_put(owner, (1, dek))
        else:
            batch.keys[owner] = (1, dek)
    DataKey.objects.bulk_create(rows)
    return created


def prepare_data_keys(instances: Iterable[models.Model]) -> None:
    """Create the data keys of many new records at once (bulk inserts call this first).

    Without it each record's first sealed field stores its key with a query of its own.
    Does nothing while the server is locked: those records are sealed to the intake key.
    """
    if not keys.is_unlocked():
        return
    wanted = {}
    for instance in instances:
        owner = owner_of(instance)
        if owner is not None and _known_key(owner) is None:
            wanted[owner] = instance._meta.db_table
    if wanted:
        from huquq.security.keymodels import DataKey

        existing = DataKey.objects.filter(owner_id__in=[uuid.UUID(o) for o in wanted])
        for owner_id in existing.values_list("owner_id", flat=True):
            wanted.pop(owner_id.hex, None)
        create_data_keys(wanted.items())


def _key_for_write(owner: str, table: str) -> tuple[int, bytes]:
    key = _known_key(owner) or _stored_key(owner)
    if key is None:
        key = create_data_keys([(owner, table)])[owner]
    return key


def _key_for_read(owner: str, version: int) -> bytes:
    key = _known_key(owner) or _stored_key(owner)
    if key is None or key[0] != version:
        raise DecryptionError("the data key of this record is gone (purged?)")
    return key[1]


# --- Intake key -----------------------------------------------------------------------------

_intake_private: dict[str, bytes] = {}
_recipient_keys: OrderedDict[tuple[str, str], bytes] = OrderedDict()


def intake_key_ensure():
    """The active intake key pair, created (which needs the KEK) if there is none."""
    from huquq.security.keymodels import IntakeKey

    active = IntakeKey.objects.filter(active=True).order_by("-created_at").first()
    if active is not None:
        return active
    private, public = crypto.x25519_keypair()
    key_id = hashlib.sha256(public).hexdigest()[:16]
    kek_id, wrapped = keys.wrap(private, purpose=f"intake:{key_id}")
    return IntakeKey.objects.create(
        key_id=key_id, public_key=crypto.b64(public), private_wrapped=wrapped, kek_id=kek_id
    )


class _IntakeSealer:
    """One ephemeral X25519 key per intake message: its fields share the derived AES key."""

    def __init__(self) -> None:
        intake_key = intake_key_ensure()
        self.key_id = intake_key.key_id
        ephemeral_public, self.aes_key = crypto.x25519_sender_key(
            crypto.unb64(intake_key.public_key)
        )
        self.ephemeral = crypto.b64(ephemeral_public)


def _intake_private_key(key_id: str) -> bytes:
    from huquq.security.keymodels import IntakeKey

    keys.material()  # locked: raise before touching the cache
    if key_id not in _intake_private:
        row = IntakeKey.objects.filter(key_id=key_id).first()
        if row is None:
            raise DecryptionError("unknown intake key")
        _intake_private[key_id] = keys.unwrap(
            row.kek_id, row.private_wrapped, purpose=f"intake:{key_id}"
        )
    return _intake_private[key_id]


def _recipient_key(key_id: str, ephemeral: str) -> bytes:
    cache_key = (key_id, ephemeral)
    if cache_key not in _recipient_keys:
        _recipient_keys[cache_key] = crypto.x25519_recipient_key(
            _intake_private_key(key_id), crypto.unb64(ephemeral)
        )
        while len(_recipient_keys) > DEK_CACHE_SIZE:
            _recipient_keys.popitem(last=False)
    return _recipient_keys[cache_key]


def forget_data_keys(owners: Iterable) -> None:
    """Drop cached data keys of these records (their ``DataKey`` rows are being destroyed)."""
    for owner in owners:
        hex_owner = owner.hex if isinstance(owner, uuid.UUID) else str(owner)
        _dek_cache.pop(hex_owner, None)
        for batch in _pending.batches:
            batch.keys.pop(hex_owner, None)


def _forget_everything() -> None:
    _dek_cache.clear()
    _pending.clear()
    _intake_private.clear()
    _recipient_keys.clear()


keys.on_wipe(_forget_everything)


# --- Seal and open --------------------------------------------------------------------------


def _aad(fmt: str, table: str, column: str, owner: str, version: str) -> bytes:
    return f"huquq:{fmt}:{table}:{column}:{owner}:{version}".encode()


def seal(plaintext: str, *, table: str, column: str, owner: str) -> Sealed:
    if _mode.get() == "intake" or not keys.is_unlocked():
        sealer = _intake_sealer.get()
        if sealer is None:
            sealer = _IntakeSealer()
            if _mode.get() == "intake":
                _intake_sealer.set(sealer)
        blob = crypto.aead_seal(
            sealer.aes_key, plaintext.encode(), _aad("p1", table, column, owner, sealer.key_id)
        )
        return Sealed(
            f"{INTAKE_PREFIX}{sealer.key_id}:{owner}:{sealer.ephemeral}:{crypto.b64(blob)}"
        )
    return seal_under_data_key(plaintext, table=table, column=column, owner=owner)


def seal_under_data_key(plaintext: str, *, table: str, column: str, owner: str) -> Sealed:
    """``v1``: under the data key of record ``owner`` (created if it has none).

    Never falls back to the intake key: a locked process raises ``keys.Locked`` instead.
    Re-sealing (``security/resealing.py``) needs that.
    """
    version, dek = _key_for_write(owner, table)
    blob = crypto.aead_seal(dek, plaintext.encode(), _aad("v1", table, column, owner, version))
    return Sealed(f"v1:{owner}:{version}:{crypto.b64(blob)}")


def open_sealed(sealed: str, *, table: str, column: str, owner: str | None) -> tuple[str, str]:
    """(plaintext, owner) of a stored value; raises ``DecryptionError`` if it does not open."""
    if _mode.get() == "intake":
        raise ReadForbidden("intake does not read personal data back")
    keys.material()  # a locked process refuses here, before any cached key is used
    parts = sealed.split(":")
    if parts[0] == "v1" and len(parts) == 4:
        _fmt, sealed_owner, version, blob = parts
        _check_owner(sealed_owner, owner)
        if not version.isdigit():
            raise DecryptionError("malformed ciphertext")
        key = _key_for_read(sealed_owner, int(version))
    elif parts[0] == "p1" and len(parts) == 5:
        _fmt, version, sealed_owner, ephemeral, blob = parts
        _check_owner(sealed_owner, owner)
        key = _recipient_key(version, ephemeral)
    else:
        raise DecryptionError("not a ciphertext this version knows")
    aad = _aad(parts[0], table, column, sealed_owner, version)
    plaintext = crypto.aead_open(key, crypto.unb64(blob), aad)
    try:
        return plaintext.decode(), sealed_owner
    except UnicodeDecodeError:
        raise DecryptionError("ciphertext does not decode") from None


def _check_owner(sealed_owner: str, owner: str | None) -> None:
    if owner is not None and sealed_owner != owner:
        raise DecryptionError("ciphertext belongs to another record")
