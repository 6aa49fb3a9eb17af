"""The audit log is a hash chain with a checkpoint outside the database: tampering is caught."""

import itertools
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from huquq.cases import services
from huquq.cases.models import Case
from huquq.security import audit, chain
from huquq.security.models import AuditEvent


@pytest.fixture
def checkpoint(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit.checkpoint"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture
def five_events(db, checkpoint, operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            audit.record(operator, "tests.thing.touched", None, {"n": number, "codes": ["A"]})
    return list(AuditEvent.objects.order_by("sequence"))


def _verify_exit(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
    except SystemExit as stop:
        return int(stop.code), capsys.readouterr().err
    return 0, capsys.readouterr().out


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_empty_log_is_intact(db, checkpoint, capsys):
    assert _verify_exit(capsys) == (0, "Audit log intact: 0 events.\n")


def test_intact_chain_verifies_and_links(five_events, capsys):
    assert [e.sequence for e in five_events] == [1, 2, 3, 4, 5]
    assert five_events[0].prev_hash == chain.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(five_events))
    code, out = _verify_exit(capsys)
    assert code == 0
    assert "5 events" in out


def test_checkpoint_file_gets_every_committed_hash(five_events, checkpoint):
    lines = checkpoint.read_text().splitlines()
    assert lines == [f"{e.sequence} {e.hash}" for e in five_events]


def test_changed_event_is_caught(five_events, capsys):
    _sql(
        "UPDATE security_auditevent SET action = %s WHERE id = %s",
        ["tests.thing.innocent", five_events[2].id.hex],
    )
    code, err = _verify_exit(capsys)
    assert code == 1
    assert str(five_events[2].id) in err


def test_changed_data_is_caught(five_events, capsys):
    _sql(
        "UPDATE security_auditevent SET data = %s WHERE id = %s",
        ['{"n": 99, "codes": ["A"]}', five_events[1].id.hex],
    )
    code, err = _verify_exit(capsys)
    assert code == 1
    assert str(five_events[1].id) in err


def test_deleted_event_is_caught(five_events, capsys):
    _sql("DELETE FROM security_auditevent WHERE id = %s", [five_events[1].id.hex])
    code, err = _verify_exit(capsys)
    assert code == 1
    # The event after the gap is the first one that no longer fits.
    assert str(five_events[2].id) in err


def test_swapped_events_are_caught(five_events, capsys):
    first, second = five_events[1], five_events[2]
    # Swap their places in the chain through a free sequence number.
    _sql("UPDATE security_auditevent SET sequence = 1000 WHERE id = %s", [first.id.hex])
    _sql("UPDATE security_auditevent SET sequence = %s WHERE id = %s", [2, second.id.hex])
    _sql("UPDATE security_auditevent SET sequence = %s WHERE id = %s", [3, first.id.hex])
    code, err = _verify_exit(capsys)
    assert code == 1
    assert str(second.id) in err


def test_rehashed_forgery_is_caught_by_the_checkpoint(five_events, capsys):
    """Someone who knows the algorithm rewrites an event and every hash after it."""
    _sql("UPDATE security_auditevent SET action = %s WHERE sequence = 3", ["tests.thing.forged"])
    prev_hash = five_events[1].hash
    for event in AuditEvent.objects.filter(sequence__gte=3).order_by("sequence"):
        event.prev_hash = prev_hash
        event.hash = chain.hash_of(event)
        _sql(
            "UPDATE security_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [event.prev_hash, event.hash, event.id.hex],
        )
        prev_hash = event.hash
    code, err = _verify_exit(capsys)
    assert code == 1
    assert str(five_events[2].id) in err


def test_cutting_off_the_newest_events_is_caught(five_events, capsys):
    _sql("DELETE FROM security_auditevent WHERE sequence >= %s", [4])
    code, err = _verify_exit(capsys)
    assert code == 1
    assert "event number 4" in err


def test_damaged_checkpoint_is_caught(five_events, checkpoint, capsys):
    checkpoint.write_text(checkpoint.read_text() + "garbage\n")
    assert _verify_exit(capsys)[0] == 1


def test_rolled_back_event_leaves_no_checkpoint(db, checkpoint, operator):
    # Under the test transaction nothing commits, so on_commit never writes a line.
    audit.record(operator, "tests.thing.touched")
    assert not checkpoint.exists()
    assert audit.verify().ok


def test_bulk_update_paths_still_write_their_events(receive, lawyer, checkpoint):
    source_code = receive("Забрали паспорт на стройке", channel="api", external_id="s1").case_code
    target_code = receive(
        "Не платят зарплату три месяца", channel="api", external_id="t1"
    ).case_code
    source, target = Case.objects.get(code=source_code), Case.objects.get(code=target_code)
    before = AuditEvent.objects.count()
    services.case_merge(source=source, target=target, actor=lawyer)
    merged = AuditEvent.objects.filter(action="cases.case.merged", object_id=str(target.pk))
    assert merged.count() == 1
    assert AuditEvent.objects.count() > before
    assert audit.verify().ok


def test_deleting_an_actor_is_refused_not_rewriting_history(five_events, operator):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        operator.delete()


def test_cli_exit_codes(tmp_path):
    """The console script itself: 0 on a fresh data dir."""
    env = {"HUQUQ_ENV": "demo", "HUQUQ_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "huquq.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "intact" in run.stdout
