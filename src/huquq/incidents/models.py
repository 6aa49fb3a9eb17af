"""Incidents after the HURIDOCS Events Standard Formats, and the casualty ledger.

HURIDOCS terms, and what they are here:
- Event: an ``Incident`` (what happened, where, when), with "chain of events" links through
  ``follows`` (a detention that led to a contract at the enlistment office, days later).
- Act: an ``Act`` of a type within the incident; its victims are ``Victim`` rows (a client's
  case, or an anonymous count), its perpetrators ``Perpetrator`` rows with their degree of
  "involvement".
- Information: a ``Source`` (a client's testimony through their case, a media article, another
  organisation) with its verification status and who verified it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huquq.incidents.vocab import (
    ActType,
    CasualtyFate,
    DatePrecision,
    Involvement,
    PerpetratorKind,
    PlaceType,
    Recruitment,
    SourceKind,
    Verification,
)
from huquq.security.fields import PersonalField


class Incident(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = PersonalField(_("title"))
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    city = models.CharField(_("city"), max_length=80, blank=True, db_index=True)
    place_type = models.CharField(
        _("place type"), max_length=20, choices=PlaceType.choices, blank=True
    )
    description = PersonalField(_("description"))
    estimated_affected = models.PositiveIntegerField(
        _("estimated number of people affected"), null=True, blank=True
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
        verbose_name=_("follows (chain of events)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_date", "-created_at"]

    def __str__(self) -> str:
        return f"Incident {str(self.id)[:8]} {self.start_date:%Y-%m-%d}"

    @property
    def last_date(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def verification(self) -> str:
        """The strongest status among the sources ('' with none): what filters look at."""
        statuses = [source.status for source in self.sources.all()]
        return max(statuses, key=Verification.rank) if statuses else ""

    @property
    def verification_label(self) -> str:
        return Verification(self.verification).label if self.verification else ""


class Act(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="acts")
    act_type = models.CharField(_("act"), max_length=32, choices=ActType.choices)
    start_date = models.DateField(_("date"), null=True, blank=True)
    anonymous_victims = models.PositiveIntegerField(
        _("victims not known by name"), default=0, help_text=_("People we have no case for.")
    )
    notes = PersonalField(_("notes"))

    class Meta:
        ordering = ["start_date", "act_type"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "act_type"], name="act_one_per_type")
        ]

    def __str__(self) -> str:
        return self.act_type

    @property
    def victim_count(self) -> int:
        return self.anonymous_victims + self.victims.count()


class Victim(models.Model):
    """A client (through their case) who suffered an act."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="victims")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="incident_victims"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["act", "case"], name="victim_once_per_act")]

    def __str__(self) -> str:
        return f"Victim in {self.act_id}"


class Perpetrator(models.Model):
    # A UUID, known before the row is written, binds the sealed name to this row.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="perpetrators")
    kind = models.CharField(_("perpetrator"), max_length=20, choices=PerpetratorKind.choices)
    name = PersonalField(_("name or unit"), help_text=_("e.g. the name of a vigilante group"))
    involvement = models.CharField(
        _("involvement"), max_length=10, choices=Involvement.choices, default=Involvement.DIRECT
    )

    def __str__(self) -> str:
        return self.kind


class Source(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incident_sources",
    )
    url = models.URLField(_("article URL"), max_length=500, blank=True)
    organisation = PersonalField(_("organisation"))
    status = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.REPORTED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return self.kind


class Casualty(models.Model):
    """A person killed or missing after being recruited for the war.

    ``name_index`` is the blind index of the name, so an import can find an entry again
    without reading names in clear. ``date`` with ``date_precision`` "month" stores the
    first of the month.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = PersonalField(_("name"))
    name_index = models.CharField(max_length=32, blank=True, db_index=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, db_index=True)
    home_region = PersonalField(_("home region"))
    fate = models.CharField(
        _("fate"), max_length=8, choices=CasualtyFate.choices, default=CasualtyFate.KILLED
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    recruitment = models.CharField(
        _("recruitment"), max_length=20, choices=Recruitment.choices, default=Recruitment.UNKNOWN
    )
    status = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.REPORTED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "casualties"

    def __str__(self) -> str:
        return f"Casualty {str(self.id)[:8]}"

    @property
    def date_display(self) -> str:
        if self.date is None:
            return ""
        month_only = self.date_precision == DatePrecision.MONTH
        return self.date.strftime("%Y-%m" if month_only else "%Y-%m-%d")


class CasualtySource(models.Model):
    casualty = models.ForeignKey(Casualty, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("source URL"), max_length=500)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["casualty", "url"], name="casualty_source_once")
        ]

    def __str__(self) -> str:
        return self.url
