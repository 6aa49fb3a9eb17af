"""Staff search by an exact identifier, through blind indexes only."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from huquq.cases.models import Case, Person
from huquq.cases.selectors import visible_cases
from huquq.security import audit
from huquq.security.blind import blind_index
from huquq.security.models import User

SEARCHABLE = {
    "phone": _("Phone number"),
    "telegram_handle": _("Telegram handle"),
    "telegram_id": _("Telegram id"),
    "passport": _("Passport number"),
}


class PersonSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Search by"), choices=list(SEARCHABLE.items()))
    value = forms.CharField(label=_("Exact value"), max_length=64)


def cases_of_person(*, viewer: User, kind: str, value: str) -> QuerySet[Case]:
    """Cases the viewer may see whose client, subject or contact has exactly this identifier.

    The search is audited with the kind of identifier only, never the value.
    """
    index = blind_index(kind, value)
    people = Person.objects.filter(**{f"{kind}_index": index}) if index else Person.objects.none()
    cases = (
        visible_cases(viewer)
        .filter(Q(client__in=people) | Q(subject__in=people) | Q(requests__contact__in=people))
        .distinct()
        .order_by("-opened_at")
    )
    audit.record(viewer, "security.person.searched", None, {"kind": kind})
    return cases
