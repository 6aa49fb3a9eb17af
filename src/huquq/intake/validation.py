"""Normalise what arrives from outside, or refuse it with a reason people can act on."""

import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: C0/C1 control characters except tab and newline, the Unicode non-characters, and the
#: replacement character that stands where a client sent bytes that were not UTF-8.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n{3,}")


class IntakeError(ValueError):
    """Input that cannot be stored. ``code`` is stable for the API; ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def clean_text(value: object, *, max_chars: int | None = None, field: str = "text") -> str:
    """NFC-normalised text with control characters removed and newlines unified."""
    if not isinstance(value, str):
        raise IntakeError("invalid", str(_("This field must be text.")))
    limit = max_chars or settings.INTAKE_MAX_TEXT_CHARS
    if len(value) > limit * 4:  # refuse the obviously huge before any work on it
        raise IntakeError("too_long", str(_("The text is too long. Please shorten it.")))
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if len(text) > limit:
        raise IntakeError("too_long", str(_("The text is too long. Please shorten it.")))
    return text


def clean_line(value: object, *, max_chars: int = 120) -> str:
    """A one-line optional field: same rules as text, newlines folded to spaces."""
    if value in (None, ""):
        return ""
    return " ".join(clean_text(value, max_chars=max_chars).split())


def require_text(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise IntakeError("empty", str(_("Please describe what happened.")))
    return text
