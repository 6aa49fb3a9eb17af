"""Every role, and anonymous, against every URL the resolver knows: allowed exactly where the
role x action table (``security/roles.py``) says.

How it works: the test walks ``get_resolver()`` recursively. Every URL name must appear in
``EXPECTED`` below with the action from ``PERMISSIONS`` that guards it (or PUBLIC, SIGNED_IN,
SECRET, TOKEN); a URL with no entry fails the test, so a new route must be classified here.
URLs with a ``code`` kwarg are tried with a real case, once unassigned (a lawyer may see it)
and once assigned to another lawyer (a lawyer must not); they also need ``case.view``.
Other ids are filled with real objects where we have them, else with unknown ids: then an
allowed role may get 404, but a refused role must still be refused before the lookup.
"""

import io
import re
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from huquq.cases.models import Case
from huquq.core.vocab import Role
from huquq.security.roles import PERMISSIONS
from huquq.security.uploads import attachment_store
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone, no login
SIGNED_IN = "signed-in"  # any account after its password (the second-factor pages)
SECRET = "secret"  # its own secret in the URL: refused for everyone with a wrong one
TOKEN = "token"  # an integration token, never a session: refused for every session

EXPECTED: dict[str, str] = {
    "/": PUBLIC,
    "intake:help": PUBLIC,
    "intake:status": PUBLIC,
    "cases:login": PUBLIC,
    "cases:logout": PUBLIC,
    "cases:queue": "queue.view",
    "cases:duty": "duty.toggle",
    "cases:request_new": "request.create",
    "cases:case": "case.view",
    "cases:note": "case.note",
    "cases:reply": "case.reply",
    "cases:assign": "case.assign",
    "cases:status": "case.note",
    "cases:close": "case.close",
    "cases:merge": "case.merge",
    "cases:split": "case.merge",
    "cases:relabel": "case.relabel",
    "incidents:list": "incident.view",
    "incidents:new": "incident.edit",
    "incidents:timeline": "incident.view",
    "incidents:map": "incident.view",
    "incidents:casualties": "incident.view",
    "incidents:casualty_status": "incident.edit",
    "incidents:export_json": "incident.view",
    "incidents:export_csv": "incident.view",
    "incidents:for_case": "incident.view",
    "incidents:link_case": "incident.edit",
    "incidents:create_from_case": "incident.edit",
    "incidents:detail": "incident.view",
    "incidents:edit": "incident.edit",
    "incidents:delete": "incident.edit",
    "incidents:act_save": "incident.edit",
    "incidents:act_remove": "incident.edit",
    "incidents:perpetrator_add": "incident.edit",
    "incidents:perpetrator_remove": "incident.edit",
    "incidents:source_add": "incident.edit",
    "incidents:source_status": "incident.edit",
    "incidents:source_remove": "incident.edit",
    "incidents:case_unlink": "incident.edit",
    "reports:dashboard": "reports.view",
    "search:person": "case.view",
    "security:otp": SIGNED_IN,
    "security:enrol": SIGNED_IN,
    "security:passkey_login": SIGNED_IN,
    "security:account": "account.passkeys",
    "security:passkey_add": "account.passkeys",
    "security:passkey_remove": "account.passkeys",
    "security:attachment_upload": "attachment.upload",
    "security:attachment": "attachment.view",
    "bot:webhook": SECRET,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
    "api:create_request": TOKEN,
    "api:list_cases": "queue.view",
    "api:read_case": "case.view",
}

ROLES = [None, Role.OPERATOR, Role.LAWYER, Role.COORDINATOR, Role.ADMIN]


@dataclass(frozen=True)
class Route:
    key: str
    route: str


def _routes(patterns, prefix: str = "", namespace: str = "") -> list[Route]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found += _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append(Route(key=name or "/" + route, route=route))
    return found


