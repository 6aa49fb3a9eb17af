"""Production settings: `huquq check --deploy` is clean, and a weak configuration refuses to start.

Each test runs the console script in a subprocess with an environment built from scratch, so
nothing of the test process (demo mode, its data dir) leaks in.
"""

import os
import secrets
import subprocess
import sys

import pytest


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HUQUQ_ENV": "production",
        "HUQUQ_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "huquq.example.org",
        "HUQUQ_KEK_FILE": str(tmp_path / "keys.json"),
    }


def huquq(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "huquq.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_is_clean_in_production(production):
    run = huquq(production, "check", "--deploy", "--fail-level", "WARNING")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout
    assert "WARNING" not in run.stdout + run.stderr


def test_production_settings_are_strict(production):
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_AGE,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['default-src'])"
    )
    run = huquq(production, "shell", "-c", script)
    assert run.returncode == 0, run.stderr
    assert "True True True True 1800 [\"'self'\"]" in run.stdout.splitlines()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-and-guessable"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SECURE_SSL_REDIRECT": "false"}, "HTTPS"),
        ({"SECURE_HSTS_SECONDS": "0"}, "HTTPS"),
        ({"HUQUQ_KEK_FILE": ""}, "HUQUQ_KEK_FILE"),
    ],
)
def test_production_refuses_a_weak_configuration(production, change, named):
    env = {key: value for key, value in {**production, **change}.items() if value}
    run = huquq(env, "check")
    assert run.returncode != 0
    assert named in run.stderr
    assert production["SECRET_KEY"] not in run.stderr  # a refusal never prints a secret
