"""Field-level envelope encryption: round trip, fail-closed, and what intake may not do."""

import pytest
from django.db import connection

from huquq.cases import services as case_services
from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.security import sealing
from huquq.security.crypto import DecryptionError
from huquq.security.keymodels import DataKey

TEXT = "Брата задержали в Москве, держат в отделе прямо сейчас"


def raw(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk.hex])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(table: str, column: str, pk, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk.hex])  # noqa: S608


def test_intake_seals_to_the_intake_key_and_staff_read_it_back(receive):
    receipt = receive(TEXT, contact_name="Test Canaryname", contact_phone="+79001112233")
    request = Request.objects.get(pk=receipt.request_id)
    stored = raw("cases_request", "text", request.pk)
    assert stored.startswith("p1:")
    assert TEXT not in stored
    assert request.text == TEXT
    person = Person.objects.get(pk=request.contact_id)
    assert (person.name, person.phone) == ("Test Canaryname", "+79001112233")


def test_staff_writes_are_sealed_under_a_data_key_of_the_row(receive, lawyer):
    case = Case.objects.get(code=receive().case_code)
    note = case_services.case_note(case=case, actor=lawyer, body="Позвонить адвокату")
    stored = raw("cases_caseevent", "body", note.pk)
    assert stored.startswith(f"v1:{note.pk.hex}:1:")
    assert DataKey.objects.filter(owner_id=note.pk).exists()
    assert CaseEvent.objects.get(pk=note.pk).body == "Позвонить адвокату"


@pytest.mark.parametrize("prefix", ["p1", "v1"])
def test_one_flipped_byte_raises(receive, lawyer, prefix):
    case = Case.objects.get(code=receive().case_code)
    if prefix == "p1":
        table, column, pk = "cases_request", "text", case.requests.get().pk
        model = Request
    else:
        table, column = "cases_caseevent", "body"
        pk = case_services.case_note(case=case, actor=lawyer, body="note text").pk
        model = CaseEvent
    stored = raw(table, column, pk)
    head, blob = stored.rsplit(":", 1)
    flipped = blob[:10] + ("A" if blob[10] != "A" else "B") + blob[11:]
    write_raw(table, column, pk, f"{head}:{flipped}")
    with pytest.raises(DecryptionError):
        getattr(model.objects.get(pk=pk), column)


def test_ciphertexts_swapped_between_rows_raise(receive, lawyer):
    case = Case.objects.get(code=receive().case_code)
    first = case_services.case_note(case=case, actor=lawyer, body="first note")
    second = case_services.case_note(case=case, actor=lawyer, body="second note")
    a, b = raw("cases_caseevent", "body", first.pk), raw("cases_caseevent", "body", second.pk)
    write_raw("cases_caseevent", "body", first.pk, b)
    write_raw("cases_caseevent", "body", second.pk, a)
    for pk in (first.pk, second.pk):
        with pytest.raises(DecryptionError):
            CaseEvent.objects.get(pk=pk).body  # noqa: B018


def test_ciphertext_moved_to_another_row_with_its_owner_rewritten_raises(receive, lawyer):
    """Even with the row id inside the ciphertext edited, the associated data does not fit."""
    case = Case.objects.get(code=receive().case_code)
    first = case_services.case_note(case=case, actor=lawyer, body="first note")
    second = case_services.case_note(case=case, actor=lawyer, body="second note")
    stored = raw("cases_caseevent", "body", first.pk).replace(first.pk.hex, second.pk.hex)
    write_raw("cases_caseevent", "body", second.pk, stored)
    with pytest.raises(DecryptionError):
        CaseEvent.objects.get(pk=second.pk).body  # noqa: B018


def test_ciphertexts_swapped_between_columns_raise(receive):
    receipt = receive(TEXT, contact_name="Name One", contact_phone="+79005556677")
    person = Person.objects.get(pk=Request.objects.get(pk=receipt.request_id).contact_id)
    name, phone = raw("cases_person", "name", person.pk), raw("cases_person", "phone", person.pk)
    write_raw("cases_person", "name", person.pk, phone)
    write_raw("cases_person", "phone", person.pk, name)
    fresh = Person.objects.get(pk=person.pk)
    with pytest.raises(DecryptionError):
        fresh.name  # noqa: B018
    with pytest.raises(DecryptionError):
        fresh.phone  # noqa: B018


def test_plain_text_in_the_column_is_refused_not_returned(receive):
    request = Request.objects.get(pk=receive().request_id)
    write_raw("cases_request", "text", request.pk, "v1:plain text pretending")
    with pytest.raises(DecryptionError):
        Request.objects.get(pk=request.pk).text  # noqa: B018


def test_filtering_on_a_personal_field_is_refused(db):
    with pytest.raises(ValueError, match="blind indexes"):
        list(Person.objects.filter(name="Someone"))
    assert list(Person.objects.filter(name="")) == []


def test_intake_cannot_read_back_what_it_stored(receive):
    request = Request.objects.get(pk=receive().request_id)
    with sealing.intake_only(), pytest.raises(sealing.ReadForbidden):
        Request.objects.get(pk=request.pk).text  # noqa: B018


def test_unchanged_values_keep_their_ciphertext_on_save(receive, lawyer):
    case = Case.objects.get(code=receive().case_code)
    note = case_services.case_note(case=case, actor=lawyer, body="kept")
    before = raw("cases_caseevent", "body", note.pk)
    again = CaseEvent.objects.get(pk=note.pk)
    assert again.body == "kept"
    again.save()
    assert raw("cases_caseevent", "body", note.pk) == before


def test_bulk_create_seals_with_prepared_data_keys(receive):
    person = Person.objects.get(pk=Request.objects.get(pk=receive().request_id).contact_id)
    people = [Person(name=f"Bulk Person {i}") for i in range(5)]
    sealing.prepare_data_keys(people)
    Person.objects.bulk_create(people)
    assert DataKey.objects.filter(owner_id__in=[p.pk for p in people]).count() == 5
    for original in people:
        stored = raw("cases_person", "name", original.pk)
        assert stored.startswith(f"v1:{original.pk.hex}:")
        assert Person.objects.get(pk=original.pk).name == original.name
    assert person.pk not in {p.pk for p in people}


def test_every_model_with_personal_data_binds_ciphertexts_to_its_row():
    """A UUID primary key exists before the row is written, so the associated data of every
    sealed value can name its row; an integer key would leave swaps between rows undetected."""
    from django.db import models as django_models

    from huquq.security.fields import models_with_personal_fields

    personal = models_with_personal_fields()
    assert {"cases.Person", "cases.Request"} <= {model._meta.label for model in personal}
    unbound = [
        model._meta.label
        for model in personal
        if not isinstance(model._meta.pk, django_models.UUIDField)
    ]
    assert unbound == []
