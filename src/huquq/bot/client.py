"""A synchronous face on python-telegram-bot's asynchronous ``Bot``.

The bot's loop is sequential (poll, store, process, send) and the ORM is synchronous, so the
library's coroutines are run one at a time on one event loop owned by this object. Keeping one
loop for the life of the process keeps the library's HTTP connection pool (and its keep-alive
connections) valid between calls; the Django code never runs inside a coroutine.
"""

import asyncio
import logging
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

from django.conf import settings
from telegram import Bot as TelegramBot
from telegram import BotCommand, Update
from telegram.error import InvalidToken
from telegram.request import HTTPXRequest

from huquq.bot import texts
from huquq.core.vocab import CLIENT_LANGUAGES

# Opt in to the library's coming behaviour (durations as timedelta) instead of a deprecation
# warning on every flood-control answer; set before any Telegram object is read.
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Commands shown in Telegram's menu, in this order.
COMMANDS = ("start", "status", "lang", "wipe", "autowipe", "stop")
#: Telegram menus are per two-letter language code: Uzbek Cyrillic shares ``uz`` with Latin.
_MENU_LANGUAGES = [language for language in CLIENT_LANGUAGES if "-" not in language]


class TokenRejected(Exception):
    """Telegram refused the token. The library's own message names the token: never shown."""


def redact(text: str) -> str:
    """``text`` with the bot token taken out, for anything that may reach a log."""
    token = settings.TELEGRAM_BOT_TOKEN
    return text.replace(token, "<token>") if token else text


class TelegramClient:
    def __init__(self, *, token: str, api_url: str, poll_timeout: int = 10) -> None:
        self.poll_timeout = poll_timeout
        self._loop = asyncio.new_event_loop()
        self.bot = TelegramBot(
            token,
            base_url=f"{api_url}/bot",
            base_file_url=f"{api_url}/file/bot",
            request=HTTPXRequest(connection_pool_size=4, read_timeout=15, connect_timeout=5),
            get_updates_request=HTTPXRequest(
                connection_pool_size=1, read_timeout=poll_timeout + 10, connect_timeout=5
            ),
        )

    @classmethod
    def from_settings(cls, *, poll_timeout: int = 10) -> "TelegramClient":
        return cls(
            token=settings.TELEGRAM_BOT_TOKEN,
            api_url=settings.TELEGRAM_API_URL,
            poll_timeout=poll_timeout,
        )

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self._loop.run_until_complete(coroutine)

    def start(self, *, polling: bool) -> None:
        """``getMe`` (checks the token); with polling, drop any webhook; publish the menu."""
        try:
            self.run(self.bot.initialize())
        except InvalidToken:
            raise TokenRejected from None
        if polling:
            # Pending updates are kept: they are people's messages.
            self.run(self.bot.delete_webhook(drop_pending_updates=False))
        for language in _MENU_LANGUAGES:
            commands = [
                BotCommand(command, texts.phrase(language, f"cmd_{command}"))
                for command in COMMANDS
            ]
            code = None if language == texts.DEFAULT_LANGUAGE else language
            self.run(self.bot.set_my_commands(commands, language_code=code))

    def get_updates(self, *, offset: int | None) -> tuple[Update, ...]:
        return self.run(
            self.bot.get_updates(
                offset=offset,
                timeout=self.poll_timeout,
                allowed_updates=["message", "edited_message", "callback_query"],
            )
        )

    def download(self, file_id: str) -> bytes:
        file = self.run(self.bot.get_file(file_id))
        return bytes(self.run(file.download_as_bytearray()))

    def close(self) -> None:
        try:
            self.run(self.bot.shutdown())
        finally:
            self._loop.close()
