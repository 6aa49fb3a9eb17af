import json
from pathlib import Path

from huquq import cli
from huquq.cases.models import Case
from huquq.cases.services import request_relabel


def test_triage_train_in_an_installation_uses_staff_corrections(
    receive, lawyer, settings, tmp_path, monkeypatch
):
    case = Case.objects.get(code=receive(text="Работодатель не платит три месяца").case_code)
    request_relabel(request=case.requests.get(), actor=lawyer, categories=["labor"], urgency="high")
    receive(text="Просто вопрос без исправлений", contact_phone="+79005550000")
    seen = {}

    def fake_triage_main(argv):
        corrections = Path(argv[argv.index("--corrections") + 1])
        seen["rows"] = [json.loads(line) for line in corrections.read_text().splitlines()]
        seen["argv"] = argv
        return 0

    monkeypatch.setattr("huquq.triage.cli.main", fake_triage_main)
    assert cli.main(["huquq", "triage", "train", "--out", str(tmp_path / "m")]) == 0
    assert seen["argv"][:3] == ["train", "--out", str(tmp_path / "m")]
    [row] = seen["rows"]
    assert (row["categories"], row["urgency"]) == (["labor"], "high")
    assert row["text"] == "Работодатель не платит три месяца"
    assert list(settings.DATA_DIR.glob("corrections-*")) == []  # the personal data file is gone