ALL_ROUTES = _routes(get_resolver().url_patterns)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def world(receive, lawyer, other_lawyer, settings, tmp_path):
    """Two cases: one unassigned (every lawyer may see it), one of another lawyer."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    objects = {}
    for label, assignee in (("open", None), ("foreign", other_lawyer)):
        code = receive("Задержали на складе, забрали паspорт", external_id=label).case_code
        case = Case.objects.get(code=code)
        case.assignee = assignee
        case.save(update_fields=["assignee"])
        attachment = attachment_store(case=case, data=_png(), declared_name="x.png")
        objects[label] = {
            "code": case.code,
            "request_id": str(case.requests.get().id),
            "attachment_id": str(attachment.id),
        }
    return objects


def _fill(route: str, objects: dict[str, str]) -> tuple[str, bool]:
    """The route with its kwargs filled; and whether every kwarg named a real object."""
    path, real = route, True
    while "<" in path:
        start = path.index("<")
        end = path.index(">", start)
        converter, _, name = path[start + 1 : end].rpartition(":")
        if name in objects:
            value = objects[name]
        else:
            real = False
            value = "999999" if converter == "int" else str(uuid.uuid4())
        path = path[:start] + value + path[end + 1 :]
    return "/" + path, real


def _client(role: str | None, users: dict) -> Client:
    return Client() if role is None else client_for(users[role])


def _outcome(answer) -> str:
    """'login', 'refused', 'missing' or 'allowed'; a server error fails at once."""
    assert answer.status_code < 500, answer.content[:300]
    location = answer.get("Location", "")
    if answer.status_code == 401 or (answer.status_code == 302 and "/staff/login/" in location):
        return "login"
    if answer.status_code == 403 or "/staff/security/otp/" in location:
        return "refused"
    if answer.status_code == 404:
        return "missing"
    return "allowed"


INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=")


def _assert_csp_clean(answer, key: str) -> None:
    """The strict CSP would block inline scripts and styles: no page may rely on them."""
    if answer.status_code == 200 and answer.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in answer["Content-Security-Policy"], key
        if key != "api:openapi-view":  # Swagger UI: its JSON settings block is not a script
            assert not INLINE_CODE.search(answer.content.decode()), key


def _method(path: str) -> str:
    return "post" if Client().get(path).status_code == 405 else "get"


def _allowed_roles(expectation: str, *, case_scoped: bool) -> set:
    if expectation in {PUBLIC, SIGNED_IN, SECRET, TOKEN}:
        return set()
    roles = set(PERMISSIONS[expectation])
    if case_scoped:
        roles &= PERMISSIONS["case.view"]
    return roles


def test_every_url_is_classified():
    unclassified = sorted({r.key for r in ALL_ROUTES} - set(EXPECTED))
    assert not unclassified, f"classify these URLs in EXPECTED: {unclassified}"
    stale = sorted(set(EXPECTED) - {r.key for r in ALL_ROUTES})
    assert not stale, f"these URLs no longer exist: {stale}"
    assert all(
        e in PERMISSIONS or e in {PUBLIC, SIGNED_IN, SECRET, TOKEN} for e in EXPECTED.values()
    )


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: r.key)
def test_role_matrix(route, world, operator, lawyer, coordinator, admin_user):
    users = {
        Role.OPERATOR: operator,
        Role.LAWYER: lawyer,
        Role.COORDINATOR: coordinator,
        Role.ADMIN: admin_user,
    }
    expectation = EXPECTED[route.key]
    case_scoped = "<str:code>" in route.route or route.key == "security:attachment"
    path, real = _fill(route.route, world["open"])
    method = _method(path)
    allowed = _allowed_roles(expectation, case_scoped=case_scoped)
    for role in ROLES:
        answer = getattr(_client(role, users), method)(path)
        outcome = _outcome(answer)
        _assert_csp_clean(answer, route.key)
        where = f"{route.key} {method.upper()} as {role or 'anonymous'}: {outcome}"
        if expectation == SIGNED_IN and role is not None:
            # The enrol page sends an account that has its authenticator on to the code page.
            assert answer.status_code in {200, 302}, where
            assert outcome != "login", where
        elif expectation == PUBLIC:  # no gate (logout sends everyone to the login page)
            assert outcome in {"allowed", "missing", "login"}, where
        elif expectation == SECRET:
            assert outcome in {"refused", "missing"}, where
        elif expectation == TOKEN or role is None:
            assert outcome == "login", where
        elif role in allowed:
            assert outcome == "allowed" or (outcome == "missing" and not real), where
        else:
            assert outcome in {"refused", "missing"}, where


CASE_ROUTES = [r for r in ALL_ROUTES if "<str:code>" in r.route or r.key == "security:attachment"]


@pytest.mark.parametrize("route", CASE_ROUTES, ids=lambda r: r.key)
def test_another_lawyers_case_is_out_of_reach(route, world, lawyer, operator):
    """By code, by request id, by attachment id: a lawyer cannot reach a colleague's case."""
    path, _ = _fill(route.route, world["foreign"])
    method = _method(path)
    answer = getattr(client_for(lawyer), method)(path)
    assert _outcome(answer) in {"refused", "missing"}, f"{route.key} {method}"
    if set(PERMISSIONS.get(EXPECTED[route.key], ())) >= {Role.OPERATOR, Role.LAWYER}:
        assert _outcome(getattr(client_for(operator), method)(path)) == "allowed", route.key


def test_case_list_api_shows_a_lawyer_only_their_own_and_unassigned(world, lawyer):
    codes = {case["code"] for case in client_for(lawyer).get("/api/cases").json()["items"]}
    assert world["open"]["code"] in codes
    assert world["foreign"]["code"] not in codes


def test_coordinators_see_no_personal_data(world, coordinator):
    client = client_for(coordinator)
    for path in (
        "/staff/",
        f"/staff/cases/{world['open']['code']}/",
        "/api/cases",
        f"/api/cases/{world['open']['code']}",
    ):
        assert _outcome(client.get(path)) in {"refused", "missing"}, path


@pytest.mark.parametrize("path", ["/staff/cases/{code}/", "/api/cases/{code}"])
def test_every_read_of_a_case_is_audited(world, operator, path):
    from huquq.security.models import AuditEvent

    case = Case.objects.get(code=world["open"]["code"])
    assert client_for(operator).get(path.format(code=case.code)).status_code == 200
    viewed = AuditEvent.objects.filter(
        action="cases.case.viewed", actor=operator, object_id=str(case.pk)
    )
    assert viewed.count() == 1
