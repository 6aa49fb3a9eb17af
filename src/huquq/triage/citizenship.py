"""Citizenship from what the message says, never from its language.

A country (name or adjective, in any of the five languages) counts only when a word
about citizenship or passports stands near it in the same sentence ("гражданин
Узбекистана", "O'zbekiston fuqarosiman", "шаҳрванди Тоҷикистон", "Kazakh citizen").
Russian citizenship wins over any other: a new or dual Russian citizen is ``RU``.
Russian citizenship of a wife, children or the writer's own ("я сама гражданка РФ")
does not make the person asking for help Russian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WINDOW = 45  # characters between a country and a citizenship word

_COUNTRY_STEMS: dict[str, str] = {
    "RU": r"росси|рф\b|российск|russia|rossiya|rossiy|rossia|росия|русия|rf\b|русск\w* паспорт",
    "UZ": r"узбек|o'?zbek|uzbek|ўзбек|ӯзбек|өзбек|ozbek",
    "TJ": r"таджик|тоҷик|тожик|тажик|tajik|tojik|tadjik|tadzhik|тоджик",
    "KG": r"кыргыз|киргиз|кирги|қирғиз|kyrgyz|kirgiz|qirg'?iz|qirgiz|kyrgiz",
    "KZ": r"казахстан|казах|қазақ|қозоғ|казакстан|kazakh|qozog'?iston|qazaq|kazak",
    "AM": r"армени|армян|арман|armenia|armenian|armaniston|hayastan",
    "AZ": r"азербайджан|азербайжан|озарбайжон|озарбойҷон|azerbaijan|azerbaycan|ozarbayjon",
    "TM": r"туркмен|turkmen|туркман",
    "MD": r"молдов|молдав|moldov",
    "UA": r"украин|ukrain",
    "BY": r"беларус|белорус|belarus",
    "GE": r"грузи[ия]|georgia|gruziya",
    "AF": r"афган|afghan|afg'?on",
}
_COUNTRY = re.compile("|".join(f"(?P<{code}>{stems})" for code, stems in _COUNTRY_STEMS.items()))
_CITIZENSHIP_WORD = re.compile(
    r"граждан|гражд|подданств|паспорт|citizen|passport|nationality|fuqaro|фуқаро|"
    r"шаҳрванд|шахрванд|жаран|граждaн|grajdan|grazhdan|pasport|паспарт|tabiiy",
)
#: "I got citizenship" with no country named: in these messages that is Russian citizenship.
_GOT_CITIZENSHIP = re.compile(
    r"получил\w* гражданств|гражданств\w* получил|двойное гражданство|двойн\w+ граждан|"
    r"dual citizen|became a citizen|got (?:my )?citizenship|fuqarolig\w* oldi|"
    r"фуқаролиг\w* олди|шаҳрвандӣ гирифт|жарандыгын алгам|жарандык алдым",
)
#: Someone other than the person in trouble: their citizenship does not count.
_OTHER_PERSON = re.compile(
    r"\b(?:дети|детей|ребен\w*|ребён\w*|сама|жена|жены|супруга|занам|зани ман|аялым|хотиним|"
    r"хотиним|xotinim|wife|children|kids|son is|фарзанд\w*|балдар\w*|bolalar\w*|болалар\w*)\b",
)
_SENTENCE_BREAK = re.compile(r"[.!?\n;]")


@dataclass(frozen=True)
class CitizenshipMatch:
    code: str
    words: str


def find_citizenship(text: str) -> CitizenshipMatch | None:
    """The person's citizenship as an ISO alpha-2 code, or None when the text does not say.

    ``words`` is the lower-cased phrase that decided it.
    """
    text = text.lower().replace("ʻ", "'").replace("’", "'").replace("‘", "'")
    found: list[CitizenshipMatch] = []
    for country in _COUNTRY.finditer(text):
        code = country.lastgroup or ""
        phrase = _citizenship_phrase(text, country.start(), country.end())
        if phrase is None:
            continue
        if code == "RU" and _OTHER_PERSON.search(_sentence_before(text, country.start())):
            continue
        found.append(CitizenshipMatch(code, phrase))
    for got in _GOT_CITIZENSHIP.finditer(text):
        sentence = _sentence_around(text, got.start(), got.end())
        if not _COUNTRY.search(sentence) or _COUNTRY_RU_ONLY(sentence):
            found.append(CitizenshipMatch("RU", got.group()))
    russian = [match for match in found if match.code == "RU"]
    if russian:
        return russian[0]
    return found[0] if found else None


def _COUNTRY_RU_ONLY(sentence: str) -> bool:
    codes = {match.lastgroup for match in _COUNTRY.finditer(sentence)}
    return codes == {"RU"}


def _citizenship_phrase(text: str, start: int, end: int) -> str | None:
    """The text from the country to a nearby citizenship word in the same sentence."""
    window_start = max(0, start - _WINDOW)
    window_end = min(len(text), end + _WINDOW)
    best: tuple[int, int] | None = None
    for word in _CITIZENSHIP_WORD.finditer(text, window_start, window_end):
        span = (min(start, word.start()), max(end, word.end()))
        if _SENTENCE_BREAK.search(text, span[0], span[1]):
            continue
        if best is None or span[1] - span[0] < best[1] - best[0]:
            best = span
    return text[best[0] : best[1]] if best else None


def _sentence_before(text: str, position: int) -> str:
    breaks = [match.end() for match in _SENTENCE_BREAK.finditer(text, 0, position)]
    return text[breaks[-1] if breaks else 0 : position]


def _sentence_around(text: str, start: int, end: int) -> str:
    following = _SENTENCE_BREAK.search(text, end)
    return _sentence_before(text, start) + text[start : following.start() if following else None]
