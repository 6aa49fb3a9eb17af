"""What the Telegram adapter keeps: raw updates until processed, chats, message ids, outbox.

Chat ids identify people, so they are sealed (``PersonalField``) and found again by blind
index, exactly as ``Person.telegram_id`` is. Message texts are never kept here: the request
holds what the person wrote, and ``BotMessage`` only the ids needed to wipe a phone.
"""

import uuid

from django.db import models
from django.utils import timezone

from huquq.cases.models import CaseEvent
from huquq.security.fields import PersonalField


class BotUpdate(models.Model):
    """One Telegram update, stored before it is acknowledged: ``update_id`` makes it unique.

    ``payload`` is cleared once the update is processed; the row stays so that the same
    ``update_id`` delivered again is recognised and dropped.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    update_id = models.BigIntegerField(unique=True)
    payload = PersonalField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=24, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"update {self.update_id}"


class Chat(models.Model):
    """A private chat with one person (in Telegram its id is the person's user id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    chat_id = PersonalField()
    #: ``blind_index("telegram_id", chat_id)``: equal to ``Person.telegram_id_index``.
    telegram_id_index = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=8, blank=True)
    language_chosen = models.BooleanField(default=False)
    autowipe_seconds = models.PositiveIntegerField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    asked_details = models.BooleanField(default=False)
    #: Categories whose guidance this chat has already been sent, so it is not repeated.
    guided_categories = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"chat {self.pk}"


class BotMessage(models.Model):
    """The id of a message in a chat, either side: what ``/wipe`` and auto-wipe delete."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages")
    message_id = models.BigIntegerField()
    from_bot = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chat", "message_id"], name="bot_message_unique")
        ]

    def __str__(self) -> str:
        return f"message {self.message_id}"


class Outbox(models.Model):
    """Every call that changes what the person sees goes through here, so it survives restarts.

    ``dedupe_key`` says why the row exists (the update it answers, the case event it
    delivers, the message it deletes): processing the same thing twice enqueues nothing new.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Kind(models.TextChoices):
        SEND = "send"
        EDIT = "edit"
        DELETE = "delete"
        ANSWER_CALLBACK = "callback"

    class Status(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        FAILED = "failed"

    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    dedupe_key = models.CharField(max_length=80, unique=True)
    text = PersonalField()
    reply_markup = models.JSONField(null=True, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)
    callback_query_id = models.CharField(max_length=64, blank=True)
    case_event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox"
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    #: An error class name or reason code, never a message text from outside.
    last_error = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"
