import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from huquq.incidents import services
from huquq.incidents.models import Act, Incident, Source, Victim
from huquq.incidents.vocab import ActType, PerpetratorKind, PlaceType, SourceKind, Verification
from huquq.security.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_incident_with_acts_perpetrators_and_sources(make_incident, lawyer):
    incident = make_incident(
        actor=lawyer,
        place_type=PlaceType.MARKET,
        description="Облава: около 40 человек задержаны",
        estimated_affected=40,
    )
    detention = services.act_set(
        incident=incident, actor=lawyer, act_type=ActType.DETENTION, anonymous_victims=28
    )
    services.perpetrator_add(act=detention, actor=lawyer, kind=PerpetratorKind.POLICE)
    services.perpetrator_add(
        act=detention, actor=lawyer, kind=PerpetratorKind.VIGILANTE_GROUP, name="Invented group"
    )
    source = services.source_add(
        incident=incident, actor=lawyer, kind=SourceKind.MEDIA, url="https://example.org/a"
    )
    incident.refresh_from_db()
    assert incident.description == "Облава: около 40 человек задержаны"
    assert sorted(p.kind for p in detention.perpetrators.all()) == ["police", "vigilante_group"]
    assert detention.victim_count == 28
    assert incident.verification == Verification.REPORTED
    services.source_set_status(source=source, actor=lawyer, status=Verification.VERIFIED)
    source.refresh_from_db()
    assert (source.status, source.verified_by) == (Verification.VERIFIED, lawyer)
    assert source.verified_at is not None
    assert Incident.objects.get().verification == Verification.VERIFIED


def test_act_set_updates_the_one_act_of_a_type(make_incident):
    incident = make_incident()
    services.act_set(incident=incident, actor=None, act_type=ActType.BEATING, anonymous_victims=2)
    services.act_set(incident=incident, actor=None, act_type=ActType.BEATING, anonymous_victims=5)
    assert list(Act.objects.values_list("act_type", "anonymous_victims")) == [("beating", 5)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_date": datetime.date(2020, 1, 1)}, "end date is before"),
        ({"start_date": datetime.date.today() + datetime.timedelta(days=3)}, "future"),
        ({"place_type": "palace"}, "Unknown value"),
    ],
)
def test_incident_validation(make_incident, fields, message):
    with pytest.raises(ValidationError, match=message):
        make_incident(**fields)
    assert not Incident.objects.exists()


def test_sources_need_what_makes_them_sources(make_incident):
    incident = make_incident()
    with pytest.raises(ValidationError):
        services.source_add(incident=incident, actor=None, kind=SourceKind.MEDIA)
    with pytest.raises(ValidationError):
        services.source_add(incident=incident, actor=None, kind=SourceKind.TESTIMONY)
    with pytest.raises(ValidationError):
        services.source_add(incident=incident, actor=None, kind=SourceKind.ORGANISATION)
    assert not Source.objects.exists()


def test_back_to_reported_forgets_who_verified(make_incident, lawyer):
    source = services.source_add(
        incident=make_incident(),
        actor=lawyer,
        kind=SourceKind.ORGANISATION,
        organisation="Invented partner",
        status=Verification.CORROBORATED,
    )
    assert source.verified_by == lawyer
    services.source_set_status(source=source, actor=lawyer, status=Verification.REPORTED)
    assert (source.verified_by, source.verified_at) == (None, None)


def test_linking_a_case_twice_gives_one_victim_and_one_testimony(raid_cases, lawyer):
    case = raid_cases(texts=["Брата задержали на рынке в Москве"])[0]
    incident = services.incident_create_from_case(
        case=case, actor=lawyer, place_type=PlaceType.MARKET
    )
    services.incident_link_case(incident=incident, case=case, actor=lawyer)
    assert Victim.objects.filter(case=case).count() == 1
    assert incident.sources.filter(kind=SourceKind.TESTIMONY, case=case).count() == 1
    assert incident.city == case.city
    assert incident.start_date == timezone.localdate(case.requests.get().received_at)
    # The client's words are not copied into the incident.
    assert incident.description == ""
    services.incident_unlink_case(incident=incident, case=case, actor=lawyer)
    assert not Victim.objects.exists()
    assert not incident.sources.exists()


def test_ten_calls_become_one_incident_with_ten_victims(raid_cases, lawyer):
    cases = raid_cases()
    incident = services.incident_create_from_case(case=cases[0], actor=lawyer)
    for case in cases[1:]:
        services.incident_link_case(
            incident=incident, case=case, actor=lawyer, act_type=ActType.DETENTION
        )
    assert Incident.objects.count() == 1
    assert Victim.objects.filter(act__incident=incident).values("case").distinct().count() == 10


def test_changes_are_audited_without_personal_data(make_incident, lawyer):
    incident = make_incident(actor=lawyer, description="Совершенно секретное описание")
    services.incident_update(incident=incident, actor=lawyer, title="Название с именем Ивана")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "incidents.incident.created" in actions
    assert "incidents.incident.updated" in actions
    dumped = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert "Ивана" not in dumped
    assert "секретное" not in dumped


def test_update_refuses_unknown_fields(make_incident):
    with pytest.raises(ValidationError):
        services.incident_update(incident=make_incident(), actor=None, created_by=None)
