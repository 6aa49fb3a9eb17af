"""Charts drawn on the server as inline SVG: each chart is also a table, so it reads without
JavaScript, without images, and under a strict content security policy (no style attributes:
only SVG geometry, coloured by site.css)."""

from __future__ import annotations

from dataclasses import dataclass

#: Height of the column chart's drawing area in SVG units.
CHART_HEIGHT = 100
COLUMN_WIDTH = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    #: Length of the bar, 0-100, relative to the largest value.
    length: float


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: int
    y: float
    height: float


def bars(rows: list[tuple[str, int]]) -> list[Bar]:
    largest = max((value for _label, value in rows), default=0) or 1
    return [Bar(label, value, round(100 * value / largest, 2)) for label, value in rows]


def columns(rows: list[tuple[str, int]]) -> list[Column]:
    largest = max((value for _label, value in rows), default=0) or 1
    result = []
    for index, (label, value) in enumerate(rows):
        height = round(CHART_HEIGHT * value / largest, 2)
        result.append(Column(label, value, index * COLUMN_WIDTH, CHART_HEIGHT - height, height))
    return result


def chart_width(count: int) -> int:
    return max(count, 1) * COLUMN_WIDTH
