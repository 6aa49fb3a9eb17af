"""Every vocabulary of the domain, defined once.

Categories and urgency follow ../shared/triage/LABELS.md; the codes are stored in the
database and published in reports, the labels are what people read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from huquq.triage import vocab as triage_vocab

_CATEGORY_LABELS = {
    triage_vocab.Category.DETENTION: _("Detention"),
    triage_vocab.Category.MILITARY_CONTRACT: _("Military contract"),
    triage_vocab.Category.MILITARY_REGISTRATION: _("Military registration, summons"),
    triage_vocab.Category.DOCUMENTS: _("Documents"),
    triage_vocab.Category.DEPORTATION: _("Deportation, entry ban"),
    triage_vocab.Category.VIOLENCE: _("Violence, extortion"),
    triage_vocab.Category.LABOR: _("Labour"),
    triage_vocab.Category.OTHER: _("Other"),
}
_URGENCY_LABELS = {
    triage_vocab.Urgency.IMMEDIATE: _("Immediate"),
    triage_vocab.Urgency.HIGH: _("High"),
    triage_vocab.Urgency.NORMAL: _("Normal"),
}
# The codes come from the triage package (which has no Django); the labels are added here.
Category = models.TextChoices(
    "Category", [(code.name, (code.value, label)) for code, label in _CATEGORY_LABELS.items()]
)
Urgency = models.TextChoices(
    "Urgency", [(code.name, (code.value, label)) for code, label in _URGENCY_LABELS.items()]
)


class Language(models.TextChoices):
    RU = "ru", "Русский"
    UZ = "uz", "Oʻzbekcha"
    TG = "tg", "Тоҷикӣ"
    KY = "ky", "Кыргызча"
    EN = "en", "English"


class Script(models.TextChoices):
    CYRL = "Cyrl", _("Cyrillic")
    LATN = "Latn", _("Latin")


class Channel(models.TextChoices):
    FORM = "form", _("Help form")
    TELEGRAM = "telegram", _("Telegram")
    PHONE = "phone", _("Phone call")
    API = "api", _("API")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RELEASED = "released", _("Released")
    CONTRACT_ANNULLED = "contract_annulled", _("Contract annulled")
    SENT_TO_FRONT = "sent_to_front", _("Sent to the front")
    DEPORTED = "deported", _("Deported")
    DOCUMENTS_RESTORED = "documents_restored", _("Documents restored")
    WAGES_RECOVERED = "wages_recovered", _("Wages recovered")
    ADVICE_GIVEN = "advice_given", _("Advice given")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    LAWYER = "lawyer", _("Lawyer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


#: Languages of client-facing pages (the staff UI is Russian and English only).
CLIENT_LANGUAGES = ("ru", "uz", "uz-cyrl", "tg", "ky", "en")
