"""Finds the Russian town a message names, and gives its usual nominative name.

Forms come from ``data/cities.json`` (see ``gazetteer_build``). Uzbek, Kyrgyz and
Tajik attach case endings to the name (``Москвада``, ``Сургутта``, ``Ekaterinburgda``,
``Ногинскдаги``); those are stripped here before looking a word up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from huquq.triage.gazetteer_build import CITIES_FILE
from huquq.triage.vocab import words

_TOKEN = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…\n]\s*$")
_ANY_WORD = re.compile(r"\w")
_LINKING_VOWELS = ("и", "ы", "i")
_LONGEST_NAME_IN_WORDS = 3
_MIN_STEM = 3

#: Case and possessive endings of Uzbek, Kyrgyz and Tajik.
_TURKIC_ENDINGS = frozenset(
    words(
        """да де та те до дө то тө дан ден тан тен дон дөн тон төн га ге ка ке го гө ко
        кө ға қа ни нинг даги дагы таги тагы деги теги догу тогу дөгү төгү даман дамын демин
        тамын темин дамиз ро
        гача da de ta te dan den tan ten ga ge ka qa ni ning dagi daman damiz man ro gacha"""
    )
)
_LONGEST_ENDING = max(len(ending) for ending in _TURKIC_ENDINGS)
_APOSTROPHE = re.compile(r"['ʻʼ’‘`]")
_LATIN_LETTER = re.compile(r"[a-z]")
#: "Жуковский шаары", "Дмитров шаҳри", "Королёв city": a word for "town" after the name.
_CITY_WORDS_AFTER = frozenset(words("шаары шаарында шаҳри шахри shahri shahrida город city"))
#: "Moskva viloyatida", "Москва облусу": a region after the name, so no town is named.
_REGION_WORDS = frozenset(
    words(
        """область области обл облусу облусунда облысы вилояти вилоятида viloyati viloyatida
        region oblast край крае"""
    )
)
#: Words after which a town name that is also an everyday word still counts as a town.
_LOCATION_CUES = frozenset(
    words(
        """в во из под около г гор город городе города городе г. дар ба аз шаҳри шахри
        шаҳр in at near from to v iz shahri shahar shahrida"""
    )
)


@dataclass(frozen=True)
class CityMatch:
    city: str
    form: str


@dataclass(frozen=True)
class _Gazetteer:
    forms: dict[str, str]
    ordinary: frozenset[str]
    needs_cue: frozenset[str]
    #: First words of names of two or more words ("нижний", "sankt"), to skip phrase look-ups.
    first_words: frozenset[str]
    #: The first three letters of every form: a word that starts otherwise is no town.
    starts: frozenset[str]


_LATIN_FOLDS = (("kh", "h"), ("x", "h"), ("zh", "j"), ("iy", "y"), ("yy", "y"), ("ye", "e"))


def _fold_latin(key: str) -> str:
    """One spelling for Latin variants people mix: Khimkah/Himkah/Ximkax, Yekaterinburg."""
    if not key.isascii():
        return key
    for variant, folded in _LATIN_FOLDS:
        key = key.replace(variant, folded)
    return key


@cache
def _gazetteer() -> _Gazetteer:
    data = json.loads(CITIES_FILE.read_text(encoding="utf-8"))
    forms: dict[str, str] = {}
    for form, city in data["forms"].items():
        forms.setdefault(_fold_latin(form), city)
    first_words = frozenset(form.split(" ")[0] for form in forms if " " in form)
    return _Gazetteer(
        forms,
        frozenset(_fold_latin(form) for form in data["ordinary"]),
        frozenset(_fold_latin(form) for form in data["cue"]),
        first_words,
        frozenset(form.split(" ")[0][:_MIN_STEM] for form in forms),
    )


def _keys(tokens: list[str]) -> list[str]:
    """Tokens as forms are stored: lower case, ё→е, no apostrophes, Latin folded."""
    joined = "\n".join(tokens).lower().replace("ё", "е")
    if _APOSTROPHE.search(joined):
        joined = _APOSTROPHE.sub("", joined)
    if joined.isascii() or _LATIN_LETTER.search(joined):
        return [_fold_latin(key) for key in joined.split("\n")]
    return joined.split("\n")


def find_city(text: str) -> CityMatch | None:
    """The first Russian town named in ``text``, or None."""
    gazetteer = _gazetteer()
    matches = list(_TOKEN.finditer(text))
    keys = _keys([match.group() for match in matches])
    for index, match in enumerate(matches):
        if keys[index][:_MIN_STEM] not in gazetteer.starts:
            continue
        longest = _LONGEST_NAME_IN_WORDS if keys[index] in gazetteer.first_words else 1
        for length in range(min(longest, len(matches) - index), 0, -1):
            phrase = " ".join(keys[index : index + length])
            city, form, stripped = _lookup(phrase, gazetteer.forms)
            if city is None:
                continue
            previous = keys[index - 1] if index else ""
            following = keys[index + length] if index + length < len(keys) else ""
            if following in _REGION_WORDS:
                continue
            cue = previous in _LOCATION_CUES or following in _CITY_WORDS_AFTER or stripped
            if form in gazetteer.needs_cue and not cue:
                continue
            end = matches[index + length - 1].end()
            if form in gazetteer.ordinary and not (cue or _capitalised_in_place(text, match, end)):
                continue
            return CityMatch(city, text[match.start() : end])
    return None


def _lookup(phrase: str, forms: dict[str, str]) -> tuple[str | None, str, bool]:
    """(town, matched form, whether a case ending was stripped) for one phrase."""
    if phrase in forms:
        return forms[phrase], phrase, False
    for length in range(min(_LONGEST_ENDING, len(phrase) - _MIN_STEM), 0, -1):
        if phrase[-length:] in _TURKIC_ENDINGS:
            stem = phrase[:-length].rstrip("-'")
            if stem in forms:
                return forms[stem], stem, True
            # Kyrgyz and Uzbek put a vowel between a consonant cluster and the ending:
            # Омск-и-де, Томск-и-да.
            if stem[-1:] in _LINKING_VOWELS and stem[:-1] in forms:
                return forms[stem[:-1]], stem[:-1], True
    return None, phrase, False


def _capitalised_in_place(text: str, match: re.Match[str], end: int) -> bool:
    """Capitalised inside a sentence, or as the message's last words ("... Раменское")."""
    if not match.group()[:1].isupper():
        return False
    before = text[: match.start()]
    mid_sentence = bool(before.strip()) and not _SENTENCE_END.search(before)
    return mid_sentence or not _ANY_WORD.search(text, end)
