"""The ``huquq`` console script, run as a user would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HUQUQ = str(Path(sys.executable).with_name("huquq"))


def huquq(data_dir: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "HUQUQ_DATA_DIR": str(data_dir), "HUQUQ_ENV": "demo"}
    env.pop("DATABASE_URL", None)  # the contract is about the embedded default
    return subprocess.run(
        [HUQUQ, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def status(data_dir: Path) -> dict:
    result = huquq(data_dir, "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_on_a_fresh_data_dir(tmp_path):
    assert status(tmp_path / "fresh") == {
        "requests": 0,
        "cases": 0,
        "persons": 0,
        "open_cases": 0,
        "database": "sqlite",
    }


@pytest.mark.parametrize("count", [0, 45])
def test_demo_makes_exactly_the_requested_number(tmp_path, count):
    result = huquq(tmp_path, "demo", "--requests", str(count), "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "operator" in result.stdout
    assert "lawyer" in result.stdout
    figures = status(tmp_path)
    assert figures["requests"] == count
    assert figures["cases"] <= count
    assert figures["persons"] >= figures["cases"]


def test_demo_adds_nothing_to_an_existing_data_dir_unless_reset(tmp_path):
    assert huquq(tmp_path, "demo", "--requests", "12", "--no-serve").returncode == 0
    logins = (tmp_path / "demo_logins.txt").read_text()
    assert huquq(tmp_path, "demo", "--no-serve").returncode == 0
    assert status(tmp_path)["requests"] == 12
    assert (tmp_path / "demo_logins.txt").read_text() == logins
    assert huquq(tmp_path, "demo", "--requests", "5", "--no-serve", "--reset").returncode == 0
    assert status(tmp_path)["requests"] == 5


def test_demo_bulk_path_gives_exact_counts(tmp_path):
    result = huquq(tmp_path, "demo", "--requests", "6001", "--no-serve")
    assert result.returncode == 0, result.stderr
    figures = status(tmp_path)
    assert figures["requests"] == 6001
    assert figures["cases"] == 6001


def test_demo_refuses_a_negative_count(tmp_path):
    result = huquq(tmp_path, "demo", "--requests", "-1", "--no-serve")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_public_address_in_demo_mode(tmp_path):
    result = huquq(tmp_path, "serve", "--addr", "0.0.0.0:8000")
    assert result.returncode != 0
    assert "loopback" in result.stderr


def test_serve_answers_over_http(tmp_path):
    """`huquq serve` is gunicorn on the configured database, not Django's runserver."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HUQUQ_DATA_DIR": str(tmp_path), "HUQUQ_ENV": "demo"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [HUQUQ, "serve", "--addr", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/help/?lang=ky") as page:
                    body = page.read().decode()
                    server_header = page.headers.get("Server", "")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "server did not answer within 60 s"
                time.sleep(0.3)
        assert '<html lang="ky">' in body
        assert "gunicorn" in server_header
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_served_pages_find_their_stylesheet(client):
    """Every stylesheet and script a page links to is served (not only the HTML)."""
    import re

    from django.contrib.staticfiles import finders

    page = client.get("/help/").content.decode()
    linked = re.findall(r'(?:href|src)="/static/([^"]+)"', page)
    assert "huquq/site.css" in linked
    for path in linked:
        assert finders.find(path), path
