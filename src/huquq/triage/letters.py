"""Letter folding: the Central Asian Cyrillic letters to the Russian ones a phone keyboard has.

People without a Tajik, Uzbek or Kyrgyz keyboard type ``хабс`` for ``ҳабс``, ``кол``
for ``қўл``, ``эртен`` for ``эртең``. The keyword rules and the classifier features both
see folded text (and the rules' patterns are folded the same way), so each word is
recognised however it was typed. Language identification does not fold: for it the
special letters are the best evidence there is.
"""

from __future__ import annotations

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
