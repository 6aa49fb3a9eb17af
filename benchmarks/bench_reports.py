"""Time the monthly report and the dashboard's main page on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_reports.py [--requests N] [--only sqlite|postgresql]

For each database: a fresh data dir (and a fresh PostgreSQL database), ``huquq demo
--requests N --no-serve`` to fill it, then, in a child process with that environment, the
public JSON report of the busiest whole month and a GET of /staff/reports/ (the last twelve
months) as a coordinator. The baseline is the same month's report computed the naive way,
loading the rows into Python. Target: under one second each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def measure() -> dict:
    """Runs in the child process, with the data dir and DATABASE_URL of one database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huquq.settings")
    import django

    django.setup()
    from collections import Counter
    from datetime import date

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from huquq.cases.models import Request
    from huquq.reports.monthly import monthly_report
    from huquq.reports.periods import Period, next_month, parse_month
    from huquq.security.models import User

    last_whole = (timezone.localdate().replace(day=1) - date.resolution).replace(day=1)
    month = Period(last_whole, next_month(last_whole))

    def timed(run) -> float:
        run()  # warm the caches once, as a server that has been up for a while would
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    def naive() -> None:
        rows = Request.objects.filter(received_at__gte=month.start, received_at__lt=month.end)
        counters = [Counter() for _ in range(6)]
        for row in rows.values_list(
            "categories", "urgency", "language", "channel", "city", "citizenship"
        ):
            for label in row[0]:
                counters[0][label] += 1
            for counter, value in zip(counters[1:], row[1:], strict=True):
                counter[value] += 1

    coordinator, _ = User.objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator"}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    # As after a real login: the session carries a verified second factor.
    device, _ = TOTPDevice.objects.get_or_create(user=coordinator, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    def page() -> None:
        response = client.get("/staff/reports/")
        assert response.status_code == 200, response.status_code

    report = monthly_report(month=parse_month(f"{last_whole:%Y-%m}"), public=True, k=5)
    return {
        "database": connection.vendor,
        "requests": Request.objects.count(),
        "month": report["month"],
        "month_requests": report["requests"],
        "report_s": timed(lambda: monthly_report(month=month, public=True, k=5)),
        "dashboard_s": timed(page),
        "naive_report_s": timed(naive),
    }


def run_one(database: str, requests: int) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-reports-{database}-"))
    env = {**os.environ, "HUQUQ_ENV": "demo", "HUQUQ_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    db_name = f"bench_reports_{uuid.uuid4().hex[:8]}"
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
        child = subprocess.run(
            [sys.executable, __file__, "--measure"],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["seed_s"] = seeded
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if database == "postgresql":
            subprocess.run(
                [DROPDB, "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db_name],
                check=False,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--data-dir", help="measure an existing SQLite demo data dir instead of seeding one"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return 0
    if args.data_dir:
        env = {**os.environ, "HUQUQ_ENV": "demo", "HUQUQ_DATA_DIR": args.data_dir}
        env.pop("DATABASE_URL", None)
        child = subprocess.run(
            [sys.executable, __file__, "--measure"], env=env, check=True, stdout=subprocess.PIPE
        )
        print(child.stdout.decode().strip().splitlines()[-1])
        return 0
    slow = False
    for database in [args.only] if args.only else ["sqlite", "postgresql"]:
        result = run_one(database, args.requests)
        ratio = result["naive_report_s"] / max(result["report_s"], 1e-9)
        print(
            f"{database:10} {result['requests']:>9} requests (seeded in {result['seed_s']:.0f} s); "
            f"report {result['month']} ({result['month_requests']} requests): "
            f"{result['report_s']:.3f} s, naive {result['naive_report_s']:.3f} s "
            f"(x{ratio:.1f}); dashboard: {result['dashboard_s']:.3f} s"
        )
        slow |= result["report_s"] >= 1 or result["dashboard_s"] >= 1
    print("target (under 1 s each):", "missed" if slow else "met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
