"""Figures of a whole-organisation scope read from the daily roll-up.

Whole past months are read from their monthly sums, other stored past days are summed in SQL
(some ten thousand rows for a year, whatever the number of requests); today and any later day
are counted live. Months and weeks are sums of daily totals. The open backlog is exact: see
``rolled_backlog``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from huquq.cases.models import Case
from huquq.core.vocab import Category, Channel, Language, Outcome, Urgency
from huquq.reports import replytimes, rollup
from huquq.reports.counting import (
    CLOSED,
    OPEN_STATUSES,
    OPENED,
    REQUESTS,
    TOTAL,
    Key,
    count_days,
    sum_per_period,
)
from huquq.reports.figures import (
    BACKLOG_BUCKETS,
    UNKNOWN,
    RequestBreakdown,
    Scope,
    zeros,
)
from huquq.reports.live import LiveFigures
from huquq.reports.models import DailyCount, MonthlyCount
from huquq.reports.periods import Period, months, next_month

_BREAKDOWN_DIMENSIONS = ("category", "urgency", "language", "channel", "city", "citizenship")


class RolledFigures:
    """The figures of ``scope`` (no city or category filter) from the roll-up."""

    approximate_replies = True

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.sums: Counter[Key] = Counter()
        self.per_day: dict[str, dict[date, int]] = defaultdict(dict)
        self._load(scope.period)

    def _load(self, period: Period) -> None:
        """Whole past months from their sums, other past days from their rows, today and
        later live; daily totals (for weeks) always from the day rows."""
        today = timezone.localdate()
        past = Period(period.first, min(period.after, today))
        rollup.fresh_days(past)
        whole = [part.first for part in months(past) if _is_whole_month(part)]
        rollup.fresh_months(whole)
        in_days = Q()
        for part in months(past):
            if part.first not in whole:
                in_days |= Q(day__gte=part.first, day__lt=part.after)
        groups = [MonthlyCount.objects.filter(month__in=whole)]
        if in_days:
            groups.append(DailyCount.objects.filter(in_days))
        for rows in groups:
            keys = rows.order_by().values_list("measure", "dimension", "value")
            for measure, dimension, value, n in keys.annotate(n=Sum("count")):
                self.sums[measure, dimension, value] += n
        stored = DailyCount.objects.filter(day__gte=past.first, day__lt=past.after, dimension=TOTAL)
        for day, measure, n in stored.values_list("day", "measure", "count"):
            self.per_day[measure][day] = n
        if period.after > today:
            self._count_live(Period(max(period.first, today), period.after))

    def _count_live(self, period: Period) -> None:
        for day, counts in count_days(period).items():
            self.sums.update(counts)
            for measure in (REQUESTS, OPENED, CLOSED):
                self.per_day[measure][day] = counts[measure, TOTAL, ""]

    def _dimension(self, measure: str, dimension: str) -> dict[str, int]:
        return {
            value: n
            for (m, d, value), n in sorted(self.sums.items())
            if m == measure and d == dimension and n
        }

    def breakdown(self) -> RequestBreakdown:
        found = {name: self._dimension(REQUESTS, name) for name in _BREAKDOWN_DIMENSIONS}
        return RequestBreakdown(
            total=self.sums[REQUESTS, TOTAL, ""],
            by_category={**zeros(Category.values), **found["category"]},
            by_urgency={**zeros(Urgency.values), **found["urgency"]},
            by_language={**zeros([*Language.values, UNKNOWN]), **found["language"]},
            by_channel={**zeros(Channel.values), **found["channel"]},
            by_city={UNKNOWN: 0, **found["city"]},
            by_citizenship={UNKNOWN: 0, **found["citizenship"]},
        )

    def cases_opened(self) -> int:
        return self.sums[OPENED, TOTAL, ""]

    def outcomes(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        overall = {**zeros(Outcome.values), **self._dimension(CLOSED, "outcome")}
        per_category = {code: zeros(Outcome.values) for code in Category.values}
        for key, n in self._dimension(CLOSED, "outcome_by_category").items():
            category, outcome = key.split(":")
            per_category[category][outcome] += n
        return overall, per_category

    def requests_per(self, periods: list[Period]) -> list[int]:
        return sum_per_period(self.per_day[REQUESTS], periods)

    def opened_per(self, periods: list[Period]) -> list[int]:
        return sum_per_period(self.per_day[OPENED], periods)

    def reply_quantiles(self, fractions: tuple[float, ...]) -> list[float | None]:
        histogram = {int(low): n for low, n in self._dimension(OPENED, "reply").items()}
        return replytimes.quantiles(histogram, fractions)

    def backlog(self, *, now: datetime) -> list[int]:
        return rolled_backlog(now=now)


def _is_whole_month(part: Period) -> bool:
    return part.first.day == 1 and part.after == next_month(part.first)


def figures_for(scope: Scope) -> RolledFigures | LiveFigures:
    """The roll-up for the whole organisation; live counts for a city or a category."""
    if scope.city or scope.category:
        return LiveFigures(scope)
    return RolledFigures(scope)


def rolled_backlog(*, now: datetime) -> list[int]:
    """Open cases by age: days wholly inside one age bucket from the roll-up; the days a bucket
    edge falls in, and today, counted live. Exact, not approximate."""
    counts = [0] * len(BACKLOG_BUCKETS)
    first = rollup.history_start()
    if first is None:
        return counts
    today = timezone.localdate(now)
    rollup.fresh_days(Period(first, today))
    stored = DailyCount.objects.filter(measure=OPENED, dimension="open", day__lt=today)
    edges = [
        (now - timedelta(days=low), None if high is None else now - timedelta(days=high))
        for low, high in BACKLOG_BUCKETS
    ]
    live = [Period(today, date.max)]
    for day, n in stored.values_list("day", "count"):
        period = Period(day, day + timedelta(days=1))
        bucket = _bucket_holding(period, edges)
        if bucket is None:
            live.append(period)
        else:
            counts[bucket] += n
    for period in live:
        for index, n in enumerate(_open_by_age(period, edges)):
            counts[index] += n
    return counts


def _open_by_age(period: Period, edges: list[tuple[datetime, datetime | None]]) -> list[int]:
    """Cases opened in ``period`` and open now, by age bucket, counted live. Only the
    ``opened_at`` range is a WHERE condition, so the query reads that range of its index
    and not every open case."""
    buckets = {}
    for index, (newest, oldest) in enumerate(edges):
        age = Q(status__in=OPEN_STATUSES, opened_at__lte=newest)
        if oldest is not None:
            age &= Q(opened_at__gt=oldest)
        buckets[f"b{index}"] = Count("pk", filter=age)
    found = Case.objects.filter(opened_at__gte=period.start, opened_at__lt=period.end)
    counts = found.order_by().aggregate(**buckets)
    return [counts[f"b{index}"] for index in range(len(edges))]


def _bucket_holding(period: Period, edges: list[tuple[datetime, datetime | None]]) -> int | None:
    """The bucket every moment of ``period`` falls in, if there is one."""
    for index, (newest, oldest) in enumerate(edges):
        if period.end <= newest and (oldest is None or period.start > oldest):
            return index
    return None
