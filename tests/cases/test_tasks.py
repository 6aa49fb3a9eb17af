import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from huquq.cases.models import Case
from huquq.cases.tasks import notify_duty_staff

HELD = "Брата задержали, держат в отделе прямо сейчас"


def test_immediate_request_mails_staff_on_duty(
    receive, operator, lawyer, django_capture_on_commit_callbacks
):
    operator.on_duty, operator.email = True, "duty@example.org"
    operator.save()
    lawyer.email = "off@example.org"
    lawyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receive(text=HELD)
    assert [m.to for m in mail.outbox] == [["duty@example.org"]]
    message = mail.outbox[0]
    assert receipt.case_code in message.subject
    assert "отдел" not in message.body  # the message text never leaves in a mail


def test_calm_request_mails_nobody(receive, operator, django_capture_on_commit_callbacks):
    operator.on_duty, operator.email = True, "duty@example.org"
    operator.save()
    with django_capture_on_commit_callbacks(execute=True):
        receive(text="Как продлить патент?")
    assert mail.outbox == []


def test_task_is_safe_to_run_twice_and_skips_taken_cases(receive, operator, lawyer):
    operator.on_duty, operator.email = True, "duty@example.org"
    operator.save()
    case = Case.objects.get(code=receive(text=HELD).case_code)
    assert notify_duty_staff.call(str(case.pk)) == 1
    case.assignee = lawyer
    case.save()
    assert notify_duty_staff.call(str(case.pk)) == 0


def test_redis_worker_runs_a_task(tmp_path):
    """The same task interface, with Redis as broker and a separate worker process."""
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    env = {
        **os.environ,
        "HUQUQ_DATA_DIR": str(tmp_path),
        "HUQUQ_ENV": "demo",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": url,
    }
    env.pop("DATABASE_URL", None)
    huquq = str(Path(sys.executable).with_name("huquq"))
    script = (
        "from huquq.cases.tasks import notify_duty_staff;"
        "print(notify_duty_staff.enqueue('00000000-0000-0000-0000-000000000000').id)"
    )
    enqueued = subprocess.run(
        [huquq, "shell", "--no-imports", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result_id = enqueued.stdout.split()[-1]
    subprocess.run(
        [huquq, "worker", "--burst"], env=env, capture_output=True, check=True, timeout=120
    )
    check = (
        f"from huquq.cases.tasks import notify_duty_staff;"
        f"r = notify_duty_staff.get_result('{result_id}'); print(r.status, r.return_value)"
    )
    done = subprocess.run(
        [huquq, "shell", "--no-imports", "-c", check],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["SUCCESSFUL", "0"]
