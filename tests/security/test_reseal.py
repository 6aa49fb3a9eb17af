"""Re-sealing: what intake sealed to the intake key (p1) moves under each row's data key (v1)."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from huquq.cases.models import Case, Person, Request
from huquq.core.vocab import CaseStatus, Outcome
from huquq.security import crypto, keys, resealing, sealing
from huquq.security.crypto import DecryptionError
from huquq.security.fields import models_with_personal_fields, personal_fields
from huquq.security.keymodels import DataKey
from huquq.security.models import AuditEvent
from huquq.security.resealing import intake_values_reseal
from huquq.security.retention import cases_purge
from huquq.security.sealing import Sealed
from huquq.security.tokens import token_create
from tests.security.keyring_helpers import isolated_keys  # noqa: F401

pytestmark = pytest.mark.usefixtures("isolated_keys")

PHONE = "+7 900 765-43-21"


def stored() -> dict[tuple[str, str, str], str]:
    """Every non-empty personal value as it is stored: (model, row, field) -> ciphertext."""
    values = {}
    for model in models_with_personal_fields():
        names = [field.name for field in personal_fields(model)]
        for row in model._base_manager.values("pk", *names):
            for name in names:
                if row[name]:
                    values[(model._meta.label_lower, str(row["pk"]), name)] = row[name]
    return values


def other_columns() -> dict[str, list[tuple]]:
    """Every column that is not personal (labels, timestamps, foreign keys), per model."""
    columns = {}
    for model in models_with_personal_fields():
        personal = {field.name for field in personal_fields(model)}
        names = [f.name for f in model._meta.concrete_fields if f.name not in personal]
        columns[model._meta.label_lower] = sorted(
            map(tuple, model._base_manager.values_list(*names)), key=str
        )
    return columns


def plaintexts(values: dict[tuple[str, str, str], str]) -> dict[tuple[str, str, str], str]:
    """Each stored value opened, as staff would read it (keys freshly loaded from the file)."""
    keys.wipe()
    return {
        (label, pk, name): opened(label, pk, name, ciphertext)
        for (label, pk, name), ciphertext in values.items()
    }


def opened(label: str, pk: str, name: str, ciphertext: str) -> str:
    model = next(m for m in models_with_personal_fields() if m._meta.label_lower == label)
    column = model._meta.get_field(name).column
    plaintext, _owner = sealing.open_sealed(
        ciphertext, table=model._meta.db_table, column=column, owner=pk.replace("-", "")
    )
    return plaintext


def prefixes(values) -> set[str]:
    return {value[:3] for value in values.values()}


def receive_two(receive):
    first = receive("Брата задержали в Москве", contact_phone=PHONE, contact_name="Алишер Т.")
    second = receive(
        "Работодатель забрал паспорт",
        contact_phone="+7 900 000-11-22",
        contact_telegram_handle="@rustam_t",
        subject_name="Рустам",
    )
    return first, second


def test_intake_values_move_under_row_keys_and_read_back_identical(receive):
    receive_two(receive)
    before = stored()
    assert prefixes(before) == {"p1:"}
    readable = plaintexts(before)
    untouched = other_columns()
    audit_events = AuditEvent.objects.count()

    result = intake_values_reseal()

    after = stored()
    assert after.keys() == before.keys()
    assert prefixes(after) == {"v1:"}
    assert plaintexts(after) == readable
    assert result.resealed == len(before)
    assert result.failed == []
    owners = {pk.replace("-", "") for _label, pk, _name in before}
    assert {k.hex for k in DataKey.objects.values_list("owner_id", flat=True)} >= owners
    assert other_columns() == untouched
    assert AuditEvent.objects.count() == audit_events + 1
    event = AuditEvent.objects.get(action="security.keys.resealed")
    assert (event.data["values"], event.data["failed"]) == (len(before), 0)


def test_requests_from_the_api_are_resealed(db):
    token = token_create(name="partner")
    response = Client().post(
        "/api/requests",
        data=json.dumps(
            {"external_id": "r-1", "text": "Нужна помощь с патентом", "contact_phone": PHONE}
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    request = Request.objects.get(external_id="r-1")
    assert Request.objects.filter(pk=request.pk).values_list("text", flat=True).get()[:3] == "p1:"

    intake_values_reseal()

    raw = Request.objects.filter(pk=request.pk).values_list("text", flat=True).get()
    assert raw.startswith(f"v1:{request.pk.hex}:")
    keys.wipe()
    assert Request.objects.get(pk=request.pk).text == "Нужна помощь с патентом"


def test_a_purge_after_resealing_shreds_what_intake_wrote(receive):
    first, _second = receive_two(receive)
    request = Request.objects.get(pk=first.request_id)
    intake_values_reseal()
    ciphertext = Request.objects.filter(pk=request.pk).values_list("text", flat=True).get()
    assert ciphertext.startswith("v1:")
    assert opened("cases.request", str(request.pk), "text", ciphertext) == (
        "Брата задержали в Москве"
    )
    Case.objects.filter(pk=request.case_id).update(
        status=CaseStatus.CLOSED,
        outcome=Outcome.RELEASED,
        closed_at=timezone.now() - timedelta(days=1000),
    )

    assert cases_purge(days=365) == 1

    assert not DataKey.objects.filter(owner_id=request.pk).exists()
    # A copy of the old value (an old backup, a disk block) no longer opens.
    with pytest.raises(DecryptionError, match="purged"):
        opened("cases.request", str(request.pk), "text", ciphertext)
    Request.objects.filter(pk=request.pk).update(text=Sealed(ciphertext))
    with pytest.raises(DecryptionError):
        Request.objects.get(pk=request.pk).text  # noqa: B018


def test_a_second_run_changes_nothing(receive):
    receive_two(receive)
    assert intake_values_reseal().resealed > 0
    once = stored()
    keys_before = sorted(DataKey.objects.values_list("owner_id", "wrapped"))
    audit_events = AuditEvent.objects.count()

    again = intake_values_reseal()

    assert (again.resealed, again.rows, again.failed, again.locked) == (0, 0, [], False)
    assert stored() == once
    assert sorted(DataKey.objects.values_list("owner_id", "wrapped")) == keys_before
    assert AuditEvent.objects.count() == audit_events


def test_a_locked_server_changes_nothing_and_says_so(receive, capsys):
    receive_two(receive)
    call_command("lockdown", "--yes")
    receive("Пишу, пока сервер заперт", contact_phone=PHONE)
    before = stored()
    keys_before = DataKey.objects.count()

    result = intake_values_reseal()
    call_command("keys", "reseal")

    assert result.locked
    assert result.resealed == 0
    assert "locked" in capsys.readouterr().out
    assert stored() == before
    assert DataKey.objects.count() == keys_before
    assert not AuditEvent.objects.filter(action="security.keys.resealed").exists()


def test_unlock_reseals_what_was_written_while_locked(receive, tmp_path):
    receive_two(receive)  # before the lockdown: the intake key pair exists from here on
    export = tmp_path / "keys.json"
    call_command("keys", "export", str(export))
    call_command("lockdown", "--yes")
    receipt = receive("Задержали на рынке", contact_phone=PHONE)
    assert prefixes(stored()) == {"p1:"}

    call_command("keys", "import", str(export))  # queues the task (run in-process here)

    assert prefixes(stored()) == {"v1:"}
    assert Request.objects.get(pk=receipt.request_id).text == "Задержали на рынке"


def test_rows_with_both_kinds_keep_their_v1_values(receive):
    first = receive("Нужен адвокат", contact_phone=PHONE, contact_name="Алишер Т.")
    person = Person.objects.get(pk=Request.objects.get(pk=first.request_id).contact_id)
    person.passport = "AB 1234567"  # staff, unlocked: sealed under the row's data key
    person.save()
    raw = Person.objects.filter(pk=person.pk).values("name", "phone", "passport").get()
    assert (raw["name"][:3], raw["phone"][:3], raw["passport"][:3]) == ("p1:", "p1:", "v1:")

    result = intake_values_reseal()

    after = Person.objects.filter(pk=person.pk).values("name", "phone", "passport").get()
    assert after["passport"] == raw["passport"]  # not rewritten
    assert after["name"].startswith("v1:")
    assert after["phone"].startswith("v1:")
    assert result.values["cases.person"] == 2
    keys.wipe()
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.passport) == ("Алишер Т.", "AB 1234567")


def flip_one_byte(ciphertext: str) -> str:
    head, blob = ciphertext.rsplit(":", 1)
    data = bytearray(crypto.unb64(blob))
    data[len(data) // 2] ^= 1
    return f"{head}:{crypto.b64(bytes(data))}"


def test_a_tampered_value_is_reported_and_left_as_it_was(receive, capsys):
    first, second = receive_two(receive)
    tampered = flip_one_byte(
        Request.objects.filter(pk=first.request_id).values_list("text", flat=True).get()
    )
    Request.objects.filter(pk=first.request_id).update(text=Sealed(tampered))

    result = intake_values_reseal(batch=1)  # one row per batch: the bad row is paged past

    request_pk = str(Request.objects.get(pk=first.request_id).pk)
    assert result.failed == [f"cases.request:{request_pk}:text"]
    raw = Request.objects.filter(pk=first.request_id).values("text", "triage_evidence").get()
    assert raw["text"] == tampered
    assert raw["triage_evidence"].startswith("v1:")  # the same row's other value went on
    assert Request.objects.get(pk=second.request_id).text == "Работодатель забрал паспорт"
    left = {key for key, value in stored().items() if value.startswith("p1:")}
    assert left == {("cases.request", request_pk, "text")}
    event = AuditEvent.objects.get(action="security.keys.resealed")
    assert event.data["failed"] == 1
    assert event.data["failed_values"] == result.failed

    with pytest.raises(CommandError, match="1 value"):
        call_command("keys", "reseal")
    assert request_pk in capsys.readouterr().err
    assert Request.objects.filter(pk=first.request_id).values_list("text", flat=True).get() == (
        tampered
    )


def test_intake_writing_during_a_run_is_caught_by_the_next(receive, monkeypatch):
    receive_two(receive)
    original = resealing._reseal_rows
    written = []

    def reseal_then_intake_writes(rows, **kwargs):
        original(rows, **kwargs)
        if not written:
            written.append(receive("Новое обращение во время прогона", contact_phone=PHONE))

    monkeypatch.setattr(resealing, "_reseal_rows", reseal_then_intake_writes)
    intake_values_reseal(batch=1)
    monkeypatch.undo()
    during = stored()
    assert prefixes(during) <= {"p1:", "v1:"}
    readable = plaintexts(during)

    intake_values_reseal()

    after = stored()
    assert prefixes(after) == {"v1:"}
    assert plaintexts(after) == readable
    assert Request.objects.get(pk=written[0].request_id).text == "Новое обращение во время прогона"


def test_the_command_prints_counts(receive, capsys):
    receive_two(receive)
    count = len(stored())
    call_command("keys", "reseal")
    out = capsys.readouterr().out
    assert f"Re-sealed {count} value(s)" in out
    assert "cases.request: 4" in out
