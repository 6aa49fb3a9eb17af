import random

import pytest

from huquq.incidents import demo
from huquq.incidents.models import Casualty, Incident, Victim

pytestmark = pytest.mark.django_db


def test_demo_seed_links_cases_and_adds_casualties_once(raid_cases):
    raid_cases(texts=["Облава на рынке в Москве", "Задержали на рынке в Москве"])
    raid_cases(texts=["Рейд в общежитии в Казани"], city="Казань")
    demo.seed(random.Random(7))
    assert Incident.objects.count() == 2
    assert Victim.objects.count() == 3
    assert Casualty.objects.count() == demo.CASUALTIES
    demo.seed(random.Random(7))
    assert Incident.objects.count() == 2
    assert Casualty.objects.count() == demo.CASUALTIES
