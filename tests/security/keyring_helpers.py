"""Fixtures for tests that lock, unlock or rotate keys: each gets a data dir of its own."""

import pytest

from huquq.security import keys


@pytest.fixture
def isolated_keys(settings, tmp_path, monkeypatch, db):
    """A fresh data dir and key file for this test only; the process forgets keys after it."""
    monkeypatch.delenv("HUQUQ_KEK_FILE", raising=False)
    monkeypatch.delenv("HUQUQ_KEK_PASSPHRASE_FILE", raising=False)
    settings.DATA_DIR = tmp_path
    keys.wipe()
    yield tmp_path
    keys.wipe()
