"""Guess the kind of place a message talks about, from word stems in the client languages.

Stems are matched at the start of words, on lower-cased text, so inflected forms match
("рынке", "рынка"). This is a hint for suggestions, never stored as a fact.
"""

import re

from huquq.incidents.vocab import PlaceType

PLACE_STEMS: dict[str, tuple[str, ...]] = {
    PlaceType.MARKET: ("рын", "базар", "бозор", "bozor", "market", "ярмар", "садовод", "фуд"),
    PlaceType.CONSTRUCTION_SITE: (
        "стройк",
        "стройплощ",
        "qurilish",
        "сохтмон",
        "курулуш",
        "construction",
    ),
    PlaceType.HOSTEL: (
        "общежит",
        "общаг",
        "хостел",
        "hostel",
        "yotoqxona",
        "ётоқхона",
        "жатакана",
        "dormitor",
    ),
    PlaceType.METRO: ("метро", "metro", "подземк"),
    PlaceType.MOSQUE: (
        "мечет",
        "masjid",
        "масжид",
        "масчит",
        "мечит",
        "mosque",
        "намаз",
        "жума",
        "juma",
    ),
    PlaceType.TRAIN: ("поезд", "электричк", "вокзал", "poyezd", "поезд", "train", "station"),
    PlaceType.WORKPLACE: (
        "склад",
        "завод",
        "фабрик",
        "цех",
        "ish joy",
        "работе",
        "warehouse",
        "factory",
    ),
    PlaceType.STREET: ("улиц", "ko'cha", "koʻcha", "кӯча", "көчө", "street", "остановк"),
    PlaceType.MIGRATION_CENTRE: (
        "ммц",
        "миграционн",
        "сахарово",
        "мигрант центр",
        "migration centre",
        "migration center",
        "рвп",
    ),
}

_PATTERNS = {
    place: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(stem) for stem in stems) + ")")
    for place, stems in PLACE_STEMS.items()
}


def guess_place_type(text: str) -> str:
    """The place type named most often in ``text``, or '' when none is named."""
    lowered = text.casefold()
    counts = {place: len(pattern.findall(lowered)) for place, pattern in _PATTERNS.items()}
    place, count = max(counts.items(), key=lambda item: item[1])
    return place if count else ""
