"""A stand-in for ``huquq.triage.analyse`` while the triage package is being built."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StubTriage:
    language: str = "ru"
    script: str = "Cyrl"
    categories: tuple[str, ...] = ("other",)
    urgency: str = "normal"
    city: str | None = None
    citizenship: str | None = None
    evidence: dict = field(default_factory=dict)
    phones: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()


def analyse(text: str) -> StubTriage:
    held = any(word in text.lower() for word in ("задерж", "held", "ushlab"))
    return StubTriage(categories=("detention",) if held else ("other",),
                      urgency="immediate" if held else "normal")
