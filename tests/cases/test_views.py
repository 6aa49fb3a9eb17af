import re

import pytest
from django.test import Client

from huquq.cases.models import Case, CaseEvent, Request
from huquq.cases.services import case_assign
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HELD = "Брата задержали в Москве, держат в отделе прямо сейчас"
QUESTION = "Подскажите, как продлить патент? Живу в Казани."


def codes_in(page: str) -> list[str]:
    return re.findall(r'href="/staff/cases/([A-Z]{4}-\d{4})/"', page)


def test_queue_puts_the_most_urgent_first(receive, operator):
    calm = receive(text=QUESTION, contact_phone="+79000000010").case_code
    urgent = receive(text=HELD, contact_phone="+79000000011").case_code
    page = client_for(operator).get("/staff/").content.decode()
    assert codes_in(page)[:2] == [urgent, calm]


def test_queue_filters_and_htmx_partial(receive, operator):
    receive(text=QUESTION, contact_phone="+79000000012")
    urgent = receive(text=HELD, contact_phone="+79000000013").case_code
    client = client_for(operator)
    page = client.get("/staff/?urgency=immediate").content.decode()
    assert codes_in(page) == [urgent]
    partial = client.get("/staff/?urgency=immediate", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert codes_in(partial.content.decode()) == [urgent]


def test_queue_is_paginated(receive, operator):
    for n in range(55):
        receive(text=f"{QUESTION} {n}", contact_phone=f"+790000001{n:02d}")
    client = client_for(operator)
    assert len(codes_in(client.get("/staff/").content.decode())) == 50
    assert len(codes_in(client.get("/staff/?page=2").content.decode())) == 5


def test_lawyer_sees_own_and_unassigned_only(receive, lawyer, other_lawyer):
    mine = Case.objects.get(code=receive(contact_phone="+79000000020").case_code)
    theirs = Case.objects.get(code=receive(contact_phone="+79000000021").case_code)
    free = receive(contact_phone="+79000000022").case_code
    case_assign(case=mine, actor=lawyer, assignee=lawyer)
    case_assign(case=theirs, actor=other_lawyer, assignee=other_lawyer)
    client = client_for(lawyer)
    assert set(codes_in(client.get("/staff/").content.decode())) == {mine.code, free}
    assert client.get(f"/staff/cases/{theirs.code}/").status_code == 404


def test_case_page_shows_requests_and_accepts_actions(receive, lawyer):
    code = receive(text=HELD, contact_name="Тестовый Клиент").case_code
    client = client_for(lawyer)
    page = client.get(f"/staff/cases/{code}/").content.decode()
    assert "держат в отделе" in page
    assert "Тестовый Клиент" in page
    client.post(f"/staff/cases/{code}/note/", {"note-body": "Позвонить в отдел"})
    client.post(f"/staff/cases/{code}/reply/", {"reply-body": "Ничего не подписывайте"})
    client.post(f"/staff/cases/{code}/assign/", {"assignee": str(lawyer.pk)})
    answer = client.post(f"/staff/cases/{code}/close/", {"outcome": "released"})
    assert answer.status_code == 302
    case = Case.objects.get(code=code)
    assert (case.status, case.outcome, case.assignee) == ("closed", "released", lawyer)
    kinds = set(case.events.values_list("kind", flat=True))
    assert {"note", "reply", "assign", "status"} <= kinds


def test_operator_closing_with_legal_outcome_gets_a_message(receive, operator):
    code = receive().case_code
    client = client_for(operator)
    answer = client.post(f"/staff/cases/{code}/close/", {"outcome": "released"}, follow=True)
    assert answer.status_code == 403
    assert Case.objects.get(code=code).status == "new"


def test_empty_note_is_refused_with_a_message(receive, operator):
    code = receive().case_code
    answer = client_for(operator).post(
        f"/staff/cases/{code}/note/", {"note-body": "  "}, follow=True
    )
    assert answer.status_code == 200
    assert not CaseEvent.objects.filter(kind="note").exists()


def test_relabel_from_the_case_page(receive, lawyer):
    code = receive(text=QUESTION).case_code
    request = Request.objects.get()
    client_for(lawyer).post(
        f"/staff/cases/{code}/requests/{request.pk}/labels/",
        {
            "categories": ["documents"],
            "urgency": "high",
            "language": "ru",
            "city": "Казань",
            "citizenship": "tj",
        },
    )
    request.refresh_from_db()
    assert (request.urgency, request.citizenship, request.categories) == (
        "high",
        "TJ",
        ["documents"],
    )


def test_operator_enters_a_phone_call(operator):
    client = client_for(operator)
    page = client.get("/staff/requests/new/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    data = {
        "text": HELD,
        "caller_name": "Мать",
        "caller_phone": "+79000000030",
        "subject_name": "Сын",
        "city": "",
        "client_language": "tg",
        "form_token": token,
    }
    answer = client.post("/staff/requests/new/", data)
    assert answer.status_code == 302
    client.post("/staff/requests/new/", data)  # a double click stores nothing more
    request = Request.objects.get()
    assert request.channel == "phone"
    assert request.case.subject.name == "Сын"
    assert request.case.client_language == "tg"


def test_duty_toggle_shows_the_urgent_banner(receive, operator):
    code = receive(text=HELD).case_code
    client = client_for(operator)
    operator.on_duty = False
    operator.save()
    assert "alert" not in client.get("/staff/").content.decode().split("<main>")[1][:200]
    client.post("/staff/duty/")
    page = client.get("/staff/").content.decode()
    assert 'class="alert"' in page
    assert code in page


def test_anonymous_is_sent_to_login():
    answer = Client().get("/staff/")
    assert answer.status_code == 302
    assert "/staff/login/" in answer["Location"]
