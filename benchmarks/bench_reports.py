"""Time the monthly report and the dashboard's main page on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_reports.py [--requests N] [--only sqlite|postgresql]
    .venv/bin/python benchmarks/bench_reports.py --data-dir DIR [--database-url URL]

For each database: a fresh data dir (and a fresh PostgreSQL database), ``huquq demo
--requests N --no-serve`` to fill it, then, in a child process with that environment:

- the roll-up tables are emptied, so the first figures are COLD (every past day of the
  period counted from the base tables and stored), then WARM (stored days reused; the
  median of a few runs);
- the public JSON report of the busiest whole month (in-process, and the whole ``huquq
  report`` command once, Python start-up included);
- GET /staff/reports/ (the last twelve months) as a coordinator;
- baselines in the same run: the same figures counted live from the base tables (the path
  filtered scopes still take), and for the report also the naive way, loading the rows.

Target: under one second each, warm. ``--data-dir``/``--database-url`` measure an existing
demo installation instead of seeding one (its roll-up is emptied first, then rebuilt).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# PostgreSQL's own client tools, found on PATH like psql.
CREATEDB, DROPDB = shutil.which("createdb") or "createdb", shutil.which("dropdb") or "dropdb"
HUQUQ = ROOT / ".venv" / "bin" / "huquq"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
WARM_RUNS = 5


def measure() -> dict:
    """Runs in the child process, with the data dir and DATABASE_URL of one database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huquq.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from huquq.cases.models import Request
    from huquq.reports import selectors
    from huquq.reports.live import LiveFigures
    from huquq.reports.models import DailyCount, RolledUpDay
    from huquq.reports.monthly import monthly_report
    from huquq.reports.periods import last_months, months

    call_command("migrate", verbosity=0)  # an older installation has no roll-up tables yet

    def empty_rollup() -> None:
        DailyCount.objects.all().delete()
        RolledUpDay.objects.all().delete()

    def once(run) -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    def median(run, runs: int = WARM_RUNS) -> float:
        return statistics.median(once(run) for _ in range(runs))

    def live(run) -> float:
        """``run`` with every figure counted live from the base tables, as before the roll-up."""
        rolled = selectors.figures_for
        selectors.figures_for = LiveFigures
        try:
            return once(run)
        finally:
            selectors.figures_for = rolled

    year = months(last_months(13))[:-1]  # the last twelve whole months
    month = max(year, key=lambda p: _count(Request, p))
    client = _coordinator_client(Client)

    def report() -> None:
        monthly_report(month=month, public=True, k=5)

    def report_live() -> None:
        from huquq.reports import monthly

        rolled = monthly.figures_for
        monthly.figures_for = LiveFigures
        try:
            report()
        finally:
            monthly.figures_for = rolled

    def page() -> None:
        response = client.get("/staff/reports/")
        assert response.status_code == 200, response.status_code

    empty_rollup()
    result = {
        "database": connection.vendor,
        "requests": Request.objects.count(),
        "month": f"{month.first:%Y-%m}",
        "month_requests": _count(Request, month),
        "report_cold_s": once(report),
        "report_warm_s": median(report),
        "report_live_s": median(report_live, 3),
        "report_naive_s": once(lambda: _naive(Request, month)),
    }
    result["command_s"] = once(
        lambda: subprocess.run(
            [str(HUQUQ), "report", "--month", result["month"], "--format", "json", "--public"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    )
    empty_rollup()
    result["dashboard_cold_s"] = once(page)
    result["dashboard_warm_s"] = median(page)
    result["dashboard_live_s"] = live(page)
    result["rollup_rows"] = DailyCount.objects.count()
    return result


def _count(model, period) -> int:
    return model.objects.filter(received_at__gte=period.start, received_at__lt=period.end).count()


def _naive(model, period) -> None:
    """The month's request figures computed the way the issue rules out: rows into Python."""
    from collections import Counter

    rows = model.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    counters = [Counter() for _ in range(6)]
    for row in rows.values_list(
        "categories", "urgency", "language", "channel", "city", "citizenship"
    ):
        for label in row[0]:
            counters[0][label] += 1
        for counter, value in zip(counters[1:], row[1:], strict=True):
            counter[value] += 1


def _coordinator_client(client_class):
    """A client with the session of a coordinator who passed the second factor.

    The session is written directly rather than through ``force_login``: the login signal
    (django-axes) wants a client IP address that a test client's login has not got.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from huquq.security.models import User

    coordinator, _ = User.objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator"}
    )
    device, _ = TOTPDevice.objects.get_or_create(user=coordinator, name="bench", confirmed=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(coordinator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = coordinator.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client = client_class(HTTP_HOST="localhost")
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def _measure_in(env: dict) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def run_one(database: str, requests: int) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-reports-{database}-"))
    env = {**os.environ, "HUQUQ_ENV": "demo", "HUQUQ_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    db_name = f"bench_reports_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    if database == "postgresql":
        subprocess.run([CREATEDB, "-h", "127.0.0.1", "-U", "postgres", db_name], check=True)
        env["DATABASE_URL"] = f"{PG_SERVER}/{db_name}"
    try:
        start = time.perf_counter()
        subprocess.run(
            [str(HUQUQ), "demo", "--requests", str(requests), "--no-serve"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seeded = time.perf_counter() - start
        return {**_measure_in(env), "seed_s": seeded}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if database == "postgresql":
            subprocess.run(
                [DROPDB, "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db_name],
                check=False,
            )


def show(result: dict) -> bool:
    """Prints one database's figures; True when the warm figures meet the target."""
    seeded = f" (seeded in {result['seed_s']:.0f} s)" if "seed_s" in result else ""
    warm_report, warm_page = result["report_warm_s"], result["dashboard_warm_s"]
    print(
        f"{result['database']}: {result['requests']} requests{seeded}; "
        f"{result['rollup_rows']} roll-up rows after the dashboard\n"
        f"  monthly report {result['month']} ({result['month_requests']} requests): "
        f"warm {warm_report:.3f} s, cold {result['report_cold_s']:.3f} s; "
        f"live {result['report_live_s']:.3f} s (x{result['report_live_s'] / warm_report:.0f}), "
        f"naive rows {result['report_naive_s']:.3f} s "
        f"(x{result['report_naive_s'] / warm_report:.0f}); "
        f"`huquq report` command {result['command_s']:.2f} s\n"
        f"  dashboard /staff/reports/ (12 months): warm {warm_page:.3f} s, "
        f"cold {result['dashboard_cold_s']:.3f} s; live {result['dashboard_live_s']:.3f} s "
        f"(x{result['dashboard_live_s'] / warm_page:.0f})",
        flush=True,
    )
    return warm_report < 1 and warm_page < 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--data-dir", help="measure an existing demo data dir instead of seeding")
    parser.add_argument("--database-url", help="with --data-dir: its PostgreSQL database")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return 0
    if args.data_dir:
        env = {**os.environ, "HUQUQ_ENV": "demo", "HUQUQ_DATA_DIR": args.data_dir}
        env.pop("DATABASE_URL", None)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        met = show(_measure_in(env))
    else:
        met = True
        for database in [args.only] if args.only else ["sqlite", "postgresql"]:
            met &= show(run_one(database, args.requests))
    print("target (under 1 s each, warm):", "met" if met else "missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
