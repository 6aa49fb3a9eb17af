"""Triage of help requests: language, categories, urgency, city, citizenship.

Pure Python (no Django): ``analyse(text)`` returns a frozen ``Triage``. The engine (numpy,
the gazetteer) loads on first use, so importing ``huquq.triage.vocab`` stays cheap.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huquq.triage.engine import Triage, analyse

__all__ = ["Triage", "analyse"]


def __getattr__(name: str):
    if name in __all__:
        from huquq.triage import engine

        return getattr(engine, name)
    raise AttributeError(name)
