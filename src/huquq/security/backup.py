"""Encrypted backups: every row, personal fields still sealed, in one authenticated file.

The file is a header line (format, time, which KEK, database vendor) followed by chunks, each
AES-256-GCM under a key derived from the KEK; the associated data of each chunk is the header,
its index and whether it is the last, so a changed, reordered or cut file fails to restore.
Rows are Django's serialised form (as ``dumpdata``), so a backup of SQLite restores into
PostgreSQL and back. Personal fields are written as their ciphertext, never opened.
"""

import json
import os
import secrets
import struct
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from huquq.env import envstr
from huquq.security import crypto, keys, sealing

MAGIC = b"HUQUQ-BACKUP-1\n"
CHUNK_BYTES = 1 << 20
ROWS_PER_QUERY = 2_000
#: Rows that ``migrate`` recreates, or that only matter to a running server (a restored
#: lockdown signal would lock down the server that just imported its keys).
SKIPPED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "security.lockdownsignal",
}


class BackupError(Exception):
    """The file is not a backup, was changed, or needs a KEK this server does not hold."""


def backup_dir() -> Path:
    from django.conf import settings

    return Path(envstr("HUQUQ_BACKUP_DIR") or settings.DATA_DIR / "backups")


def _backup_key(kek: bytes, salt: str) -> bytes:
    return crypto.derive(kek, f"huquq-backup-v1:{salt}")


def _models() -> list:
    app_list = [(config, None) for config in apps.get_app_configs()]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def _records() -> Iterator[bytes]:
    with sealing.raw_ciphertext():
        for model in _models():
            rows = model._default_manager.order_by("pk").iterator(chunk_size=ROWS_PER_QUERY)
            while batch := list(islice(rows, ROWS_PER_QUERY)):
                for record in serializers.serialize("python", batch, use_natural_foreign_keys=True):
                    yield json.dumps(record, cls=DjangoJSONEncoder).encode() + b"\n"


def backup_create(path: Path) -> int:
    """Write an encrypted backup of the whole database to ``path``; returns rows written."""
    material = keys.material()
    header = json.dumps(
        {
            "created_at": timezone.now().isoformat(),
            "kek_id": material.kek_id,
            "salt": secrets.token_hex(16),
            "database": connection.vendor,
        }
    ).encode()
    key = _backup_key(material.kek, json.loads(header)["salt"])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    rows = 0
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(MAGIC + header + b"\n")
        buffer = bytearray()
        index = 0
        for record in _records():
            rows += 1
            buffer += record
            if len(buffer) >= CHUNK_BYTES:
                _write_chunk(out, key, header, index, bytes(buffer), last=False)
                buffer.clear()
                index += 1
        _write_chunk(out, key, header, index, bytes(buffer), last=True)
    temporary.replace(path)
    return rows


def _chunk_aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


def _write_chunk(out, key: bytes, header: bytes, index: int, data: bytes, *, last: bool) -> None:
    sealed = crypto.aead_seal(key, data, _chunk_aad(header, index, last))
    out.write(struct.pack(">I?", len(sealed), last) + sealed)


def read_header(path: Path) -> dict:
    with path.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError("not a Huquq backup")
        return json.loads(handle.readline())


def _plaintext_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError("not a Huquq backup")
        header_line = handle.readline()
        header = header_line.rstrip(b"\n")
        kek = keys.material().kek_by_id(json.loads(header)["kek_id"])
        if kek is None:
            raise BackupError("this backup needs the KEK it was made under: import that key")
        key = _backup_key(kek, json.loads(header)["salt"])
        index, last = 0, False
        while not last:
            prefix = handle.read(5)
            if len(prefix) != 5:
                raise BackupError("the backup is cut short")
            length, last = struct.unpack(">I?", prefix)
            try:
                yield crypto.aead_open(key, handle.read(length), _chunk_aad(header, index, last))
            except crypto.DecryptionError:
                raise BackupError("the backup was changed or is damaged") from None
            index += 1


def _lines(path: Path) -> Iterator[bytes]:
    rest = b""
    for chunk in _plaintext_chunks(path):
        *lines, rest = (rest + chunk).split(b"\n")
        yield from lines
    if rest:
        yield rest


def backup_restore(path: Path) -> int:
    """Load a backup into an empty database; returns rows restored. All or nothing."""
    from huquq.cases.models import Case, Request
    from huquq.security.models import User

    if Case.objects.exists() or Request.objects.exists() or User.objects.exists():
        raise BackupError("restore into an empty database (a fresh HUQUQ_DATA_DIR)")
    rows = 0
    with (
        sealing.raw_ciphertext(),
        transaction.atomic(),
        connection.constraint_checks_disabled(),
    ):
        lines = _lines(path)
        while batch := [json.loads(line) for line in islice(lines, ROWS_PER_QUERY)]:
            for restored in serializers.deserialize(
                "python", batch, handle_forward_references=True
            ):
                restored.save()
                rows += 1
        connection.check_constraints()
    keys.wipe()  # cached keys of rows that may have been replaced
    return rows


def backup_prune(directory: Path, *, older_than_days: int) -> list[Path]:
    """Delete backups in ``directory`` made more than ``older_than_days`` days ago."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    pruned = []
    for path in sorted(directory.glob("*")) if directory.is_dir() else []:
        try:
            created = datetime.fromisoformat(read_header(path)["created_at"])
        except (BackupError, OSError, ValueError, KeyError):
            continue
        if created < cutoff:
            path.unlink()
            pruned.append(path)
    return pruned
