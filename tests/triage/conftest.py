"""Triage tests need no Django: they use the shipped model or one trained in a temp folder."""

from __future__ import annotations

import pytest

from huquq.triage.engine import MODEL


@pytest.fixture(autouse=True)
def _shipped_model(monkeypatch):
    """Every test starts from the shipped model, whatever HUQUQ_TRIAGE_MODEL_DIR says."""
    monkeypatch.delenv("HUQUQ_TRIAGE_MODEL_DIR", raising=False)
    MODEL.reload()
    yield
    MODEL.reload()
