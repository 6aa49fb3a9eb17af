"""State changes of the Telegram adapter: storing updates, chats, wiping, staff replies."""

import json
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from huquq.bot.models import BotMessage, BotUpdate, Chat, Outbox
from huquq.bot.outbox import Outgoing, outbox_enqueue
from huquq.cases.models import Case, CaseEvent
from huquq.security import audit
from huquq.security.blind import blind_index

log = logging.getLogger(__name__)

#: The Bot API lets a bot delete messages of a private chat for this long after they were sent.
DELETABLE_FOR = timedelta(hours=48)
#: The choices offered by /autowipe, in seconds (0 switches it off).
AUTOWIPE_CHOICES = {"off": 0, "hour": 3600, "day": 86_400, "week": 7 * 86_400}


class BadUpdate(ValueError):
    """Not a Telegram update: no integer ``update_id``."""


def update_id_of(payload: object) -> int:
    if not isinstance(payload, dict) or type(payload.get("update_id")) is not int:
        raise BadUpdate("update_id")
    return payload["update_id"]


@transaction.atomic
def updates_store(payloads: list[dict]) -> int:
    """Keep raw updates before they are acknowledged; one already stored is ignored.

    Returns how many were new. Processing happens later, from the table, so an update that
    is stored survives any crash after this commit.
    """
    by_id = {update_id_of(payload): payload for payload in payloads}
    known = set(BotUpdate.objects.filter(update_id__in=by_id).values_list("update_id", flat=True))
    rows = [
        BotUpdate(update_id=update_id, payload=json.dumps(payload, ensure_ascii=False))
        for update_id, payload in by_id.items()
        if update_id not in known
    ]
    BotUpdate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def next_offset() -> int | None:
    """The ``getUpdates`` offset that acknowledges every update already stored."""
    last = BotUpdate.objects.order_by("-update_id").values_list("update_id", flat=True).first()
    return None if last is None else last + 1


def chat_for(chat_id: int) -> Chat:
    index = blind_index("telegram_id", str(chat_id))
    chat, _created = Chat.objects.get_or_create(
        telegram_id_index=index, defaults={"chat_id": str(chat_id)}
    )
    return chat


def chat_latest_case(chat: Chat) -> Case | None:
    """The person's most recent open case, else their most recent case."""
    cases = Case.objects.filter(client__telegram_id_index=chat.telegram_id_index, merged_into=None)
    return cases.open().order_by("-opened_at").first() or cases.order_by("-opened_at").first()


def message_record(chat: Chat, *, message_id: int, from_bot: bool, sent_at=None) -> None:
    """Keep the id (never the text) of a message, so that it can be wiped later."""
    BotMessage.objects.get_or_create(
        chat=chat,
        message_id=message_id,
        defaults={"from_bot": from_bot, "sent_at": sent_at or timezone.now()},
    )


def chat_wipe(chat: Chat) -> int:
    """Queue the deletion of every message of the chat still deletable; return how many
    older ones are left on the phone."""
    now = timezone.now()
    live = BotMessage.objects.filter(chat=chat, deleted_at=None)
    for message in live.filter(sent_at__gte=now - DELETABLE_FOR):
        _queue_delete(chat, message)
    return live.filter(sent_at__lt=now - DELETABLE_FOR).count()


def _queue_delete(chat: Chat, message: BotMessage) -> None:
    outbox_enqueue(
        chat=chat,
        outgoing=Outgoing(kind=Outbox.Kind.DELETE, message_id=message.message_id),
        dedupe_key=f"delete:{message.pk}",
    )


@transaction.atomic
def autowipe_due() -> int:
    """Queue deletions for chats whose person chose an automatic wipe; return how many."""
    now = timezone.now()
    queued = 0
    for chat in Chat.objects.filter(autowipe_seconds__gt=0):
        due = BotMessage.objects.filter(
            chat=chat,
            deleted_at=None,
            sent_at__lt=now - timedelta(seconds=chat.autowipe_seconds),
            sent_at__gte=now - DELETABLE_FOR,
        ).exclude(pk__in=_queued_deletes(chat))
        for message in due:
            _queue_delete(chat, message)
            queued += 1
    return queued


def _queued_deletes(chat: Chat) -> list[int]:
    keys = Outbox.objects.filter(chat=chat, kind=Outbox.Kind.DELETE).values_list(
        "dedupe_key", flat=True
    )
    return [int(key.split(":", 1)[1]) for key in keys]


@transaction.atomic
def deletion_request_record(chat: Chat) -> int:
    """The person asked, through /stop, for their data to be deleted: tell staff on each case.

    Deleting is a decision for staff (a case may be evidence the person still needs), so the
    request is recorded on every case of the person, never carried out here.
    """
    cases = list(Case.objects.filter(client__telegram_id_index=chat.telegram_id_index))
    for case in cases:
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            body=gettext("The client asked through Telegram for their data to be deleted."),
            data={"deletion_requested": True, "channel": "telegram"},
        )
        audit.record(None, "bot.deletion.requested", case)
    return len(cases)


@transaction.atomic
def replies_enqueue_pending() -> int:
    """Queue staff replies marked "to client" that the outbox does not hold yet.

    The pending ``CaseEvent`` is itself the durable queue: nothing is lost if the web process
    dies right after a reply is saved, and ``case_reply`` needs no hook.
    """
    events = CaseEvent.objects.filter(
        kind=CaseEvent.Kind.REPLY,
        to_client=True,
        delivery=CaseEvent.Delivery.PENDING,
        outbox__isnull=True,
    ).select_related("case__client")
    count = 0
    for event in events:
        chat = Chat.objects.filter(telegram_id_index=event.case.client.telegram_id_index).first()
        if chat is None or chat.stopped_at is not None:
            CaseEvent.objects.filter(pk=event.pk).update(delivery=CaseEvent.Delivery.FAILED)
            log.info("bot: staff reply not deliverable (%s)", "no chat" if chat is None else "stop")
            continue
        outbox_enqueue(
            chat=chat,
            outgoing=Outgoing(text=event.body),
            dedupe_key=f"event:{event.pk}",
            case_event=event,
        )
        count += 1
    return count
