import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from huquq.incidents.casualties import casualty_summary
from huquq.incidents.models import Casualty, CasualtySource
from huquq.security.blind import blind_index

pytestmark = pytest.mark.django_db
HEADER = "name,citizenship,home_region,date,recruitment,source_url,status"


def write(tmp_path: Path, text: str, *, name="ledger.csv", bom=False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def run_import(path: Path, capsys) -> tuple[str, str]:
    call_command("casualties", "import", str(path))
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_import_with_bom_and_semicolons(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER.replace(",", ";")
        + "\nАзамат Демоев;KG;Ош;2024-03;migrant_contract;https://example.org/1;verified\n"
        "Жасур Тестов;uz;Фергана;2024-05-02;prison;https://example.org/2;reported\n",
        bom=True,
    )
    out, err = run_import(path, capsys)
    assert err == ""
    assert "created 2" in out
    azamat = Casualty.objects.get(citizenship="KG")
    assert azamat.name == "Азамат Демоев"
    assert azamat.date_display == "2024-03"
    assert azamat.name_index == blind_index("casualty_name", "азамат  ДЕМОЕВ")
    assert Casualty.objects.get(citizenship="UZ").date_display == "2024-05-02"


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER + "\nGood Name,TJ,,2024-01-01,unknown,https://example.org/ok,reported\n"
        "Bad Country,XX,,2024-01-01,unknown,https://example.org/x,reported\n"
        "\n"
        "Bad Date,KG,,2024-13,unknown,https://example.org/y,reported\n"
        "Bad Path,KG,,2024-01,conscripted,https://example.org/z,reported\n"
        "Bad Status,KG,,,prison,https://example.org/w,confirmed\n"
        ",KG,,2024-02,prison,,verified\n"
        "Another Good,KG,,,prison,,verified\n",
    )
    out, err = run_import(path, capsys)
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "line 3",
        "line 5",
        "line 6",
        "line 7",
        "line 8",
    ]
    assert "citizenship" in lines[0]
    assert "date" in lines[1]
    assert "recruitment" in lines[2]
    assert "status" in lines[3]
    assert "source_url" in lines[4]
    assert Casualty.objects.count() == 2
    assert "rejected 5" in out


def test_reimport_adds_nothing_and_status_only_rises(tmp_path, capsys):
    rows = (
        "Азамат Демоев,KG,Ош,2024-03,migrant_contract,https://example.org/1,reported\n"
        ",TJ,,2024-04-02,unknown,https://example.org/anon,reported\n"
    )
    path = write(tmp_path, HEADER + "\n" + rows)
    run_import(path, capsys)
    run_import(path, capsys)
    assert Casualty.objects.count() == 2
    raised = write(
        tmp_path,
        HEADER + "\n"
        "АЗАМАТ  Демоев,KG,,2024-03,migrant_contract,https://example.org/3,verified\n"
        ",TJ,,2024-04-02,prison,https://example.org/anon,corroborated\n",
        name="raised.csv",
    )
    out, _err = run_import(raised, capsys)
    assert "updated 2" in out
    assert Casualty.objects.count() == 2
    azamat = Casualty.objects.get(citizenship="KG")
    assert azamat.status == "verified"
    assert azamat.home_region == "Ош"  # an empty cell does not erase what we know
    assert set(azamat.sources.values_list("url", flat=True)) == {
        "https://example.org/1",
        "https://example.org/3",
    }
    unnamed = Casualty.objects.get(citizenship="TJ")
    assert (unnamed.status, unnamed.recruitment) == ("corroborated", "prison")
    # A file that knows less does not lower a status.
    lowered = write(
        tmp_path,
        HEADER + "\nАзамат Демоев,KG,,2024-03,migrant_contract,,reported\n",
        name="lowered.csv",
    )
    out, _err = run_import(lowered, capsys)
    assert "unchanged 1" in out
    assert Casualty.objects.get(citizenship="KG").status == "verified"


def test_same_name_other_date_or_country_is_another_person(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER + "\n"
        "Азамат Демоев,KG,,2024-03,unknown,,reported\n"
        "Азамат Демоев,KG,,2024-03-05,unknown,,reported\n"
        "Азамат Демоев,UZ,,2024-03,unknown,,reported\n"
        ",KG,,2024-03,unknown,https://example.org/a,reported\n"
        ",KG,,2024-03,unknown,https://example.org/b,reported\n",
    )
    run_import(path, capsys)
    assert Casualty.objects.count() == 5
    assert CasualtySource.objects.count() == 2


@pytest.mark.parametrize(
    "content",
    [b"a,b,c\n1,2,3\n", b"name,citizenship\n", "name;citizenship;date\n".encode("utf-16")],
)
def test_unreadable_files_exit_2(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("casualties", "import", str(path))
    assert raised.value.returncode == 2


def test_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("casualties", "import", str(tmp_path / "nope.csv"))
    assert raised.value.returncode == 2


def _seed_ledger(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER + "\n"
        "A One,KG,,2024-01,prison,,verified\n"
        "B Two,KG,,2024-02,migrant_contract,,verified\n"
        "C Three,UZ,,2024-03,detention_contract,,corroborated\n"
        "D Four,TJ,,,mobilised_citizen,,reported\n",
    )
    run_import(path, capsys)


def test_summary_counts_verified_unless_asked(tmp_path, capsys):
    _seed_ledger(tmp_path, capsys)
    call_command("casualties", "summary", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "total": 2,
        "by_citizenship": {"KG": 2},
        "by_recruitment": {"migrant_contract": 1, "prison": 1},
    }
    call_command("casualties", "summary", "--json", "--status", "all")
    everything = json.loads(capsys.readouterr().out)
    assert everything["total"] == 4
    assert everything["by_citizenship"] == {"KG": 2, "TJ": 1, "UZ": 1}
    call_command("casualties", "summary", "--json", "--status", "corroborated")
    assert json.loads(capsys.readouterr().out)["by_recruitment"] == {"detention_contract": 1}
    assert casualty_summary(status="reported")["by_citizenship"] == {"TJ": 1}


def _huquq(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HUQUQ_DATA_DIR": str(data_dir), "HUQUQ_ENV": "demo"}
    env.pop("DATABASE_URL", None)  # its own SQLite in its own data dir
    script = Path(sys.executable).with_name("huquq")
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_the_command_contract_end_to_end(tmp_path):
    """Exactly what outside checks run: the console script, exit codes, stderr lines."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = write(
        tmp_path,
        HEADER.replace(",", ";") + "\n"
        "Азамат Демоев;KG;Ош;2024-03;migrant_contract;https://example.org/1;verified\n"
        "Bad;KG;;2024-03;nonsense;;verified\n"
        ";TJ;;2024-04-02;prison;https://example.org/2;verified\n",
        bom=True,
    )
    first = _huquq("casualties", "import", str(path), data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    # (A fresh data dir also logs a key warning on stderr: only row lines are counted.)
    row_lines = [line for line in first.stderr.splitlines() if line.startswith("line ")]
    assert len(row_lines) == 1
    assert row_lines[0].startswith("line 3: recruitment")
    again = _huquq("casualties", "import", str(path), data_dir=data_dir)
    assert again.returncode == 0
    summary = _huquq("casualties", "summary", "--json", data_dir=data_dir)
    assert json.loads(summary.stdout) == {
        "total": 2,
        "by_citizenship": {"KG": 1, "TJ": 1},
        "by_recruitment": {"migrant_contract": 1, "prison": 1},
    }
    missing = _huquq("casualties", "import", str(tmp_path / "nope.csv"), data_dir=data_dir)
    assert missing.returncode == 2
