"""Hashed character n-gram features, computed with numpy for speed.

The model never stores text: each n-gram becomes a 20-bit hash bucket, and the
model file keeps only bucket numbers and weights. Digits are folded to ``0``
before hashing, so phone numbers and dates add no features of their own.

An n-gram is 2 to 5 characters from one word padded with spaces (like
scikit-learn's ``char_wb``), so a short word is a feature of its own.

Letters are folded and Latin is spelt in Cyrillic first (``letters``), so ``ҳабс`` and
``хабс``, ``otdelda`` and ``отделда``, ``zaderzhali`` and ``задержали`` share features:
what the model learns in one script carries over to the other.
"""

from __future__ import annotations

import re

import numpy as np

from huquq.triage.letters import fold, latin_to_cyrillic

HASH_BITS = 20
N_BUCKETS = 1 << HASH_BITS
NGRAM_SIZES = (2, 3, 4, 5)
_MASK = np.uint64(N_BUCKETS - 1)
_MULTIPLIER = np.uint64(1_000_003)
_SPACE = 32

_NON_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")


def normalise(text: str) -> str:
    """Lower case, ё→е, folded, Latin spelt in Cyrillic, digits→0, words separated by a space."""
    text = latin_to_cyrillic(fold(text.lower())).replace("'", "")
    text = _DIGIT.sub("0", text)
    return " " + _NON_WORD.sub(" ", text).strip() + " "


def hashed_ngrams(text: str) -> np.ndarray:
    """Bucket numbers (with repeats) of the character n-grams of ``text``."""
    padded = normalise(text)
    if len(padded) <= 2:
        return np.empty(0, dtype=np.int64)
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_space = codes == _SPACE
    length = len(codes)
    found: list[np.ndarray] = []
    rolling = codes.copy()
    inner_space = np.zeros(length, dtype=bool)
    for n in range(2, NGRAM_SIZES[-1] + 1):
        count = length - n + 1
        if count <= 0:
            break
        # rolling[i] hashes codes[i:i+n]; inner_space[i] marks a space strictly inside it.
        rolling = rolling[:count] * _MULTIPLIER + codes[n - 1 : n - 1 + count]
        if n > 2:
            inner_space = inner_space[:count] | is_space[n - 2 : n - 2 + count]
        valid = ~inner_space[:count]
        found.append((rolling[valid] + np.uint64(n)) & _MASK)
    return np.concatenate(found).astype(np.int64)
