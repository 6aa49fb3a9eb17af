from django import forms
from django.utils.translation import gettext_lazy as _

from huquq.incidents.models import Incident
from huquq.incidents.selectors import IncidentFilters
from huquq.incidents.vocab import (
    ActType,
    DatePrecision,
    Involvement,
    PerpetratorKind,
    PlaceType,
    SourceKind,
    Verification,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


ANY = _("any")


def _blank(choices, label=ANY) -> list:
    return [("", label), *choices]


class IncidentFilterForm(forms.Form):
    city = forms.ChoiceField(label=_("City"), required=False)
    place_type = forms.ChoiceField(
        label=_("Place"), required=False, choices=_blank(PlaceType.choices)
    )
    act_type = forms.ChoiceField(label=_("Act"), required=False, choices=_blank(ActType.choices))
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    verification = forms.ChoiceField(
        label=_("Verification"), required=False, choices=_blank(Verification.choices)
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cities = Incident.objects.exclude(city="").order_by("city").values_list("city", flat=True)
        self.fields["city"].choices = _blank([(city, city) for city in cities.distinct()])

    def filters(self) -> IncidentFilters:
        if not self.is_bound or not self.is_valid():
            return IncidentFilters()
        return IncidentFilters(**self.cleaned_data)


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE_INPUT)
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=DatePrecision.choices)
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    place_type = forms.ChoiceField(
        label=_("Place"), required=False, choices=_blank(PlaceType.choices, "—")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    estimated_affected = forms.IntegerField(
        label=_("Estimated number of people affected"), required=False, min_value=0
    )
    follows = forms.ModelChoiceField(
        label=_("Follows (chain of events)"), required=False, queryset=Incident.objects.none()
    )

    def __init__(self, *args, exclude: Incident | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        others = Incident.objects.order_by("-start_date")
        self.fields["follows"].queryset = others.exclude(pk=exclude.pk) if exclude else others

    @classmethod
    def initial_for(cls, incident: Incident) -> dict:
        return {name: getattr(incident, name) for name in cls.base_fields}


class ActForm(forms.Form):
    act_type = forms.ChoiceField(label=_("Act"), choices=ActType.choices)
    start_date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    anonymous_victims = forms.IntegerField(
        label=_("Victims not known by name"), required=False, min_value=0
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)


class PerpetratorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Perpetrator"), choices=PerpetratorKind.choices)
    name = forms.CharField(label=_("Name or unit"), required=False, max_length=200)
    involvement = forms.ChoiceField(label=_("Involvement"), choices=Involvement.choices)


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Source"),
        choices=[(k, v) for k, v in SourceKind.choices if k != SourceKind.TESTIMONY],
    )
    url = forms.URLField(
        label=_("Article URL"), required=False, max_length=500, assume_scheme="https"
    )
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)


class LinkCaseForm(forms.Form):
    incident = forms.UUIDField(widget=forms.HiddenInput)
    act_type = forms.ChoiceField(
        label=_("Act"), required=False, choices=_blank(ActType.choices, _("from the case"))
    )


class CreateFromCaseForm(forms.Form):
    place_type = forms.ChoiceField(
        label=_("Place"), required=False, choices=_blank(PlaceType.choices, "—")
    )
    act_type = forms.ChoiceField(
        label=_("Act"), required=False, choices=_blank(ActType.choices, _("from the case"))
    )
    description = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea,
        help_text=_("In your words; the client's message stays in the case."),
    )


class CasualtyFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Verification"), required=False, choices=_blank(Verification.choices)
    )
