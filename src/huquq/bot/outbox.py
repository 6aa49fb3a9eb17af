"""The outbox: everything the bot sends, edits or deletes is a row first, then a call.

A row is written in the same transaction as the change that caused it, and sent after
commit by the bot's loop, with retries and backoff. Staff replies carry their ``CaseEvent``,
whose ``delivery`` mirrors the rows: ``sent`` when all are, ``failed`` when one gave up.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from huquq.bot import texts
from huquq.bot.client import TelegramClient, redact
from huquq.bot.models import BotMessage, Chat, Outbox
from huquq.cases.models import CaseEvent

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 600
#: Telegram's answers to a deletion of a message that is already gone: nothing left to do.
_ALREADY_GONE = ("message to delete not found", "message can't be deleted for everyone")


@dataclass(frozen=True)
class Outgoing:
    """What a handler wants done; ``outbox_enqueue`` turns it into rows."""

    kind: str = Outbox.Kind.SEND
    text: str = ""
    markup: dict | None = None
    message_id: int | None = None
    callback_query_id: str = ""


def split_text(text: str, *, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at a line break or space where possible."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text else pieces


def outbox_enqueue(
    *, chat: Chat, outgoing: Outgoing, dedupe_key: str, case_event: CaseEvent | None = None
) -> list[Outbox]:
    """Rows for one outgoing action; enqueuing the same ``dedupe_key`` again adds nothing."""
    language = chat.language or texts.DEFAULT_LANGUAGE
    if outgoing.kind == Outbox.Kind.EDIT:
        safe = texts.make_first_line_safe(outgoing.text, language=language)
        outgoing = Outgoing(kind=outgoing.kind, text=safe, message_id=outgoing.message_id)
    if outgoing.kind != Outbox.Kind.SEND:
        return [_get_or_create(chat, outgoing, dedupe_key, case_event)]
    # The neutral header leaves room so that a safe piece stays within Telegram's limit.
    limit = MessageLimit.MAX_TEXT_LENGTH - len(texts.phrase(language, "reply_header")) - 2
    pieces = split_text(outgoing.text, limit=limit)
    rows = []
    for number, piece in enumerate(pieces):
        safe = texts.make_first_line_safe(piece, language=language)
        markup = outgoing.markup if number == len(pieces) - 1 else None
        key = dedupe_key if len(pieces) == 1 else f"{dedupe_key}#{number}"
        part = Outgoing(kind=Outbox.Kind.SEND, text=safe, markup=markup)
        rows.append(_get_or_create(chat, part, key, case_event))
    return rows


def _get_or_create(
    chat: Chat, outgoing: Outgoing, dedupe_key: str, case_event: CaseEvent | None
) -> Outbox:
    row, _created = Outbox.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "chat": chat,
            "kind": outgoing.kind,
            "text": outgoing.text,
            "reply_markup": outgoing.markup,
            "message_id": outgoing.message_id,
            "callback_query_id": outgoing.callback_query_id,
            "case_event": case_event,
        },
    )
    return row


def outbox_send_due(client: TelegramClient, *, limit: int = 100) -> int:
    """Send the rows that are due, oldest first; return how many were attempted."""
    due = list(
        Outbox.objects.filter(status=Outbox.Status.PENDING, next_attempt_at__lte=timezone.now())
        .select_related("chat")
        .order_by("created_at", "id")[:limit]
    )
    for row in due:
        _send_one(client, row)
    return len(due)


def _send_one(client: TelegramClient, row: Outbox) -> None:
    try:
        sent_message_id = _perform(client, row)
    except RetryAfter as error:
        _retry_later(row, error, seconds=_seconds(error.retry_after), counts=False)
    except Forbidden as error:  # the person blocked the bot or deleted their account
        _give_up(row, error)
    except BadRequest as error:
        if row.kind == Outbox.Kind.DELETE and any(
            phrase in str(error).lower() for phrase in _ALREADY_GONE
        ):
            _done(row, sent_message_id=None)
        else:
            _give_up(row, error)
    except TelegramError as error:  # network trouble, timeouts, Telegram's 5xx
        _retry_later(row, error, seconds=min(2**row.attempts, MAX_BACKOFF_SECONDS), counts=True)
    else:
        _done(row, sent_message_id=sent_message_id)


def _perform(client: TelegramClient, row: Outbox) -> int | None:
    bot = client.bot
    chat_id = int(row.chat.chat_id)
    if row.kind == Outbox.Kind.SEND:
        message = client.run(
            bot.send_message(chat_id, row.text, reply_markup=_markup(row.reply_markup))
        )
        return message.message_id
    if row.kind == Outbox.Kind.EDIT:
        client.run(
            bot.edit_message_text(
                row.text,
                chat_id=chat_id,
                message_id=row.message_id,
                reply_markup=_markup(row.reply_markup),
            )
        )
    elif row.kind == Outbox.Kind.DELETE:
        client.run(bot.delete_message(chat_id, row.message_id))
    elif row.kind == Outbox.Kind.ANSWER_CALLBACK:
        client.run(bot.answer_callback_query(row.callback_query_id))
    return None


def _markup(data: dict | None):
    if not data:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.de_json(data, None)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.de_json(data, None)
    return ReplyKeyboardRemove.de_json(data, None)


def _seconds(value: object) -> int:
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


@transaction.atomic
def _done(row: Outbox, *, sent_message_id: int | None) -> None:
    now = timezone.now()
    row.status = Outbox.Status.SENT
    row.sent_at = now
    row.text = ""  # the case keeps what staff wrote; a copy here is one copy too many
    row.attempts += 1
    row.save(update_fields=["status", "sent_at", "text", "attempts"])
    if sent_message_id is not None:
        BotMessage.objects.get_or_create(
            chat=row.chat, message_id=sent_message_id, defaults={"from_bot": True, "sent_at": now}
        )
    if row.kind == Outbox.Kind.DELETE:
        BotMessage.objects.filter(chat=row.chat, message_id=row.message_id).update(deleted_at=now)
    _mirror_delivery(row)


def _retry_later(row: Outbox, error: Exception, *, seconds: int, counts: bool) -> None:
    row.attempts += 1 if counts else 0
    if row.attempts >= MAX_ATTEMPTS:
        _give_up(row, error)
        return
    row.next_attempt_at = timezone.now() + timedelta(seconds=max(seconds, 1))
    row.last_error = type(error).__name__
    row.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    log.warning("bot outbox: %s, retry in %ss (%s)", row.kind, seconds, type(error).__name__)


@transaction.atomic
def _give_up(row: Outbox, error: Exception | None, *, reason: str = "") -> None:
    row.status = Outbox.Status.FAILED
    row.last_error = reason or type(error).__name__
    row.save(update_fields=["status", "last_error"])
    _mirror_delivery(row)
    # The library's message may quote Telegram's answer, never our token; redact anyway.
    log.warning("bot outbox: %s failed (%s)", row.kind, redact(row.last_error))


def _mirror_delivery(row: Outbox) -> None:
    """Show on the case history whether a staff reply reached the person."""
    if row.case_event_id is None:
        return
    statuses = set(Outbox.objects.filter(case_event_id=row.case_event_id).values_list("status"))
    statuses = {status for (status,) in statuses}
    if Outbox.Status.FAILED in statuses:
        delivery = CaseEvent.Delivery.FAILED
    elif statuses == {Outbox.Status.SENT}:
        delivery = CaseEvent.Delivery.SENT
    else:
        return
    CaseEvent.objects.filter(pk=row.case_event_id).update(delivery=delivery)
