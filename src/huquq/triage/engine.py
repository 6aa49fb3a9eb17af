"""``analyse``: one message in, its triage labels and the evidence for each out."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field

from huquq.triage.citizenship import find_citizenship
from huquq.triage.extract import extract_dates, extract_phones
from huquq.triage.gazetteer import find_city
from huquq.triage.langid import detect_language
from huquq.triage.model import Prediction, TriageModel, newest_model_file
from huquq.triage.rules import RuleHits, apply_rules, normalise
from huquq.triage.vocab import (
    SPECIFIC_CATEGORIES,
    Category,
    Language,
    Script,
    Urgency,
    urgency_rank,
)

#: Longer messages are cut to this many characters before analysis (100 KB pastes happen).
MAX_CHARS = 20_000
#: A category is kept when the classifier gives it at least this probability.
CATEGORY_THRESHOLD = 0.6
#: Violence comes with most detentions in the examples, so the classifier sees it in every
#: detention; on its own it must be surer (chosen on out-of-fold scores of the examples).
CATEGORY_THRESHOLDS = {Category.VIOLENCE: 0.8}
#: The classifier alone may raise urgency to ``immediate`` / ``high`` only when this sure.
IMMEDIATE_THRESHOLD = 0.3
HIGH_THRESHOLD = 0.8


@dataclass(frozen=True)
class Triage:
    language: str
    script: str
    categories: tuple[str, ...]
    urgency: str
    city: str | None
    citizenship: str | None
    evidence: dict[str, object] = field(default_factory=dict)
    phones: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("categories", "phones", "dates"):
            data[key] = list(data[key])
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, default=str)


class _ModelHolder:
    """Loads the newest model once per process, on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._model: TriageModel | None = None

    def get(self) -> TriageModel | None:
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    path = newest_model_file()
                    self._model = TriageModel.load(path) if path else None
                    self._loaded = True
        return self._model

    def use(self, model: TriageModel | None) -> None:
        """Replaces the model (cross-validation, tests)."""
        with self._lock:
            self._model = model
            self._loaded = True

    def reload(self) -> None:
        with self._lock:
            self._loaded = False


MODEL = _ModelHolder()


def analyse(text: str, model: TriageModel | None = None) -> Triage:
    """Labels one message; never raises on any string, however odd."""
    text = text[:MAX_CHARS] if isinstance(text, str) else ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, e.g. from a broken JSON escape
        text = text.encode("utf-8", "replace").decode("utf-8")
    model = model or MODEL.get()
    evidence: dict[str, object] = {}

    language = detect_language(text)
    evidence["language"] = list(language.evidence)

    normalised = normalise(
        text,
        spell_latin_in_cyrillic=language.script == Script.LATN and language.language != Language.EN,
    )
    rules = apply_rules(text, normalised)
    prediction = model.predict(text) if model else None
    categories = []
    category_evidence: dict[str, list[str]] = {}
    for category in SPECIFIC_CATEGORIES:
        reasons = [f"rule:{word}" for word in rules.categories.get(category, ())]
        if prediction:
            probability = prediction.category_probabilities[category]
            if probability >= CATEGORY_THRESHOLDS.get(category, CATEGORY_THRESHOLD):
                reasons.append(f"model:{probability:.2f}")
        if reasons:
            categories.append(category)
            category_evidence[category] = reasons
    urgency, urgency_evidence = _urgency(rules, prediction)
    if rules.thanks_only and urgency != Urgency.IMMEDIATE:
        # "Thank you, my brother was released": it recounts a detention, asks for nothing.
        categories, category_evidence = [], {Category.OTHER: ["rule:thanks, no request"]}
    if not categories:
        categories = [Category.OTHER.value]
        category_evidence.setdefault(Category.OTHER, ["no category rule or model score"])
    evidence["categories"] = category_evidence
    evidence["urgency"] = urgency_evidence

    city = find_city(text)
    evidence["city"] = city.form if city else None
    citizenship = find_citizenship(text, normalised)
    evidence["citizenship"] = citizenship.words if citizenship else None

    return Triage(
        language=language.language,
        script=language.script,
        categories=tuple(categories),
        urgency=urgency,
        city=city.city if city else None,
        citizenship=citizenship.code if citizenship else None,
        evidence=evidence,
        phones=extract_phones(text),
        dates=extract_dates(text),
    )


def _urgency(rules: RuleHits, prediction: Prediction | None) -> tuple[str, list[str]]:
    """The more urgent of the rules' and the classifier's opinions.

    The classifier alone does not call a message ``immediate`` when it dates its events
    weeks or years back ("last year they held me...") or only says thank you ("thanks,
    he was released"): those words look like an emergency to it, and the rules would
    have caught one that is happening now.
    """
    urgency = rules.urgency or Urgency.NORMAL.value
    reasons = [f"rule:{word}" for word in rules.urgency_words]
    if prediction:
        probabilities = prediction.urgency_probabilities
        model_urgency = Urgency.NORMAL.value
        calm = rules.long_ago or rules.thanks_only
        if probabilities[Urgency.IMMEDIATE] >= IMMEDIATE_THRESHOLD and not calm:
            model_urgency = Urgency.IMMEDIATE.value
        elif probabilities[Urgency.HIGH] + probabilities[Urgency.IMMEDIATE] >= HIGH_THRESHOLD:
            model_urgency = Urgency.HIGH.value
        if urgency_rank(model_urgency) < urgency_rank(urgency):
            urgency = model_urgency
            reasons.append(f"model:{probabilities[model_urgency]:.2f}")
    return str(urgency), reasons
