import datetime

import pytest
from django.utils import timezone

from huquq.incidents import services
from huquq.incidents.places import guess_place_type
from huquq.incidents.suggest import incidents_suggested_for_case
from huquq.incidents.vocab import PlaceType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Облава на рынке в Москве", PlaceType.MARKET),
        ("Akamni bozorda ushlab ketishdi", PlaceType.MARKET),
        ("Задержали у мечети после намаза", PlaceType.MOSQUE),
        ("В общежитии на Лесной был рейд", PlaceType.HOSTEL),
        ("На стройке всех забрали", PlaceType.CONSTRUCTION_SITE),
        ("Остановили в метро, проверили документы", PlaceType.METRO),
        ("Нужна консультация по патенту", ""),
    ],
)
def test_guess_place_type(text, place):
    assert guess_place_type(text) == place


def test_ten_requests_about_one_raid_are_suggested_one_incident(raid_cases, lawyer):
    cases = raid_cases()
    incident = services.incident_create_from_case(
        case=cases[0], actor=lawyer, place_type=PlaceType.MARKET
    )
    other_city = services.incident_create(
        actor=lawyer, start_date=incident.start_date, city="Казань", place_type=PlaceType.MARKET
    )
    for case in cases[1:]:
        suggestions = incidents_suggested_for_case(case=case)
        assert [s.incident for s in suggestions] == [incident]
        assert other_city not in [s.incident for s in suggestions]
        services.incident_link_case(incident=suggestions[0].incident, case=case, actor=lawyer)
    assert incident.acts.get().victims.count() == 10


def test_a_linked_case_is_not_suggested_its_incident_again(raid_cases, lawyer):
    case = raid_cases(texts=["Облава на рынке в Москве, брата задержали"])[0]
    services.incident_create_from_case(case=case, actor=lawyer)
    assert incidents_suggested_for_case(case=case) == []


def test_far_dates_are_not_suggested(raid_cases, lawyer):
    case = raid_cases(texts=["Облава на рынке в Москве, брата задержали"])[0]
    services.incident_create(
        actor=lawyer,
        start_date=timezone.localdate() - datetime.timedelta(days=120),
        city="Москва",
        place_type=PlaceType.MARKET,
        description="Облава на рынке в Москве",
    )
    assert incidents_suggested_for_case(case=case) == []


def test_wording_and_place_raise_the_score(raid_cases, lawyer):
    case = raid_cases(texts=["Облава на рынке в Москве, брата задержали"])[0]
    day = timezone.localdate() - datetime.timedelta(days=5)
    market = services.incident_create(
        actor=lawyer,
        start_date=day,
        city="Москва",
        place_type=PlaceType.MARKET,
        description="Облава на рынке, задержаны десятки мигрантов",
    )
    metro = services.incident_create(
        actor=lawyer,
        start_date=day,
        city="Москва",
        place_type=PlaceType.METRO,
        description="Проверки документов в метро",
    )
    scores = {s.incident: s.score for s in incidents_suggested_for_case(case=case)}
    assert market in scores
    assert scores[market] > scores.get(metro, 0)
