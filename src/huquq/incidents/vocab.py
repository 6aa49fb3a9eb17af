"""Vocabularies of incident documentation, after the HURIDOCS Events Standard Formats.

The codes are stored, exported and imported; the labels are what people read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    """How much of a date is known (HURIDOCS: "date type" of an event or act)."""

    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    APPROXIMATE = "approximate", _("Approximate")
    UNKNOWN = "unknown", _("Unknown")


class PlaceType(models.TextChoices):
    MARKET = "market", _("Market")
    CONSTRUCTION_SITE = "construction_site", _("Construction site")
    HOSTEL = "hostel", _("Hostel")
    METRO = "metro", _("Metro")
    MOSQUE = "mosque", _("Mosque")
    TRAIN = "train", _("Train")
    WORKPLACE = "workplace", _("Workplace")
    STREET = "street", _("Street")
    MIGRATION_CENTRE = "migration_centre", _("Migration centre")
    OTHER = "other", _("Other place")


class ActType(models.TextChoices):
    DETENTION = "detention", _("Detention")
    SUMMONS_SERVED = "summons_served", _("Summons served")
    TAKEN_TO_ENLISTMENT_OFFICE = "taken_to_enlistment_office", _("Taken to enlistment office")
    CONTRACT_UNDER_PRESSURE = "contract_under_pressure", _("Contract signed under pressure")
    BEATING = "beating", _("Beating")
    EXTORTION = "extortion", _("Extortion")
    DEPORTATION = "deportation", _("Deportation")
    DEATH = "death", _("Death")


class PerpetratorKind(models.TextChoices):
    POLICE = "police", _("Police")
    OMON_ROSGVARDIA = "omon_rosgvardia", _("OMON / Rosgvardia")
    MIGRATION_SERVICE = "migration_service", _("Migration service")
    FSB = "fsb", _("FSB")
    ENLISTMENT_OFFICE = "enlistment_office", _("Enlistment office")
    EMPLOYER = "employer", _("Employer")
    VIGILANTE_GROUP = "vigilante_group", _("Vigilante group")
    OTHER = "other", _("Other")


class Involvement(models.TextChoices):
    """HURIDOCS "degree of involvement" of a perpetrator in an act."""

    DIRECT = "direct", _("Carried it out")
    ORDERED = "ordered", _("Ordered it")
    COMPLICIT = "complicit", _("Assisted or stood by")
    UNKNOWN = "unknown", _("Unknown")


class SourceKind(models.TextChoices):
    TESTIMONY = "testimony", _("Client's testimony (case)")
    MEDIA = "media", _("Media article")
    ORGANISATION = "organisation", _("Another organisation")


class Verification(models.TextChoices):
    """Ordered from weakest to strongest; ``rank`` compares them."""

    REPORTED = "reported", _("Reported")
    CORROBORATED = "corroborated", _("Corroborated")
    VERIFIED = "verified", _("Verified")

    @classmethod
    def rank(cls, value: str) -> int:
        return cls.values.index(value)


class Recruitment(models.TextChoices):
    """How a person killed or missing at the war came to be there."""

    DETENTION_CONTRACT = "detention_contract", _("Contract after detention")
    MIGRANT_CONTRACT = "migrant_contract", _("Contract as a migrant")
    PRISON = "prison", _("Prison recruitment")
    MOBILISED_CITIZEN = "mobilised_citizen", _("Mobilised as a new citizen")
    UNKNOWN = "unknown", _("Unknown")


class CasualtyFate(models.TextChoices):
    KILLED = "killed", _("Killed")
    MISSING = "missing", _("Missing")
