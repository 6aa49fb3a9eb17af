"""Time to first reply as a histogram with fixed buckets, and percentiles read from it.

Buckets: 15 minutes wide up to 48 hours, one hour wide up to 30 days, one day wide beyond.
A percentile read from the histogram is the middle of the bucket that holds the exact
nearest-rank value, so it is off by at most half a bucket: 7.5 minutes below 48 hours,
30 minutes up to 30 days, 12 hours beyond. The dashboard marks such figures with "≈".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from django.db import connection

FINE, FINE_UNTIL = 15 * 60, 48 * 3600
HOURLY, HOURLY_UNTIL = 3600, 30 * 86400
DAILY = 86400


def bucket_width(low: int) -> int:
    if low < FINE_UNTIL:
        return FINE
    return HOURLY if low < HOURLY_UNTIL else DAILY


def bucket_sql() -> str:
    """SQL for the lower edge, in seconds, of the bucket of a case's first-reply delay."""
    if connection.vendor == "postgresql":
        delay = "GREATEST(EXTRACT(EPOCH FROM (first_reply_at - opened_at)), 0)"
        floor = "(FLOOR({d} / {w}) * {w})::bigint"
    else:
        delay = "MAX((julianday(first_reply_at) - julianday(opened_at)) * 86400.0, 0)"
        # The delay is never negative here, so truncation is the floor.
        floor = "CAST({d} / {w} AS INTEGER) * {w}"
    return (
        f"CASE WHEN {delay} < {FINE_UNTIL} THEN {floor.format(d=delay, w=FINE)} "
        f"WHEN {delay} < {HOURLY_UNTIL} THEN {floor.format(d=delay, w=HOURLY)} "
        f"ELSE {floor.format(d=delay, w=DAILY)} END"
    )


def quantiles(histogram: Mapping[int, int], fractions: tuple[float, ...]) -> list[float | None]:
    """Nearest-rank quantiles in seconds (bucket middles); None for an empty histogram."""
    total = sum(histogram.values())
    if not total:
        return [None] * len(fractions)
    edges = sorted(histogram)
    results: list[float | None] = []
    for fraction in fractions:
        rank = max(1, math.ceil(Fraction(str(fraction)) * total))
        seen = 0
        for low in edges:
            seen += histogram[low]
            if seen >= rank:
                results.append(low + bucket_width(low) / 2)
                break
    return results
