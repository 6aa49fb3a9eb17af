"""Schemathesis against the API's own OpenAPI schema, in process: every operation, as every
kind of caller, gets no server error, only the status codes it declares, bodies that match
their declared schemas, and no partial record stored."""

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.core.vocab import Channel
from huquq.security.tokens import token_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

#: The schema exactly as the running API serves it, through the whole middleware stack.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """About half the case codes asked for are real ones, so reads succeed as well as fail."""
    codes = list(Case.objects.values_list("code", flat=True))
    if not codes or "code" not in (path_parameters or {}):
        return st.just(path_parameters)
    return st.just(path_parameters) | st.sampled_from([{"code": code} for code in codes])


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
#: Staff callers and the conftest fixture that makes each.
STAFF = {
    "operator": "operator",
    "lawyer": "lawyer",
    "coordinator": "coordinator",
    "admin": "admin_user",
}
CALLERS = ["anonymous", "integration", *STAFF]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection when a request ends, and with it the test's
    transaction on PostgreSQL; Django's own test client holds that back the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(params=CALLERS)
def caller(request, receive) -> dict[str, dict[str, str]]:
    """What each kind of caller sends (headers, cookies); a few cases exist so that reads
    find something."""
    for n in range(3):
        receive(
            text=f"Задержали брата в Казани, номер {n}", channel=Channel.API, external_id=f"s{n}"
        )
    if request.param == "anonymous":
        return {}
    if request.param == "integration":
        return {"headers": {"Authorization": f"Bearer {token_create(name='schemathesis')}"}}
    user = request.getfixturevalue(STAFF[request.param])
    session = client_for(user).cookies[settings.SESSION_COOKIE_NAME].value
    # The WSGI client keeps its own cookie jar and drops a raw Cookie header.
    return {"cookies": {settings.SESSION_COOKIE_NAME: session}}


def assert_no_partial_record() -> None:
    """Every stored request sits in a case with its history entry; no case, person or event is
    left without the request that made it."""
    request_ids = {str(pk) for pk in Request.objects.values_list("id", flat=True)}
    logged = {
        event.data["request"] for event in CaseEvent.objects.filter(kind=CaseEvent.Kind.REQUEST)
    }
    assert logged == request_ids
    assert not Case.objects.filter(requests=None).exists()
    assert not Person.objects.filter(requests=None, cases=None, cases_about=None).exists()


@schema.parametrize()
@hypothesis_settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, caller):
    case.call_and_validate(checks=CHECKS, **caller)
    assert_no_partial_record()


def test_the_invariant_catches_a_partial_record(receive):
    """Guards the helper: a person stored without the request that named them is caught."""
    receive()
    assert_no_partial_record()
    Person.objects.create(name="orphan")
    with pytest.raises(AssertionError):
        assert_no_partial_record()
