"""Two processes writing audit events at the same time do not fork the chain."""

import os
import subprocess
import sys

import pytest
from django.db import connection

WRITES = 40
WRITER = (
    "from huquq.security import audit\n"
    f"for number in range({WRITES}):\n"
    "    audit.record(None, 'tests.concurrent.write', None, {'n': number})\n"
)


def _env(tmp_path, database_url: str = "") -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HUQUQ_ENV": "demo",
        "HUQUQ_DATA_DIR": str(tmp_path),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _huquq(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "huquq.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _two_writers_then_verify(env) -> subprocess.CompletedProcess:
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "huquq.cli", "shell", "-c", WRITER],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    return _huquq(env, "audit", "verify")


def test_two_writers_on_sqlite_keep_one_chain(tmp_path):
    env = _env(tmp_path)
    assert _huquq(env, "migrate", "--verbosity", "0").returncode == 0
    verified = _two_writers_then_verify(env)
    assert verified.returncode == 0, verified.stderr
    assert f"{2 * WRITES} events" in verified.stdout
    assert len((tmp_path / "audit.checkpoint").read_text().splitlines()) == 2 * WRITES


@pytest.mark.postgres
def test_two_writers_on_postgresql_keep_one_chain(transactional_db, tmp_path):
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    verified = _two_writers_then_verify(_env(tmp_path, url))
    assert verified.returncode == 0, verified.stderr
    assert f"{2 * WRITES} events" in verified.stdout
