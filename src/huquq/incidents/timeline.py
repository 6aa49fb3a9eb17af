"""Incidents per week by city: a table and a stacked bar chart, both built on the server."""

import datetime
from collections import Counter
from dataclasses import dataclass

#: Cities with their own colour and column; the rest are summed as "other".
TOP_CITIES = 6
CHART_HEIGHT = 160
BAR_WIDTH = 14
BAR_GAP = 4


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Timeline:
    weeks: list[datetime.date]
    cities: list[str]  # the column headings; "" stands for every other city
    #: One row per week: (week start, counts per column in ``cities`` order, total).
    rows: list[tuple[datetime.date, list[int], int]]
    bars: list[Bar]
    chart_width: int
    chart_height: int


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def incidents_per_week(
    dated_cities: list[tuple[datetime.date, str]], *, first: datetime.date, last: datetime.date
) -> Timeline:
    """Count (start date, city) pairs per ISO week (Monday) from ``first`` to ``last``."""
    weeks = []
    week = week_start(first)
    while week <= last:
        weeks.append(week)
        week += datetime.timedelta(days=7)
    in_range = [(week_start(day), city) for day, city in dated_cities if first <= day <= last]
    leaders = [city for city, _ in Counter(city for _, city in in_range).most_common(TOP_CITIES)]
    columns = leaders + ([""] if len({city for _, city in in_range}) > len(leaders) else [])
    counts = Counter((week, city if city in leaders else "") for week, city in in_range)
    rows = [
        (week, [counts[(week, city)] for city in columns], sum(counts[(week, c)] for c in columns))
        for week in weeks
    ]
    return Timeline(
        weeks=weeks,
        cities=columns,
        rows=rows,
        bars=_bars(rows, columns),
        chart_width=max(1, len(weeks)) * (BAR_WIDTH + BAR_GAP),
        chart_height=CHART_HEIGHT,
    )


def _bars(rows: list[tuple[datetime.date, list[int], int]], columns: list[str]) -> list[Bar]:
    """Stacked rectangles, one colour class per column (tl-0 .. tl-6 in the stylesheet)."""
    tallest = max((total for _, _, total in rows), default=0) or 1
    unit = CHART_HEIGHT / tallest
    bars = []
    for index, (week, counts, _total) in enumerate(rows):
        top = float(CHART_HEIGHT)
        for column, count in enumerate(counts):
            if not count:
                continue
            height = count * unit
            top -= height
            bars.append(
                Bar(
                    x=index * (BAR_WIDTH + BAR_GAP),
                    y=round(top, 1),
                    height=round(height, 1),
                    css_class=f"tl-{column}",
                    title=f"{week:%Y-%m-%d} {columns[column] or '…'}: {count}",
                )
            )
    return bars
