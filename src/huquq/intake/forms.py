"""The public help form and the status form. Every message here is in the client's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from huquq.intake.validation import IntakeError, clean_line, require_text
from huquq.security.humanity import ProofOfHumanityField


class HelpForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 10000}),
        help_text=_("Where, when, who. You can write in any language."),
        # Our own wording: Django has no Uzbek Cyrillic catalog of its own.
        error_messages={"required": _("Please describe what happened.")},
    )
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=120)
    contact = forms.CharField(
        label=_("Phone or Telegram (optional)"),
        required=False,
        max_length=64,
        help_text=_("So that a lawyer can reach you."),
    )
    city = forms.CharField(label=_("City (optional)"), required=False, max_length=80)
    consent = forms.BooleanField(
        label=_("I agree that the organisation stores this message to help me."),
        error_messages={"required": _("Please tick the box so that we may keep your message.")},
    )
    # A field people never see: bots that fill in every input give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # Idempotency key and proof of humanity in one: see security/humanity.py.
    form_token = ProofOfHumanityField()

    def _clean_with(self, field: str, cleaner) -> str:
        try:
            return cleaner(self.cleaned_data.get(field, ""))
        except IntakeError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean_text(self) -> str:
        return self._clean_with("text", require_text)

    def clean_name(self) -> str:
        return self._clean_with("name", clean_line)

    def clean_contact(self) -> str:
        return self._clean_with("contact", clean_line)

    def clean_city(self) -> str:
        return self._clean_with("city", clean_line)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def contact_parts(self) -> tuple[str, str]:
        """(phone, telegram handle) from the one contact field."""
        contact = self.cleaned_data.get("contact", "")
        digits = sum(ch.isdigit() for ch in contact)
        if contact.startswith("@") or (contact and digits < 5):
            return "", contact
        return contact, ""


class StatusForm(forms.Form):
    code = forms.RegexField(
        label=_("Case code"),
        regex=r"^\s*[A-HJ-NP-Za-hj-np-z]{4}-?\d{4}\s*$",
        max_length=12,
        error_messages={
            "invalid": _("A case code looks like KXRT-4821."),
            "required": _("Enter your case code."),
        },
    )
    pin = forms.RegexField(
        label=_("PIN"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={
            "invalid": _("The PIN has six digits."),
            "required": _("Enter your PIN."),
        },
    )

    def clean_code(self) -> str:
        raw = self.cleaned_data["code"].strip().upper().replace("-", "")
        return f"{raw[:4]}-{raw[4:]}"

    def clean_pin(self) -> str:
        return self.cleaned_data["pin"].strip()
