"""Encrypted backups: the restore drill, tampering, pruning; and retention by crypto-shredding."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from huquq.cases import services as case_services
from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.core.vocab import CaseStatus, Outcome
from huquq.security import backup, keys
from huquq.security.keymodels import DataKey
from huquq.security.retention import cases_purge
from tests.security.keyring_helpers import isolated_keys  # noqa: F401

pytestmark = pytest.mark.usefixtures("isolated_keys")


def snapshot() -> list[tuple]:
    """What staff would see of every case: readable only with the keys."""
    return sorted(
        (
            case.code,
            case.pin,
            case.client.phone,
            tuple(r.text for r in case.requests.order_by("received_at")),
            tuple(e.body for e in case.events.order_by("created_at")),
        )
        for case in Case.objects.select_related("client")
    )


def wipe_database() -> None:
    """Every table a backup holds, emptied as if the data dir were new."""
    for model in reversed(backup._models()):
        model._default_manager.all()._raw_delete(model._default_manager.db)


def test_restore_drill_gives_identical_cases(receive, lawyer, tmp_path):
    for n in range(3):
        code = receive(f"Обращение {n}", contact_phone=f"+7900000000{n}").case_code
        case_services.case_note(case=Case.objects.get(code=code), actor=lawyer, body=f"note {n}")
    before = snapshot()
    file = tmp_path / "backups" / "drill.huquq"
    export = tmp_path / "keys.json"
    call_command("backup", "create", str(file))
    call_command("keys", "export", str(export))
    raw = file.read_bytes()
    assert b"\xd0\x9e\xd0\xb1" not in raw  # "Об" in UTF-8: no plaintext inside
    assert b"note 0" not in raw

    # A fresh data dir: nothing but the backup file and the exported keys.
    call_command("lockdown", "--yes")
    wipe_database()
    call_command("keys", "import", str(export))
    call_command("backup", "restore", str(file))
    assert snapshot() == before


def test_restore_refuses_a_changed_backup(receive, tmp_path):
    receive()
    file = tmp_path / "b.huquq"
    call_command("backup", "create", str(file))
    data = bytearray(file.read_bytes())
    data[-20] ^= 1
    file.write_bytes(bytes(data))
    wipe_database()
    with pytest.raises(CommandError, match="changed or is damaged"):
        call_command("backup", "restore", str(file))


def test_restore_refuses_a_cut_backup(receive, tmp_path):
    receive()
    file = tmp_path / "b.huquq"
    call_command("backup", "create", str(file))
    file.write_bytes(file.read_bytes()[:-30])
    wipe_database()
    with pytest.raises(CommandError):
        call_command("backup", "restore", str(file))


def test_restore_refuses_a_database_in_use(receive, tmp_path):
    receive()
    file = tmp_path / "b.huquq"
    call_command("backup", "create", str(file))
    with pytest.raises(CommandError, match="empty database"):
        call_command("backup", "restore", str(file))


def test_prune_removes_backups_older_than_retention(receive, tmp_path, monkeypatch):
    receive()
    directory = tmp_path / "backups"
    old, new = directory / "old.huquq", directory / "new.huquq"
    forty_days_ago = timezone.now() - timedelta(days=40)
    monkeypatch.setattr(backup.timezone, "now", lambda: forty_days_ago)
    backup.backup_create(old)
    monkeypatch.undo()
    backup.backup_create(new)
    (directory / "notes.txt").write_text("not a backup")
    call_command("backup", "prune", "--dir", str(directory), "--days", "30")
    assert sorted(p.name for p in directory.iterdir()) == ["new.huquq", "notes.txt"]


def close_long_ago(case: Case, days: int) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        outcome=Outcome.RELEASED,
        closed_at=timezone.now() - timedelta(days=days),
    )


def test_retention_shreds_old_closed_cases_and_keeps_statistics(receive, lawyer, monkeypatch):
    old = Case.objects.get(code=receive("Старое дело", contact_phone="+79001110000").case_code)
    case_services.case_note(case=old, actor=lawyer, body="old note")
    young = Case.objects.get(code=receive("Новое дело", contact_phone="+79002220000").case_code)
    close_long_ago(old, days=400)
    close_long_ago(young, days=10)
    monkeypatch.setenv("HUQUQ_RETENTION_DAYS", "365")
    call_command("retention", "purge")

    old.refresh_from_db()
    assert (old.pin, old.status, old.outcome) == ("", CaseStatus.CLOSED, Outcome.RELEASED)
    assert old.categories
    assert old.opened_at
    assert Request.objects.get(case=old).text == ""
    assert CaseEvent.objects.get(case=old, kind=CaseEvent.Kind.NOTE).body == ""
    client = Person.objects.get(pk=old.client_id)
    assert (client.phone, client.phone_index) == ("", "")
    assert not DataKey.objects.filter(owner_id=old.pk).exists()
    assert Request.objects.get(case=young).text == "Новое дело"
    assert cases_purge(days=365) == 0  # nothing left to do the second time


def test_restored_old_backup_cannot_bring_back_a_purged_case_key(receive, lawyer, tmp_path):
    """Crypto-shredding: the data key is gone, so the old ciphertext stays closed."""
    case = Case.objects.get(code=receive("Дело", contact_phone="+79003330000").case_code)
    note = case_services.case_note(case=case, actor=lawyer, body="to be shredded")
    close_long_ago(case, days=1000)
    ciphertext = CaseEvent.objects.filter(pk=note.pk).values_list("body", flat=True).get()
    cases_purge(days=365)
    assert not DataKey.objects.filter(owner_id=note.pk).exists()
    CaseEvent.objects.filter(pk=note.pk).update(body=ciphertext)
    with pytest.raises(Exception, match="purged"):
        CaseEvent.objects.get(pk=note.pk).body  # noqa: B018
    assert keys.is_unlocked()
