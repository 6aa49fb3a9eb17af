import json

import pytest
from django.test import Client

from huquq.cases.models import Request
from huquq.security.tokens import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(name='partner')}"})


def post(client: Client, body) -> object:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/api/requests", data, content_type="application/json")


def test_create_and_replay(api):
    first = post(api, {"external_id": "p-1", "text": "Задержали на стройке в Химках"})
    assert first.status_code == 201
    body = first.json()
    assert body["new_case"]
    assert body["pin"]
    assert body["case_code"]
    again = post(api, {"external_id": "p-1", "text": "Задержали на стройке в Химках"})
    assert again.status_code == 200
    assert again.json()["case_code"] == body["case_code"]
    assert again.json()["duplicate"]
    assert Request.objects.count() == 1


def test_without_a_token_nothing_is_stored():
    answer = post(Client(), {"external_id": "p-2", "text": "x"})
    assert answer.status_code == 401
    wrong = Client(headers={"Authorization": "Bearer nope"})
    assert post(wrong, {"external_id": "p-2", "text": "x"}).status_code == 401
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"external_id": "p", "text": ""}, 422),
        ({"external_id": "p", "text": " \x00 "}, 422),
        ({"text": "no id"}, 422),
        ({"external_id": "p", "text": 5}, 422),
        (b"{not json", 400),
        (b"\xff\xfe", 400),
        ([1, 2], 422),
        ({"external_id": "p", "text": "я" * 100_001}, 413),  # over MAX_REQUEST_BYTES
    ],
)
def test_bad_bodies_get_a_client_error(api, body, status):
    assert post(api, body).status_code == status
    assert Request.objects.count() == 0


def test_staff_case_api_needs_login(receive, operator):
    from tests.conftest import client_for

    code = receive().case_code
    assert Client().get("/api/cases").status_code == 401
    staff = client_for(operator)
    listing = staff.get("/api/cases")
    assert listing.status_code == 200
    assert [item["code"] for item in listing.json()["items"]] == [code]
    detail = staff.get(f"/api/cases/{code}").json()
    assert detail["requests"][0]["text"].startswith("Брата")


def test_lawyer_cannot_read_another_lawyers_case_by_api(receive, lawyer, other_lawyer):
    from huquq.cases.models import Case
    from huquq.cases.services import case_assign
    from tests.conftest import client_for

    case = Case.objects.get(code=receive().case_code)
    case_assign(case=case, actor=other_lawyer, assignee=other_lawyer)
    assert client_for(lawyer).get(f"/api/cases/{case.code}").status_code == 404
    assert client_for(other_lawyer).get(f"/api/cases/{case.code}").status_code == 200


def test_openapi_schema_is_published():
    schema = Client().get("/api/openapi.json").json()
    assert "/api/requests" in schema["paths"]


def test_apitoken_command_creates_and_revokes(db, capsys):
    from django.core.management import call_command

    call_command("apitoken", "create", "partner-ngo")
    token = capsys.readouterr().out.strip()
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert post(client, {"external_id": "t-1", "text": "Помогите"}).status_code == 201
    call_command("apitoken", "revoke", "partner-ngo")
    assert post(client, {"external_id": "t-2", "text": "Помогите"}).status_code == 401
