"""Figures of any scope counted live from the base tables, in grouped queries."""

from __future__ import annotations

from datetime import date, datetime

from huquq.reports.counting import counts_per_day, sum_per_period
from huquq.reports.figures import (
    RequestBreakdown,
    Scope,
    backlog_by_age,
    cases_opened_in,
    outcomes_by_category,
    reply_time_quantiles,
    request_breakdown,
    requests_in,
)
from huquq.reports.periods import Period


class LiveFigures:
    """The figures of any scope, straight from the base tables: for filtered scopes, which the
    roll-up does not split by, and as the reference the roll-up is tested against."""

    approximate_replies = False

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._requests_per_day: dict[date, int] | None = None
        self._opened_per_day: dict[date, int] | None = None

    def breakdown(self) -> RequestBreakdown:
        return request_breakdown(self.scope)

    def cases_opened(self) -> int:
        return cases_opened_in(self.scope).count()

    def outcomes(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        return outcomes_by_category(self.scope)

    def requests_per(self, periods: list[Period]) -> list[int]:
        if self._requests_per_day is None:
            self._requests_per_day = counts_per_day(
                requests_in(self.scope), "received_at", self.scope.period
            )
        return sum_per_period(self._requests_per_day, periods)

    def opened_per(self, periods: list[Period]) -> list[int]:
        if self._opened_per_day is None:
            self._opened_per_day = counts_per_day(
                cases_opened_in(self.scope), "opened_at", self.scope.period
            )
        return sum_per_period(self._opened_per_day, periods)

    def reply_quantiles(self, fractions: tuple[float, ...]) -> list[float | None]:
        return reply_time_quantiles(self.scope, fractions)

    def backlog(self, *, now: datetime) -> list[int]:
        return backlog_by_age(self.scope, now=now)
