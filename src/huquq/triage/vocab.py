"""The triage vocabularies, defined once: the Django side imports them from here."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    RU = "ru"
    UZ = "uz"
    TG = "tg"
    KY = "ky"
    EN = "en"


class Script(StrEnum):
    CYRL = "Cyrl"
    LATN = "Latn"


class Category(StrEnum):
    DETENTION = "detention"
    MILITARY_CONTRACT = "military_contract"
    MILITARY_REGISTRATION = "military_registration"
    DOCUMENTS = "documents"
    DEPORTATION = "deportation"
    VIOLENCE = "violence"
    LABOR = "labor"
    OTHER = "other"


class Urgency(StrEnum):
    IMMEDIATE = "immediate"
    HIGH = "high"
    NORMAL = "normal"


LANGUAGES: tuple[str, ...] = tuple(member.value for member in Language)
SCRIPTS: tuple[str, ...] = tuple(member.value for member in Script)
CATEGORIES: tuple[str, ...] = tuple(member.value for member in Category)
#: Categories the classifier decides on; ``other`` is what is left when none applies.
SPECIFIC_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != Category.OTHER)
#: Most urgent first: ``max`` over urgencies uses this order.
URGENCIES: tuple[str, ...] = tuple(member.value for member in Urgency)


def urgency_rank(urgency: str) -> int:
    """0 for the most urgent; used to keep the more urgent of two opinions."""
    return URGENCIES.index(urgency)


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text``: keeps long word lists readable."""
    return tuple(text.split())
