"""``huquq keys rotate``: a new KEK, every wrapped key re-wrapped, no downtime.

1. The key file gets the new KEK *and* the old one: every process reloads it on its next key
   use, opens keys wrapped by either, and wraps new ones under the new KEK.
2. Every data key and intake key still wrapped by an old KEK is re-wrapped, in batches, each
   batch in its own transaction (readers never wait long, a crash loses nothing).
3. After a pause longer than the processes' check interval (so none still wraps with the old
   KEK) a last sweep runs, and the key file keeps only the new KEK.
"""

import time

from django.db import transaction

from huquq.security import crypto, keys
from huquq.security.batches import each_batch
from huquq.security.keymodels import DataKey, IntakeKey, PassphraseWrap

BATCH = 2_000


def keys_rotate(*, passphrase: str | None = None, settle_seconds: float = 1.0) -> str:
    """Rotate the KEK; returns the new KEK's id. Needs the passphrase if one is set."""
    old = keys.material()
    if passphrase is not None:
        keys.material_from_passphrase(passphrase)  # WrongKeys before anything changes
    elif PassphraseWrap.objects.exists():
        raise keys.WrongKeys("a passphrase is set: give it, so the new KEK is wrapped by it too")
    both = keys.KeyMaterial(
        index_root=bytearray(old.index_root),
        keks=[bytearray(crypto.new_key()), *(bytearray(k) for k in old.keks)],
    )
    new_id = both.kek_id
    _install(both, passphrase)
    _rewrap_all(new_id)
    time.sleep(max(settle_seconds, keys.CHECK_INTERVAL_SECONDS * 4))
    _rewrap_all(new_id)
    newest_only = keys.KeyMaterial(index_root=bytearray(old.index_root), keks=[both.keks[0]])
    _install(newest_only, passphrase)
    return new_id


def _install(material: keys.KeyMaterial, passphrase: str | None) -> None:
    keys.install(keys.KeyMaterial.from_text(material.to_text()), verify=False)
    if passphrase is not None:
        keys.passphrase_set(material, passphrase)


def _rewrap_all(new_id: str) -> None:
    each_batch(DataKey.objects.exclude(kek_id=new_id), _rewrap_data_keys, size=BATCH)
    with transaction.atomic():
        for intake_key in IntakeKey.objects.select_for_update().exclude(kek_id=new_id):
            purpose = f"intake:{intake_key.key_id}"
            secret = keys.unwrap(intake_key.kek_id, intake_key.private_wrapped, purpose=purpose)
            intake_key.kek_id, intake_key.private_wrapped = keys.wrap(secret, purpose=purpose)
            intake_key.save(update_fields=["kek_id", "private_wrapped"])


def _rewrap_data_keys(rows: list[DataKey]) -> None:
    for row in rows:
        purpose = f"dek:{row.owner_table}:{row.owner_id.hex}:{row.version}"
        secret = keys.unwrap(row.kek_id, row.wrapped, purpose=purpose)
        row.kek_id, row.wrapped = keys.wrap(secret, purpose=purpose)
    DataKey.objects.bulk_update(rows, ["kek_id", "wrapped"])
