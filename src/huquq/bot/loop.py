"""The bot's one loop: poll, store, process, send. Nothing is acknowledged before it is stored.

python-telegram-bot's ``Application.run_polling`` confirms updates (by the next offset) before
a handler has stored them, so the loop is ours and the library does types and HTTP calls.
"""

import logging
import os
import time

from django.conf import settings
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from huquq.bot import services
from huquq.bot.client import TelegramClient, TokenRejected
from huquq.bot.outbox import outbox_send_due
from huquq.bot.processing import updates_process_pending

log = logging.getLogger(__name__)

AUTOWIPE_EVERY_SECONDS = 60
#: Test hook (demo mode only): exit hard right after storing the first new updates.
EXIT_AFTER_STORE_ENV = "HUQUQ_BOT_EXIT_AFTER_STORE"


class BotLoop:
    def __init__(self, client: TelegramClient, *, polling: bool = True, idle_seconds: float = 0.5):
        self.client = client
        self.polling = polling
        self.idle_seconds = idle_seconds
        self.offset: int | None = None
        self._next_autowipe = 0.0
        self._network_failures = 0
        self._exit_after_store = settings.DEMO and os.environ.get(EXIT_AFTER_STORE_ENV) == "1"

    def start(self) -> None:
        self.client.start(polling=self.polling)
        self.offset = services.next_offset()

    def run(self, *, max_seconds: float | None = None) -> None:
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        while deadline is None or time.monotonic() < deadline:
            self.tick()

    def tick(self) -> None:
        """One round: finish what is stored, send what is due, then wait for more updates."""
        self.work()
        if not self.polling:
            time.sleep(self.idle_seconds)
            return
        try:
            updates = self.client.get_updates(offset=self.offset)
        except InvalidToken:
            raise TokenRejected from None
        except (RetryAfter, Conflict, NetworkError, TelegramError) as error:
            self._back_off(error)
            return
        self._network_failures = 0
        if not updates:
            return
        stored = services.updates_store([update.to_dict() for update in updates])
        if stored and self._exit_after_store:
            os._exit(70)
        # Only now, with every update stored, may the next poll acknowledge them.
        self.offset = max(update.update_id for update in updates) + 1
        self.work()

    def work(self) -> None:
        updates_process_pending(self.client)
        services.replies_enqueue_pending()
        if time.monotonic() >= self._next_autowipe:
            services.autowipe_due()
            self._next_autowipe = time.monotonic() + AUTOWIPE_EVERY_SECONDS
        outbox_send_due(self.client)

    def _back_off(self, error: Exception) -> None:
        self._network_failures += 1
        seconds = min(2**self._network_failures, 60)
        log.warning("bot: getUpdates failed (%s); retrying in %ss", type(error).__name__, seconds)
        time.sleep(seconds)
