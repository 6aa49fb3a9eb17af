"""Counting the roll-up's figures from the base tables, per local (Moscow) calendar day.

Each measure is one or two grouped queries over a range of an indexed datetime column, with
the local day as one of the grouping columns, so a year is counted in a few passes rather
than a few queries per day. The local day is computed in SQL: ``AT TIME ZONE`` on
PostgreSQL; on SQLite, ``date(column, '+180 minutes')`` over runs of days with one UTC
offset, and a day on which the offset changes (daylight saving) is counted on its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from huquq.cases.models import Case, Request
from huquq.core.vocab import CaseStatus, Category, Outcome
from huquq.reports import replytimes
from huquq.reports.figures import UNKNOWN
from huquq.reports.periods import Period, local_midnight

REQUESTS, OPENED, CLOSED = "requests", "cases_opened", "cases_closed"
TOTAL = "total"
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)
# Sets made once: ``Category.values`` builds a new list on every use, in the hottest loop here.
CATEGORIES, OUTCOMES = frozenset(Category.values), frozenset(Outcome.values)

Key = tuple[str, str, str]  # (measure, dimension, value)
DayCounts = dict[date, Counter[Key]]
DaySQL = Callable[[str], RawSQL]


def day_of(moment) -> date:
    return timezone.localtime(moment).date()


def days_in(period: Period) -> list[date]:
    return [period.first + timedelta(days=i) for i in range((period.after - period.first).days)]


def count_days(period: Period) -> DayCounts:
    """Every figure of every day of ``period``, straight from the base tables."""
    counts: DayCounts = defaultdict(Counter)
    for part, day_sql in _day_expressions(period):
        _count_requests(part, day_sql, counts)
        _count_opened(part, day_sql, counts)
        _count_closed(part, day_sql, counts)
    return counts


def counts_per_day(queryset: QuerySet, column: str, period: Period) -> dict[date, int]:
    """How many rows of ``queryset`` fall on each local day of ``period``, in one pass."""
    counts: dict[date, int] = {}
    for part, day_sql in _day_expressions(period):
        for group in _in(queryset, column, part, day_sql).values("day").annotate(n=Count("pk")):
            counts[_as_date(group["day"])] = group["n"]
    return counts


def sum_per_period(per_day: dict[date, int], periods: list[Period]) -> list[int]:
    return [
        sum(n for day, n in per_day.items() if period.first <= day < period.after)
        for period in periods
    ]


def _day_expressions(period: Period) -> list[tuple[Period, DaySQL]]:
    if connection.vendor == "postgresql":
        zone = timezone.get_current_timezone_name()
        return [(period, lambda column: RawSQL(f"({column} AT TIME ZONE %s)::date", (zone,)))]  # noqa: S611 (column names are ours)  # nosec B611: identifiers and SQL are ours; values are bound
    runs: list[tuple[Period, int | None]] = []
    for day in days_in(period):
        offset = _offset_minutes(day)
        steady = offset == _offset_minutes(day + timedelta(days=1))
        last = runs[-1] if runs else None
        if steady and last and last[1] == offset and last[0].after == day:
            runs[-1] = (Period(last[0].first, day + timedelta(days=1)), offset)
        else:
            runs.append((Period(day, day + timedelta(days=1)), offset if steady else None))
    return [(part, _sqlite_day(part.first, offset)) for part, offset in runs]


def _offset_minutes(day: date) -> int:
    return int(local_midnight(day).utcoffset().total_seconds() // 60)


def _sqlite_day(first: date, offset: int | None) -> DaySQL:
    if offset is None:  # one day with two offsets: every row of the range is on that day
        return lambda column: RawSQL("%s", (first.isoformat(),))
    return lambda column: RawSQL(f"date({column}, '{offset:+d} minutes')", ())  # noqa: S611  # nosec B611: identifiers and SQL are ours; values are bound


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _in(queryset: QuerySet, column: str, period: Period, day_sql: DaySQL) -> QuerySet:
    found = queryset.filter(**{f"{column}__gte": period.start, f"{column}__lt": period.end})
    return found.annotate(day=day_sql(column)).order_by()


def _count_requests(period: Period, day_sql: DaySQL, counts: DayCounts) -> None:
    found = _in(Request.objects, "received_at", period, day_sql)
    groups = found.values("day", "categories", "urgency", "language", "channel")
    for group in groups.annotate(n=Count("pk")):
        day, n = counts[_as_date(group["day"])], group["n"]
        day[REQUESTS, TOTAL, ""] += n
        for label in group["categories"]:
            if label in CATEGORIES:
                day[REQUESTS, "category", label] += n
        day[REQUESTS, "urgency", group["urgency"]] += n
        day[REQUESTS, "language", group["language"] or UNKNOWN] += n
        day[REQUESTS, "channel", group["channel"]] += n
    for group in found.values("day", "city", "citizenship").annotate(n=Count("pk")):
        day, n = counts[_as_date(group["day"])], group["n"]
        day[REQUESTS, "city", group["city"].strip()[:100] or UNKNOWN] += n
        day[REQUESTS, "citizenship", group["citizenship"].strip().upper() or UNKNOWN] += n


def _count_opened(period: Period, day_sql: DaySQL, counts: DayCounts) -> None:
    found = _in(Case.objects, "opened_at", period, day_sql)
    totals = found.values("day").annotate(
        n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES))
    )
    for group in totals:
        day = counts[_as_date(group["day"])]
        day[OPENED, TOTAL, ""] += group["n"]
        day[OPENED, "open", ""] += group["open"]
    bucket = RawSQL(replytimes.bucket_sql(), ())  # noqa: S611 (constant SQL, no input)  # nosec B611: identifiers and SQL are ours; values are bound
    replied = found.filter(first_reply_at__isnull=False).annotate(bucket=bucket)
    for group in replied.values("day", "bucket").annotate(n=Count("pk")):
        counts[_as_date(group["day"])][OPENED, "reply", str(int(group["bucket"]))] += group["n"]


def _count_closed(period: Period, day_sql: DaySQL, counts: DayCounts) -> None:
    """Closed cases by outcome. A merge closes a duplicate, which is no outcome.

    Only the ``closed_at`` range is a WHERE condition: with ``status = 'closed'`` there too,
    SQLite picks the (status, urgency, opened_at) index and reads every closed case.
    """
    found = _in(Case.objects, "closed_at", period, day_sql)
    groups = found.values("day", "categories", "outcome", "status").annotate(
        n=Count("pk", filter=Q(merged_into__isnull=True))
    )
    for group in groups:
        n = group["n"]
        if group["status"] != CaseStatus.CLOSED or not n:
            continue
        day = counts[_as_date(group["day"])]
        outcome = group["outcome"] if group["outcome"] in OUTCOMES else Outcome.OTHER
        day[CLOSED, TOTAL, ""] += n
        day[CLOSED, "outcome", outcome] += n
        for label in group["categories"]:
            if label in CATEGORIES:
                day[CLOSED, "outcome_by_category", f"{label}:{outcome}"] += n
