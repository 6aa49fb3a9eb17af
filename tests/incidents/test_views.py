import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from huquq.incidents import services
from huquq.incidents.casualties import CasualtyRow, casualty_record
from huquq.incidents.models import Incident, Source, Victim
from huquq.incidents.vocab import ActType, DatePrecision, PlaceType, Verification
from huquq.security.models import AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
SECRET_NAME = "Бахтияр Выдуманов"


@pytest.fixture
def ledger(db):
    casualty_record(
        row=CasualtyRow(
            name=SECRET_NAME,
            citizenship="KG",
            home_region="Ош",
            date=datetime.date(2024, 3, 1),
            date_precision=DatePrecision.MONTH,
            recruitment="migrant_contract",
            source_url="https://example.org/obituary",
            status=Verification.VERIFIED,
        ),
        actor=None,
    )


def test_coordinator_sees_the_ledger_without_names(ledger, coordinator):
    response = client_for(coordinator).get(reverse("incidents:casualties"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "KG" in page
    assert SECRET_NAME not in page
    assert "example.org/obituary" not in page


def test_lawyer_sees_names(ledger, lawyer):
    page = client_for(lawyer).get(reverse("incidents:casualties")).content.decode()
    assert SECRET_NAME in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("list", "timeline", "map", "casualties", "export_json"):
        response = client.get(reverse(f"incidents:{name}"))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_operators_may_not_open_incidents(operator):
    assert client_for(operator).get(reverse("incidents:list")).status_code == 403


def test_list_filters(make_incident, lawyer):
    market = make_incident(city="Москва", place_type=PlaceType.MARKET)
    services.act_set(incident=market, actor=None, act_type=ActType.DETENTION)
    hostel = make_incident(city="Казань", place_type=PlaceType.HOSTEL)
    source = services.source_add(
        incident=hostel, actor=None, kind="media", url="https://example.org/h"
    )
    services.source_set_status(source=source, actor=lawyer, status=Verification.VERIFIED)
    client = client_for(lawyer)

    def listed(**query) -> set[str]:
        page = client.get(reverse("incidents:list"), query).content.decode()
        return set(re.findall(r"/staff/incidents/([0-9a-f-]{36})/", page))

    assert listed() == {str(market.pk), str(hostel.pk)}
    assert listed(city="Москва") == {str(market.pk)}
    assert listed(place_type="hostel") == {str(hostel.pk)}
    assert listed(act_type="detention") == {str(market.pk)}
    assert listed(verification="verified") == {str(hostel.pk)}
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert listed(date_from=future) == set()


def test_create_and_document_an_incident_through_the_pages(lawyer):
    client = client_for(lawyer)
    response = client.post(
        reverse("incidents:new"),
        {
            "start_date": "2025-03-01",
            "date_precision": "day",
            "city": "Екатеринбург",
            "place_type": "construction_site",
            "description": "Invented raid",
            "estimated_affected": "25",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])
    client.post(
        reverse("incidents:act_save", args=[incident.pk]),
        {"act_type": "beating", "anonymous_victims": "4"},
    )
    act = incident.acts.get()
    client.post(
        reverse("incidents:perpetrator_add", args=[incident.pk, act.pk]),
        {"kind": "employer", "name": "", "involvement": "ordered"},
    )
    client.post(
        reverse("incidents:source_add", args=[incident.pk]),
        {"kind": "media", "url": "https://example.org/news", "status": "corroborated"},
    )
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Invented raid" in page
    assert "Beating" in page or "Избиение" in page
    source = Source.objects.get()
    assert (source.status, source.verified_by) == ("corroborated", lawyer)
    assert act.perpetrators.get().involvement == "ordered"


def test_coordinator_sees_counts_not_case_codes(raid_cases, lawyer, coordinator):
    case = raid_cases(texts=["Облава на рынке в Москве"])[0]
    incident = services.incident_create_from_case(case=case, actor=lawyer)
    page = client_for(coordinator).get(reverse("incidents:detail", args=[incident.pk]))
    assert page.status_code == 200
    assert case.code not in page.content.decode()
    lawyer_page = client_for(lawyer).get(reverse("incidents:detail", args=[incident.pk]))
    assert case.code in lawyer_page.content.decode()


def test_map_draws_the_outline_and_a_point_per_city(make_incident, lawyer):
    make_incident(city="Новосибирск")
    make_incident(city="Новосибирск")
    make_incident(city="Нигдеград")
    page = client_for(lawyer).get(reverse("incidents:map")).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    paths = re.findall(r'<path d="M[\d.,L]+Z"/>', svg)
    assert len(paths) >= 5  # mainland, Kaliningrad, islands
    circles = re.findall(r"<circle [^>]*><title>([^<]+)</title>", svg)
    assert circles == ["Новосибирск: 2"]
    assert "Нигдеград" in page[page.index("</svg>") :]  # listed as not on the map
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_map_places_cities_where_they_are(make_incident, lawyer):
    for city in ("Калининград", "Москва", "Владивосток"):
        make_incident(city=city)
    page = client_for(lawyer).get(reverse("incidents:map")).content.decode()
    points = {
        title.split(":")[0]: (float(x), float(y))
        for x, y, title in re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+"><title>([^<]+)</title>', page
        )
    }
    # West to east, and Vladivostok south of Moscow on the drawing.
    assert points["Калининград"][0] < points["Москва"][0] < points["Владивосток"][0]
    assert points["Владивосток"][1] > points["Москва"][1]


def test_timeline_counts_incidents_per_week_by_city(lawyer):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 14)
    for offset, city in [(0, "Москва"), (2, "Москва"), (3, "Казань"), (7, "Москва")]:
        services.incident_create(
            actor=None, start_date=monday + datetime.timedelta(days=offset), city=city
        )
    response = client_for(lawyer).get(reverse("incidents:timeline"))
    timeline = response.context["timeline"]
    assert timeline.cities == ["Москва", "Казань"]
    rows = {week: (counts, total) for week, counts, total in timeline.rows}
    assert rows[monday] == ([2, 1], 3)
    assert rows[monday + datetime.timedelta(days=7)] == ([1, 0], 1)
    assert sum(total for _, total in rows.values()) == 4
    assert response.content.decode().count('<rect class="tl-') == 3


