import pytest

from huquq.triage.extract import extract_dates, extract_phones, normalise_phone


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("His number is +7 900 000 11 22.", ("+79000001122",)),
        ("мой номер 8-903-123-45-67", ("+79031234567",)),
        ("8 (916) 123-45-67", ("+79161234567",)),
        ("+998 90 123 45 67", ("+998901234567",)),
        ("+992 93 555 44 33", ("+992935554433",)),
        ("996555123456", ("+996555123456",)),
        ("+79001112233 и снова +7 900 111 22 33", ("+79001112233",)),
        ("штраф 5000 рублей, 2023 год", ()),
    ],
)
def test_phones(text, phones):
    assert extract_phones(text) == phones


def test_phone_with_wrong_length_is_no_phone():
    assert normalise_phone("+7 900 123") is None


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("явиться 15.03.2025", ("2025-03-15",)),
        ("до 15 марта", ("--03-15",)),
        ("on 2024-05-01", ("2024-05-01",)),
        ("5 мая 2024", ("2024-05-05",)),
        ("к 10:00 в понедельник", ()),
        ("3.5 часа", ()),
        ("99.99.2020", ()),
    ],
)
def test_dates(text, dates):
    assert extract_dates(text) == dates
