"""Letter folding: the Central Asian Cyrillic letters to the Russian ones a phone keyboard has.

People without a Tajik, Uzbek or Kyrgyz keyboard type ``хабс`` for ``ҳабс``, ``кол``
for ``қўл``, ``эртен`` for ``эртең``. The keyword rules and the classifier features both
see folded text (and the rules' patterns are folded the same way), so each word is
recognised however it was typed. Language identification does not fold: for it the
special letters are the best evidence there is.
"""

from __future__ import annotations

import re

_FOLDS = {
    "ӣ": "и",
    "ӯ": "у",
    "ҷ": "ч",
    "ҳ": "х",
    "қ": "к",
    "ғ": "г",
    "ў": "у",
    "ң": "н",
    "ө": "о",
    "ү": "у",
    "ә": "а",
    "ұ": "у",
    "і": "и",
    "һ": "х",
}
_TABLE = str.maketrans(_FOLDS)


def fold(text: str) -> str:
    """``text`` with every special Cyrillic letter replaced by its Russian-keyboard twin."""
    return text.translate(_TABLE)


# Uzbek Latin spelling first (sh, ch, o', g', q, x, h), then the usual ways Russian and
# Tajik are typed in Latin letters (zh, kh, ts, shch, ya, yu); ``j`` is ж as in Uzbek.
_DIGRAPHS = {
    "shch": "щ",
    "sch": "щ",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ya": "я",
    "yo'": "йу",
    "yo": "е",
    "yu": "ю",
    "ye": "е",
    "o'": "у",
    "g'": "г",
}
_LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхижклмнопкрстуввхйз", strict=True))
_LATIN = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)) + r"|[a-z]")


def latin_to_cyrillic(text: str) -> str:
    """Latin letters spelt in folded Cyrillic: ``hozir otdelda`` → ``хозир отделда``.

    Uzbek Latin comes out as the Uzbek Cyrillic the rules know (folded), and Russian or
    Tajik typed in Latin letters as Russian or Tajik: one set of keyword rules per
    language then covers both scripts. A word-initial ``e`` is ``э`` (``ertaga``, ``eto``).
    Expects text already lower-cased with one kind of apostrophe (``'``).
    """
    return _LATIN.sub(_cyrillic_of, text)


def _cyrillic_of(match: re.Match[str]) -> str:
    latin = match.group()
    if latin == "e" and (match.start() == 0 or not match.string[match.start() - 1].isalpha()):
        return "э"
    return _DIGRAPHS.get(latin) or _LETTERS[latin]
