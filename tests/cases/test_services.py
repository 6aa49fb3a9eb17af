import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from huquq.cases import services
from huquq.cases.models import Case, CaseEvent, LabelCorrection, Request
from huquq.security.models import AuditEvent


@pytest.fixture
def case(receive) -> Case:
    return Case.objects.get(code=receive(contact_phone="+79001230000").case_code)


def test_operator_may_not_close_with_a_legal_outcome(case, operator):
    with pytest.raises(PermissionDenied):
        services.case_close(case=case, actor=operator, outcome="contract_annulled")
    case.refresh_from_db()
    assert case.status == "new"
    assert case.outcome == ""


def test_operator_may_close_with_advice_given(case, operator):
    services.case_close(case=case, actor=operator, outcome="advice_given")
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "advice_given")
    assert case.closed_at is not None


def test_lawyer_closes_with_a_legal_outcome_and_it_is_audited(case, lawyer):
    services.case_close(case=case, actor=lawyer, outcome="released")
    assert AuditEvent.objects.filter(
        action="cases.case.closed", object_id=str(case.pk), actor=lawyer
    ).exists()


def test_unknown_outcome_is_refused(case, lawyer):
    with pytest.raises(ValidationError):
        services.case_close(case=case, actor=lawyer, outcome="vanished")


def test_coordinator_cannot_touch_cases(case, coordinator):
    with pytest.raises(PermissionDenied):
        services.case_note(case=case, actor=coordinator, body="x")


def test_reply_opens_the_case_and_records_first_reply(case, lawyer):
    event = services.case_reply(case=case, actor=lawyer, body="Мы с вами.")
    case.refresh_from_db()
    assert case.status == "open"
    assert case.first_reply_at == event.created_at
    assert event.to_client


def test_reply_to_a_telegram_client_waits_for_delivery(receive, lawyer):
    receipt = receive(channel="telegram", contact_telegram_id="777", external_id="777:1")
    case = Case.objects.get(code=receipt.case_code)
    event = services.case_reply(case=case, actor=lawyer, body="Ответ")
    assert event.delivery == CaseEvent.Delivery.PENDING


def test_assign_to_a_coordinator_is_refused(case, operator, coordinator):
    with pytest.raises(ValidationError):
        services.case_assign(case=case, actor=operator, assignee=coordinator)


def test_relabel_keeps_each_correction_for_training(case, lawyer):
    request = case.requests.get()
    corrections = services.request_relabel(
        request=request,
        actor=lawyer,
        categories=["labor", "documents"],
        urgency="high",
        city="Казань",
        citizenship="UZ",
        language="uz",
    )
    assert {c.field for c in corrections} == {
        "categories",
        "urgency",
        "city",
        "citizenship",
        "language",
    }
    stored = LabelCorrection.objects.get(field="categories")
    assert stored.new_value == ["labor", "documents"]
    assert stored.corrected_by == lawyer
    case.refresh_from_db()
    assert case.categories == ["documents", "labor"]
    assert case.urgency == "high"


def test_relabel_without_change_records_nothing(case, lawyer):
    request = case.requests.get()
    assert services.request_relabel(request=request, actor=lawyer, urgency=request.urgency) == []
    assert LabelCorrection.objects.count() == 0


def test_relabel_refuses_unknown_labels(case, lawyer):
    with pytest.raises(ValidationError):
        services.request_relabel(request=case.requests.get(), actor=lawyer, categories=["x"])


def test_merge_moves_requests_and_closes_the_source(receive, lawyer):
    a = Case.objects.get(code=receive(contact_phone="+79000000001").case_code)
    b = Case.objects.get(
        code=receive(
            text="Сестра пишет про того же человека", contact_phone="+79000000002"
        ).case_code
    )
    services.case_merge(source=b, target=a, actor=lawyer)
    b.refresh_from_db()
    assert a.requests.count() == 2
    assert b.requests.count() == 0
    assert b.status == "closed"
    assert b.merged_into == a
    assert AuditEvent.objects.filter(action="cases.case.merged").count() == 1


def test_operator_may_not_merge(receive, operator):
    a = Case.objects.get(code=receive(contact_phone="+79000000001").case_code)
    b = Case.objects.get(code=receive(contact_phone="+79000000002").case_code)
    with pytest.raises(PermissionDenied):
        services.case_merge(source=b, target=a, actor=operator)


def test_split_moves_chosen_requests_to_a_new_case(receive, lawyer):
    receive(text="Меня задержали в Москве", contact_phone="+79000000003")
    code = receive(text="А ещё брата избили в Казани", contact_phone="+79000000003").case_code
    case = Case.objects.get(code=code)
    second = case.requests.order_by("received_at").last()
    new_case = services.case_split(case=case, requests=[second], actor=lawyer)
    assert list(new_case.requests.all()) == [second]
    assert case.requests.count() == 1
    with pytest.raises(ValidationError):
        services.case_split(case=case, requests=list(case.requests.all()), actor=lawyer)


def test_relative_writing_keeps_contact_and_person_in_danger_apart(receive):
    receipt = receive(contact_name="Сестра", subject_name="Брат", contact_phone="+79000000004")
    case = Case.objects.get(code=receipt.case_code)
    assert case.client.name == "Сестра"
    assert case.subject.name == "Брат"
    assert Request.objects.get().contact == case.client
