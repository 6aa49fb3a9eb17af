"""Synthetic incidents and casualty entries for the demo: every name and event is invented.

``seed(rng)`` runs after the demo's cases exist and does nothing when incidents exist already.
"""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from huquq.cases.models import Case
from huquq.incidents import services
from huquq.incidents.casualties import CasualtyRow, casualty_record
from huquq.incidents.models import Incident
from huquq.incidents.vocab import (
    ActType,
    DatePrecision,
    PerpetratorKind,
    PlaceType,
    Recruitment,
    SourceKind,
    Verification,
)

INCIDENTS = 6
CASES_PER_INCIDENT = 5
CASUALTIES = 12
_PLACES = [
    PlaceType.MARKET,
    PlaceType.CONSTRUCTION_SITE,
    PlaceType.HOSTEL,
    PlaceType.METRO,
    PlaceType.MOSQUE,
    PlaceType.WORKPLACE,
]
_GIVEN = ["Азамат", "Бахтияр", "Жасур", "Фаррух", "Нурлан", "Сухроб", "Тимур", "Улугбек"]
_FAMILY = ["Демоев", "Примеров", "Тестов", "Выдуманов"]
_REGIONS = {
    "KG": ["Ош", "Баткен", "Джалал-Абад"],
    "UZ": ["Фергана", "Самарканд", "Андижан"],
    "TJ": ["Хатлон", "Согд", "Душанбе"],
}


def seed(rng: random.Random) -> None:
    if Incident.objects.exists():
        return
    by_city: dict[str, list[Case]] = defaultdict(list)
    for case in Case.objects.exclude(city="").filter(merged_into=None).order_by("opened_at"):
        by_city[case.city].append(case)
    busiest = sorted(by_city, key=lambda city: -len(by_city[city]))[:INCIDENTS]
    for number, city in enumerate(busiest, start=1):
        _incident(rng, number, by_city[city][:CASES_PER_INCIDENT])
    for number in range(1, CASUALTIES + 1):
        _casualty(rng, number)


def _incident(rng: random.Random, number: int, cases: list[Case]) -> None:
    first = cases[0]
    place = rng.choice(_PLACES)
    affected = rng.randrange(10, 60)
    incident = services.incident_create(
        actor=None,
        title=f"Demo raid {number}",
        start_date=timezone.localdate(first.opened_at),
        date_precision=DatePrecision.DAY,
        city=first.city,
        place_type=place,
        description=f"Demo: a raid ({place}); about {affected} men detained, some taken to the "
        "enlistment office. Invented for the demonstration.",
        estimated_affected=affected,
    )
    detention = services.act_set(
        incident=incident,
        actor=None,
        act_type=ActType.DETENTION,
        anonymous_victims=affected - len(cases),
    )
    services.perpetrator_add(act=detention, actor=None, kind=PerpetratorKind.POLICE)
    if rng.random() < 0.5:
        services.perpetrator_add(
            act=detention, actor=None, kind=PerpetratorKind.VIGILANTE_GROUP, name="Demo patrol"
        )
    office = services.act_set(
        incident=incident,
        actor=None,
        act_type=ActType.TAKEN_TO_ENLISTMENT_OFFICE,
        anonymous_victims=rng.randrange(1, 12),
    )
    services.perpetrator_add(act=office, actor=None, kind=PerpetratorKind.ENLISTMENT_OFFICE)
    for case in cases:
        services.incident_link_case(
            incident=incident, case=case, actor=None, act_type=ActType.DETENTION
        )
    services.source_add(
        incident=incident,
        actor=None,
        kind=SourceKind.MEDIA,
        url=f"https://example.org/demo/raid-{number}",
        status=rng.choice(Verification.values),
    )


def _casualty(rng: random.Random, number: int) -> None:
    citizenship = rng.choice(list(_REGIONS))
    day = timezone.localdate() - datetime.timedelta(days=rng.randrange(30, 700))
    by_month = rng.random() < 0.4
    casualty_record(
        row=CasualtyRow(
            name="" if rng.random() < 0.15 else f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
            citizenship=citizenship,
            home_region=rng.choice(_REGIONS[citizenship]),
            date=day.replace(day=1) if by_month else day,
            date_precision=DatePrecision.MONTH if by_month else DatePrecision.DAY,
            recruitment=rng.choice(Recruitment.values),
            source_url=f"https://example.org/demo/casualty-{number}",
            status=rng.choice(Verification.values),
        ),
        actor=None,
    )
