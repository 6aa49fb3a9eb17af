"""Phone numbers and dates written in a message.

Phones come out in E.164 (``+79001234567``); Russian numbers may be written with
``8`` or ``7`` first, Uzbek (+998), Tajik (+992) and Kyrgyz (+996) numbers with or
without the plus. Dates come out as ISO 8601: ``2024-03-15``, or ``--03-15`` when the
year is not written.
"""

from __future__ import annotations

import re

_PHONE_CANDIDATE = re.compile(r"[+\d][\d\s().\-]{8,18}\d(?!\d)")
_COUNTRY_PREFIXES = {"998": 12, "992": 12, "996": 12}  # prefix -> digits with prefix
_RUSSIAN_DIGITS = 11

# Patterns start with a digit, not a look-behind, so that ``re`` can skip to digits fast;
# ``_starts_a_number`` then drops matches that begin inside a longer number.
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{2})(?:[./](\d{4}|\d{2}))?(?![\d.]\d)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DIGIT = re.compile(r"\d")
_MONTHS = {
    1: "январ yanvar january jan январь",
    2: "феврал fevral february feb",
    3: "март mart march mar",
    4: "апрел aprel april apr",
    5: "мая май may",
    6: "июн iyun june jun июнь",
    7: "июл iyul july jul",
    8: "август avgust august aug",
    9: "сентябр sentabr sentyabr september sep",
    10: "октябр oktabr oktyabr october oct",
    11: "ноябр noyabr november nov",
    12: "декабр dekabr december dec",
}
_MONTH_OF_STEM = {stem: month for month, stems in _MONTHS.items() for stem in stems.split()}
_WORD_DATE = re.compile(
    r"(\d{1,2})(?:-?(?:го|е|th|st|nd|rd))?\s+("
    + "|".join(sorted(_MONTH_OF_STEM, key=len, reverse=True))
    + r")\w*(?:\s+(\d{4}))?"
)


def extract_phones(text: str) -> tuple[str, ...]:
    """Phone numbers in E.164 form, in order of appearance, without repeats."""
    phones: list[str] = []
    if not _DIGIT.search(text):
        return ()
    for candidate in _PHONE_CANDIDATE.finditer(text):
        start = candidate.start()
        if start and (text[start - 1].isdigit() or text[start - 1] == "+"):
            continue
        phone = normalise_phone(candidate.group())
        if phone and phone not in phones:
            phones.append(phone)
    return tuple(phones)


def normalise_phone(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    for prefix, length in _COUNTRY_PREFIXES.items():
        if digits.startswith(prefix) and len(digits) == length:
            return "+" + digits
    if len(digits) == _RUSSIAN_DIGITS and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == _RUSSIAN_DIGITS - 1 and digits[0] == "9" and not raw.startswith("+"):
        return "+7" + digits
    return None


def extract_dates(text: str) -> tuple[str, ...]:
    """Dates written with digits or a month name, as ISO 8601 strings."""
    if not _DIGIT.search(text):
        return ()
    text = text.lower()
    found: list[tuple[int, str]] = []
    for match in _ISO_DATE.finditer(text):
        if _starts_a_number(text, match):
            found.append((match.start(), _iso(match[1], match[2], match[3])))
    for match in _NUMERIC_DATE.finditer(text):
        if not _starts_a_number(text, match) or _ISO_DATE.search(
            text, max(0, match.start() - 5), match.end() + 5
        ):
            continue
        year = match[3]
        if year and len(year) == 2:
            year = "20" + year
        found.append((match.start(), _iso(year, match[2], match[1])))
    for match in _WORD_DATE.finditer(text):
        if not _starts_a_number(text, match):
            continue
        month = _MONTH_OF_STEM[match[2]]
        found.append((match.start(), _iso(match[3], str(month), match[1])))
    dates = [date for _position, date in sorted(found) if date]
    return tuple(dict.fromkeys(dates))


def _starts_a_number(text: str, match: re.Match[str]) -> bool:
    return match.start() == 0 or not text[match.start() - 1].isdigit()


def _iso(year: str | None, month: str, day: str) -> str:
    """ISO date, or "" when the numbers cannot be a date."""
    month_number, day_number = int(month), int(day)
    if not (1 <= month_number <= 12 and 1 <= day_number <= 31):
        return ""
    if year is None:
        return f"--{month_number:02d}-{day_number:02d}"
    return f"{int(year):04d}-{month_number:02d}-{day_number:02d}"
