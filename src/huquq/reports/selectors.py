"""The coordinators' dashboard: aggregates only, for people allowed to see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from huquq.core.vocab import Category, Channel, Language, Outcome, Urgency
from huquq.reports import charts, figures
from huquq.reports.figures import BACKLOG_BUCKETS, Scope
from huquq.reports.periods import months, weeks
from huquq.reports.rolled import figures_for
from huquq.security.roles import can

#: Outcomes counted as a success for every category but forced contracts.
FAVOURABLE = frozenset(
    {
        Outcome.RELEASED,
        Outcome.CONTRACT_ANNULLED,
        Outcome.DOCUMENTS_RESTORED,
        Outcome.WAGES_RECOVERED,
        Outcome.ADVICE_GIVEN,
    }
)


@dataclass
class CategoryOutcomes:
    category: str
    label: str
    counts: list[int]
    closed: int
    succeeded: int

    @property
    def success_rate(self) -> float | None:
        return self.succeeded / self.closed if self.closed else None


@dataclass
class Dashboard:
    scope: Scope
    requests: int
    cases_opened: int
    per_month: list[tuple[str, int, int]]
    month_chart: list[charts.Column]
    week_chart: list[charts.Column]
    chart_widths: tuple[int, int]
    breakdowns: list[tuple[str, list[charts.Bar]]]
    outcomes: list[CategoryOutcomes]
    outcome_labels: list[str]
    reply_median_hours: float | None
    reply_p90_hours: float | None
    #: True when the reply times are read from the roll-up's histogram (see replytimes.py).
    reply_approximate: bool
    backlog: list[charts.Bar]


def succeeded(category: str, counts: dict[str, int]) -> int:
    """Forced contracts succeed when the person was not sent to the front, whatever else."""
    if category == Category.MILITARY_CONTRACT:
        return sum(counts.values()) - counts[Outcome.SENT_TO_FRONT]
    return sum(n for outcome, n in counts.items() if outcome in FAVOURABLE)


def dashboard_get(*, viewer, scope: Scope, now: datetime) -> Dashboard:
    if not can(viewer, "reports.view"):
        raise PermissionDenied("reports.view")
    found = figures_for(scope)
    breakdown = found.breakdown()
    month_periods, week_periods = months(scope.period), weeks(scope.period)
    requests_per_month = found.requests_per(month_periods)
    cases_per_month = found.opened_per(month_periods)
    requests_per_week = found.requests_per(week_periods)
    _overall, per_category = found.outcomes()
    median, p90 = found.reply_quantiles((0.5, 0.9))
    month_names = [f"{p.first:%Y-%m}" for p in month_periods]
    week_names = [f"{p.first:%Y-%m-%d}" for p in week_periods]
    return Dashboard(
        scope=scope,
        requests=breakdown.total,
        cases_opened=sum(cases_per_month),
        per_month=list(zip(month_names, requests_per_month, cases_per_month, strict=True)),
        month_chart=charts.columns(list(zip(month_names, requests_per_month, strict=True))),
        week_chart=charts.columns(list(zip(week_names, requests_per_week, strict=True))),
        chart_widths=(charts.chart_width(len(month_names)), charts.chart_width(len(week_names))),
        breakdowns=_breakdowns(breakdown),
        outcomes=[
            CategoryOutcomes(
                category=code,
                label=str(label),
                counts=list(per_category[code].values()),
                closed=sum(per_category[code].values()),
                succeeded=succeeded(code, per_category[code]),
            )
            for code, label in Category.choices
        ],
        outcome_labels=[str(label) for _code, label in Outcome.choices],
        reply_median_hours=median / 3600 if median is not None else None,
        reply_p90_hours=p90 / 3600 if p90 is not None else None,
        reply_approximate=found.approximate_replies,
        backlog=charts.bars(list(zip(_backlog_labels(), found.backlog(now=now), strict=True))),
    )


def _breakdowns(breakdown: figures.RequestBreakdown) -> list[tuple[str, list[charts.Bar]]]:
    unknown = {figures.UNKNOWN: _("unknown")}
    return [
        (_("Category"), _bars(breakdown.by_category, dict(Category.choices))),
        (_("Urgency"), _bars(breakdown.by_urgency, dict(Urgency.choices))),
        (_("Language"), _bars(breakdown.by_language, {**dict(Language.choices), **unknown})),
        (_("Channel"), _bars(breakdown.by_channel, dict(Channel.choices))),
        (_("City"), _bars(breakdown.by_city, unknown)),
        (_("Citizenship"), _bars(breakdown.by_citizenship, unknown)),
    ]


def _bars(counts: dict[str, int], labels: dict[str, str]) -> list[charts.Bar]:
    return charts.bars([(str(labels.get(code, code)), value) for code, value in counts.items()])


def _backlog_labels() -> list[str]:
    labels = []
    for low, high in BACKLOG_BUCKETS:
        if high is None:
            labels.append(str(_("%(low)s days and more") % {"low": low}))
        else:
            labels.append(str(_("%(low)s to %(high)s days") % {"low": low, "high": high}))
    return labels
