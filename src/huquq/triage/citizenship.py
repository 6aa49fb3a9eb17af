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

from huquq.triage.letters import fold
from huquq.triage.regex_trie import KeywordPattern
from huquq.triage.rules import normalise

_WINDOW = 45  # characters between a country and a citizenship word
_NEGATION_BEFORE, _NEGATION_AFTER = 20, 25

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
_COUNTRY_WORDS = KeywordPattern("|".join(_COUNTRY_STEMS.values()))
_COUNTRY_OF_CODE = {
    code: re.compile(fold(f" (?:{stems})")) for code, stems in _COUNTRY_STEMS.items()
}
_CITIZENSHIP_WORDS = KeywordPattern(
    r"граждан|гражд|подданств|паспорт|citizen|passport|nationality|fuqaro|фуқаро|"
    r"шаҳрванд|шахрванд|жаран|grajdan|grazhdan|pasport|паспарт"
)
#: "I got citizenship" with no country named: in these messages that is Russian citizenship.
_GOT_CITIZENSHIP = KeywordPattern(
    r"получил\w* гражданств|гражданств\w* получил|двойное гражданство|двойн\w+ граждан|"
    r"dual citizen|became a citizen|got (?:my )?citizenship|fuqarolig\w* oldi|"
    r"фуқаролиг\w* олди|шаҳрвандӣ гирифт|жарандыгын алгам|жарандык алдым|фуқаролик ол|"
    r"гражданство\w* (?:\w+ )?(?:гирифт|алга|алды)|жарандык алга|ду шаҳрвандӣ|эки жарандык|"
    # After getting it, sworn in, past forms in Uzbek and Kyrgyz, two citizenships, "орус".
    r"получени\w* гражданств|гражданство оформил|присяг|икки фуқаро|эки жарандыг|"
    r"гражданство (?:олдим|олган|олдик)|фуқаролик\w* (?:\w+ ){0,3}(?:олдим|олган|олдик)|"
    r"жарандыг\w* (?:алган|алды)|орус жарандыг|орус паспорт"
)
#: "O'zbekistonlikman", "тожикистонлик ишчилар": a demonym says the country by itself.
_DEMONYM = KeywordPattern(
    r"(?:ўзбекистон|тоҷикистон|тожикистон|қирғизистон|киргизистон|қозоғистон|кыргызстан|"
    r"казакстан|тажикстан)лик(?:ман|миз)?(?!\w)"
)
#: Someone other than the person in trouble: their citizenship does not count.
_OTHER_PERSON = KeywordPattern(
    r"дети |детей |ребен|ребён|сама |жена |жены |супруга |занам |зани ман|аялым|хотиним|"
    r"xotinim|wife|children|kids|son is|фарзанд|балдар|bolalar|болалар|жениться|замуж|невест|"
    r"келинчег|аялы |girlfriend|fianc"
)
#: "не гражданин РФ", "Россия фуқароси эмасман", "паспорти Россия надорам": not Russian.
_NEGATION = KeywordPattern(
    r"не |нет |not |no |don't |эмас|emas|эмес|нест|надор|жок|йўқ|yo'q|ҳеҷ|hech"
)
#: Russia as a place ("в России", "Россияда", "in Russia"), not as a citizenship.
_IN_RUSSIA = re.compile(
    r" (?:в|из|по|in|дар) (?:росси|russia|рф)|(?:росси|rossi)\w*?(?:да|дан|da|dan)(?!\w)"
)
#: "I am from Tajikistan", "мы из Узбекистана": the country said without a citizenship word.
_FROM_COUNTRY = KeywordPattern(
    r"(?:я|мы|он|она|муж|брат|сын) из(?= \w+стан| кирг| армени| азербайдж| казах)|"
    r"(?:i am|i'm|im|we are|we're|he is|he's|she is) from"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class CitizenshipMatch:
    code: str
    words: str


def find_citizenship(text: str, normalised: str | None = None) -> CitizenshipMatch | None:
    """The person's citizenship as an ISO alpha-2 code, or None when the text does not say.

    ``words`` is the lower-cased phrase that decided it; ``normalised`` is
    ``rules.normalise(text)`` when the caller has it already.
    """
    text = normalise(text) if normalised is None else normalised
    citizenship_words = _CITIZENSHIP_WORDS.finditer(text)
    got_citizenship = _GOT_CITIZENSHIP.finditer(text)
    demonyms = _DEMONYM.finditer(text)
    if not (citizenship_words or got_citizenship or demonyms or _FROM_COUNTRY.search(text)):
        return None
    countries = sorted(
        ((match, _code(match.group())) for match in _COUNTRY_WORDS.finditer(text)),
        key=lambda pair: pair[0].start(),
    )
    found: list[CitizenshipMatch] = []
    for country, code in countries:
        phrase = _citizenship_phrase(text, country, citizenship_words)
        if phrase is None or (code == "RU" and _not_their_russia(text, country)):
            continue
        found.append(CitizenshipMatch(code, phrase))
    for got in got_citizenship:
        start, end = _sentence_span(text, got.start(), got.end())
        codes = {code for country, code in countries if start <= country.start() < end}
        if codes <= {"RU"}:
            found.append(CitizenshipMatch("RU", got.group().strip()))
    found += [CitizenshipMatch(_code(match.group()), match.group().strip()) for match in demonyms]
    russian = [match for match in found if match.code == "RU"]
    if russian:
        return russian[0]
    return found[0] if found else _said_to_be_from(text, countries)


def _said_to_be_from(
    text: str, countries: list[tuple[re.Match[str], str]]
) -> CitizenshipMatch | None:
    """ "I am from Uzbekistan" with no citizenship word: the country right after "from"."""
    for opening in _FROM_COUNTRY.finditer(text):
        for country, code in countries:
            if 0 <= country.start() - opening.end() <= 1 and code != "RU":
                return CitizenshipMatch(code, text[opening.start() : country.end()].strip())
    return None


def _code(country_word: str) -> str:
    return next(code for code, stems in _COUNTRY_OF_CODE.items() if stems.match(country_word))


def _citizenship_phrase(
    text: str, country: re.Match[str], citizenship_words: list[re.Match[str]]
) -> str | None:
    """The text from the country to the nearest citizenship word in the same sentence."""
    best: tuple[int, int] | None = None
    for word in citizenship_words:
        if word.start() > country.end() + _WINDOW or word.end() < country.start() - _WINDOW:
            continue
        span = (min(country.start(), word.start()), max(country.end(), word.end()))
        if _SENTENCE_BREAK.search(text, span[0], span[1]):
            continue
        if best is None or span[1] - span[0] < best[1] - best[0]:
            best = span
    return text[best[0] : best[1]].strip() if best else None


def _not_their_russia(text: str, country: re.Match[str]) -> bool:
    """Russia named for someone else (a wife, the children), denied ("не гражданин РФ",
    "эмасман") or as a place ("в России", "Россияда"): not the person's citizenship."""
    sentence_start, sentence_end = _sentence_span(text, country.start(), country.end())
    nearby = text[
        max(sentence_start, country.start() - _NEGATION_BEFORE) : min(
            sentence_end, country.end() + _NEGATION_AFTER
        )
    ]
    return bool(
        _OTHER_PERSON.search(text[sentence_start : country.start()])
        or _NEGATION.search(nearby)
        or _IN_RUSSIA.search(text, max(0, country.start() - 4), country.end() + 12)
    )


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    breaks = [match.end() for match in _SENTENCE_BREAK.finditer(text, 0, start)]
    following = _SENTENCE_BREAK.search(text, end)
    return (breaks[-1] if breaks else 0), (following.start() if following else len(text))
