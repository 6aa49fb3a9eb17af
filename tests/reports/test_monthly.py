from datetime import UTC, datetime

import pytest

from huquq.core.vocab import Category, Outcome, Urgency
from huquq.reports.monthly import monthly_report, report_csv
from huquq.reports.periods import PeriodError, parse_month
from tests.reports.factories import make_case, make_request, moscow

pytestmark = pytest.mark.django_db


@pytest.fixture
def april():
    """Requests and cases around April 2026, with edges at Moscow midnight."""
    # 23:30 on 31 March in Moscow is 20:30 UTC: March, not April.
    make_request(moscow(2026, 3, 31, 23, 30))
    # 00:10 on 1 April in Moscow is still 31 March in UTC: April.
    make_request(
        moscow(2026, 4, 1, 0, 10),
        categories=("military_contract", "detention"),
        urgency="immediate",
        language="uz",
        channel="telegram",
        city="Казань",
        citizenship="TJ",
    )
    make_request(moscow(2026, 4, 15, 12), categories=("documents",), city="", citizenship="")
    make_request(moscow(2026, 4, 30, 23, 30), urgency="high", language="")  # 20:30 UTC
    make_request(moscow(2026, 5, 1, 0, 0))
    make_case(moscow(2026, 3, 2), closed_at=moscow(2026, 4, 30, 23, 59), outcome="released")
    make_case(moscow(2026, 4, 2), closed_at=moscow(2026, 4, 3), outcome="sent_to_front")
    make_case(moscow(2026, 4, 2), closed_at=moscow(2026, 5, 1, 0, 1), outcome="released")


def test_month_edges_follow_moscow_time():
    april = parse_month("2026-04")
    assert april.start == datetime(2026, 3, 31, 21, 0, tzinfo=UTC)
    assert april.end == datetime(2026, 4, 30, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-4", "2026-13", "2026-00", "April", "", "2026-04-01"])
def test_a_month_that_means_nothing_is_refused(text):
    with pytest.raises(PeriodError):
        parse_month(text)


def test_exact_counts_for_a_hand_built_month(april):
    report = monthly_report(month=parse_month("2026-04"), public=False, k=5)
    assert report["month"] == "2026-04"
    assert report["requests"] == 3
    # Three requests opened cases in April, plus two cases opened by hand on 2 April.
    assert report["cases_opened"] == 5
    assert report["by_category"] == {
        **dict.fromkeys(Category.values, 0),
        "military_contract": 1,
        "documents": 1,
        "detention": 2,
    }
    assert report["by_urgency"] == {"immediate": 1, "high": 1, "normal": 1}
    assert report["by_language"] == {"ru": 1, "uz": 1, "tg": 0, "ky": 0, "en": 0, "unknown": 1}
    assert report["by_city"] == {"unknown": 1, "Казань": 1, "Москва": 1}
    assert report["by_citizenship"] == {"unknown": 1, "TJ": 1, "UZ": 1}
    assert report["outcomes"] == {
        **dict.fromkeys(Outcome.values, 0),
        "released": 1,
        "sent_to_front": 1,
    }
    assert set(report["by_urgency"]) == set(Urgency.values)
    assert report["suppressed"] is False
    assert report["k"] == 5


def test_the_public_report_hides_every_small_count(april):
    report = monthly_report(month=parse_month("2026-04"), public=True, k=5)
    assert report["requests"] == "<5"
    assert report["cases_opened"] == 5  # not small: published
    assert report["suppressed"] is True
    for table in ("by_category", "by_urgency", "by_language", "by_city", "outcomes"):
        assert all(
            value in {0, "<5", "suppressed"} or value >= 5 for value in report[table].values()
        )
        assert not any(isinstance(v, int) and 0 < v < 5 for v in report[table].values())


def test_a_merged_duplicate_is_no_outcome(april):
    from huquq.cases.models import Case

    target = Case.objects.filter(outcome="released").first()
    duplicate = make_case(moscow(2026, 4, 5), closed_at=moscow(2026, 4, 6), outcome="other")
    Case.objects.filter(pk=duplicate.pk).update(merged_into=target)
    report = monthly_report(month=parse_month("2026-04"), public=False, k=5)
    assert report["outcomes"]["other"] == 0


def test_csv_has_a_line_per_figure(april):
    text = report_csv(monthly_report(month=parse_month("2026-04"), public=False, k=5))
    lines = text.splitlines()
    assert lines[0] == "section,key,value"
    assert "total,requests,3" in lines
    assert "by_city,Казань,1" in lines
    assert "total,suppressed,false" in lines