def test_case_page_shows_the_panel_and_links_a_suggested_incident(raid_cases, lawyer):
    first, second = raid_cases(texts=["Облава на рынке в Москве", "Задержали на рынке в Москве"])
    incident = services.incident_create_from_case(
        case=first, actor=lawyer, place_type=PlaceType.MARKET
    )
    client = client_for(lawyer)
    page = client.get(reverse("cases:case", args=[second.code])).content.decode()
    assert 'id="incidents-panel"' in page
    assert str(incident.pk) in page
    fallback = client.get(reverse("incidents:for_case", args=[second.code]))
    assert str(incident.pk) in fallback.content.decode()
    response = client.post(
        reverse("incidents:link_case", args=[second.code]), {"incident": str(incident.pk)}
    )
    assert response.status_code == 302
    assert Victim.objects.filter(case=second, act__incident=incident).exists()
    assert AuditEvent.objects.filter(action="incidents.incident.case_linked").count() == 2


def test_create_incident_from_the_case_page(raid_cases, lawyer):
    case = raid_cases(texts=["Облава в общежитии в Москве"])[0]
    response = client_for(lawyer).post(
        reverse("incidents:create_from_case", args=[case.code]),
        {"place_type": "hostel", "act_type": "detention", "description": ""},
    )
    incident = Incident.objects.get()
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert incident.place_type == "hostel"
    assert incident.acts.get().victims.get().case == case


def test_operator_case_page_has_no_incident_panel(raid_cases, operator):
    case = raid_cases(texts=["Облава на рынке в Москве"])[0]
    page = client_for(operator).get(reverse("cases:case", args=[case.code])).content.decode()
    assert "incidents-panel" not in page


def test_exports_download_without_personal_data(make_incident, lawyer):
    make_incident(description="Секретное описание")
    client = client_for(lawyer)
    as_json = client.get(reverse("incidents:export_json"))
    assert as_json["Content-Type"].startswith("application/json")
    assert "Секретное" not in as_json.content.decode()
    personal = client.get(reverse("incidents:export_json"), {"personal": "1"})
    assert "Секретное" not in personal.content.decode()  # lawyers are not admins
    as_csv = client.get(reverse("incidents:export_csv"))
    assert as_csv.content.decode().startswith("incident_id,")
