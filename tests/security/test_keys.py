"""The key material: rotation, lockdown, import, passphrase unlock, and a locked intake."""

import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huquq.cases import services as case_services
from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.security import keys
from huquq.security.crypto import DecryptionError
from huquq.security.keymodels import DataKey, IntakeKey
from huquq.security.rotation import keys_rotate
from tests.security.keyring_helpers import isolated_keys  # noqa: F401

pytestmark = pytest.mark.usefixtures("isolated_keys")


def a_case_with_a_note(receive, lawyer, text="Задержали на стройке"):
    case = Case.objects.get(code=receive(text, contact_phone="+79001234567").case_code)
    note = case_services.case_note(case=case, actor=lawyer, body="Adv. called the station")
    return case, note


def test_demo_writes_a_private_key_file_and_says_so(receive, isolated_keys, caplog):  # noqa: F811
    receive()
    path = isolated_keys / "keyring.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "key-encryption key was written to" in caplog.text
    assert json.loads(path.read_text())["format"] == keys.FORMAT


def test_rotation_rewraps_every_data_key_and_keeps_data_readable(receive, lawyer):
    case, note = a_case_with_a_note(receive, lawyer)
    old_id = keys.material().kek_id
    new_id = keys_rotate(settle_seconds=0)
    assert new_id != old_id
    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {new_id}
    assert set(IntakeKey.objects.values_list("kek_id", flat=True)) == {new_id}
    keys.wipe()  # as another process would: only the new key file is there
    assert keys.material().kek_by_id(old_id) is None
    assert CaseEvent.objects.get(pk=note.pk).body == "Adv. called the station"
    assert Request.objects.get(case=case).text == "Задержали на стройке"


def test_lockdown_makes_reads_fail_and_import_restores(receive, lawyer, tmp_path):
    _case, note = a_case_with_a_note(receive, lawyer)
    export = tmp_path / "offline" / "keys.json"
    call_command("keys", "export", str(export))
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    call_command("lockdown", "--yes")
    assert not (tmp_path / "keyring.json").exists()
    with pytest.raises(keys.Locked):
        CaseEvent.objects.get(pk=note.pk).body  # noqa: B018
    call_command("keys", "import", str(export))
    assert CaseEvent.objects.get(pk=note.pk).body == "Adv. called the station"


def test_lockdown_needs_yes(db):
    with pytest.raises(CommandError, match="--yes"):
        call_command("lockdown")


def test_another_process_drops_its_keys_when_the_marker_appears(receive, lawyer, monkeypatch):
    _case, note = a_case_with_a_note(receive, lawyer)
    assert keys.is_unlocked()
    # Another process runs `huquq lockdown`: here only the marker and the file are seen.
    keys.lockdown_marker().write_text("locked")
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)
    with pytest.raises(keys.Locked):
        CaseEvent.objects.get(pk=note.pk).body  # noqa: B018


def test_foreign_keys_are_refused_on_import(receive, tmp_path):
    receive()
    stranger = tmp_path / "stranger.json"
    stranger.write_text(keys.KeyMaterial.generate().to_text())
    with pytest.raises(CommandError, match="do not belong"):
        call_command("keys", "import", str(stranger))


def test_passphrase_unlock_after_lockdown(receive, lawyer, tmp_path):
    _case, note = a_case_with_a_note(receive, lawyer)
    phrase = tmp_path / "phrase"
    phrase.write_text("correct horse battery staple\n")
    call_command("keys", "passphrase", "--passphrase-file", str(phrase))
    call_command("lockdown", "--yes")
    wrong = tmp_path / "wrong"
    wrong.write_text("incorrect horse battery staple")
    with pytest.raises(CommandError, match="wrong passphrase"):
        call_command("unlock", "--passphrase-file", str(wrong))
    call_command("unlock", "--passphrase-file", str(phrase))
    assert CaseEvent.objects.get(pk=note.pk).body == "Adv. called the station"


def test_export_as_a_printable_qr_code(receive, tmp_path):
    receive()
    svg = tmp_path / "keys.svg"
    call_command("keys", "export", str(svg), "--qr")
    assert svg.read_text().lstrip().startswith("<")
    assert keys.material().to_text() not in svg.read_text()


def test_locked_server_accepts_requests_and_matches_clients_after_unlock(receive, lawyer, tmp_path):
    first = receive("Первое обращение", contact_phone="+7 900 111-22-33")
    export = tmp_path / "keys.json"
    call_command("keys", "export", str(export))
    call_command("lockdown", "--yes")

    second = receive("Снова я, паспорт забрали", contact_phone="8 900 111 22 33")
    assert second.case_code != first.case_code  # provisional: matching waits for unlock
    assert second.new_case
    assert second.pin
    provisional = Request.objects.get(pk=second.request_id)
    assert Person.objects.get(pk=provisional.contact_id).phone_index == ""

    call_command("keys", "import", str(export))  # runs the matching task
    provisional.refresh_from_db()
    first_request = Request.objects.get(pk=first.request_id)
    assert provisional.contact_id == first_request.contact_id
    assert provisional.case_id == first_request.case_id
    assert Case.objects.get(code=second.case_code).merged_into_id == first_request.case_id
    assert provisional.text == "Снова я, паспорт забрали"


def test_lost_keys_mean_lost_data(receive, lawyer):
    _case, note = a_case_with_a_note(receive, lawyer)
    call_command("lockdown", "--yes")
    keys.install(keys.KeyMaterial.generate(), verify=False)
    with pytest.raises(DecryptionError):
        CaseEvent.objects.get(pk=note.pk).body  # noqa: B018


def test_production_refuses_to_start_without_a_key_source(settings, monkeypatch):
    from huquq.env import ConfigError

    settings.DEMO = False
    with pytest.raises(ConfigError, match="HUQUQ_KEK_FILE"):
        keys.check_configuration()
    monkeypatch.setenv("HUQUQ_KEK_FILE", "/run/huquq/keys.json")
    keys.check_configuration()
    assert keys.key_file() == keys.Path("/run/huquq/keys.json")
