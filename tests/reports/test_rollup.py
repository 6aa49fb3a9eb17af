"""The daily roll-up gives the same figures as counting the base tables, and stays in step."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huquq.cases import services
from huquq.cases.models import Request
from huquq.reports import replytimes, rollup
from huquq.reports.figures import Scope
from huquq.reports.live import LiveFigures
from huquq.reports.models import DailyCount, MonthlyCount, RolledUpDay, SummedMonth
from huquq.reports.monthly import monthly_report
from huquq.reports.periods import Period, months, parse_month, weeks
from huquq.reports.rolled import RolledFigures, figures_for, rolled_backlog
from tests.conftest import client_for
from tests.reports.factories import make_case, make_request, moscow

pytestmark = pytest.mark.django_db

SPRING = Period(date(2026, 3, 1), date(2026, 6, 1))


@pytest.fixture
def spring():
    """Requests and cases over three months, some on the edges of Moscow days."""
    make_request(moscow(2026, 3, 31, 23, 59), categories=("military_contract", "detention"))
    make_request(moscow(2026, 4, 1, 0, 0), urgency="immediate", language="uz", city=" Пермь ")
    make_request(moscow(2026, 4, 15, 12), categories=("documents",), city="", citizenship="tj")
    make_request(moscow(2026, 5, 20, 8), channel="telegram", language="", citizenship="")
    make_case(
        moscow(2026, 3, 2),
        categories=("military_contract",),
        closed_at=moscow(2026, 4, 30, 23, 59),
        outcome="sent_to_front",
        first_reply_at=moscow(2026, 3, 2, 0, 20),
    )
    make_case(
        moscow(2026, 4, 2),
        closed_at=moscow(2026, 4, 3),
        outcome="released",
        first_reply_at=moscow(2026, 4, 3, 13),
    )
    make_case(moscow(2026, 4, 2, 9), first_reply_at=moscow(2026, 4, 2, 9, 50))


def _same(rolled, live, periods):
    assert rolled.breakdown() == live.breakdown()
    assert rolled.cases_opened() == live.cases_opened()
    assert rolled.outcomes() == live.outcomes()
    assert rolled.requests_per(periods) == live.requests_per(periods)
    assert rolled.opened_per(periods) == live.opened_per(periods)


def test_rolled_up_figures_equal_live_counts(spring):
    scope = Scope(period=SPRING)
    _same(RolledFigures(scope), LiveFigures(scope), months(SPRING) + weeks(SPRING))
    assert RolledUpDay.objects.count() == (SPRING.after - SPRING.first).days
    assert DailyCount.objects.filter(measure="requests", dimension="total").count() == 4
    assert SummedMonth.objects.count() == 3  # whole past months are read from their sums
    assert (
        MonthlyCount.objects.get(
            month=date(2026, 4, 1), dimension="total", measure="requests"
        ).count
        == 2
    )


def test_a_stored_month_is_read_without_touching_the_base_tables(spring):
    april = parse_month("2026-04")
    first = monthly_report(month=april, public=False, k=5)
    with CaptureQueriesContext(connection) as queries:
        again = monthly_report(month=april, public=False, k=5)
    assert again == first
    assert not [q for q in queries if "cases_" in q["sql"]]


def test_today_is_counted_live_and_never_stored(spring):
    today = timezone.localdate()
    month = Period(today.replace(day=1), today + timedelta(days=1))
    before = figures_for(Scope(period=month)).breakdown().total
    make_request(timezone.now())
    assert figures_for(Scope(period=month)).breakdown().total == before + 1
    assert not RolledUpDay.objects.filter(day__gte=today).exists()


def test_a_relabel_after_the_roll_up_shows_in_the_next_report(spring, lawyer):
    april = parse_month("2026-04")
    assert monthly_report(month=april, public=False, k=5)["by_category"]["documents"] == 1
    request = Request.objects.get(received_at=moscow(2026, 4, 15, 12))
    services.request_relabel(request=request, actor=lawyer, categories=["labor"], urgency="high")
    report = monthly_report(month=april, public=False, k=5)
    assert report["by_category"]["documents"] == 0
    assert report["by_category"]["labor"] == 1
    assert report["by_urgency"]["high"] == 1
    _same(RolledFigures(Scope(period=april)), LiveFigures(Scope(period=april)), weeks(april))


def test_closing_and_reopening_an_old_case_changes_the_stored_days(spring, lawyer):
    april = parse_month("2026-04")
    assert monthly_report(month=april, public=False, k=5)["outcomes"]["released"] == 1
    now = timezone.now()
    backlog = rolled_backlog(now=now)
    closed = Request.objects.get(received_at=moscow(2026, 4, 1)).case
    reopened = closed.__class__.objects.get(outcome="released")
    services.case_close(case=closed, actor=lawyer, outcome="advice_given")
    services.case_set_status(case=reopened, actor=lawyer, status="open")
    assert monthly_report(month=april, public=False, k=5)["outcomes"]["released"] == 0
    after = rolled_backlog(now=now)
    assert sum(after) == sum(backlog)  # one case closed, one reopened
    assert after == LiveFigures(Scope(period=april)).backlog(now=now)


def test_a_first_reply_to_an_old_case_moves_the_reply_times(spring, lawyer):
    scope = Scope(period=SPRING)
    before = RolledFigures(scope).reply_quantiles((1.0,))
    waiting = Request.objects.get(received_at=moscow(2026, 5, 20, 8)).case
    services.case_reply(case=waiting, actor=lawyer, body="We are on it.")
    after = RolledFigures(scope).reply_quantiles((1.0,))
    assert after[0] > before[0]
    assert after[0] > 180 * 86400  # months late


def test_a_day_changed_while_being_counted_is_counted_again(spring):
    day = date(2026, 4, 15)
    rollup.store_days(Period(day, day + timedelta(days=1)))
    Request.objects.filter(received_at=moscow(2026, 4, 15, 12)).update(urgency="high")
    # Marked a few seconds after counting began: within the safety margin, still stale.
    rollup.mark_changed([day])
    rollup.fresh_days(Period(day, day + timedelta(days=1)))
    stored = DailyCount.objects.get(day=day, dimension="urgency")
    assert (stored.value, stored.count) == ("high", 1)


def test_backlog_from_the_roll_up_is_exact(lawyer):
    now = timezone.now()
    for age in (0.5, 1, 3, 6.9, 7, 7.1, 29.5, 30.2, 89.9, 90, 91, 400):
        make_case(now - timedelta(days=age))
    make_case(now - timedelta(days=10), closed_at=now - timedelta(days=1), outcome="other")
    expected = LiveFigures(Scope(period=SPRING)).backlog(now=now)
    assert sum(expected) == 12
    assert rolled_backlog(now=now) == expected
    assert rolled_backlog(now=now) == expected  # and again, from stored days


def test_refresh_all_stores_every_past_day(spring):
    stored = rollup.refresh_all()
    assert stored == (timezone.localdate() - date(2026, 3, 2)).days
    assert DailyCount.objects.filter(measure="cases_closed", dimension="outcome").count() == 2


def test_days_with_a_clock_change_are_counted_on_the_right_day(settings):
    settings.TIME_ZONE = "Europe/Berlin"  # clocks go forward on 29 March 2026
    at = [(2026, 3, 28, 23, 30), (2026, 3, 29, 0, 30), (2026, 3, 29, 23, 30), (2026, 3, 30, 0, 5)]
    for parts in at:
        make_request(timezone.make_aware(timezone.datetime(*parts)))
    march = parse_month("2026-03")
    rolled = RolledFigures(Scope(period=march))
    assert rolled.per_day["requests"] == {
        date(2026, 3, 28): 1,
        date(2026, 3, 29): 2,
        date(2026, 3, 30): 1,
    }
    _same(rolled, LiveFigures(Scope(period=march)), weeks(march))


def test_a_filtered_scope_is_counted_live(spring):
    assert isinstance(figures_for(Scope(period=SPRING, city="Казань")), LiveFigures)
    assert isinstance(figures_for(Scope(period=SPRING, category="labor")), LiveFigures)


@pytest.mark.parametrize(
    ("delays", "fraction", "expected"),
    [
        ([0], 0.5, 450),
        ([100, 1000, 2000], 0.5, 900 + 450),
        ([60] * 9 + [3 * 86400 + 10], 0.9, 450),
        ([60] * 9 + [3 * 86400 + 10], 1.0, 3 * 86400 + 1800),
        ([40 * 86400], 0.5, 40 * 86400 + 43200),
    ],
)
def test_reply_quantiles_are_bucket_middles(delays, fraction, expected):
    histogram = {}
    for delay in delays:
        width = replytimes.bucket_width(delay)
        low = delay // width * width
        histogram[low] = histogram.get(low, 0) + 1
    assert replytimes.quantiles(histogram, (fraction,)) == [expected]
    assert replytimes.quantiles({}, (fraction,)) == [None]


def test_reply_quantiles_from_the_roll_up_are_within_half_a_bucket_of_exact(spring):
    scope = Scope(period=SPRING)
    rolled = RolledFigures(scope).reply_quantiles((0.5, 0.9))
    exact = LiveFigures(scope).reply_quantiles((0.5, 0.9))
    for approximate, value in zip(rolled, exact, strict=True):
        assert abs(approximate - value) <= replytimes.bucket_width(int(value)) / 2


def test_raising_an_old_request_urgency_shows_in_the_next_report(spring):
    april = parse_month("2026-04")
    assert monthly_report(month=april, public=False, k=5)["by_urgency"]["immediate"] == 1
    request = Request.objects.get(received_at=moscow(2026, 4, 15, 12))
    services.request_raise_urgency(request=request, urgency="immediate")
    assert monthly_report(month=april, public=False, k=5)["by_urgency"]["immediate"] == 2


def test_the_dashboard_marks_approximate_reply_times(coordinator, spring):
    whole = client_for(coordinator).get("/staff/reports/?start=2026-03&end=2026-05")
    assert 'id="reply-approximate"' in whole.content.decode()
    city = client_for(coordinator).get("/staff/reports/?start=2026-03&end=2026-05&city=Пермь")
    assert 'id="reply-approximate"' not in city.content.decode()
    assert "≈" not in city.content.decode()


def test_a_month_summed_before_one_of_its_days_was_stored_is_summed_again(spring):
    april = date(2026, 4, 1)
    RolledFigures(Scope(period=parse_month("2026-04")))
    total = MonthlyCount.objects.filter(month=april, measure="requests", dimension="total")
    total.update(count=99)
    rollup.fresh_months([april])
    assert total.get().count == 99  # nothing stored since it was summed: kept
    # Another process stored a day of April again while April was being summed here.
    RolledUpDay.objects.filter(day=date(2026, 4, 15)).update(stored_at=timezone.now())
    rollup.fresh_months([april])
    assert total.get().count == 2


def test_the_rollup_command_recounts_rows_changed_behind_the_services(spring):
    april = parse_month("2026-04")
    assert monthly_report(month=april, public=False, k=5)["requests"] == 2
    Request.objects.filter(received_at=moscow(2026, 4, 15, 12)).delete()  # not via a service
    assert monthly_report(month=april, public=False, k=5)["requests"] == 2  # stale, as designed
    out = io.StringIO()
    call_command("rollup", stdout=out)
    days = (timezone.localdate() - date(2026, 3, 2)).days
    assert out.getvalue().strip() == f"{days} days counted."
    assert monthly_report(month=april, public=False, k=5)["requests"] == 1
