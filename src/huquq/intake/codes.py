"""Case codes such as ``KXRT-4821`` and short PINs, from a cryptographic source."""

import secrets
import string

#: Letters that cannot be mistaken for digits on a cheap phone screen.
CODE_LETTERS = "".join(ch for ch in string.ascii_uppercase if ch not in "IO")


#: What ``new_case_code`` makes, for inputs that name a case.
CASE_CODE_PATTERN = rf"^[{CODE_LETTERS}]{{4}}-[0-9]{{4}}$"


def new_case_code() -> str:
    letters = "".join(secrets.choice(CODE_LETTERS) for _ in range(4))
    return f"{letters}-{secrets.randbelow(10_000):04d}"


def new_pin() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"
