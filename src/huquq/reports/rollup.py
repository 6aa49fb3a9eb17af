"""Keeping the daily roll-up (``DailyCount``) in step with the base tables.

Days before today are counted once (``counting.py``) and stored; ``fresh_days`` counts again
any day that is missing or was marked changed since it was counted. Today and later days are
never stored: they are still changing.

Services that change a past day's figures call ``request_changed`` or ``case_changed``
in their transaction; ``refresh_all`` recounts everything, for after a bulk import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from huquq.cases.models import Case, Request
from huquq.reports.counting import DayCounts, count_days, day_of, days_in
from huquq.reports.models import DailyCount, MonthlyCount, RolledUpDay, SummedMonth
from huquq.reports.periods import Period, next_month

#: A change committed this long after counting began still marks the day stale: no service
#: transaction takes that long, so a change that counting could not see is never lost.
SAFETY_MARGIN = timedelta(minutes=1)


def fresh_days(period: Period) -> None:
    """Count and store every day of ``period`` before today that is missing or changed."""
    period = Period(period.first, min(period.after, timezone.localdate()))
    if period.first >= period.after:
        return
    fresh = set(
        RolledUpDay.objects.filter(day__gte=period.first, day__lt=period.after)
        .filter(counted_from__isnull=False)
        .filter(Q(changed_at__isnull=True) | Q(changed_at__lt=F("counted_from")))
        .values_list("day", flat=True)
    )
    for run in _runs([day for day in days_in(period) if day not in fresh]):
        store_days(run)


def _runs(days: list[date]) -> list[Period]:
    """Consecutive days as periods, to count each run in one pass."""
    runs: list[Period] = []
    for day in days:
        if runs and runs[-1].after == day:
            runs[-1] = Period(runs[-1].first, day + timedelta(days=1))
        else:
            runs.append(Period(day, day + timedelta(days=1)))
    return runs


def store_days(period: Period) -> DayCounts:
    """Count the (past) days of ``period`` from the base tables and store their counts."""
    counted_from = timezone.now() - SAFETY_MARGIN
    counts = count_days(period)
    rows = [
        (day, measure, dimension, value, n)
        for day, day_counts in counts.items()
        for (measure, dimension, value), n in day_counts.items()
        if n
    ]
    days = days_in(period)
    try:
        with transaction.atomic():
            DailyCount.objects.filter(day__gte=period.first, day__lt=period.after).delete()
            touched = {"month__gte": period.first.replace(day=1), "month__lt": period.after}
            MonthlyCount.objects.filter(**touched).delete()
            SummedMonth.objects.filter(**touched).delete()
            _insert(rows)
            stored_at = timezone.now()
            RolledUpDay.objects.bulk_create(
                [
                    RolledUpDay(day=day, counted_from=counted_from, stored_at=stored_at)
                    for day in days
                ],
                update_conflicts=True,
                update_fields=["counted_from", "stored_at"],
                unique_fields=["day"],
            )
    except IntegrityError:
        pass  # Another process stored the same days at the same time: its counts are as good.
    return counts


def fresh_months(months: list[date]) -> None:
    """Sum the stored days of each whole past month (given by its first day), unless summed
    since its days were last stored.

    Call ``fresh_days`` for those months first: a month is summed from its stored days. The
    month keeps the latest ``stored_at`` of its days as read before summing; if a day is
    stored again (here or by another process, even while the month was being summed), the
    two differ and the month is summed again.
    """
    if not months:
        return
    summed = dict(
        SummedMonth.objects.filter(month__in=months).values_list("month", "days_stored_at")
    )
    latest = _latest_stored(months)
    for month in months:
        if month not in summed or summed[month] != latest.get(month):
            _sum_month(month, days_stored_at=latest.get(month))


def _latest_stored(months: list[date]) -> dict[date, datetime | None]:
    found = RolledUpDay.objects.filter(day__gte=min(months), day__lt=next_month(max(months)))
    return dict(
        found.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(latest=Max("stored_at"))
        .values_list("month", "latest")
    )


def _sum_month(month: date, *, days_stored_at: datetime | None) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _COLUMNS[1:4])
    insert = (
        f"INSERT INTO {quote(MonthlyCount._meta.db_table)} ({quote('month')}, {columns}, "  # noqa: S608  # nosec B608: identifiers and SQL are ours; values are bound
        f"{quote('count')}) SELECT %s, {columns}, SUM({quote('count')}) "
        f"FROM {quote(DailyCount._meta.db_table)} WHERE {quote('day')} >= %s "
        f"AND {quote('day')} < %s GROUP BY {columns}"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            MonthlyCount.objects.filter(month=month).delete()
            SummedMonth.objects.filter(month=month).delete()
            cursor.execute(insert, [month, month, next_month(month)])
            SummedMonth.objects.create(month=month, days_stored_at=days_stored_at)
    except IntegrityError:
        pass  # Another process summed the month at the same time.


def _insert(rows: list[tuple]) -> None:
    """COPY on PostgreSQL, ``executemany`` on SQLite: a year is some 100,000 rows, and a model
    instance or a statement per row would cost more than counting them did."""
    quote = connection.ops.quote_name
    table = quote(DailyCount._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608  # nosec B608: identifiers and SQL are ours; values are bound
                rows,
            )


_COLUMNS = ("day", "measure", "dimension", "value", "count")


def mark_changed(days: Iterable[date]) -> None:
    """The figures of these days changed: count them again before the next report uses them.

    A marker is written even for a day not stored yet, in case it is being counted right now.
    """
    today = timezone.localdate()
    now = timezone.now()
    past = sorted({day for day in days if day < today})
    RolledUpDay.objects.bulk_create(
        [RolledUpDay(day=day, changed_at=now) for day in past],
        update_conflicts=True,
        update_fields=["changed_at"],
        unique_fields=["day"],
    )


def request_changed(request: Request) -> None:
    """Call before or after changing a request's labels or received time."""
    mark_changed([day_of(request.received_at)])


def case_changed(case: Case) -> None:
    """Call before changing a case's status, outcome, labels or first reply: marks the days it
    was opened and (if closed) closed on."""
    mark_changed(day_of(moment) for moment in (case.opened_at, case.closed_at) if moment)


def history_start() -> date | None:
    """The first day with any request or case."""
    firsts = [
        Request.objects.aggregate(first=Min("received_at"))["first"],
        Case.objects.aggregate(first=Min("opened_at"))["first"],
    ]
    known = [day_of(first) for first in firsts if first]
    return min(known) if known else None


def refresh_all() -> int:
    """Count every past day again (after a bulk import); returns how many days were stored."""
    first = history_start()
    if first is None:
        return 0
    period = Period(first, timezone.localdate())
    if first < period.after:
        store_days(period)
    return len(days_in(period))
