"""Staff replies through the outbox: delivered, retried, given up, split; flood control."""

from datetime import timedelta

from django.utils import timezone

from huquq.bot import texts
from huquq.bot.handlers import FLOOD_LIMIT
from huquq.bot.models import Outbox
from huquq.cases.models import Case, CaseEvent, Request
from huquq.cases.services import case_reply
from tests.bot.conftest import first_lines_are_safe

CHAT = 5550002


def _case(bot, fake) -> Case:
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    return Case.objects.get()


def test_staff_reply_is_delivered_and_marked_sent(bot, fake, lawyer):
    case = _case(bot, fake)
    event = case_reply(case=case, actor=lawyer, body="Я ваш юрист. Завтра приеду в отдел.")
    assert event.delivery == CaseEvent.Delivery.PENDING
    bot.tick()
    sent = fake.sent_to(CHAT)[-1]["text"]
    assert sent.split("\n")[0] == texts.phrase("ru", "reply_header")
    assert "Завтра приеду в отдел." in sent
    event.refresh_from_db()
    assert event.delivery == CaseEvent.Delivery.SENT
    assert Outbox.objects.get(case_event=event).text == ""  # no second copy kept
    first_lines_are_safe(fake)


def test_staff_reply_is_retried_after_a_server_error(bot, fake, lawyer):
    case = _case(bot, fake)
    fake.fail("sendMessage", status=502, description="Bad Gateway")
    event = case_reply(case=case, actor=lawyer, body="Ответ")
    bot.tick()
    event.refresh_from_db()
    row = Outbox.objects.get(case_event=event)
    assert event.delivery == CaseEvent.Delivery.PENDING
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    Outbox.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    bot.tick()
    event.refresh_from_db()
    assert event.delivery == CaseEvent.Delivery.SENT
    assert fake.sent_to(CHAT)[-1]["text"] == "Ответ"


def test_reply_to_someone_who_blocked_the_bot_is_marked_failed(bot, fake, lawyer):
    case = _case(bot, fake)
    fake.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    event = case_reply(case=case, actor=lawyer, body="Ответ")
    bot.tick()
    event.refresh_from_db()
    assert event.delivery == CaseEvent.Delivery.FAILED


def test_flood_waits_are_honoured_without_using_up_attempts(bot, fake, lawyer):
    case = _case(bot, fake)
    fake.fail(
        "sendMessage", status=429, description="Too Many Requests", parameters={"retry_after": 7}
    )
    event = case_reply(case=case, actor=lawyer, body="Ответ")
    bot.tick()
    row = Outbox.objects.get(case_event=event)
    assert row.attempts == 0
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=5)


def test_a_long_reply_is_split_within_telegrams_limit(bot, fake, lawyer):
    case = _case(bot, fake)
    body = "\n".join(f"Строка {n}: " + "слово " * 30 for n in range(60))
    assert len(body) > 4096
    receipts = len(fake.sent_to(CHAT))
    event = case_reply(case=case, actor=lawyer, body=body)
    bot.tick()
    parts = [p["text"] for p in fake.sent_to(CHAT)[receipts:]]
    assert len(parts) == 3
    assert all(len(part) <= 4096 for part in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == body.replace("\n", "").replace(
        " ", ""
    )
    event.refresh_from_db()
    assert event.delivery == CaseEvent.Delivery.SENT


def test_flood_control_keeps_one_polite_notice(bot, fake):
    for number in range(FLOOD_LIMIT + 5):
        fake.message(CHAT, f"Сообщение номер {number}: задержали брата")
    bot.tick()
    assert Request.objects.count() == FLOOD_LIMIT
    flood = texts.phrase("ru", "flood")
    assert [p["text"] for p in fake.sent_to(CHAT)].count(flood) == 1
