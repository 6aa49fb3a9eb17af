"""Canary test: known strings stored through every channel appear nowhere in clear.

The storing runs in a subprocess on a file-based database (SQLite with its WAL, or the
PostgreSQL of ``DATABASE_URL``) in a fresh data dir with logging at DEBUG; this test then
reads the raw bytes of every file there, the captured logs, the backup and, on PostgreSQL,
``pg_dump`` output.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import needs_executable
from tests.security.canary_store import CANARY, files_with_canaries

ROOT = Path(__file__).resolve().parents[2]


def store_canaries(data_dir: Path, database_url: str | None = None) -> tuple[dict, str]:
    env = {
        **os.environ,
        "HUQUQ_ENV": "demo",
        "HUQUQ_DATA_DIR": str(data_dir),
        "LOG_LEVEL": "DEBUG",
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    env.pop("HUQUQ_KEK_FILE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "tests.security.canary_store"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout + done.stderr


def assert_no_canary_in(text: str) -> None:
    lowered = text.lower()
    for label, value in CANARY.items():
        assert value.lower() not in lowered, f"canary {label} found"


def assert_every_channel_stored_readably(report: dict) -> None:
    assert report["stored"] == {"form": 1, "api": 1, "bot": 1}
    assert report["readable_by_staff"] == len(report["stored"])


def test_no_canary_in_sqlite_files_wal_backup_or_logs(tmp_path):
    report, output = store_canaries(tmp_path)
    assert report["database"] == "sqlite"
    assert_every_channel_stored_readably(report)
    assert "huquq.sqlite3-wal" in report["files"]  # the WAL was there while we looked
    assert "backups/canary.huquq" in report["files"]
    assert report["found"] == {}
    assert files_with_canaries(tmp_path) == {}  # and after the checkpoint on exit
    assert_no_canary_in(output)
    assert "request stored channel=api" in output  # the logs really were captured
    assert files_with_canaries(ROOT / "src" / "huquq" / "triage") == {}  # model files


def _admin_sql(sql: str) -> None:
    import psycopg

    base = settings.DATABASES["default"]
    with psycopg.connect(
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        password=base["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(sql)


@pytest.mark.postgres
def test_no_canary_in_pg_dump(tmp_path):
    pg_dump = needs_executable("pg_dump")
    base = settings.DATABASES["default"]
    name = f"test_{base['NAME']}_canary"
    url = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        report, output = store_canaries(tmp_path, url)
        assert report["database"] == "postgresql"
        assert_every_channel_stored_readably(report)
        assert report["found"] == {}
        dump = subprocess.run(
            [pg_dump, "--no-owner", url], capture_output=True, text=True, timeout=300, check=True
        ).stdout
        assert "cases_request" in dump
        assert_no_canary_in(dump)
        assert_no_canary_in(output)
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
