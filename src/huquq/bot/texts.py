"""What the bot says, as data: one JSON file per client language in ``bot/guidance/``.

The texts (know-your-rights guidance per category, the bot's own phrases, and the words a
lock-screen preview must never show) are reviewed by native speakers and changed without a
release: a file of the same name in ``HUQUQ_DATA_DIR/bot_guidance/`` replaces the shipped one.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

from huquq.core.vocab import CLIENT_LANGUAGES

SHIPPED_DIR = Path(__file__).resolve().parent / "guidance"
DEFAULT_LANGUAGE = "ru"


def _override_dir() -> Path:
    return settings.DATA_DIR / "bot_guidance"


@cache
def catalogue(language: str) -> dict:
    """The whole text file of one language (cached for the life of the process)."""
    name = f"{language}.json"
    path = _override_dir() / name
    if not path.is_file():
        path = SHIPPED_DIR / name
    return json.loads(path.read_text(encoding="utf-8"))


def language_or_default(language: str) -> str:
    return language if language in CLIENT_LANGUAGES else DEFAULT_LANGUAGE


def phrase(language: str, key: str, /, **values: object) -> str:
    """One of the bot's phrases in ``language``, with ``{placeholders}`` filled in."""
    return catalogue(language_or_default(language))["messages"][key].format(**values)


def status_label(language: str, status: str) -> str:
    return catalogue(language_or_default(language))["status"][status]


def language_name(language: str) -> str:
    return catalogue(language_or_default(language))["language_name"]


def guidance(language: str, categories: list[str]) -> list[str]:
    """Know-your-rights texts for these categories, in the order given, without repeats."""
    texts = catalogue(language_or_default(language))["guidance"]
    return [texts[category] for category in dict.fromkeys(categories) if category in texts]


@cache
def forbidden_words() -> tuple[str, ...]:
    """Every language's list together: a Russian reply can go to an Uzbek client."""
    words = {
        word.casefold()
        for language in CLIENT_LANGUAGES
        for word in catalogue(language)["forbidden_first_line"]
    }
    return tuple(sorted(words))


def first_line_is_safe(text: str) -> bool:
    """True when the first line (what a lock screen shows) names no lawyer, group or law."""
    first_line = text.strip().split("\n", 1)[0].casefold()
    return not any(word in first_line for word in forbidden_words())


def make_first_line_safe(text: str, *, language: str) -> str:
    """Put a neutral line above a text whose first line would give the person away."""
    if first_line_is_safe(text):
        return text
    return f"{phrase(language, 'reply_header')}\n\n{text}"
