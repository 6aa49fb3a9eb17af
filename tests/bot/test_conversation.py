"""Conversations through the real client library against the fake Bot API."""

import pytest

from huquq.bot import texts
from huquq.bot.models import Chat
from huquq.cases.models import Case, Request
from huquq.core.vocab import CLIENT_LANGUAGES, Channel
from tests.bot.conftest import CASE_CODE, first_lines_are_safe

CHAT = 5550001


def test_text_message_gets_case_code_and_detention_guidance(bot, fake):
    fake.message(CHAT, "Брата задержали в Москве, заставляют подписать бумаги")
    bot.tick()

    request = Request.objects.get()
    assert request.channel == Channel.TELEGRAM
    replies = fake.sent_to(CHAT)
    first = replies[0]["text"]
    assert request.case.code in first
    assert CASE_CODE.search(first)
    assert "Не подписывайте ничего" in first
    assert "переводчика" in first
    # The first reply offers the languages; the second asks (once) for city and phone.
    assert "inline_keyboard" in replies[0]["reply_markup"]
    assert replies[1]["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert Chat.objects.get().language == "ru"
    first_lines_are_safe(fake)


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_conversation_in_each_language(bot, fake, language):
    fake.message(CHAT, "/start")
    bot.tick()
    assert fake.sent_to(CHAT)[0]["text"].count("\n") == 1  # two lines
    picker = fake.sent_to(CHAT)[0]
    fake.press(CHAT, f"lang:{language}", message_id=picker["_message_id"])
    bot.tick()
    assert Chat.objects.get().language == language
    edited = fake.called("editMessageText")[-1]["text"]
    assert edited == texts.phrase(language, "language_set", language=texts.language_name(language))
    assert fake.called("answerCallbackQuery")

    fake.message(CHAT, "Brother held by police at the market, they want him to sign")
    bot.tick()
    request = Request.objects.get()
    reply = fake.sent_to(CHAT)[-2]["text"]
    assert reply.startswith(texts.phrase(language, "received_new", code=request.case.code))
    for guidance in texts.guidance(language, list(request.categories)):
        assert guidance in reply

    fake.message(CHAT, "/status")
    bot.tick()
    status = fake.sent_to(CHAT)[-1]["text"]
    assert status == texts.phrase(
        language,
        "status",
        code=request.case.code,
        status=texts.status_label(language, request.case.status),
    )
    first_lines_are_safe(fake)


def test_second_message_joins_the_case_without_repeating_guidance(bot, fake):
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    fake.message(CHAT, "Его держат в отделе на Тверской, задержали утром")
    bot.tick()
    assert Request.objects.count() == 2
    assert Case.objects.count() == 1
    last = fake.sent_to(CHAT)[-1]["text"]
    assert last == texts.phrase("ru", "received", code=Case.objects.get().code)


def test_edited_message_updates_its_request(bot, fake):
    update = fake.message(CHAT, "У меня проблема с работой")
    bot.tick()
    message = dict(update["message"], text="Брата задержали в Москве", edit_date=1)
    fake.push({"edited_message": message})
    bot.tick()
    request = Request.objects.get()
    assert request.text == "Брата задержали в Москве"
    assert "detention" in request.categories
    assert "detention" in request.case.categories
    assert fake.sent_to(CHAT)[-1]["text"] == texts.phrase("ru", "updated", code=request.case.code)


def test_sticker_location_contact_and_long_text(bot, fake):
    fake.message(
        CHAT,
        None,
        sticker={
            "file_id": "s1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        },
    )
    bot.tick()
    assert Request.objects.count() == 0
    assert fake.sent_to(CHAT)[-1]["text"] == texts.phrase("ru", "unsupported")

    fake.message(CHAT, None, location={"latitude": 55.7558, "longitude": 37.6173})
    bot.tick()
    assert Request.objects.get().text == "[location] 55.75580, 37.61730"

    fake.message(
        CHAT, None, contact={"phone_number": "+79161234567", "first_name": "Test", "user_id": CHAT}
    )
    bot.tick()
    assert Request.objects.count() == 1
    assert Request.objects.get().contact.phone == "+79161234567"

    long_text = ("Меня задержали в Москве. " * 200)[:4096]
    fake.message(CHAT, long_text)
    bot.tick()
    assert Request.objects.count() == 2
    assert Request.objects.order_by("-received_at").first().text == long_text.strip()
    first_lines_are_safe(fake)


@pytest.mark.parametrize(
    ("language", "script", "expected"),
    [("uz", "Cyrl", "uz-cyrl"), ("uz", "Latn", "uz"), ("tg", "Cyrl", "tg"), ("de", "Latn", "")],
)
def test_language_is_guessed_from_triage_with_the_uzbek_script(receive, language, script, expected):
    from huquq.bot.handlers import _language_of

    receipt = receive("Текст обращения")
    Request.objects.filter(pk=receipt.request_id).update(language=language, script=script)
    assert _language_of(receipt) == expected


def test_an_edited_command_is_not_a_request(bot, fake):
    update = fake.message(CHAT, "/status")
    bot.tick()
    fake.push({"edited_message": dict(update["message"], text="/start", edit_date=1)})
    bot.tick()
    assert Request.objects.count() == 0
