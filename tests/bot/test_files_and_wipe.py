"""Photos and voice messages become attachments; /wipe and auto-wipe clear the phone."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from huquq.bot import texts
from huquq.bot.models import BotMessage, Chat
from huquq.cases.models import Attachment, Request
from huquq.core.vocab import Urgency

CHAT = 5550003


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def test_photo_becomes_an_attachment_of_the_case(bot, fake):
    fake.files["photo-1"] = _png()
    photo = {
        "file_id": "photo-1",
        "file_unique_id": "p1",
        "width": 8,
        "height": 8,
        "file_size": len(fake.files["photo-1"]),
    }
    fake.message(CHAT, None, photo=[photo], caption="Протокол, который дали подписать")
    bot.tick()
    attachment = Attachment.objects.get()
    request = Request.objects.get()
    assert attachment.case == request.case
    assert attachment.request == request
    assert attachment.kind == Attachment.Kind.IMAGE
    assert request.text == "Протокол, который дали подписать"
    assert fake.called("getFile")[0]["file_id"] == "photo-1"
    assert fake.sent_to(CHAT)[-1]["text"] == texts.phrase(
        "ru", "file_received", code=request.case.code
    )


def test_too_big_a_file_is_refused_politely(bot, fake, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    document = {
        "file_id": "doc-1",
        "file_unique_id": "d1",
        "mime_type": "application/pdf",
        "file_size": 5 * 1024,
    }
    fake.message(CHAT, None, document=document)
    bot.tick()
    assert not fake.called("getFile")
    assert Request.objects.count() == 0
    assert fake.sent_to(CHAT)[-1]["text"] == texts.phrase("ru", "file_too_big", mb=0)


def test_voice_message_is_flagged_and_ranked_high(bot, fake):
    fake.files["voice-1"] = b"OggS" + bytes(24) + b"OpusHead" + bytes(40)
    voice = {
        "file_id": "voice-1",
        "file_unique_id": "v1",
        "duration": 4,
        "mime_type": "audio/ogg",
        "file_size": len(fake.files["voice-1"]),
    }
    fake.message(CHAT, None, voice=voice)
    bot.tick()
    attachment = Attachment.objects.get()
    assert attachment.kind == Attachment.Kind.VOICE
    assert attachment.needs_review
    request = Request.objects.get()
    assert request.urgency in {Urgency.HIGH, Urgency.IMMEDIATE}
    assert request.case.urgency in {Urgency.HIGH, Urgency.IMMEDIATE}


def test_wipe_deletes_every_message_of_the_chat(bot, fake):
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    fake.message(CHAT, "/status")
    bot.tick()
    assert len(fake.visible[CHAT]) == 5  # the person's two, the receipt in two parts, the status
    fake.message(CHAT, "/wipe")
    bot.tick()
    assert fake.visible[CHAT] == set()
    assert not BotMessage.objects.filter(deleted_at=None).exists()
    assert len(fake.called("deleteMessage")) == 6  # with the /wipe itself
    assert Request.objects.count() == 1  # the case stays on the server


def test_wipe_says_so_about_messages_older_than_48_hours(bot, fake):
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    old = BotMessage.objects.order_by("message_id").first()
    BotMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(hours=49))
    fake.message(CHAT, "/wipe")
    bot.tick()
    assert fake.visible[CHAT] == {old.message_id, fake.sent_to(CHAT)[-1]["_message_id"]}
    assert fake.sent_to(CHAT)[-1]["text"] == texts.phrase("ru", "wipe_old", count=1)


def test_autowipe_clears_the_chat_after_the_chosen_period(bot, fake):
    fake.message(CHAT, "/autowipe")
    bot.tick()
    picker = fake.sent_to(CHAT)[-1]
    fake.press(CHAT, "aw:hour", message_id=picker["_message_id"])
    bot.tick()
    assert Chat.objects.get().autowipe_seconds == 3600
    assert fake.called("editMessageText")[-1]["text"] == texts.phrase(
        "ru", "autowipe_set", period=texts.phrase("ru", "autowipe_hour")
    )
    bot.tick()
    assert fake.visible[CHAT]  # nothing is old enough yet
    BotMessage.objects.update(sent_at=timezone.now() - timedelta(hours=2))
    bot._next_autowipe = 0
    bot.tick()
    assert fake.visible[CHAT] == set()


def test_stop_offers_deletion_and_records_the_request_for_staff(bot, fake):
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    fake.message(CHAT, "/stop")
    bot.tick()
    question = fake.sent_to(CHAT)[-1]
    assert question["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "del:yes"
    assert Chat.objects.get().stopped_at is not None
    fake.press(CHAT, "del:yes", message_id=question["_message_id"])
    bot.tick()
    case = Request.objects.get().case
    assert case.events.filter(data__deletion_requested=True).count() == 1
    assert fake.called("editMessageText")[-1]["text"] == texts.phrase("ru", "delete_requested")
