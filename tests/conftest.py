"""Shared fixtures: a user for every role, and requests made through the real intake."""

import os
import shutil

import pytest
from django.core.cache import cache
from django.test import Client

from huquq.core.vocab import Channel, Role
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.security.models import User

PASSWORD = "correct-horse-battery-staple"


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: every server and browser must be there."""
    if os.environ.get("HUQUQ_CI_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(
            f"HUQUQ_CI_NO_SKIPS: {skipped} test(s) skipped; CI fails on that.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are deselected (not skipped) on other databases."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def needs_executable(path: str) -> str:
    """The path of a tool the test needs; a skip where it is missing (a failure in CI)."""
    found = shutil.which(path)
    if not found:
        pytest.skip(f"{path} is not installed")
    return found


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """Threads of servers started by tests (live server, fake Bot API) may keep a database
    connection; PostgreSQL will not drop the test database while one is open."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run outside a request speaks English in tests (pages still pick their language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _make_user(username: str, role: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role)


@pytest.fixture
def operator(db) -> User:
    return _make_user("op", Role.OPERATOR)


@pytest.fixture
def lawyer(db) -> User:
    return _make_user("law", Role.LAWYER)


@pytest.fixture
def other_lawyer(db) -> User:
    return _make_user("law2", Role.LAWYER)


@pytest.fixture
def coordinator(db) -> User:
    return _make_user("coord", Role.COORDINATOR)


@pytest.fixture
def admin_user(db) -> User:
    return _make_user("adm", Role.ADMIN)


def client_for(user: User) -> Client:
    """A client logged in as ``user`` with a verified second factor, as after a real login."""
    from django.conf import settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture(autouse=True)
def _humanity_instant(settings):
    """Tests post the help form right after loading it; test_abuse* sets the delay itself."""
    settings.HUMANITY_MIN_SECONDS = 0


@pytest.fixture
def receive(db):
    """Store a message through the one intake service, as any channel would."""

    def _receive(text: str = "Брата задержали в Москве, держат в отделе прямо сейчас", **fields):
        fields.setdefault("channel", Channel.FORM)
        return request_receive(IncomingMessage(text=text, **fields))

    return _receive
