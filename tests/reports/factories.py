"""Hand-built requests and cases with chosen times, straight through the ORM."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from huquq.cases.models import Case, Person, Request

MOSCOW = ZoneInfo("Europe/Moscow")
_codes = count(1)


def moscow(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=MOSCOW)


def make_request(
    received_at: datetime,
    *,
    categories=("detention",),
    urgency="normal",
    language="ru",
    channel="form",
    city="Москва",
    citizenship="UZ",
) -> Request:
    person = Person.objects.create(name="Synthetic Person", citizenship=citizenship)
    case = make_case(received_at, categories=categories, city=city, client=person)
    return Request.objects.create(
        case=case,
        contact=person,
        channel=channel,
        received_at=received_at,
        text="synthetic",
        language=language,
        categories=list(categories),
        urgency=urgency,
        city=city,
        citizenship=citizenship,
        opened_case=True,
    )


def make_case(
    opened_at: datetime,
    *,
    categories=("detention",),
    city="Москва",
    client: Person | None = None,
    closed_at: datetime | None = None,
    outcome: str = "",
    first_reply_at: datetime | None = None,
) -> Case:
    client = client or Person.objects.create(name="Synthetic Person")
    return Case.objects.create(
        code=f"TEST-{next(_codes):04d}",
        pin="000000",
        client=client,
        categories=list(categories),
        city=city,
        opened_at=opened_at,
        status="closed" if closed_at else "new",
        closed_at=closed_at,
        outcome=outcome,
        first_reply_at=first_reply_at,
    )
