"""Synthetic demo data: staff accounts with printed logins, and requests over a year.

A small demo goes through the real intake service (so triage labels are real); a large one
(``--requests`` in the thousands and more) writes rows in bulk with the templates' labels.
"""

import random
import secrets
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huquq.cases.models import Case, CaseEvent, Person, Request
from huquq.core.demo_texts import CITIES, CITIZENSHIPS, TEMPLATES
from huquq.core.vocab import CaseStatus, Channel, Outcome, Role
from huquq.incidents.demo import seed as seed_incidents
from huquq.intake.codes import CODE_LETTERS, new_pin
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.reports import rollup
from huquq.security.models import User
from huquq.security.sealing import prepare_data_keys

DEMO_ROLES = [
    ("admin", Role.ADMIN),
    ("operator", Role.OPERATOR),
    ("lawyer", Role.LAWYER),
    ("lawyer2", Role.LAWYER),
    ("coordinator", Role.COORDINATOR),
]
#: Above this many requests the demo writes rows in bulk instead of through intake.
BULK_THRESHOLD = 2_000
BATCH = 5_000
_CHANNELS = [Channel.TELEGRAM] * 6 + [Channel.FORM] * 3 + [Channel.PHONE, Channel.API]


def logins_file() -> Path:
    return settings.DATA_DIR / "demo_logins.txt"


def demo_staff() -> list[tuple[str, str, str]]:
    """Create the demo accounts once; their passwords are kept (0600) so they can be shown."""
    path = logins_file()
    if path.exists():
        return [tuple(line.split("\t")) for line in path.read_text().splitlines() if line]
    rows = []
    for username, role in DEMO_ROLES:
        password = f"{username}-{secrets.token_urlsafe(6)}"
        User.objects.create_user(
            username=username,
            password=password,
            role=role,
            is_superuser=role == Role.ADMIN,
            is_staff=role == Role.ADMIN,
            on_duty=role == Role.OPERATOR,
        )
        rows.append((username, role.value, password))
    path.touch(mode=0o600)
    path.write_text("".join("\t".join(row) + "\n" for row in rows))
    return rows


def seed_requests(count: int, *, seed: int = 2026) -> None:
    """Add synthetic requests until exactly ``count`` exist, spread over the last year."""
    missing = count - Request.objects.count()
    if missing <= 0:
        return
    rng = random.Random(seed)  # repeatable synthetic data, not a secret  # nosec B311
    if missing > BULK_THRESHOLD:
        _bulk(missing, rng)
    else:
        _through_intake(missing, rng)
        _work_some_cases(rng)
    seed_incidents(rng)
    rollup.refresh_all()  # the reports' daily counts, so the first dashboard is quick


def _message_time(rng: random.Random):
    # Recent months are busier, as they are in life.
    return timezone.now() - timedelta(days=365 * rng.random() ** 1.4, seconds=rng.randrange(86_400))


def _through_intake(count: int, rng: random.Random) -> None:
    for _ in range(count):
        language, _script, _cats, _urgency, text = rng.choice(TEMPLATES)
        channel = rng.choice(_CHANNELS)
        request_receive(
            IncomingMessage(
                channel=channel,
                external_id=f"demo-{uuid.UUID(int=rng.getrandbits(128))}",
                text=text.format(city=rng.choice(CITIES)),
                contact_name=f"Demo Person {rng.randrange(10_000)}",
                contact_phone=f"+7900{rng.randrange(10**7):07d}" if rng.random() < 0.6 else "",
                contact_telegram_id=str(rng.randrange(10**9))
                if channel == Channel.TELEGRAM
                else "",
                client_language=language,
                received_at=_message_time(rng),
            )
        )


@transaction.atomic
def _work_some_cases(rng: random.Random) -> None:
    """Give the demo a history: some cases assigned, answered or closed with an outcome."""
    lawyers = list(User.objects.filter(role=Role.LAWYER))
    for case in Case.objects.filter(status=CaseStatus.NEW).order_by("opened_at"):
        roll = rng.random()
        if roll < 0.3 or not lawyers:
            continue
        case.assignee = rng.choice(lawyers)
        case.status = CaseStatus.OPEN
        case.first_reply_at = case.opened_at + timedelta(hours=rng.uniform(0.2, 72))
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REPLY,
            actor=case.assignee,
            body="Demo reply: we are looking into it.",
            to_client=True,
            created_at=case.first_reply_at,
        )
        if roll > 0.6:
            case.status = CaseStatus.CLOSED
            case.outcome = rng.choice(Outcome.values)
            case.closed_at = case.first_reply_at + timedelta(days=rng.uniform(1, 40))
        case.save()


def _bulk(count: int, rng: random.Random) -> None:
    """Rows straight into the tables, a batch per transaction: a million in minutes."""
    done = 0
    next_code = Case.objects.count()
    while done < count:
        size = min(BATCH, count - done)
        codes, next_code = _bulk_codes(size, next_code)
        with transaction.atomic():
            _bulk_batch(codes, rng)
        done += size


#: Case codes in the bulk path walk the whole code space with a step coprime to its size
#: (which has only the prime factors 2, 3 and 5), so no two indexes give the same code.
_CODE_SPACE = len(CODE_LETTERS) ** 4 * 10_000
_CODE_STEP = 1_000_003


def _code_at(index: int) -> str:
    number = (index * _CODE_STEP + 7_654_321) % _CODE_SPACE
    number, digits = divmod(number, 10_000)
    letters = ""
    for _ in range(4):
        number, letter = divmod(number, len(CODE_LETTERS))
        letters += CODE_LETTERS[letter]
    return f"{letters}-{digits:04d}"


def _bulk_codes(size: int, start: int) -> tuple[list[str], int]:
    """``size`` codes from ``start`` on, skipping any that intake already gave out."""
    codes: list[str] = []
    index = start
    while len(codes) < size:
        batch = [_code_at(i) for i in range(index, index + size - len(codes))]
        index += len(batch)
        used = set(Case.objects.filter(code__in=batch).values_list("code", flat=True))
        codes += [code for code in batch if code not in used]
    return codes, index


def _bulk_batch(codes: list[str], rng: random.Random) -> None:
    persons, cases, requests = [], [], []
    for code in codes:
        language, script, categories, urgency, text = rng.choice(TEMPLATES)
        city = rng.choice(CITIES)
        citizenship = rng.choice(CITIZENSHIPS)
        at = _message_time(rng)
        person = Person(name="", citizenship=citizenship, created_at=at)
        closed = rng.random() < 0.5
        case = Case(
            code=code,
            pin=new_pin(),
            client=person,
            categories=list(categories),
            urgency=urgency,
            language=language,
            city=city,
            citizenship=citizenship,
            client_language=language,
            opened_at=at,
            status=CaseStatus.CLOSED if closed else rng.choice(CaseStatus.values[:3]),
            outcome=rng.choice(Outcome.values) if closed else "",
            closed_at=at + timedelta(days=rng.uniform(1, 30)) if closed else None,
            first_reply_at=at + timedelta(hours=rng.uniform(0.2, 96)) if closed else None,
        )
        persons.append(person)
        cases.append(case)
        requests.append(
            Request(
                case=case,
                contact=person,
                channel=rng.choice(_CHANNELS),
                received_at=at,
                text=text.format(city=city),
                language=language,
                script=script,
                categories=list(categories),
                urgency=urgency,
                city=city,
                citizenship=citizenship,
                opened_case=True,
            )
        )
    prepare_data_keys(cases + requests)  # one insert for the batch's data keys
    Person.objects.bulk_create(persons)
    Case.objects.bulk_create(cases)
    Request.objects.bulk_create(requests)
