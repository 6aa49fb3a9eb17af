import json
import os
import time

import pytest

from huquq.triage import analyse
from huquq.triage.cli import main
from huquq.triage.datasets import load_jsonl, training_examples, validate
from huquq.triage.engine import MODEL
from huquq.triage.model import SHIPPED_MODEL_DIR, TriageModel, newest_model_file, train

SMALL = [
    {"id": "1", "text": "задержали в отделе", "categories": ["detention"], "urgency": "high"},
    {"id": "2", "text": "не платят зарплату", "categories": ["labor"], "urgency": "normal"},
    {"id": "3", "text": "держат сейчас", "categories": ["detention"], "urgency": "immediate"},
    {"id": "4", "text": "спасибо", "categories": ["other"], "urgency": "normal"},
]


def test_a_model_is_shipped_and_loads():
    path = newest_model_file([SHIPPED_MODEL_DIR])
    assert path is not None
    assert path.stat().st_size < 20 * 1024 * 1024
    prediction = TriageModel.load(path).predict("брата задержали")
    assert set(prediction.urgency_probabilities) == {"immediate", "high", "normal"}


def test_train_writes_a_versioned_file_and_the_loader_picks_the_newest(tmp_path, monkeypatch):
    first = train(SMALL, tmp_path)
    shipped_version = int(newest_model_file([SHIPPED_MODEL_DIR]).name.split("-")[1][1:])
    assert first.name.startswith(f"model-v{shipped_version + 1}-")
    assert train(SMALL, tmp_path) == first  # same examples, same weights: nothing new
    second = train([*SMALL, {**SMALL[0], "id": "5", "text": "облава"}], tmp_path)
    assert second != first
    assert second.name.startswith(f"model-v{shipped_version + 2}-")
    monkeypatch.setenv("HUQUQ_TRIAGE_MODEL_DIR", str(tmp_path))
    assert newest_model_file() == second
    MODEL.reload()
    assert MODEL.get().meta["version"] == shipped_version + 2


def test_engine_uses_the_shipped_model_when_the_extra_folder_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv("HUQUQ_TRIAGE_MODEL_DIR", str(tmp_path / "missing"))
    assert newest_model_file().parent == SHIPPED_MODEL_DIR


def test_model_file_holds_no_training_text(tmp_path):
    canary_name = "Зульфияхон"
    canary_phone = "+79161234567"
    examples = [
        *SMALL,
        {
            "id": "canary",
            "text": f"{canary_name} задержали, звоните {canary_phone} или 89161234567",
            "categories": ["detention"],
            "urgency": "immediate",
        },
    ]
    path = train(examples, tmp_path)
    content = path.read_bytes()
    import zipfile

    with zipfile.ZipFile(path) as archive:
        content += b"".join(archive.read(name) for name in archive.namelist())
    for needle in [canary_name, canary_name.lower(), canary_phone, "9161234567", "задержали"]:
        for encoding in ("utf-8", "utf-16-le", "utf-32-le"):
            assert needle.encode(encoding) not in content


def test_cli_train_with_corrections(tmp_path, capsys):
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(
        json.dumps(
            {
                "id": "d012",
                "text": "Спасибо вам большое за консультацию",
                "language": "ru",
                "script": "Cyrl",
                "categories": ["other"],
                "urgency": "normal",
                "city": None,
                "citizenship": None,
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    out = tmp_path / "models"
    assert main(["train", "--out", str(out), "--corrections", str(corrections)]) == 0
    assert "trained on" in capsys.readouterr().out
    assert len(list(out.glob("model-v*-*.npz"))) == 1


def test_corrections_replace_examples_with_the_same_id():
    base = training_examples()
    corrected = training_examples([{**base[0], "urgency": "normal", "categories": ["other"]}])
    assert len(corrected) == len(base)
    assert corrected[0]["categories"] == ["other"]


def test_invalid_correction_is_refused():
    with pytest.raises(ValueError, match="categories"):
        validate({"text": "x", "categories": ["nonsense"], "urgency": "normal"}, "line 1")
    with pytest.raises(ValueError, match="urgency"):
        validate({"text": "x", "categories": ["other"], "urgency": "soon"}, "line 1")


def test_shipped_data_files_are_valid():
    for row in training_examples():
        assert row["text"]
    assert len(load_jsonl(SHIPPED_MODEL_DIR.parent / "data" / "examples.jsonl")) >= 150


def test_analyse_loads_the_model_once():
    MODEL.reload()
    analyse("первый")
    model = MODEL.get()
    started = time.perf_counter()
    analyse("второй")
    assert MODEL.get() is model
    assert time.perf_counter() - started < 1.0
    assert os.environ.get("HUQUQ_TRIAGE_MODEL_DIR") is None
