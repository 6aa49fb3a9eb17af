"""One `huquq lockdown` locks every host down: the signal in the shared database.

A "host" is a data dir with its own key file and marker; hosts share one database.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from huquq.cases.models import Case, CaseEvent, Request
from huquq.cases.services import case_note
from huquq.core.vocab import Urgency
from huquq.security import keys, lockdown_signal
from huquq.security.keymodels import LockdownSignal
from tests.security.keyring_helpers import isolated_keys  # noqa: F401

NOTE = "Adv. called the station"
pytestmark = pytest.mark.usefixtures("isolated_keys")


def a_note(receive, lawyer) -> CaseEvent:
    case = Case.objects.get(code=receive(contact_phone="+79001234567").case_code)
    return case_note(case=case, actor=lawyer, body=NOTE)


def read(note: CaseEvent) -> str:
    return CaseEvent.objects.get(pk=note.pk).body


@pytest.fixture
def checks_every_use(monkeypatch):
    """Every key use looks at the marker, the key file and the signal (no waiting in tests)."""
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(keys, "SIGNAL_CHECK_INTERVAL_SECONDS", 0)


def signal_reads(queries: CaptureQueriesContext) -> int:
    table = LockdownSignal._meta.db_table
    return sum(table in query["sql"] for query in queries.captured_queries)


@pytest.mark.usefixtures("checks_every_use")
def test_a_signal_from_another_host_locks_this_host_down(receive, lawyer, isolated_keys):  # noqa: F811
    note = a_note(receive, lawyer)
    key_file = isolated_keys / "keyring.json"
    assert read(note) == NOTE
    lockdown_signal.raise_signal()  # what `huquq lockdown` on another host adds to the database
    with pytest.raises(keys.Locked):
        read(note)
    assert not key_file.exists()
    assert "lockdown signal" in keys.lockdown_marker().read_text()


@pytest.mark.usefixtures("checks_every_use")
def test_keys_import_supersedes_the_signal_here(receive, lawyer, isolated_keys, tmp_path):  # noqa: F811
    note = a_note(receive, lawyer)
    export = tmp_path / "offline.json"
    call_command("keys", "export", str(export))
    lockdown_signal.raise_signal()
    with pytest.raises(keys.Locked):
        read(note)
    call_command("keys", "import", str(export))
    newest = lockdown_signal.newest_signal()
    assert keys._file_signal(isolated_keys / "keyring.json") == newest
    keys.wipe()  # as a fresh process on this host: the key file is loaded, not refused
    assert read(note) == NOTE
    assert read(note) == NOTE  # and the signal it supersedes does not lock it down again


@pytest.mark.usefixtures("checks_every_use")
def test_a_key_file_older_than_the_newest_signal_is_refused_and_shredded(
    receive,
    lawyer,
    isolated_keys,  # noqa: F811
):
    """A process that starts after a lockdown (and an unlock elsewhere) on a host that missed it."""
    note = a_note(receive, lawyer)
    keys.wipe()
    lockdown_signal.raise_signal()
    with pytest.raises(keys.Locked):
        read(note)
    assert not (isolated_keys / "keyring.json").exists()
    assert keys.lockdown_marker().exists()


def test_the_signal_is_read_at_most_once_a_second(receive, lawyer, monkeypatch):
    note = a_note(receive, lawyer)
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)  # the local checks on every use
    read(note)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(100):
            keys.material()
    assert signal_reads(queries) == 0  # read when the keys were loaded, less than 1 s ago
    keys._state.signal_checked_at -= keys.SIGNAL_CHECK_INTERVAL_SECONDS  # a second later
    with CaptureQueriesContext(connection) as queries:
        for _ in range(100):
            keys.material()
    assert signal_reads(queries) == 1


@pytest.mark.usefixtures("checks_every_use")
def test_an_unreadable_signal_refuses_keys_but_shreds_nothing(
    receive,
    lawyer,
    isolated_keys,  # noqa: F811
    monkeypatch,
):
    note = a_note(receive, lawyer)

    def unreachable() -> str:
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(lockdown_signal, "newest_signal", unreachable)
    with pytest.raises(keys.Locked, match="cannot be read"):
        read(note)
    assert (isolated_keys / "keyring.json").exists()
    assert not keys.lockdown_marker().exists()
    monkeypatch.undo()
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(keys, "SIGNAL_CHECK_INTERVAL_SECONDS", 0)
    assert read(note) == NOTE


@pytest.mark.usefixtures("checks_every_use")
def test_a_failed_signal_read_inside_a_transaction_leaves_it_usable(receive, lawyer, monkeypatch):
    """On PostgreSQL a failed statement aborts the transaction; the savepoint keeps it alive."""
    note = a_note(receive, lawyer)
    case = note.case
    with transaction.atomic():
        assert read(note) == NOTE
        monkeypatch.setattr(LockdownSignal._meta, "db_table", "security_no_such_table")
        with pytest.raises(keys.Locked):
            read(note)  # the real query fails in the database
        monkeypatch.undo()
        Case.objects.filter(pk=case.pk).update(urgency=Urgency.NORMAL)
        assert Case.objects.get(pk=case.pk).urgency == Urgency.NORMAL  # the transaction goes on
    monkeypatch.setattr(keys, "SIGNAL_CHECK_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)
    assert read(note) == NOTE


def test_lockdown_raises_the_signal_and_backups_leave_it_out(receive, isolated_keys):  # noqa: F811
    receive()
    assert lockdown_signal.newest_signal() == ""
    call_command("lockdown", "--yes")
    assert LockdownSignal.objects.count() == 1
    assert lockdown_signal.newest_signal() == str(LockdownSignal.objects.get().token)
    from huquq.security.backup import _models

    assert LockdownSignal not in _models()


# --- Real processes ---------------------------------------------------------------------------

TEXT = "Брата задержали в Москве"
SHELL = ("shell", "--no-imports", "-c")
READ = "from huquq.cases.models import Request\nprint(Request.objects.get().text)"
HOLDER = """
import sys, time
from huquq.cases.models import Request
from huquq.core.vocab import Channel
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.security import keys
request_receive(IncomingMessage(text=sys.stdin.readline().strip(), channel=Channel.FORM))
print(Request.objects.get().text, flush=True)
sys.stdin.readline()
started = time.monotonic()
while time.monotonic() - started < 10:
    try:
        Request.objects.get().text
    except keys.Locked:
        print(f"locked after {time.monotonic() - started:.2f} s", flush=True)
        break
    time.sleep(0.05)
