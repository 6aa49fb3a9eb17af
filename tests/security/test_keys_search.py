"""Staff find a person's cases by an exact identifier, through blind indexes only."""

from huquq.cases.models import Case
from huquq.security.models import AuditEvent
from tests.conftest import client_for


def test_staff_find_a_case_by_exact_phone_in_any_notation(receive, operator):
    code = receive(contact_phone="+7 (900) 765-43-21").case_code
    receive(contact_phone="+79001112233")
    page = client_for(operator).post("/staff/search/", {"kind": "phone", "value": "89007654321"})
    assert page.status_code == 200
    assert code in page.content.decode()
    assert Case.objects.count() == 2
    assert page.content.decode().count("/staff/cases/") == 1
    event = AuditEvent.objects.get(action="security.person.searched")
    assert event.data == {"kind": "phone"}


def test_lawyers_find_only_cases_they_may_see(receive, lawyer, other_lawyer):
    code = receive(contact_telegram_handle="@someone_x").case_code
    Case.objects.filter(code=code).update(assignee=other_lawyer)
    page = client_for(lawyer).post(
        "/staff/search/", {"kind": "telegram_handle", "value": "someone_x"}
    )
    assert code not in page.content.decode()


def test_coordinators_may_not_search(coordinator):
    assert client_for(coordinator).get("/staff/search/").status_code == 403
