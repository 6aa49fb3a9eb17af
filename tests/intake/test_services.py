import pytest
from django.db import IntegrityError

from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.core.vocab import Channel
from huquq.intake import services
from huquq.intake.validation import IntakeError
from huquq.security.models import AuditEvent


def counts() -> tuple[int, int, int]:
    return Request.objects.count(), Case.objects.count(), Person.objects.count()


def test_first_request_opens_a_case_with_code_and_pin(receive):
    receipt = receive(external_id="f-1")
    assert receipt.new_case
    assert not receipt.duplicate
    assert receipt.pin is not None
    assert len(receipt.pin) == 6
    case = Case.objects.get(code=receipt.case_code)
    assert case.requests.count() == 1
    assert case.events.filter(kind=CaseEvent.Kind.REQUEST).count() == 1
    assert AuditEvent.objects.filter(action="intake.request.received").count() == 1


def test_case_code_has_the_documented_shape(receive):
    code = receive().case_code
    assert len(code) == 9
    assert code[4] == "-"
    assert code[:4].isalpha()
    assert code[:4].isupper()
    assert not set(code[:4]) & {"I", "O"}
    assert code[5:].isdigit()


def test_replay_returns_the_first_receipt_and_stores_nothing(receive):
    first = receive(external_id="same-id")
    before = counts()
    again = receive(text="a different text, same id", external_id="same-id")
    assert counts() == before
    assert again.duplicate
    assert (again.case_code, again.pin, again.request_id) == (
        first.case_code,
        first.pin,
        first.request_id,
    )


def test_same_external_id_on_another_channel_is_another_request(receive):
    receive(external_id="42", channel=Channel.FORM)
    receive(external_id="42", channel=Channel.API)
    assert Request.objects.count() == 2


def test_returning_client_is_recognised_by_phone(receive):
    first = receive(contact_phone="+7 (900) 123-45-67")
    second = receive(text="Ещё вопрос про патент", contact_phone="89001234567")
    assert second.case_code == first.case_code
    assert not second.new_case
    assert second.pin is None  # a PIN is never handed to whoever knows the phone number
    assert Person.objects.count() == 1


def test_returning_client_is_recognised_by_telegram_id(receive):
    first = receive(channel=Channel.TELEGRAM, contact_telegram_id="5551", external_id="1:1")
    second = receive(
        channel=Channel.TELEGRAM,
        contact_telegram_id="5551",
        external_id="1:2",
        text="Ещё одно сообщение",
    )
    assert first.case_code == second.case_code


def test_closed_case_is_not_reused(receive, lawyer):
    from huquq.cases.services import case_close

    first = receive(contact_phone="+79001112233")
    case_close(case=Case.objects.get(code=first.case_code), actor=lawyer, outcome="advice_given")
    second = receive(text="Новая беда", contact_phone="+79001112233")
    assert second.new_case
    assert second.case_code != first.case_code


def test_case_takes_highest_urgency_and_all_categories(receive):
    receive(text="Вопрос про патент, как продлить", contact_phone="+79005556677")
    receipt = receive(
        text="Брата задержали, держат в отделе прямо сейчас", contact_phone="+79005556677"
    )
    case = Case.objects.get(code=receipt.case_code)
    assert case.urgency == "immediate"
    assert "detention" in case.categories


def test_text_is_normalised(receive):
    receipt = receive(text="  Cafe\u0301\x00 \x07помогите\r\n\r\n\r\n\r\nпожалуйста  ")
    text = Request.objects.get(pk=receipt.request_id).text
    assert text == "Café помогите\n\nпожалуйста"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("\x00\x01\x02", "empty"),
        ("я" * 1_000_000, "too_long"),
        (None, "invalid"),
        (b"bytes", "invalid"),
    ],
)
def test_bad_text_is_refused_and_nothing_is_stored(receive, text, code):
    with pytest.raises(IntakeError) as error:
        receive(text=text)
    assert error.value.code == code
    assert error.value.message
    assert counts() == (0, 0, 0)


def test_failure_inside_the_transaction_leaves_no_trace(receive, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        receive(contact_phone="+79009998877")
    assert counts() == (0, 0, 0)
    assert CaseEvent.objects.count() == 0


def test_race_on_the_same_external_id_returns_the_stored_receipt(receive, monkeypatch):
    """Two workers pass the duplicate check at once; the loser gets the winner's receipt."""
    first = receive(external_id="raced")
    real_store = services._store
    monkeypatch.setattr(services, "_receipt_of_existing", lambda *a: None)

    def store_then_conflict(*args, **kwargs):
        monkeypatch.undo()
        raise IntegrityError("unique constraint")

    monkeypatch.setattr(services, "_store", store_then_conflict)
    again = receive(text="same message again", external_id="raced")
    assert again.case_code == first.case_code
    assert again.duplicate
    assert Request.objects.count() == 1
    assert real_store is services._store
