"""Processing stored updates: each in one transaction with the outbox rows it causes."""

import json
import logging
import traceback
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from telegram import Update
from telegram.error import TelegramError

from huquq.bot import files
from huquq.bot.client import TelegramClient, redact
from huquq.bot.handlers import handle_update
from huquq.bot.models import BotUpdate
from huquq.bot.outbox import outbox_enqueue

log = logging.getLogger(__name__)

#: A failing update is retried, ever more slowly, never dropped (the server may be locked).
MAX_BACKOFF_SECONDS = 3600


def updates_process_pending(client: TelegramClient, *, limit: int = 100) -> int:
    """Process stored, unprocessed updates in Telegram's order; return how many were done.

    This is also the recovery after a crash: whatever was stored but not processed is here.
    """
    pending = BotUpdate.objects.filter(
        processed_at=None, next_attempt_at__lte=timezone.now()
    ).order_by("update_id")[:limit]
    done = 0
    for row in pending:
        try:
            update_process(row, client)
            done += 1
        except (TelegramError, OSError) as error:  # a file could not be fetched: retry later
            _failed_attempt(row, error)
        except Exception as error:
            _failed_attempt(row, error)
            # Frames only: an exception's message or locals could hold what the person wrote.
            frames = "".join(traceback.format_tb(error.__traceback__))
            log.error("bot: update %s: %s\n%s", row.update_id, type(error).__name__, frames)
    return done


def update_process(row: BotUpdate, client: TelegramClient) -> None:
    update = Update.de_json(json.loads(row.payload), client.bot)
    download = files.fetch(update, client)
    with transaction.atomic():
        locked = BotUpdate.objects.select_for_update().get(pk=row.pk)
        if locked.processed_at is not None:
            return  # another worker got there first
        turn = handle_update(update, update_id=locked.update_id, download=download)
        if turn is not None:
            for number, outgoing in enumerate(turn.outgoing):
                key = f"update:{locked.update_id}:{number}"
                outbox_enqueue(chat=turn.chat, outgoing=outgoing, dedupe_key=key)
        locked.processed_at = timezone.now()
        locked.outcome = turn.outcome if turn is not None else "ignored"
        locked.payload = ""  # the request now holds what matters; the raw update goes
        locked.save(update_fields=["processed_at", "outcome", "payload"])


def _failed_attempt(row: BotUpdate, error: Exception) -> None:
    row.attempts += 1
    delay = min(2**row.attempts, MAX_BACKOFF_SECONDS)
    row.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    row.save(update_fields=["attempts", "next_attempt_at"])
    log.warning(
        "bot: update %s attempt %s failed (%s)",
        row.update_id,
        row.attempts,
        redact(type(error).__name__),
    )
