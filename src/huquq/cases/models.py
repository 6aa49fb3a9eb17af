"""The case desk: a Person asks for help in Requests, which staff work as a Case."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huquq.core.fields import LabelSetField
from huquq.core.vocab import CaseStatus, Channel, Outcome, Script, Urgency
from huquq.security.fields import PersonalField


class Person(models.Model):
    """A client, or the person in danger when a relative writes for them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = PersonalField(_("name"))
    phone = PersonalField(_("phone"))
    telegram_handle = PersonalField(_("Telegram handle"))
    telegram_id = PersonalField(_("Telegram id"))
    passport = PersonalField(_("passport number"))
    phone_index = models.CharField(max_length=32, blank=True, db_index=True)
    telegram_handle_index = models.CharField(max_length=32, blank=True, db_index=True)
    telegram_id_index = models.CharField(max_length=32, blank=True, db_index=True)
    passport_index = models.CharField(max_length=32, blank=True, db_index=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Person {str(self.id)[:8]}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=CaseStatus.CLOSED)

    def by_priority(self):
        """Most urgent first, then the oldest: the order of the staff queue."""
        rank = models.Case(
            models.When(urgency=Urgency.IMMEDIATE, then=0),
            models.When(urgency=Urgency.HIGH, then=1),
            default=2,
        )
        return self.annotate(urgency_rank=rank).order_by("urgency_rank", "opened_at")


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("case code"), max_length=9, unique=True)
    pin = PersonalField(_("PIN"))
    client = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    subject = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_about",
        help_text=_("The person in danger, when someone else writes for them."),
    )
    categories = LabelSetField(_("categories"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    client_language = models.CharField(max_length=8, default="ru")
    language = models.CharField(_("language"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "urgency", "opened_at"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class Request(models.Model):
    """One incoming message, with its triage labels in their own columns."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    contact = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requests")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # NULL, not "", when a channel gives no id: only real ids are unique per channel.
    external_id = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    text = PersonalField(_("text"))
    triage_evidence = PersonalField()
    language = models.CharField(_("language"), max_length=2, blank=True)
    script = models.CharField(max_length=4, choices=Script.choices, blank=True)
    categories = LabelSetField(_("categories"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    opened_case = models.BooleanField(default=False)

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="request_unique_external_id",
            )
        ]
        indexes = [models.Index(fields=["received_at", "urgency"])]

    def __str__(self) -> str:
        return f"Request {str(self.id)[:8]}"

    @property
    def evidence(self) -> list[tuple[str, str]]:
        """What decided each triage label (words, rules, model features), for staff to check."""
        try:
            evidence = json.loads(self.triage_evidence or "{}").get("evidence", {})
        except (ValueError, AttributeError):
            return []
        return [(label, _evidence_text(why)) for label, why in evidence.items() if why]


def _evidence_text(why: object) -> str:
    if isinstance(why, dict):
        return "; ".join(f"{key}: {_evidence_text(value)}" for key, value in why.items())
    if isinstance(why, list | tuple):
        return ", ".join(str(item) for item in why)
    return str(why)


class CaseEvent(models.Model):
    """The case history: notes, replies to the client, status changes, assignments."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request received")
        NOTE = "note", _("Internal note")
        REPLY = "reply", _("Reply to client")
        STATUS = "status", _("Status changed")
        ASSIGN = "assign", _("Assigned")
        LABELS = "labels", _("Labels corrected")
        MERGE = "merge", _("Merged")
        SPLIT = "split", _("Split")

    class Delivery(models.TextChoices):
        NONE = "", "—"
        PENDING = "pending", _("Waiting to be delivered")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Delivery failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    body = PersonalField(_("text"))
    data = models.JSONField(default=dict, blank=True)
    to_client = models.BooleanField(default=False)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class LabelCorrection(models.Model):
    """A label a member of staff set by hand: kept for the next training run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=16)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.field} correction"


class Attachment(models.Model):
    """A file a client sent (photo or scan of a document, a PDF, a voice message).

    The original is kept only sealed, as evidence; what staff view is a re-encoded copy
    without metadata. Both live under ``HUQUQ_DATA_DIR/uploads``, named by id.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")
        VOICE = "voice", _("Voice message")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=40)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    needs_review = models.BooleanField(
        default=False, help_text=_("A voice message nobody has listened to yet.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {str(self.id)[:8]}"
