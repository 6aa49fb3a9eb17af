"""Exactly once: duplicates, a crash between storing and replying, and the outside contract,
with ``huquq bot`` run as a separate process against the fake Bot API."""

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from huquq.bot.client import TelegramClient, TokenRejected
from huquq.bot.loop import EXIT_AFTER_STORE_ENV
from huquq.bot.models import BotUpdate
from huquq.cases.models import Request
from tests.bot.conftest import CASE_CODE, TOKEN

CHAT = 5550004
HUQUQ = str(Path(sys.executable).parent / "huquq")


def test_the_same_update_twice_makes_one_request_and_one_reply(bot, fake):
    first = fake.message(CHAT, "Брата задержали в Москве")
    fake.push({"message": first["message"]}, update_id=first["update_id"])
    bot.tick()
    fake.push({"message": first["message"]}, update_id=first["update_id"])  # after a restart
    bot.offset = None
    bot.tick()
    assert Request.objects.count() == 1
    assert BotUpdate.objects.count() == 1
    assert len([p for p in fake.sent_to(CHAT) if CASE_CODE.search(p["text"])]) == 1


def _env(tmp_path, fake, **extra) -> dict:
    # Its own SQLite file in tmp_path, even in the PostgreSQL run: the process must not share
    # a database (or a Redis cache) with other tests.
    shared = ("TELEGRAM_", "DATABASE_URL", "REDIS_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(shared)}
    return env | {
        "HUQUQ_ENV": "demo",
        "HUQUQ_DATA_DIR": str(tmp_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        **extra,
    }


def _huquq(tmp_path, fake, *args, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [HUQUQ, *args],
        env=_env(tmp_path, fake, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _requests(tmp_path, fake) -> int:
    status = _huquq(tmp_path, fake, "status", "--json")
    return json.loads(status.stdout)["requests"]


def test_crash_between_storing_and_replying_then_restart(tmp_path, fake):
    fake.message(CHAT, "Брата задержали в Москве, держат в отделе")
    crashed = _huquq(tmp_path, fake, "bot", "--poll-timeout", "1", **{EXIT_AFTER_STORE_ENV: "1"})
    assert crashed.returncode == 70, crashed.stderr
    assert not fake.called("sendMessage")
    assert _requests(tmp_path, fake) == 0  # stored, not yet processed

    restarted = _huquq(tmp_path, fake, "bot", "--poll-timeout", "1", "--max-seconds", "3")
    assert restarted.returncode == 0, restarted.stderr
    assert _requests(tmp_path, fake) == 1
    replies = [p for p in fake.sent_to(CHAT) if CASE_CODE.search(p["text"])]
    assert len(replies) == 1
    # The update Telegram re-delivered after the crash was acknowledged by the next offset.
    assert fake.called("getUpdates")[-1]["offset"] == 2


def test_outside_contract(tmp_path, fake):
    """getUpdates, sendMessage with the case code to the same chat, one request per update."""
    bot = subprocess.Popen(
        [HUQUQ, "bot", "--poll-timeout", "1"],
        env=_env(tmp_path, fake),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = fake.message(CHAT, "Брата задержали в Москве")
        fake.push({"message": first["message"]}, update_id=first["update_id"])
        fake.message(CHAT + 1, "My brother was held by police in Kazan")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (fake.sent_to(CHAT) and fake.sent_to(CHAT + 1)):
            time.sleep(0.2)
    finally:
        bot.terminate()
        _out, err = bot.communicate(timeout=30)
    assert fake.called("getUpdates")
    for chat in (CHAT, CHAT + 1):
        assert CASE_CODE.search(fake.sent_to(chat)[0]["text"]), err
    assert _requests(tmp_path, fake) == 2
    assert TOKEN not in err


def test_token_never_reaches_the_logs(bot, fake, lawyer, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail("getUpdates", status=502, description="Bad Gateway")
    bot._back_off = lambda error: None  # no sleeping in a test
    bot.tick()
    fake.fail("sendMessage", status=500, description="Internal Server Error")
    fake.message(CHAT, "Брата задержали в Москве")
    bot.tick()
    assert caplog.records
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


def test_a_rejected_token_is_reported_without_the_token(fake, settings, db, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "987654321:WRONG-token-that-must-not-leak"
    client = TelegramClient(token=wrong, api_url=fake.url)
    with pytest.raises(TokenRejected) as raised:
        client.start(polling=True)
    client.close()
    assert wrong not in str(raised.value)
    settings.TELEGRAM_BOT_TOKEN = wrong
    settings.TELEGRAM_API_URL = fake.url
    with pytest.raises(CommandError) as command_error:
        call_command("bot", "--max-seconds", "1")
    assert wrong not in str(command_error.value)
    assert wrong not in caplog.text
