"""Staff pages on a locked server say so with a 503 instead of failing with a 500."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import client_for
from tests.security.keyring_helpers import isolated_keys  # noqa: F401

pytestmark = pytest.mark.usefixtures("isolated_keys")


def test_case_page_of_a_locked_server_explains(receive, lawyer):
    code = receive(contact_phone="+79001234560").case_code
    staff = client_for(lawyer)
    assert staff.get(f"/staff/cases/{code}/").status_code == 200
    call_command("lockdown", "--yes")
    answer = staff.get(f"/staff/cases/{code}/?lang=en")
    assert answer.status_code == 503
    assert "The server is locked" in answer.content.decode()


def test_help_form_still_works_while_locked(db):
    call_command("lockdown", "--yes")
    assert Client().get("/help/").status_code == 200
