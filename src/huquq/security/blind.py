"""Blind indexes: find a person by an exact identifier without storing it in clear.

Each kind of index has its own HMAC key, derived from the blind-index root that is kept with
the KEK (``security/keys.py``), never in the database. While the server is locked no index
can be computed: ``blind_index`` raises ``keys.Locked``.
"""

import hashlib
import hmac
import re

from huquq.security import keys

BLIND_INDEX_BYTES = 16


def normalise_phone(value: str) -> str:
    """Digits only, with Russia's domestic 8 prefix turned into the country code 7."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


def normalise_handle(value: str) -> str:
    return value.strip().lstrip("@").lower()


NORMALISERS = {
    "phone": normalise_phone,
    "telegram_handle": normalise_handle,
    "telegram_id": str.strip,
    "passport": lambda value: re.sub(r"\W", "", value).upper(),
    # Names of casualties: case and spacing vary between sources, and ё is often written е.
    "casualty_name": lambda value: " ".join(value.casefold().replace("ё", "е").split()),
}


def index_key(kind: str) -> bytes:
    """A separate key for each index, derived from the blind-index root."""
    return keys.derived_key(f"blind-index:{kind}")


def blind_index(kind: str, value: str) -> str:
    """The truncated keyed HMAC of the normalised value; '' for an empty value."""
    normalised = NORMALISERS[kind](value or "")
    if not normalised:
        return ""
    digest = hmac.new(index_key(kind), normalised.encode(), hashlib.sha256).digest()
    return digest[:BLIND_INDEX_BYTES].hex()
