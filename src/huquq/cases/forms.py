from django import forms
from django.utils.translation import gettext_lazy as _

from huquq.cases.selectors import QueueFilters
from huquq.core.vocab import CaseStatus, Category, Language, Outcome, Urgency
from huquq.intake.codes import CASE_CODE_PATTERN
from huquq.intake.validation import IntakeError, clean_text

_ANY = [("", _("any"))]


class QueueFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_ANY + list(Category.choices)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=_ANY + list(Urgency.choices)
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_ANY + list(Language.choices)
    )
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("not closed")), *CaseStatus.choices]
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, *args, assignees=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("anyone")),
            ("me", _("me")),
            ("none", _("nobody")),
            *((str(user.pk), user.get_username()) for user in assignees),
        ]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(**{name: (data.get(name) or "").strip() for name in self.fields})


class TextForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_body(self) -> str:
        try:
            text = clean_text(self.cleaned_data["body"])
        except IntakeError as error:
            raise forms.ValidationError(error.message) from None
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args, assignees=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("nobody"))] + [
            (str(user.pk), user.get_username()) for user in assignees
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in CaseStatus.choices if c[0] != CaseStatus.CLOSED]
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class RelabelForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    citizenship = forms.RegexField(
        label=_("Citizenship"), regex=r"^[A-Za-z]{2}$", required=False, max_length=2
    )

    def clean_citizenship(self) -> str:
        return self.cleaned_data["citizenship"].upper()


class MergeForm(forms.Form):
    target = forms.RegexField(label=_("Merge into case"), regex=CASE_CODE_PATTERN, max_length=9)


class OperatorRequestForm(forms.Form):
    """A phone call typed in by an operator."""

    text = forms.CharField(label=_("What the caller said"), widget=forms.Textarea)
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=120)
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=32)
    subject_name = forms.CharField(
        label=_("Person in danger, if not the caller"), required=False, max_length=120
    )
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    client_language = forms.ChoiceField(label=_("Language for replies"), choices=Language.choices)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
