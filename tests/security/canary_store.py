"""Run in a subprocess by ``test_canary.py``: store canaries through every channel, on a
file-based database in a fresh data dir, then report which files hold a canary.

Usage: ``python -m tests.security.canary_store`` with ``HUQUQ_DATA_DIR`` (and optionally
``DATABASE_URL``) set. Prints one JSON object; never prints a canary.

Channels live in ``CHANNELS``: the help form, the API and the Telegram bot.
"""

import json
import os
import sys
import time
from pathlib import Path

#: Strings that must never appear outside a ciphertext. Unique enough to not occur by chance.
CANARY = {
    "name": "Zarina Kanareykina-Q7431",
    "phone": "+7 913 555-73-19",
    "phone_digits": "9135557319",
    "handle": "@kanareyka_q7431",
    "sentence": "Канарейка поёт у ворот номер семнадцать q7431",
}


def via_form(client) -> int:
    from huquq.security.humanity import token_issue

    response = client.post(
        "/help/",
        {
            "text": CANARY["sentence"],
            "name": CANARY["name"],
            "contact": CANARY["phone"],
            "city": "Москва",
            "consent": "on",
            "form_token": token_issue(now=time.time() - 120),
        },
    )
    assert response.status_code == 200, response.status_code
    return 1


def via_api(client) -> int:
    from huquq.security.tokens import token_create

    token = token_create(name="canary partner")
    response = client.post(
        "/api/requests",
        data=json.dumps(
            {
                "external_id": "canary-1",
                "text": CANARY["sentence"],
                "contact_name": CANARY["name"],
                "contact_phone": CANARY["phone"],
                "contact_telegram": CANARY["handle"],
                "subject_name": CANARY["name"],
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.status_code
    return 1


def via_bot(client) -> int:
    """A Telegram chat through the real bot loop and client library against the fake Bot API:
    the canary sentence as a message from a user with the canary name and handle, then the
    person shares their own contact with the canary phone."""
    from django.conf import settings

    from huquq.bot.client import TelegramClient
    from huquq.bot.loop import BotLoop
    from tests.bot.fake_telegram import FakeTelegram

    token = "123456789:AAH-canary-token-for-tests"
    chat_id = 7_431_000_001
    person = {
        "id": chat_id,
        "is_bot": False,
        "first_name": CANARY["name"],
        "username": CANARY["handle"].lstrip("@"),
        "language_code": "ru",
    }
    server = FakeTelegram(token=token)
    url = server.start()
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = token, url
    telegram = TelegramClient(token=token, api_url=url, poll_timeout=0)
    try:
        loop = BotLoop(telegram)
        loop.start()
        server.message(chat_id, CANARY["sentence"], **{"from": person})
        contact = {
            "phone_number": CANARY["phone"],
            "first_name": CANARY["name"],
            "user_id": chat_id,
        }
        server.message(chat_id, None, contact=contact, **{"from": person})
        for _ in range(3):
            loop.tick()
        assert server.called("sendMessage"), "the bot answered nothing"
    finally:
        telegram.close()
        server.stop()
    return 1


CHANNELS = {"form": via_form, "api": via_api, "bot": via_bot}


def files_with_canaries(root: Path) -> dict[str, list[str]]:
    """file name -> canaries found in its raw bytes (UTF-8 and UTF-16, any case)."""
    needles = {
        label: [value.encode(), value.lower().encode(), value.encode("utf-16-le")]
        for label, value in CANARY.items()
    }
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lowered = data.lower()
        hits = [
            label
            for label, forms in needles.items()
            if any(form in data or form in lowered for form in forms)
        ]
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huquq.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from huquq.cases.models import Case, Request
    from huquq.core.demo import demo_staff, seed_requests
    from huquq.security.backup import backup_create, backup_dir
    from huquq.security.models import User
    from tests.conftest import client_for

    call_command("migrate", interactive=False, verbosity=0)
    demo_staff()
    seed_requests(30)
    client = Client(SERVER_NAME="localhost")
    stored = {name: channel(client) for name, channel in CHANNELS.items()}

    # Staff read the cases, so every read path (and its logging) runs too.
    # force_login carries no client address; django-axes then queries 'unknown' as an inet
    # on PostgreSQL. Login hardening is tested elsewhere: here it is switched off.
    with override_settings(AXES_ENABLED=False):
        staff = client_for(User.objects.get(username="operator"))
    staff.defaults["SERVER_NAME"] = "localhost"
    requests = [r for r in Request.objects.all() if r.text == CANARY["sentence"]]
    for request in requests:
        page = staff.get(f"/staff/cases/{Case.objects.get(pk=request.case_id).code}/")
        assert page.status_code == 200, page.status_code
    assert staff.get("/staff/").status_code == 200
    backup_create(backup_dir() / "canary.huquq")

    data_dir = Path(os.environ["HUQUQ_DATA_DIR"])
    # Read while the connection is open: the WAL has not been checkpointed into the main file.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        found_while_open = files_with_canaries(data_dir)
    print(
        json.dumps(
            {
                "stored": stored,
                "readable_by_staff": len(requests),
                "database": connection.vendor,
                "found": found_while_open,
                "files": sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*")),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
