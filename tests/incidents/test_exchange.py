import csv
import io
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from huquq.incidents import services
from huquq.incidents.exchange import (
    CSV_COLUMNS,
    incidents_export,
    incidents_export_csv,
    incidents_import,
    schema,
)
from huquq.incidents.models import Act, Incident, Source, Victim
from huquq.incidents.vocab import ActType, PerpetratorKind, PlaceType, SourceKind, Verification

pytestmark = pytest.mark.django_db
PERSONAL = ("Облава, описанная с именами", "Invented vigilantes", "Invented partner NGO")


@pytest.fixture
def documented(raid_cases, lawyer):
    """Two incidents in a chain, with acts, perpetrators, sources and two client cases."""
    cases = raid_cases(texts=["Облава на рынке в Москве", "На рынке в Москве задержали брата"])
    raid = services.incident_create_from_case(
        case=cases[0], actor=lawyer, place_type=PlaceType.MARKET, description=PERSONAL[0]
    )
    services.incident_link_case(incident=raid, case=cases[1], actor=lawyer)
    detention = services.act_set(
        incident=raid, actor=lawyer, act_type=ActType.DETENTION, anonymous_victims=38
    )
    services.perpetrator_add(act=detention, actor=lawyer, kind=PerpetratorKind.POLICE)
    services.perpetrator_add(
        act=detention, actor=lawyer, kind=PerpetratorKind.VIGILANTE_GROUP, name=PERSONAL[1]
    )
    services.source_add(
        incident=raid,
        actor=lawyer,
        kind=SourceKind.MEDIA,
        url="https://example.org/raid",
        status=Verification.VERIFIED,
    )
    services.source_add(
        incident=raid, actor=lawyer, kind=SourceKind.ORGANISATION, organisation=PERSONAL[2]
    )
    contract = services.incident_create(
        actor=lawyer, start_date=raid.start_date, city="Москва", follows=raid
    )
    services.act_set(
        incident=contract,
        actor=lawyer,
        act_type=ActType.CONTRACT_UNDER_PRESSURE,
        anonymous_victims=3,
    )
    return raid, contract


def test_export_without_personal_data_validates_and_leaks_nothing(documented):
    document = incidents_export(actor=None)
    jsonschema.validate(document, schema())
    dumped = json.dumps(document, ensure_ascii=False)
    for secret in PERSONAL:
        assert secret not in dumped
    for case_code in Victim.objects.values_list("case__code", flat=True):
        assert case_code not in dumped
    raid = next(e for e in document["events"] if e["acts"][0]["type"] == "detention")
    assert raid["acts"][0]["victims"] == {"anonymous_count": 38, "case_count": 2}
    assert raid["location"] == {"country": "RU", "city": "Москва", "place_type": "market"}
    contract = next(e for e in document["events"] if e["id"] != raid["id"])
    assert contract["chain_of_events"] == [{"relation": "follows", "event_id": raid["id"]}]


def test_schema_refuses_personal_fields_in_an_export_without_them(documented):
    document = incidents_export(actor=None)
    document["events"][0]["description"] = "smuggled"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_round_trip_with_personal_data(documented, admin_user):
    before = incidents_export(actor=admin_user, personal=True)
    jsonschema.validate(before, schema())
    assert PERSONAL[0] in json.dumps(before, ensure_ascii=False)
    Incident.objects.all().delete()
    assert incidents_import(document=before, actor=admin_user) == {"created": 2, "skipped": 0}
    after = incidents_export(actor=admin_user, personal=True)
    before.pop("exported_at")
    after.pop("exported_at")
    assert after == before
    assert incidents_import(document=before, actor=admin_user) == {"created": 0, "skipped": 2}
    assert Incident.objects.count() == 2


def test_import_elsewhere_keeps_victim_totals(documented):
    document = incidents_export(actor=None)
    Incident.objects.all().delete()
    Victim.objects.all().delete()
    incidents_import(document=document, actor=None)
    detention = Act.objects.get(act_type=ActType.DETENTION)
    assert detention.victim_count == 40
    assert detention.victims.count() == 0
    assert Source.objects.filter(status=Verification.VERIFIED).count() == 1


def test_import_command_refuses_an_invalid_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "huquq-incidents", "version": 1, "events": "x"}))
    with pytest.raises(CommandError) as raised:
        call_command("incidents", "import", str(path))
    assert raised.value.returncode == 2
    path.write_text("not json")
    with pytest.raises(CommandError):
        call_command("incidents", "import", str(path))


def test_export_and_import_commands(documented, tmp_path, capsys, admin_user, lawyer):
    call_command("incidents", "export", "--format", "json")
    exported = capsys.readouterr().out
    jsonschema.validate(json.loads(exported), schema())
    assert PERSONAL[0] not in exported
    with pytest.raises(CommandError):
        call_command("incidents", "export", "--with-personal-data", "--as-admin", lawyer.username)
    call_command("incidents", "export", "--with-personal-data", "--as-admin", admin_user.username)
    assert PERSONAL[0] in capsys.readouterr().out
    path = tmp_path / "incidents.json"
    path.write_text(exported)
    Incident.objects.all().delete()
    call_command("incidents", "import", str(path))
    assert "created 2" in capsys.readouterr().out
    assert Incident.objects.count() == 2


def test_csv_export_one_row_per_act(documented, capsys):
    call_command("incidents", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == CSV_COLUMNS
    by_act = {row["act_type"]: row for row in rows}
    assert set(by_act) == {"detention", "contract_under_pressure"}
    assert by_act["detention"]["anonymous_victims"] == "38"
    assert by_act["detention"]["case_victims"] == "2"
    assert by_act["detention"]["perpetrators"] == "police:direct|vigilante_group:direct"
    assert by_act["detention"]["verification"] == "verified"
    personal = incidents_export_csv(actor=None, personal=True)
    assert PERSONAL[1] in personal
