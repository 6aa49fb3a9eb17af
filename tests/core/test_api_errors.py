"""Every refusal the API gives is ``{"code", "message"}`` JSON with a status its schema declares.

Regression tests for what schemathesis found (tests/security/test_schemathesis.py): undeclared
401, 403, 404 and 422 answers, ``{"detail": ...}`` bodies where ``ErrorOut`` was declared, and
Django's HTML pages for a coordinator's 403 and for an oversized body.
"""

import json

import pytest
from django.test import Client

from huquq.security.tokens import token_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET = "Иван Петров +79991234567"


@pytest.fixture
def published() -> dict:
    return Client().get("/api/openapi.json").json()


@pytest.fixture
def partner() -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(name='partner')}"})


def _refusal(answer, status: int, code: str, published: dict, template: str) -> dict:
    """The answer is the declared refusal: status, JSON shape, code."""
    assert answer.status_code == status
    assert answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"code", "message"}
    assert body["code"] == code
    assert body["message"]
    method = answer.request["REQUEST_METHOD"].lower()
    assert str(status) in published["paths"][template][method]["responses"]
    return body


def _post(client: Client, body) -> object:
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post("/api/requests", data, content_type="application/json")


def test_no_token_is_a_declared_401(published):
    answer = _post(Client(), {"external_id": "a", "text": "Помогите"})
    _refusal(answer, 401, "unauthorized", published, "/api/requests")


def test_a_body_that_does_not_validate_is_a_declared_422_naming_the_field(partner, published):
    answer = _post(partner, {"external_id": SECRET * 10, "text": "Помогите"})
    body = _refusal(answer, 422, "invalid", published, "/api/requests")
    assert "external_id" in body["message"]
    assert "Иван" not in body["message"]  # where and what, never the value


def test_a_body_that_is_not_json_is_a_declared_400(partner, published):
    _refusal(_post(partner, b"{not json"), 400, "malformed", published, "/api/requests")


def test_a_body_over_the_size_limit_is_a_declared_413(partner, published, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    answer = _post(partner, {"external_id": "big", "text": "x" * 2048})
    _refusal(answer, 413, "too_large", published, "/api/requests")


def test_the_intake_refusal_keeps_its_own_code(partner, published):
    answer = _post(partner, {"external_id": "e", "text": " \x00 "})
    _refusal(answer, 422, "empty", published, "/api/requests")


def test_case_reads_without_login_are_declared_401s(published):
    _refusal(Client().get("/api/cases"), 401, "unauthorized", published, "/api/cases")
    answer = Client().get("/api/cases/ABC-12345")
    _refusal(answer, 401, "unauthorized", published, "/api/cases/{code}")


def test_a_coordinator_gets_a_json_403_not_the_html_page(coordinator, receive, published):
    code = receive().case_code
    staff = client_for(coordinator)
    _refusal(staff.get("/api/cases"), 403, "forbidden", published, "/api/cases")
    answer = staff.get(f"/api/cases/{code}")
    _refusal(answer, 403, "forbidden", published, "/api/cases/{code}")


def test_an_unknown_case_is_a_declared_404(operator, published):
    answer = client_for(operator).get("/api/cases/ZZZZ-0000")
    _refusal(answer, 404, "not_found", published, "/api/cases/{code}")


@pytest.mark.parametrize(
    "query",
    [
        "offset=null",
        "offset=88475790802304984833589248",  # past bigint: a server error on PostgreSQL
        "limit=501",  # no page reads the whole queue
        "limit=0",
    ],
)
def test_bad_paging_is_a_declared_422(operator, published, query):
    answer = client_for(operator).get(f"/api/cases?{query}")
    body = _refusal(answer, 422, "invalid", published, "/api/cases")
    assert query.split("=")[0] in body["message"]


def test_the_largest_page_is_served(operator, receive):
    receive()
    answer = client_for(operator).get("/api/cases?limit=500&offset=0")
    assert answer.status_code == 200
    assert answer.json()["count"] == 1


@pytest.mark.parametrize("query", ["status=%00", "urgency=a%00b", "category=bogus"])
def test_a_filter_outside_the_vocabulary_is_a_declared_422(operator, published, query):
    """A NUL character in a filter reached the database: a server error on PostgreSQL."""
    answer = client_for(operator).get(f"/api/cases?{query}")
    _refusal(answer, 422, "invalid", published, "/api/cases")


def test_the_filters_still_filter(operator, receive):
    code = receive().case_code  # detained right now: immediate, detention
    staff = client_for(operator)
    for query, found in [
        ("", [code]),
        ("?status=", [code]),
        ("?urgency=immediate&category=detention", [code]),
        ("?status=closed", []),
        ("?category=labor", []),
    ]:
        assert [case["code"] for case in staff.get(f"/api/cases{query}").json()["items"]] == found


@pytest.mark.parametrize("code", ["a%00b", "abcd-1234", "ABCD-12345"])
def test_a_malformed_case_code_is_a_declared_422(operator, published, code):
    answer = client_for(operator).get(f"/api/cases/{code}")
    _refusal(answer, 422, "invalid", published, "/api/cases/{code}")