"""


def huquq(data_dir: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "huquq.cli", *args],
        env=host_env(data_dir, database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def host_env(data_dir: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HUQUQ_ENV": "demo",
        "HUQUQ_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
    }


def test_huquq_lockdown_on_one_host_locks_the_other_and_unlocks_one_at_a_time(tmp_path):
    """Two hosts on one SQLite file: a process on A holds keys while B runs `huquq lockdown`."""
    host_a, host_b = tmp_path / "a", tmp_path / "b"
    database_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    export = tmp_path / "offline.json"
    exported = huquq(host_a, database_url, "keys", "export", str(export))  # a fresh demo key
    assert exported.returncode == 0, exported.stderr
    imported = huquq(host_b, database_url, "keys", "import", str(export))
    assert imported.returncode == 0, imported.stderr

    holder = subprocess.Popen(
        [sys.executable, "-m", "huquq.cli", *SHELL, HOLDER],
        env=host_env(host_a, database_url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdin.write(f"{TEXT}\n")
        holder.stdin.flush()
        holding = holder.stdout.readline().strip()
        locked = huquq(host_b, database_url, "lockdown", "--yes")
        out, err = holder.communicate("go\n", timeout=60)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate()
    assert holding == TEXT  # A held the keys before B's lockdown
    assert locked.returncode == 0, locked.stderr
    assert not (host_b / "keyring.json").exists()
    assert out.startswith("locked after"), err
    assert not (host_a / "keyring.json").exists()
    assert (host_a / "LOCKDOWN").exists()

    unlocked = huquq(host_b, database_url, "keys", "import", str(export))
    assert unlocked.returncode == 0, unlocked.stderr  # B unlocked (its key file supersedes)
    read_a = huquq(host_a, database_url, *SHELL, READ)  # A stays locked until unlocked itself
    assert read_a.returncode != 0
    assert "Locked" in read_a.stderr


@pytest.mark.postgres
def test_huquq_lockdown_elsewhere_inside_a_transaction_here(
    transactional_db,
    receive,
    lawyer,
    isolated_keys,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """This process holds the keys inside an atomic block on PostgreSQL; another host runs
    `huquq lockdown --yes`: the next key use raises Locked, the transaction still commits."""
    note = a_note(receive, lawyer)
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    monkeypatch.setattr(keys, "CHECK_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(keys, "SIGNAL_CHECK_INTERVAL_SECONDS", 0)
    with transaction.atomic():
        assert read(note) == NOTE
        locked = huquq(tmp_path / "other-host", database_url, "lockdown", "--yes")
        assert locked.returncode == 0, locked.stderr
        with pytest.raises(keys.Locked):
            read(note)
        Case.objects.filter(pk=note.case_id).update(urgency=Urgency.NORMAL)
    assert Case.objects.get(pk=note.case_id).urgency == Urgency.NORMAL
    assert not (isolated_keys / "keyring.json").exists()
    assert Request.objects.exists()
