import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from huquq.triage.cli import label_jsonl, main

SRC = Path(__file__).resolve().parents[2] / "src"
FIELDS = {"id", "language", "script", "categories", "urgency", "city", "citizenship"}


class _Stdout(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def run_jsonl(data: bytes) -> tuple[int, list[dict], int]:
    stdout = _Stdout()
    code = label_jsonl(io.BytesIO(data), stdout)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()], stdout.flushes


def test_jsonl_labels_each_line_in_order():
    lines = [
        {"id": "a", "text": "Мужа сейчас держат в отделе полиции в Москве"},
        {"id": 2, "text": "Spasibo"},
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    code, output, flushes = run_jsonl(data + b"\n\n")
    assert code == 0
    assert [row["id"] for row in output] == ["a", 2]
    assert all(set(row) == FIELDS for row in output)
    assert "detention" in output[0]["categories"]
    assert output[0]["urgency"] == "immediate"
    assert output[0]["city"] == "Москва"
    assert flushes >= 2


def test_jsonl_bad_lines_get_errors_and_exit_1():
    data = b"\n".join(
        [
            b"not json",
            b'{"id": "no-text"}',
            b'{"id": "number", "text": 5}',
            b"[1, 2]",
            b'{"id": "ok", "text": "\xff\xfe broken utf-8 \xd0\xbf\xd1\x80\xd0\xb8"}',
            b'{"id": "last", "text": "hello"}',
        ]
    )
    code, output, _flushes = run_jsonl(data)
    assert code == 1
    assert [row.get("id") for row in output] == [None, "no-text", "number", None, "ok", "last"]
    assert ["error" in row for row in output] == [True, True, True, True, False, False]


def test_jsonl_output_keeps_cyrillic_readable():
    stdout = io.StringIO()
    label_jsonl(io.BytesIO('{"id": 1, "text": "в Питере"}'.encode()), stdout)
    assert "Санкт-Петербург" in stdout.getvalue()


def test_module_runs_as_a_subprocess():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("HUQUQ_TRIAGE_MODEL_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "huquq.triage.cli", "--jsonl"],
        input=b'{"id": "x", "text": "Akamni ushlashdi"}\nbroken\n',
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert result.returncode == 1
    assert rows[0]["id"] == "x"
    assert rows[0]["language"] == "uz"
    assert "error" in rows[1]


def test_eval_prints_every_figure(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "1",
            "text": "Брата сейчас держат в отделе в Казани, он гражданин Таджикистана",
            "language": "ru",
            "script": "Cyrl",
            "categories": ["detention"],
            "urgency": "immediate",
            "city": "Казань",
            "citizenship": "TJ",
        },
        {
            "id": "2",
            "text": "Rahmat katta!",
            "language": "uz",
            "script": "Latn",
            "categories": ["other"],
            "urgency": "normal",
            "city": None,
            "citizenship": None,
        },
    ]
    gold.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))
    assert main(["eval", str(gold)]) == 0
    output = capsys.readouterr().out
    for words in [
        "precision",
        "recall",
        "F1",
        "macro-F1",
        "urgency confusion",
        "recall of immediate",
        "language accuracy",
        "script accuracy",
        "city accuracy",
        "citizenship accuracy",
    ]:
        assert words in output
    assert "city accuracy            1.000" in output


def test_no_arguments_prints_help(capsys):
    assert main([]) == 2
    assert "--jsonl" in capsys.readouterr().out


def test_unknown_command_is_an_argparse_error():
    with pytest.raises(SystemExit):
        main(["frobnicate"])
