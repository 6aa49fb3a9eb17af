"""Aggregate figures straight from the database: every function returns counts, never rows.

Each figure is one or two grouped queries (``values().annotate(Count)``) or a range count on
an indexed column. Label sets (``categories``) are grouped by their stored value, a few dozen
distinct sets, and only those group counts are split into labels here, which is both faster
than one LIKE per label and correct for requests with several labels.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Q, QuerySet

from huquq.cases.models import Case, Request
from huquq.core.fields import has_label
from huquq.core.vocab import CaseStatus, Category, Channel, Language, Outcome, Urgency
from huquq.reports.periods import Period

UNKNOWN = "unknown"
#: Open cases by age, in days: [low, high) with None for no upper bound.
BACKLOG_BUCKETS: list[tuple[int, int | None]] = [(0, 1), (1, 7), (7, 30), (30, 90), (90, None)]


@dataclass(frozen=True)
class Scope:
    """What a figure counts: a period of local days, optionally one city and one category."""

    period: Period
    city: str = ""
    category: str = ""


@dataclass
class RequestBreakdown:
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_urgency: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_city: dict[str, int] = field(default_factory=dict)
    by_citizenship: dict[str, int] = field(default_factory=dict)


def _labelled(queryset: QuerySet, scope: Scope) -> QuerySet:
    if scope.city:
        queryset = queryset.filter(city=scope.city)
    if scope.category:
        queryset = queryset.filter(has_label("categories", scope.category))
    return queryset


def requests_in(scope: Scope) -> QuerySet:
    period = scope.period
    found = Request.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    return _labelled(found, scope).order_by()


def cases_opened_in(scope: Scope) -> QuerySet:
    period = scope.period
    found = Case.objects.filter(opened_at__gte=period.start, opened_at__lt=period.end)
    return _labelled(found, scope).order_by()


def cases_closed_in(scope: Scope) -> QuerySet:
    """Cases closed in the period; a merge closes a duplicate, which is no outcome."""
    period = scope.period
    found = Case.objects.filter(
        status=CaseStatus.CLOSED,
        closed_at__gte=period.start,
        closed_at__lt=period.end,
        merged_into__isnull=True,
    )
    return _labelled(found, scope).order_by()


def zeros(codes) -> dict[str, int]:
    return dict.fromkeys(codes, 0)


def _add(counts: dict[str, int], key: str, count: int) -> None:
    counts[key] = counts.get(key, 0) + count


def request_breakdown(scope: Scope) -> RequestBreakdown:
    """Requests in the scope by every dimension, in two grouped queries."""
    result = RequestBreakdown(
        by_category=zeros(Category.values),
        by_urgency=zeros(Urgency.values),
        by_language=zeros([*Language.values, UNKNOWN]),
        by_channel=zeros(Channel.values),
        by_city={UNKNOWN: 0},
        by_citizenship={UNKNOWN: 0},
    )
    found = requests_in(scope)
    for group in found.values("categories", "urgency", "language", "channel").annotate(
        n=Count("pk")
    ):
        count = group["n"]
        result.total += count
        for label in group["categories"]:
            if label in result.by_category:
                result.by_category[label] += count
        _add(result.by_urgency, group["urgency"], count)
        _add(result.by_language, group["language"] if group["language"] else UNKNOWN, count)
        _add(result.by_channel, group["channel"], count)
    cities: Counter[str] = Counter()
    citizenships: Counter[str] = Counter()
    for group in found.values("city", "citizenship").annotate(n=Count("pk")):
        cities[group["city"].strip() or UNKNOWN] += group["n"]
        citizenships[group["citizenship"].strip().upper() or UNKNOWN] += group["n"]
    result.by_city.update(sorted(cities.items()))
    result.by_citizenship.update(sorted(citizenships.items()))
    return result


def outcomes_by_category(scope: Scope) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Closed cases by outcome, overall and per category label, in one grouped query."""
    overall = zeros(Outcome.values)
    per_category = {code: zeros(Outcome.values) for code in Category.values}
    for group in cases_closed_in(scope).values("categories", "outcome").annotate(n=Count("pk")):
        outcome = group["outcome"] if group["outcome"] in overall else Outcome.OTHER
        overall[outcome] += group["n"]
        for label in group["categories"]:
            if label in per_category:
                per_category[label][outcome] += group["n"]
    return overall, per_category


def backlog_by_age(scope: Scope, *, now: datetime) -> list[int]:
    """Cases open now (opened in the scope's filters, any time), by age bucket."""
    open_cases = _labelled(
        Case.objects.filter(status__in=[CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING]),
        scope,
    ).order_by()
    counts = {}
    for index, (low, high) in enumerate(BACKLOG_BUCKETS):
        age = Q(opened_at__lte=now - timedelta(days=low))
        if high is not None:
            age &= Q(opened_at__gt=now - timedelta(days=high))
        counts[f"b{index}"] = Count("pk", filter=age)
    found = open_cases.aggregate(**counts)
    return [found[f"b{index}"] for index in range(len(BACKLOG_BUCKETS))]


def reply_time_quantiles(scope: Scope, quantiles: tuple[float, ...]) -> list[float | None]:
    """Seconds from opening to the first reply, nearest-rank quantiles, for cases opened in
    the scope; None when no case there has a reply.

    PostgreSQL has ``percentile_disc``; SQLite has no percentile function, so each quantile
    is the k-th value of the ordered delays (ORDER BY ... LIMIT 1 OFFSET k), the same
    nearest-rank definition.
    """
    replied = cases_opened_in(scope).filter(first_reply_at__isnull=False)
    sql, params = replied.values("opened_at", "first_reply_at").query.sql_with_params()
    if connection.vendor == "postgresql":
        delay = "EXTRACT(EPOCH FROM (first_reply_at - opened_at))"
        fractions = ", ".join(["%s"] * len(quantiles))
        query = (
            f"SELECT percentile_disc(ARRAY[{fractions}]::float8[]) "  # noqa: S608  # nosec B608: identifiers and SQL are ours; values are bound
            f"WITHIN GROUP (ORDER BY {delay}) FROM ({sql}) AS replied"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [*quantiles, *params])
            values = cursor.fetchone()[0]
        return [float(v) if v is not None else None for v in (values or [None] * len(quantiles))]
    total = replied.count()
    if not total:
        return [None] * len(quantiles)
    delay = "(julianday(first_reply_at) - julianday(opened_at)) * 86400.0"
    query = f"SELECT {delay} AS delay FROM ({sql}) ORDER BY delay LIMIT 1 OFFSET %s"  # noqa: S608  # nosec B608: identifiers and SQL are ours; values are bound
    results = []
    with connection.cursor() as cursor:
        for fraction in quantiles:
            rank = max(1, math.ceil(Fraction(str(fraction)) * total))
            cursor.execute(query, [*params, rank - 1])
            results.append(float(cursor.fetchone()[0]))
    return results
