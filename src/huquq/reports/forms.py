from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huquq.core.vocab import Category
from huquq.reports.figures import Scope
from huquq.reports.periods import Period, PeriodError, last_months, parse_month

#: The dashboard shows the last twelve months unless asked otherwise.
DEFAULT_MONTHS = 12
MAX_MONTHS = 60


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    widget = MonthInput

    def to_python(self, value) -> Period | None:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except PeriodError:
            raise ValidationError(_("Enter a month as YYYY-MM.")) from None


class DashboardFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("end") or parse_month(f"{timezone.localdate():%Y-%m}")
        start = cleaned.get("start") or last_months(DEFAULT_MONTHS, today=end.first)
        if start.first > end.first:
            raise ValidationError(_("The first month must not come after the last one."))
        if (end.first.year - start.first.year) * 12 + end.first.month - start.first.month >= (
            MAX_MONTHS
        ):
            raise ValidationError(_("Choose at most %(n)s months.") % {"n": MAX_MONTHS})
        cleaned["period"] = Period(start.first, end.after)
        return cleaned

    def scope(self) -> Scope:
        """The scope asked for; the default one when the form is not valid."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return Scope(
                period=data["period"], city=data["city"].strip(), category=data["category"]
            )
        return Scope(period=last_months(DEFAULT_MONTHS))
