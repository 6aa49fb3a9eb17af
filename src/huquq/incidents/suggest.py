"""Suggest the incidents a new request is probably about.

Ten calls about one raid should become one incident with ten victims, so for a case we look
at incidents in the same city around the same days, and score each by how close the dates
are, whether the same kind of place is named, and how alike the wording is (TF-IDF over
character n-grams, which copes with the mix of languages, scripts and misspellings).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from huquq.cases.models import Case, Request
from huquq.incidents.models import Incident
from huquq.incidents.places import guess_place_type

#: Calls come in on the day of a raid and for about two weeks after it.
DAYS_BEFORE = 3
DAYS_AFTER = 14
WEIGHTS = {"city": 0.35, "date": 0.2, "place": 0.2, "wording": 0.25}
THRESHOLD = 0.45
#: Wording counts only from this cosine similarity up; below it is noise of common words.
WORDING_FLOOR = 0.1


@dataclass
class Suggestion:
    incident: Incident
    score: float
    reasons: list[str] = field(default_factory=list)


def _case_date(case: Case) -> datetime.date:
    first = case.requests.order_by("received_at").first()
    return timezone.localdate(first.received_at if first else case.opened_at)


def case_words(case: Case) -> str:
    """Everything the case's requests say, for place guessing and wording similarity."""
    return " ".join(request.text for request in case.requests.all())


def _incident_words(incident: Incident) -> str:
    """The description and what the incident's victims wrote: the wording we compare to."""
    # Whole rows, not values_list: personal fields are opened on the instance only.
    requests = Request.objects.filter(case__incident_victims__act__incident=incident)
    return " ".join([incident.description, *(request.text for request in requests)])


def _wording_similarity(query: str, documents: list[str]) -> list[float]:
    if not query.strip() or not any(doc.strip() for doc in documents):
        return [0.0] * len(documents)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectorizer.fit_transform([query, *documents])
    return [float(value) for value in linear_kernel(matrix[0:1], matrix[1:]).ravel()]


def incidents_suggested_for_case(*, case: Case, limit: int = 5) -> list[Suggestion]:
    """Incidents the case may belong to, best first, excluding those it is linked to."""
    day = _case_date(case)
    candidates = Incident.objects.filter(
        start_date__lte=day + datetime.timedelta(days=DAYS_BEFORE),
        start_date__gte=day - datetime.timedelta(days=DAYS_AFTER + 30),
    ).exclude(acts__victims__case=case)
    if case.city:
        # A known different city rules an incident out; an incident without a city stays.
        candidates = candidates.filter(Q(city__iexact=case.city) | Q(city=""))
    candidates = [
        incident
        for incident in candidates.distinct()
        if incident.start_date - datetime.timedelta(days=DAYS_BEFORE)
        <= day
        <= incident.last_date + datetime.timedelta(days=DAYS_AFTER)
    ]
    if not candidates:
        return []
    case_text = case_words(case)
    case_place = guess_place_type(case_text)
    words = [_incident_words(incident) for incident in candidates]
    wording = _wording_similarity(case_text, words)
    suggestions = [
        _score(
            incident,
            similarity,
            case=case,
            day=day,
            same_place=bool(case_place)
            and case_place == (incident.place_type or guess_place_type(incident_words)),
        )
        for incident, incident_words, similarity in zip(candidates, words, wording, strict=True)
    ]
    suggestions = [s for s in suggestions if s.score >= THRESHOLD]
    suggestions.sort(key=lambda s: (-s.score, s.incident.start_date))
    return suggestions[:limit]


def _score(
    incident: Incident, similarity: float, *, case: Case, day: datetime.date, same_place: bool
) -> Suggestion:
    score, reasons = 0.0, []
    if case.city and incident.city.casefold() == case.city.casefold():
        score += WEIGHTS["city"]
        reasons.append(_("same city"))
    distance = (
        0
        if incident.start_date <= day <= incident.last_date
        else min(abs((day - incident.start_date).days), abs((day - incident.last_date).days))
    )
    score += WEIGHTS["date"] * max(0.0, 1 - distance / DAYS_AFTER)
    reasons.append(_("%(days)d days apart") % {"days": distance})
    if same_place:
        score += WEIGHTS["place"]
        reasons.append(_("same kind of place"))
    if similarity >= WORDING_FLOOR:
        score += WEIGHTS["wording"] * min(1.0, similarity * 2)
        reasons.append(_("similar wording"))
    return Suggestion(incident=incident, score=round(score, 3), reasons=reasons)
