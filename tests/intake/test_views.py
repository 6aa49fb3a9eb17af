import re

import pytest
from django.test import Client

from huquq.cases.models import Case, Request
from huquq.cases.services import case_reply
from huquq.core.vocab import CLIENT_LANGUAGES

pytestmark = pytest.mark.django_db


def form_token(client: Client) -> str:
    page = client.get("/help/").content.decode()
    return re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)


def submit(client: Client, **fields):
    data = {
        "text": "Меня задержали на рынке, держат в отделе прямо сейчас",
        "consent": "on",
        "form_token": form_token(client),
        **fields,
    }
    return client.post("/help/", data)


@pytest.mark.parametrize("lang", CLIENT_LANGUAGES)
def test_form_in_every_language(lang):
    client = Client()
    page = client.get(f"/help/?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.content.decode()
    assert len(page.content) < 50 * 1024
    assert page.cookies["django_language"].value == lang
    answer = submit(client)
    assert answer.status_code == 200
    assert f'<html lang="{lang}">' in answer.content.decode()
    case = Case.objects.get()
    assert case.client_language == lang


def test_language_is_remembered_without_the_parameter():
    client = Client()
    client.get("/help/?lang=tg")
    assert '<html lang="tg">' in client.get("/help/").content.decode()


def test_unknown_language_is_ignored():
    page = Client().get("/help/?lang=xx%00")
    assert page.status_code == 200
    assert "django_language" not in page.cookies


def test_success_shows_code_and_pin_that_open_the_status_page(lawyer):
    client = Client()
    page = submit(client).content.decode()
    code = re.search(r'id="case-code">([A-Z]{4}-\d{4})<', page).group(1)
    pin = re.search(r'id="case-pin">(\d{6})<', page).group(1)
    case = Case.objects.get(code=code)
    case_reply(case=case, actor=lawyer, body="Не подписывайте ничего. Мы звоним адвокату.")
    status = client.post("/help/status/", {"code": code.lower().replace("-", ""), "pin": pin})
    assert status.status_code == 200
    assert "Мы звоним адвокату" in status.content.decode()


def test_status_with_a_wrong_pin_reveals_nothing(receive):
    receipt = receive()
    wrong = "000000" if receipt.pin != "000000" else "111111"
    page = Client().post("/help/status/", {"code": receipt.case_code, "pin": wrong})
    assert page.status_code == 404
    assert receipt.case_code.encode() not in page.content.split(b"<form")[0].split(b"<main>")[1]


def test_status_guesses_are_rate_limited(receive):
    receipt = receive()
    client = Client()
    answers = [
        client.post("/help/status/", {"code": receipt.case_code, "pin": "123456"})
        for _ in range(12)
    ]
    assert answers[-1].status_code == 429


def test_double_submit_stores_one_request():
    client = Client()
    token = form_token(client)
    data = {"text": "Помогите, забрали паспорт", "consent": "on", "form_token": token}
    first = client.post("/help/", data).content.decode()
    second = client.post("/help/", data).content.decode()
    assert Request.objects.count() == 1
    code = re.search(r'id="case-code">([A-Z]{4}-\d{4})<', first).group(1)
    assert code in second


@pytest.mark.parametrize(
    "fields",
    [
        {"text": ""},
        {"text": "   \n "},
        {"text": "\x00\x01"},
        {"text": "я" * 1_000_001},
        {"consent": ""},
        {"form_token": ""},
        {"name": "x" * 500},
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(fields):
    client = Client()
    client.cookies["django_language"] = "en"
    answer = submit(client, **fields)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'class="error"' in page or "We could not read your message" in page
    assert Request.objects.count() == 0


def test_invalid_utf8_body_is_a_client_error():
    answer = Client().post(
        "/help/",
        b"text=%FF%FE%FD&consent=on&form_token=abc",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 400
    assert Request.objects.count() == 0


def test_forged_csrf_is_refused():
    client = Client(enforce_csrf_checks=True)
    answer = client.post(
        "/help/",
        {"text": "Помогите", "consent": "on", "form_token": "abc", "csrfmiddlewaretoken": "forged"},
    )
    assert answer.status_code == 403
    assert Request.objects.count() == 0


def test_honeypot_stores_nothing_and_looks_like_success():
    answer = submit(Client(), website="http://spam.example")
    assert answer.status_code == 200
    assert Request.objects.count() == 0


def test_rate_limit_answers_429_and_keeps_the_text(settings):
    settings.INTAKE_RATE_PER_ADDRESS = 2
    client = Client()
    for _ in range(2):
        assert submit(client).status_code == 200
    answer = submit(client, text="Мой текст не должен пропасть")
    assert answer.status_code == 429
    assert "Мой текст не должен пропасть" in answer.content.decode()
    assert Request.objects.count() == 2


def test_uzbek_cyrillic_errors_are_in_cyrillic():
    client = Client()
    client.get("/help/?lang=uz-cyrl")
    page = submit(client, text="").content.decode()
    assert "Ушбу" not in page
    assert "Ushbu" not in page
    status = client.post("/help/status/", {"code": "", "pin": ""}).content.decode()
    assert "Иш кодини киритинг." in status
