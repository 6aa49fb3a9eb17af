"""The webhook stores an update before answering 200; the bot then processes it."""

import json

import pytest
from django.test import Client

from huquq.bot.models import BotUpdate
from huquq.cases.models import Request
from tests.bot.conftest import CASE_CODE

SECRET = "webhook-secret-for-tests"
URL = f"/bot/webhook/{SECRET}/"
HEADER = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


@pytest.fixture
def webhook_on(settings):
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


def _post(fake, update, *, url=URL, headers=HEADER):
    return Client().post(
        url, data=json.dumps(update), content_type="application/json", headers=headers
    )


def test_webhook_stores_once_and_the_bot_answers(bot, fake, webhook_on):
    update = {
        "update_id": 900,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "text": "Брата задержали в Москве",
            "chat": {"id": 777, "type": "private"},
            "from": {"id": 777, "is_bot": False, "first_name": "T"},
        },
    }
    assert _post(fake, update).status_code == 200
    assert _post(fake, update).status_code == 200  # Telegram retried: still one row
    assert BotUpdate.objects.count() == 1
    bot.polling = False
    bot.work()
    assert Request.objects.count() == 1
    assert CASE_CODE.search(fake.sent_to(777)[0]["text"])


@pytest.mark.parametrize(
    ("url", "headers"),
    [("/bot/webhook/wrong/", HEADER), (URL, {}), (URL, {"X-Telegram-Bot-Api-Secret-Token": "x"})],
)
def test_webhook_refuses_without_both_secrets(db, fake, webhook_on, url, headers):
    assert _post(fake, {"update_id": 1}, url=url, headers=headers).status_code == 404
    assert not BotUpdate.objects.exists()


def test_webhook_is_off_without_a_secret(db, fake, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert _post(fake, {"update_id": 1}, url="/bot/webhook/x/", headers={}).status_code == 404


def test_webhook_refuses_what_is_not_an_update(db, fake, webhook_on):
    assert _post(fake, {"no": "id"}).status_code == 400
    assert _post(fake, ["list"]).status_code == 400
