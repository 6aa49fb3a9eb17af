"""Compiles long keyword alternations into prefix-factored regexes.

Python's ``re`` tries every alternative of ``a|b|c...`` at every position of the text;
with a hundred stems that dominates the cost of triage. Factoring the alternatives
into a trie (``за(?:держ|брал)``) lets the engine reject most positions after one
character, which makes the rules several times faster. Only the literal beginning
of each alternative goes into the trie; whatever follows it stays as written.
"""

from __future__ import annotations

import re

from huquq.triage.letters import fold

_METACHARACTERS = set(".^$*+?{}[]\\|()")
_NUMBER = r"\d+ "
_SIMPLE_GROUP = re.compile(r"^\(\?:([^()\[\]\\]*)\)")


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``|`` outside groups and classes)."""
    parts, current, depth, in_class, index = [], [], 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            current.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def _literal_prefix(alternative: str) -> tuple[str, str]:
    """(literal start, regex rest); the literal start is safe to put in a trie."""
    for index, char in enumerate(alternative):
        if char in _METACHARACTERS:
            # A quantifier applies to the character before it: leave that one in the rest.
            if char in "*+?{" and index > 0:
                index -= 1
            return alternative[:index], alternative[index:]
    return alternative, ""


def _expand(alternative: str) -> list[str]:
    """``(?:a|b)rest`` becomes ``arest``, ``brest`` so that both can enter the trie."""
    match = _SIMPLE_GROUP.match(alternative)
    if not match:
        return [alternative]
    rest = alternative[match.end() :]
    if rest[:1] in ("*", "+", "?", "{"):
        return [alternative]
    return [choice + rest for choice in match.group(1).split("|")]


def _render(node: dict) -> str:
    branches = []
    for key in sorted(node, key=lambda k: (k == "", k)):
        child = node[key]
        if key == "":
            branches.extend(sorted(child, key=lambda rest: (rest == "", rest)))
        else:
            branches.append(re.escape(key) + _render(child))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def trie_patterns(pattern: str) -> tuple[str, str]:
    """(factored alternatives, the rest): together they match what ``pattern`` matches.

    Alternatives that start with a class (``\\d+ дней``) cannot enter the trie and are
    kept apart in the second, "" when there are none.
    """
    trie: dict = {}
    unfactored: list[str] = []
    after_number: list[str] = []
    for alternative in split_alternatives(pattern):
        for expanded in _expand(alternative):
            literal, rest = _literal_prefix(expanded)
            if not literal:
                after = expanded[len(_NUMBER) : len(_NUMBER) + 1]
                if expanded.startswith(_NUMBER) and after and after not in "*+?{":
                    after_number.append(expanded[len(_NUMBER) :])
                else:
                    unfactored.append(expanded)
                continue
            node = trie
            for char in literal:
                node = node.setdefault(char, {})
            node.setdefault("", set()).add(rest)
    if after_number:
        # "\d+ час", "\d+ soat oldin", ...: one "\d+ " test a position, then a trie.
        factored, rest = trie_patterns("|".join(after_number))
        unfactored.insert(0, _NUMBER + "(?:" + "|".join(filter(None, (factored, rest))) + ")")
    return (_render(trie) if trie else ""), "|".join(unfactored)


class KeywordPattern:
    """``findall`` and ``search`` over a factored pattern and its unfactored remainder.

    Every alternative matches only at the start of a word: the text must have a space
    before each word and its letters folded (see ``rules.normalise``). Starting every
    match with that space lets ``re`` jump from word to word instead of trying every
    character.
    """

    def __init__(self, pattern: str) -> None:
        pattern = fold(pattern)
        alternatives = [alternative.lstrip(" ") for alternative in split_alternatives(pattern)]
        factored, rest = trie_patterns("|".join(alternatives))
        self.pattern = pattern
        self._compiled = [re.compile(f" (?:{part})") for part in (factored, rest) if part]

    def findall(self, text: str) -> list[str]:
        found: list[str] = []
        for compiled in self._compiled:
            found.extend(compiled.findall(text))
        return found

    def finditer(self, text: str) -> list[re.Match[str]]:
        found: list[re.Match[str]] = []
        for compiled in self._compiled:
            found.extend(compiled.finditer(text))
        return found

    def search(self, text: str) -> re.Match[str] | None:
        matches = [m for m in (compiled.search(text) for compiled in self._compiled) if m]
        return min(matches, key=lambda match: match.start(), default=None)
