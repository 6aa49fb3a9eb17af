"""Triage of help requests: language, categories, urgency, city, citizenship.

Pure Python (no Django): ``analyse(text)`` returns a frozen ``Triage``.
"""

from huquq.triage.engine import Triage, analyse

__all__ = ["Triage", "analyse"]
