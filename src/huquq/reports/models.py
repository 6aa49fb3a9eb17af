"""The daily roll-up: counts per Moscow calendar day, so reports never rescan the base tables.

A past day is counted once from the base tables (a few grouped queries over that day's range
on indexed columns), stored here and reused; today and later days are always counted live.
A change to a past day (a relabel, a close, a merge or split, a first reply) marks the day
changed, and the next report counts it again. See ``reports/rollup.py``.
"""

from django.db import models


class DailyCount(models.Model):
    """How many ``measure`` rows of one day have ``value`` on ``dimension``.

    ``measure`` is what is counted (requests received, cases opened, cases closed),
    ``dimension`` what they are split by (``total`` with value ``""`` is the day's count).
    """

    day = models.DateField()
    measure = models.CharField(max_length=16)
    dimension = models.CharField(max_length=24)
    value = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "measure", "dimension", "value"], name="daily_count_unique"
            )
        ]
        indexes = [models.Index(fields=["measure", "dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.dimension}={self.value}: {self.count}"


class RolledUpDay(models.Model):
    """Freshness of one day's counts.

    ``counted_from`` is when counting began (less a safety margin), ``changed_at`` when the day
    last changed; the stored counts hold only while ``changed_at`` is older than
    ``counted_from``. A change made while the day is being counted thus leaves it stale.
    """

    day = models.DateField(primary_key=True)
    counted_from = models.DateTimeField(null=True)
    changed_at = models.DateTimeField(null=True)
    #: When the counts were stored: a month summed from older counts is summed again.
    stored_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.day}"


class MonthlyCount(models.Model):
    """The sum of a whole past month's ``DailyCount`` rows, so a year is read as twelve
    months' worth of rows rather than 365 days' worth. Dropped whenever a day of the month
    is counted again, and summed again on the next read."""

    month = models.DateField()
    measure = models.CharField(max_length=16)
    dimension = models.CharField(max_length=24)
    value = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "measure", "dimension", "value"], name="monthly_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.dimension}={self.value}: {self.count}"


class SummedMonth(models.Model):
    """A month whose ``MonthlyCount`` rows are there (and may be none: a month with no data),
    summed from its days as they were stored at ``days_stored_at`` (the latest of them)."""

    month = models.DateField(primary_key=True)
    days_stored_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
