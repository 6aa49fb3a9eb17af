"""What every channel hands to the intake service, and what it gets back."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class IncomingMessage:
    """One message from any channel, before validation."""

    channel: str
    text: str
    external_id: str | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_telegram_handle: str = ""
    contact_telegram_id: str = ""
    subject_name: str = ""
    city: str = ""
    client_language: str = ""
    received_at: datetime | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """The acknowledgement a channel shows the client.

    ``pin`` is set only when this request opened the case: a PIN is never shown again to
    someone who merely knows a client's phone number.
    """

    request_id: str
    case_code: str
    pin: str | None
    new_case: bool
    duplicate: bool
    urgency: str
    categories: tuple[str, ...]
    language: str
