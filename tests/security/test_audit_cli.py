"""`huquq audit verify` end to end: the demo's real write paths keep the chain whole, and the
console script exits 1 naming the event once the database file is tampered with."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def demo_dir(tmp_path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HUQUQ_ENV": "demo",
        "HUQUQ_DATA_DIR": str(tmp_path),
        "HUQUQ_TRIAGE_FUNCTION": os.environ.get("HUQUQ_TRIAGE_FUNCTION", "huquq.triage.analyse"),
    }
    seeded = huquq(env, "demo", "--no-serve", "--requests", "6")
    assert seeded.returncode == 0, seeded.stderr
    return env


def huquq(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "huquq.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _database(env) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["HUQUQ_DATA_DIR"]) / "huquq.sqlite3")


def test_demo_data_verifies_and_a_changed_event_is_named(demo_dir):
    intact = huquq(demo_dir, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout
    with _database(demo_dir) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM security_auditevent").fetchone()
        assert count >= 6  # intake wrote an event per request
        (victim,) = db.execute(
            "SELECT id FROM security_auditevent ORDER BY sequence LIMIT 1 OFFSET 2"
        ).fetchone()
        db.execute("UPDATE security_auditevent SET object_id = 'x' WHERE id = ?", [victim])
    tampered = huquq(demo_dir, "audit", "verify")
    assert tampered.returncode == 1
    assert victim.replace("-", "") in tampered.stderr.replace("-", "")


def test_cutting_off_the_newest_events_is_caught_through_the_checkpoint(demo_dir):
    with _database(demo_dir) as db:
        db.execute(
            "DELETE FROM security_auditevent WHERE sequence = "
            "(SELECT MAX(sequence) FROM security_auditevent)"
        )
    tampered = huquq(demo_dir, "audit", "verify")
    assert tampered.returncode == 1
    assert "cut off" in tampered.stderr


def test_demo_reset_starts_a_new_chain(demo_dir):
    reset = huquq(demo_dir, "demo", "--no-serve", "--reset", "--requests", "2")
    assert reset.returncode == 0, reset.stderr
    assert huquq(demo_dir, "audit", "verify").returncode == 0
