"""Fixtures: the fake Bot API on loopback and the bot's real loop pointed at it."""

import re

import pytest

from huquq.bot import texts
from huquq.bot.client import TelegramClient
from huquq.bot.loop import BotLoop
from tests.bot.fake_telegram import FakeTelegram

TOKEN = "123456789:AAH-fake-token-for-tests-only"
CASE_CODE = re.compile(r"[A-HJ-NP-Z]{4}-[0-9]{4}")


@pytest.fixture
def fake():
    server = FakeTelegram(token=TOKEN)
    server.url = server.start()
    yield server
    server.stop()


@pytest.fixture
def bot(fake, settings, db):
    """A started bot loop (getMe, deleteWebhook, setMyCommands done) talking to ``fake``."""
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_URL = fake.url
    client = TelegramClient(token=TOKEN, api_url=fake.url, poll_timeout=0)
    loop = BotLoop(client)
    loop.start()
    yield loop
    client.close()


def first_lines_are_safe(fake: FakeTelegram) -> None:
    """Assert the lock-screen rule on every text the bot sent or edited in."""
    for method in ("sendMessage", "editMessageText"):
        for params in fake.called(method):
            assert texts.first_line_is_safe(params["text"]), params["text"]
