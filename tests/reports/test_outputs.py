import io
import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from huquq.reports.monthly import monthly_report
from huquq.reports.pdf import report_pdf
from huquq.reports.periods import parse_month
from tests.conftest import client_for
from tests.reports.factories import make_request, moscow

pytestmark = pytest.mark.django_db


@pytest.fixture
def march():
    for day in range(1, 8):
        make_request(moscow(2026, 3, day, 10), city="Казань", citizenship="TJ")
    make_request(moscow(2026, 3, 9, 10), urgency="immediate", city="Пермь")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_pdf_is_one_page_and_shows_the_totals(march):
    report = monthly_report(month=parse_month("2026-03"), public=False, k=5)
    text = PdfReader(io.BytesIO(report_pdf(report, public=False))).pages[0].extract_text()
    assert "Обращения / Requests: 8" in text
    assert "Новые дела / New cases: 8" in text
    assert "2026-03" in text
    assert "Казань" in text


def test_public_pdf_through_the_command(march, tmp_path):
    target = tmp_path / "report.pdf"
    _run("--month", "2026-03", "--format", "pdf", "--public", "--out", str(target))
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Requests: 8" in text
    assert "<5" in text


def test_json_contract(march):
    report = json.loads(_run("--month", "2026-03"))
    assert list(report) == [
        "month", "requests", "cases_opened", "by_category", "by_urgency", "by_language",
        "by_city", "by_citizenship", "outcomes", "suppressed", "k",
    ]  # fmt: skip
    assert report["requests"] == 8
    assert report["by_city"] == {"unknown": 0, "Казань": 7, "Пермь": 1}


def test_public_json_with_k(march):
    report = json.loads(_run("--month", "2026-03", "--public", "--k", "3"))
    assert report["k"] == 3
    # Пермь alone would be 8 - 7: the complement (Казань) is hidden too.
    assert report["by_city"] == {"unknown": 0, "Казань": "suppressed", "Пермь": "<3"}
    assert report["by_citizenship"] == {"unknown": 0, "TJ": "suppressed", "UZ": "<3"}
    assert report["suppressed"] is True


def test_k_comes_from_the_setting(march, settings):
    settings.HUQUQ_REPORT_K = 9
    assert json.loads(_run("--month", "2026-03", "--public"))["requests"] == "<9"


def test_csv_goes_to_stdout(march):
    assert "total,requests,8" in _run("--month", "2026-03", "--format", "csv").splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "YYYY-MM"),
        (["--month", "March"], "YYYY-MM"),
        (["--month", "2026-03", "--format", "pdf"], "--out"),
        (["--month", "2026-03", "--k", "1"], "--k"),
    ],
)
def test_errors_are_clear(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)


def test_unknown_format_is_refused():
    with pytest.raises(CommandError):
        call_command("report", "--month", "2026-03", "--format", "xml")


def test_dashboard_renders_for_a_coordinator(coordinator, march):
    response = client_for(coordinator).get(
        "/staff/reports/", {"start": "2026-02", "end": "2026-04", "city": "Казань"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<strong id="total-requests">7</strong>' in body
    assert "<svg" in body
    assert "style=" not in body.split("<main>")[1]


def test_dashboard_defaults_to_the_last_twelve_months(lawyer):
    response = client_for(lawyer).get("/staff/reports/")
    assert response.status_code == 200
    assert response.context["figures"].requests == 0


def test_dashboard_refuses_operators_and_strangers(operator, client):
    assert client_for(operator).get("/staff/reports/").status_code == 403
    response = client.get("/staff/reports/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]
