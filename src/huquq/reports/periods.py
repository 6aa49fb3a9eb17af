"""Calendar months and weeks in the organisation's time zone (settings.TIME_ZONE, Moscow).

A month is [first midnight, next first midnight) in local time, so a request at 23:30 Moscow
time on the last day of a month (20:30 UTC) belongs to that month, not the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class PeriodError(ValueError):
    """A month or date range a person typed that means nothing."""


@dataclass(frozen=True)
class Period:
    """A half-open range of local days: ``first`` included, ``after`` excluded."""

    first: date
    after: date

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        return local_midnight(self.after)

    @property
    def last(self) -> date:
        return self.after - timedelta(days=1)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def parse_month(text: str) -> Period:
    """``YYYY-MM`` as a Period; PeriodError for anything else."""
    match = _MONTH.fullmatch(text or "")
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise PeriodError(f"Expected a month as YYYY-MM, e.g. 2026-04, not {text!r}.")
    first = date(int(match[1]), int(match[2]), 1)
    return Period(first, next_month(first))


def month_label(period: Period) -> str:
    return f"{period.first:%Y-%m}"


def months(period: Period) -> list[Period]:
    """The calendar months that overlap ``period``, clipped to it."""
    result, first = [], period.first
    while first < period.after:
        after = min(next_month(first.replace(day=1)), period.after)
        result.append(Period(first, after))
        first = after
    return result


def weeks(period: Period) -> list[Period]:
    """ISO weeks (Monday first) that overlap ``period``, clipped to it."""
    result, first = [], period.first
    while first < period.after:
        after = min(first + timedelta(days=7 - first.weekday()), period.after)
        result.append(Period(first, after))
        first = after
    return result


def last_months(count: int, *, today: date | None = None) -> Period:
    """The current month and the ``count - 1`` before it."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _ in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, next_month(today.replace(day=1)))
