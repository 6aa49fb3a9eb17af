"""Factories for incident tests: cases through the real intake, incidents through services."""

import datetime
import itertools

import pytest
from django.utils import timezone

from huquq.cases.models import Case
from huquq.incidents import services

RAID_TEXTS = [
    "Брата задержали на рынке в Москве, облава, увезли в отдел",
    "Облава на рынке Садовод в Москве, мужа забрали полицейские",
    "Akamni Moskvada bozorda ushlab ketishdi, reyd bo'ldi",
    "На рынке в Москве всех узбеков задержали и везут в военкомат",
    "Задержали на рынке в Москве, говорят подпишешь контракт",
    "Рейд на рынке в Москве, сына задержали вместе со всеми",
    "В Москве на рынке облава, задержали двоюродного брата",
    "Moskvada bozorda politsiya ushlab oldi, harbiy komissariatga olib ketdi",
    "Мужа задержали утром на рынке в Москве, телефон не отвечает",
    "На рынке в Москве задержали человек сорок, брат среди них",
]


@pytest.fixture
def raid_cases(receive):
    """Ten calls from ten people about one market raid in Moscow, over three days."""

    callers = itertools.count()  # a new phone for every call: one case per caller

    def _make(texts=RAID_TEXTS, *, city="Москва", day=None) -> list[Case]:
        start = day or timezone.now() - datetime.timedelta(days=5)
        codes = []
        for number, text in enumerate(texts):
            receipt = receive(
                text,
                contact_phone=f"+7900555{next(callers):04d}",
                city=city,
                received_at=start + datetime.timedelta(hours=7 * number),
            )
            codes.append(receipt.case_code)
        return [Case.objects.get(code=code) for code in codes]

    return _make


@pytest.fixture
def make_incident(db):
    def _make(**fields):
        fields.setdefault("start_date", timezone.localdate() - datetime.timedelta(days=5))
        fields.setdefault("city", "Москва")
        return services.incident_create(actor=fields.pop("actor", None), **fields)

    return _make
