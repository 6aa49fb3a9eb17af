"""The monthly report: one JSON object whose shape outside readers rely on, and its CSV.

Shape: ``{"month", "requests", "cases_opened", "by_category", "by_urgency", "by_language",
"by_city", "by_citizenship", "outcomes", "suppressed", "k"}``. Requests count by the month
they were received in, cases by the month they were opened in, outcomes by the month the
case was closed in, all in local (Moscow) calendar months.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from huquq.reports.figures import Scope
from huquq.reports.periods import Period, month_label
from huquq.reports.rolled import figures_for
from huquq.reports.suppression import Table, suppress

#: The tables of the report, in the order they are printed.
TABLES = ("by_category", "by_urgency", "by_language", "by_city", "by_citizenship", "outcomes")


def monthly_report(*, month: Period, public: bool, k: int) -> dict[str, Any]:
    """The month's figures; with ``public``, small cells hidden as suppression.py explains."""
    found = figures_for(Scope(period=month))
    breakdown = found.breakdown()
    outcomes, _per_category = found.outcomes()
    report: dict[str, Any] = {
        "month": month_label(month),
        "requests": breakdown.total,
        "cases_opened": found.cases_opened(),
        "by_category": breakdown.by_category,
        "by_urgency": breakdown.by_urgency,
        "by_language": breakdown.by_language,
        "by_city": breakdown.by_city,
        "by_citizenship": breakdown.by_citizenship,
        "outcomes": outcomes,
        "suppressed": False,
        "k": k,
    }
    return _public(report, k) if public else report


def _public(report: dict[str, Any], k: int) -> dict[str, Any]:
    on_requests = {name: Table(cells=report[name], total="requests") for name in TABLES[1:5]}
    result = suppress(
        totals={
            "requests": report["requests"],
            "cases_opened": report["cases_opened"],
            "closed": sum(report["outcomes"].values()),
        },
        tables={
            "by_category": Table(cells=report["by_category"], total="requests", covering=True),
            **on_requests,
            "outcomes": Table(cells=report["outcomes"], total="closed"),
        },
        published_totals={"requests", "cases_opened"},
        k=k,
    )
    return {
        **report,
        **result.totals,
        **result.tables,
        "suppressed": result.suppressed,
    }


def report_csv(report: dict[str, Any]) -> str:
    """One ``section,key,value`` line per figure: the totals first, then each table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "key", "value"])
    for name in ("month", "requests", "cases_opened", "suppressed", "k"):
        value = report[name]
        writer.writerow(["total", name, str(value).lower() if isinstance(value, bool) else value])
    for table in TABLES:
        for key, value in report[table].items():
            writer.writerow([table, key, value])
    return buffer.getvalue()
