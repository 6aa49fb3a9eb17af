"""The key material every process needs, where it comes from, and how lockdown drops it.

The *key material* is two secrets that never enter the database: the key-encryption key
(KEK, the newest first, an older one kept only while ``huquq keys rotate`` runs) and the
blind-index root (the per-index HMAC keys are derived from it). It is serialised as a small
JSON document (format ``huquq-keys-1``): that is what ``huquq keys export`` writes and
``huquq keys import`` reads.

How every process gets it ("the unlocked key file", see ``docs/keys.md``):

* ``HUQUQ_KEK_FILE`` names the file that holds the material while the server is unlocked.
  In production it lives on a RAM-backed tmpfs (``/run/huquq/keys.json``), readable only by
  the service user; in the demo it defaults to ``HUQUQ_DATA_DIR/keyring.json`` (0600).
  ``huquq unlock`` (passphrase through argon2id) and ``huquq keys import`` write it.
  Alternatively ``HUQUQ_KEK_PASSPHRASE_FILE`` lets each process unlock itself at start-up.
* Every process (gunicorn workers, the bot, the task worker, commands) reads it lazily on
  first use and keeps it in memory. At most every ``CHECK_INTERVAL_SECONDS``, on any key use,
  it looks at the lockdown marker ``HUQUQ_DATA_DIR/LOCKDOWN`` and at the key file's inode and
  mtime: a marker, or a key file that changed or vanished, wipes the in-memory copy.
* ``huquq lockdown --yes`` writes the marker, overwrites and deletes the key file (and the
  passphrase file, if it may), and wipes its own memory; every other process drops its copy
  on its next key use. Until ``huquq keys import`` or ``huquq unlock`` nothing is readable;
  intake keeps accepting requests, sealed to the intake public key.
* Other hosts learn of it from the shared database (``lockdown_signal``): at most every
  ``SIGNAL_CHECK_INTERVAL_SECONDS`` a process holding keys reads the newest lockdown signal;
  one newer than its host's key file makes it lock its own host down exactly as
  ``huquq lockdown`` would (marker, key file shredded, memory wiped). The key file names the
  signal it was written under; ``huquq unlock`` and ``keys import`` write the newest one, so
  each host stays locked until it is unlocked itself.
* A signal that cannot be read (database unreachable, broken transaction) fails closed for
  key use only: this process keeps its copy but raises ``Locked`` until a read succeeds again
  (retried at the same rate). A request in progress sees ``Locked`` (the locked page, intake
  seals to the intake key), not a crash; nothing is shredded on a mere outage, which would
  let a network fault lock every host down.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from huquq.env import ConfigError, envstr
from huquq.security import crypto, lockdown_signal

log = logging.getLogger(__name__)

FORMAT = "huquq-keys-1"
CHECK_INTERVAL_SECONDS = 0.25
#: How often a process holding keys reads the lockdown signal in the shared database.
SIGNAL_CHECK_INTERVAL_SECONDS = 1.0
#: The field of the unlocked key file that names the lockdown signal it was written under
#: (not part of an export: ``KeyMaterial.from_text`` ignores it).
SIGNAL_FIELD = "lockdown_signal"
#: argon2id cost for the passphrase: about a third of a second and 64 MiB on a small server.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 2


class Locked(Exception):
    """This process does not hold the key material: the server is locked or not unlocked."""


class WrongKeys(Exception):
    """The key material (or passphrase) offered does not belong to this database."""


@dataclass
class KeyMaterial:
    index_root: bytearray
    keks: list[bytearray] = field(default_factory=list)  # the current KEK first

    @classmethod
    def generate(cls) -> KeyMaterial:
        return cls(index_root=bytearray(crypto.new_key()), keks=[bytearray(crypto.new_key())])

    @property
    def kek(self) -> bytes:
        return bytes(self.keks[0])

    @property
    def kek_id(self) -> str:
        return kek_id_of(self.keks[0])

    def kek_by_id(self, wanted: str) -> bytes | None:
        return next((bytes(k) for k in self.keks if kek_id_of(k) == wanted), None)

    def to_text(self, **extra: str) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "index_root": crypto.b64(bytes(self.index_root)),
                "keks": [crypto.b64(bytes(k)) for k in self.keks],
                **extra,
            }
        )

    @classmethod
    def from_text(cls, text: str) -> KeyMaterial:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError
            index_root = crypto.unb64(data["index_root"])
            keks = [crypto.unb64(k) for k in data["keks"]]
        except (ValueError, KeyError, TypeError, crypto.DecryptionError):
            raise WrongKeys("not a Huquq key file") from None
        if len(index_root) != crypto.KEY_BYTES or not keks or any(len(k) != 32 for k in keks):
            raise WrongKeys("not a Huquq key file")
        return cls(index_root=bytearray(index_root), keks=[bytearray(k) for k in keks])

    def wipe(self) -> None:
        """Overwrite the secrets in place (best effort: Python and OpenSSL may hold copies)."""
        for secret in [self.index_root, *self.keks]:
            secret[:] = bytes(len(secret))


def kek_id_of(kek: bytes | bytearray) -> str:
    """A public fingerprint of a KEK: says which KEK wrapped a key, reveals nothing of it."""
    return hmac.new(bytes(kek), b"huquq-kek-id", hashlib.sha256).hexdigest()[:16]


# --- Where things live ----------------------------------------------------------------------


def key_file() -> Path | None:
    configured = envstr("HUQUQ_KEK_FILE")
    if configured:
        return Path(configured)
    return settings.DATA_DIR / "keyring.json" if settings.DEMO else None


def passphrase_file() -> Path | None:
    configured = envstr("HUQUQ_KEK_PASSPHRASE_FILE")
    return Path(configured) if configured else None


def lockdown_marker() -> Path:
    return settings.DATA_DIR / "LOCKDOWN"


def check_configuration() -> None:
    """Production refuses to start without a named source for the key material."""
    if not settings.DEMO and not (envstr("HUQUQ_KEK_FILE") or passphrase_file()):
        raise ConfigError(
            "HUQUQ_KEK_FILE or HUQUQ_KEK_PASSPHRASE_FILE must be set when HUQUQ_ENV=production"
        )


# --- The in-memory copy of this process -----------------------------------------------------


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.material: KeyMaterial | None = None
        self.file_stamp: tuple[int, int] | None = None
        self.checked_at = 0.0
        self.signal = ""  # the newest lockdown signal when the material was loaded
        self.signal_checked_at = 0.0
        self.signal_unreadable = False
        self.derived: dict[str, bytes] = {}
        self.wipe_hooks: list[Callable[[], None]] = []


_state = _State()


def on_wipe(hook: Callable[[], None]) -> None:
    """Run ``hook`` whenever this process drops its keys (caches of unwrapped keys use it)."""
    _state.wipe_hooks.append(hook)


def material() -> KeyMaterial:
    """The key material, loading it on first use; ``Locked`` when this process cannot."""
    _check()
    current = _state.material
    if current is None:
        with _state.lock:
            current = _state.material or _load()
    if current is None:
        raise Locked("the server is locked")
    if _state.signal_unreadable:
        raise Locked("the lockdown signal cannot be read")
    return current


def is_unlocked() -> bool:
    try:
        material()
    except Locked:
        return False
    return True


def wipe() -> None:
    """Drop the key material and everything unwrapped with it from this process."""
    with _state.lock:
        if _state.material is not None:
            _state.material.wipe()
        _state.material = None
        _state.file_stamp = None
        _state.signal_unreadable = False
        _state.derived.clear()
        for hook in _state.wipe_hooks:
            hook()


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        st = path.stat() if path else None
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns) if st else None


def _check(*, force: bool = False) -> None:
    now = time.monotonic()
    if not force and now - _state.checked_at < CHECK_INTERVAL_SECONDS:
        return
    _state.checked_at = now
    if _state.material is None:
        return
    if lockdown_marker().exists():
        wipe()
    elif _state.file_stamp is not None and _stamp(key_file()) != _state.file_stamp:
        wipe()  # rotated, imported or deleted: the next use loads the new file
    elif now - _state.signal_checked_at >= SIGNAL_CHECK_INTERVAL_SECONDS:
        _state.signal_checked_at = now
        newest = _newest_signal()
        _state.signal_unreadable = newest is None
        if newest is not None and newest != _state.signal:
            _follow_signal(newest)


def _newest_signal() -> str | None:
    """The newest lockdown signal, or None (logged) when the database does not answer."""
    try:
        return lockdown_signal.newest_signal()
    except DatabaseError as exc:
        log.warning(
            "Cannot read the lockdown signal (%s): keys refused until it can be read.",
            type(exc).__name__,
        )
        return None


def _follow_signal(newest: str) -> None:
    """Another host locked down: lock this host down too, unless it was unlocked since."""
    path = key_file()
    if path is not None and _file_signal(path) == newest:
        wipe()  # `huquq unlock` or `keys import` ran here after that signal: load the new file
        return
    log.warning("Another host locked the server down: locking this host down too.")
    lockdown(reason="lockdown signal from the shared database")


def _file_signal(path: Path) -> str | None:
    """The signal the key file at ``path`` was written under (None: unknown or unreadable)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get(SIGNAL_FIELD)
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def _load() -> KeyMaterial | None:
    if lockdown_marker().exists():
        return None
    newest = _newest_signal()  # read before the key file: a lockdown in between is seen next
    if newest is None:
        return None
    path = key_file()
    stamp = _stamp(path)
    if path is not None and stamp is not None:
        if _file_signal(path) not in (None, newest):  # None: written by hand or before signals
            _follow_signal(newest)
            return None
        loaded = KeyMaterial.from_text(path.read_text(encoding="utf-8"))
    elif (phrase_path := passphrase_file()) is not None and phrase_path.exists():
        loaded = material_from_passphrase(phrase_path.read_text(encoding="utf-8").strip())
    elif settings.DEMO and path is not None and _fresh_install():
        loaded = KeyMaterial.generate()
        write_key_file(loaded, path, signal=newest)
        stamp = _stamp(path)
        log.warning(
            "Demo mode: the key-encryption key was written to %s (0600). "
            "In production it is never kept on disk; see docs/keys.md.",
            path,
        )
    else:
        return None
    _state.material, _state.file_stamp, _state.signal = loaded, stamp, newest
    _state.signal_checked_at = time.monotonic()
    return loaded


