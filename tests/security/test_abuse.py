"""Abuse resistance: proof of humanity without JavaScript, rate limits that keep the text,
and a size limit on every input."""

import json
import re
import time

import pytest
from django.test import Client

from huquq.cases.models import Request
from huquq.security import humanity
from huquq.security.tokens import token_create

pytestmark = pytest.mark.django_db

TEXT = "Брата задержали на стройке в Казани, забрали паспорт"


def token_on(page) -> str:
    return re.search(r'name="form_token" value="([0-9a-f]{64})"', page.content.decode()).group(1)


def post_help(client: Client, token: str, **fields):
    data = {"text": TEXT, "consent": "on", "form_token": token, **fields}
    return client.post("/help/", data)


@pytest.fixture
def humanity_delay(settings):
    settings.HUMANITY_MIN_SECONDS = 3
    return 3


def test_a_person_who_takes_a_few_seconds_gets_through(humanity_delay):
    token = humanity.token_issue(now=time.time() - 30)
    answer = post_help(Client(), token)
    assert answer.status_code == 200
    assert Request.objects.count() == 1


def test_a_form_posted_at_once_is_refused_politely_and_keeps_the_text(humanity_delay):
    client = Client()
    answer = post_help(client, token_on(client.get("/help/")))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert TEXT in html
    assert 'class="error"' in html
    assert Request.objects.count() == 0


def _with_last_character_changed(token: str) -> str:
    """The token with its signature changed (always changed: "0" becomes "1")."""
    return token[:-1] + ("1" if token.endswith("0") else "0")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "0" * 64,
        "abc",
        _with_last_character_changed(humanity.token_issue(now=time.time() - 30)),
        humanity.token_issue(now=time.time() - 13 * 3600),  # expired
        humanity.token_issue(now=time.time() + 3600),  # from the future
    ],
)
def test_forged_or_stale_tokens_are_refused_with_a_fresh_one(humanity_delay, token):
    answer = post_help(Client(), token)
    assert answer.status_code == 400
    assert TEXT in answer.content.decode()
    assert Request.objects.count() == 0
    fresh = token_on(answer)
    assert fresh != token
    assert humanity.token_problem(fresh) in {"", "too_fast"}


def test_one_token_stores_at_most_one_request():
    token = humanity.token_issue(now=time.time() - 30)
    for _ in range(3):
        assert post_help(Client(), token).status_code == 200
    assert Request.objects.count() == 1


def test_the_form_works_without_javascript():
    html = Client().get("/help/").content.decode()
    assert "<script" not in html
    assert re.search(r'<input type="hidden" name="form_token" value="[0-9a-f]{64}"', html)


def test_rate_limit_answers_429_in_the_persons_language_and_keeps_the_text(settings):
    settings.INTAKE_RATE_PER_ADDRESS = 1
    client = Client()
    client.get("/help/?lang=en")
    assert post_help(client, humanity.token_issue(now=time.time() - 30)).status_code == 200
    answer = post_help(client, humanity.token_issue(now=time.time() - 30), text="Second text")
    assert answer.status_code == 429
    html = answer.content.decode()
    assert "Second text" in html
    assert "Too many messages" in html
    assert Request.objects.count() == 1


def test_rate_limit_leaves_room_for_a_crowd_behind_one_carrier_address(settings):
    """Mobile carriers put many people behind one address (see docs/abuse.md)."""
    assert settings.INTAKE_RATE_PER_ADDRESS >= 60
    assert settings.INTAKE_RATE_WINDOW_SECONDS <= 600


MEGABYTE = 1024 * 1024


def test_a_one_megabyte_form_post_is_a_client_error():
    data = {"text": "я" * MEGABYTE, "consent": "on", "form_token": humanity.token_issue()}
    answer = Client().post("/help/", data)
    assert answer.status_code in {400, 413}
    assert Request.objects.count() == 0


@pytest.mark.parametrize("path", ["/help/status/", "/staff/login/", "/bot/webhook/x/"])
def test_one_megabyte_bodies_are_client_errors_everywhere(path):
    answer = Client().post(path, {"field": "x" * MEGABYTE})
    assert 400 <= answer.status_code < 500


def test_a_one_megabyte_api_body_is_a_client_error():
    token = token_create(name="partner")
    body = json.dumps({"external_id": "big-1", "text": "x" * MEGABYTE})
    answer = Client().post(
        "/api/requests",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code in {400, 413, 422}
    assert Request.objects.count() == 0