def _fresh_install() -> bool:
    from huquq.security.keymodels import DataKey, IntakeKey

    return not IntakeKey.objects.exists() and not DataKey.objects.exists()


# --- Files ----------------------------------------------------------------------------------


def write_key_file(keys: KeyMaterial, path: Path, *, signal: str) -> None:
    """The unlocked key file: the material and the newest lockdown signal it supersedes."""
    write_text_private(path, keys.to_text(**{SIGNAL_FIELD: signal}))


def write_text_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a 0600 file holding ``text``."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def shred(path: Path) -> bool:
    """Overwrite a file with zeros and delete it; False if it was not there or not ours.

    On journalling file systems and SSDs the old blocks may survive: that is why production
    keeps the key file on tmpfs.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except (FileNotFoundError, PermissionError, OSError):
        return False
    return True


def install(keys: KeyMaterial, *, verify: bool = True) -> Path | None:
    """Make ``keys`` the unlocked key material of this host; return the key file used.

    The key file names the newest lockdown signal, so it supersedes that signal on this host
    only: every other host stays locked until it is unlocked too.
    """
    if verify:
        verify_against_database(keys)
    signal = lockdown_signal.newest_signal()
    path = key_file()
    with _state.lock:
        wipe()
        if path is not None:
            write_key_file(keys, path, signal=signal)
        lockdown_marker().unlink(missing_ok=True)
        _state.material, _state.file_stamp, _state.signal = keys, _stamp(path), signal
        _state.signal_checked_at = time.monotonic()
    return path


def lockdown(*, reason: str = "huquq lockdown") -> list[Path]:
    """Wipe the keys from this process and this host's disk; return the files destroyed.

    Only this host: ``huquq lockdown`` then raises the signal that the other hosts follow.
    """
    marker = lockdown_marker()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"locked at {timezone.now().isoformat()} ({reason})\n", encoding="utf-8")
    destroyed = [p for p in (key_file(), passphrase_file()) if p is not None and shred(p)]
    wipe()
    return destroyed


def verify_against_database(keys: KeyMaterial) -> None:
    """Refuse key material that cannot unwrap the keys this database holds."""
    from huquq.security.keymodels import DataKey, IntakeKey

    wrapped = IntakeKey.objects.order_by("-created_at").first() or DataKey.objects.first()
    if wrapped is None:
        return
    if keys.kek_by_id(wrapped.kek_id) is None:
        raise WrongKeys("these keys do not belong to this database")


# --- Using the keys -------------------------------------------------------------------------


def wrap(secret: bytes, *, purpose: str) -> tuple[str, str]:
    """(kek_id, wrapped) of ``secret`` under the current KEK, bound to ``purpose``."""
    keys = material()
    kek_id = keys.kek_id
    sealed = crypto.aead_seal(keys.kek, secret, f"huquq:wrap:{purpose}:{kek_id}".encode())
    return kek_id, crypto.b64(sealed)


def unwrap(kek_id: str, wrapped: str, *, purpose: str) -> bytes:
    kek = material().kek_by_id(kek_id)
    if kek is None:
        # Maybe another process has just rotated: look at the key file again.
        wipe()
        kek = material().kek_by_id(kek_id)
    if kek is None:
        raise crypto.DecryptionError("wrapped by a key-encryption key this server does not hold")
    return crypto.aead_open(kek, crypto.unb64(wrapped), f"huquq:wrap:{purpose}:{kek_id}".encode())


def derived_key(purpose: str) -> bytes:
    """A key derived from the blind-index root (blind indexes, and nothing stored)."""
    keys = material()
    if purpose not in _state.derived:
        _state.derived[purpose] = crypto.derive(bytes(keys.index_root), purpose)
    return _state.derived[purpose]


# --- Passphrase -----------------------------------------------------------------------------


def _passphrase_key(
    passphrase: str, salt: bytes, *, time_cost: int, memory_kib: int, parallelism: int
) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=crypto.KEY_BYTES,
        type=Type.ID,
    )


def passphrase_set(keys: KeyMaterial, passphrase: str) -> None:
    """Keep ``keys`` in the database sealed under argon2id(passphrase)."""
    from huquq.security.keymodels import PassphraseWrap

    if len(passphrase) < 12:
        raise ValueError("the passphrase must be at least 12 characters")
    salt = os.urandom(16)
    key = _passphrase_key(
        passphrase,
        salt,
        time_cost=ARGON2_TIME_COST,
        memory_kib=ARGON2_MEMORY_KIB,
        parallelism=ARGON2_PARALLELISM,
    )
    PassphraseWrap.objects.update_or_create(
        id=1,
        defaults={
            "salt": crypto.b64(salt),
            "time_cost": ARGON2_TIME_COST,
            "memory_cost_kib": ARGON2_MEMORY_KIB,
            "parallelism": ARGON2_PARALLELISM,
            "sealed_material": crypto.b64(
                crypto.aead_seal(key, keys.to_text().encode(), b"huquq:passphrase-wrap")
            ),
            "updated_at": timezone.now(),
        },
    )


def material_from_passphrase(passphrase: str) -> KeyMaterial:
    from huquq.security.keymodels import PassphraseWrap

    row = PassphraseWrap.objects.filter(id=1).first()
    if row is None:
        raise WrongKeys("no passphrase has been set (huquq keys passphrase)")
    key = _passphrase_key(
        passphrase,
        crypto.unb64(row.salt),
        time_cost=row.time_cost,
        memory_kib=row.memory_cost_kib,
        parallelism=row.parallelism,
    )
    try:
        text = crypto.aead_open(key, crypto.unb64(row.sealed_material), b"huquq:passphrase-wrap")
    except crypto.DecryptionError:
        raise WrongKeys("wrong passphrase") from None
    return KeyMaterial.from_text(text.decode())
