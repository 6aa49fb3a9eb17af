"""The one entry point for every channel: ``request_receive``."""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from huquq.cases import services as case_services
from huquq.cases.models import Request
from huquq.cases.tasks import notify_duty_staff
from huquq.core.vocab import CLIENT_LANGUAGES, Urgency
from huquq.intake import triage_step
from huquq.intake.messages import IncomingMessage, Receipt
from huquq.intake.validation import IntakeError, clean_line, require_text
from huquq.security import audit, keys, sealing

log = logging.getLogger(__name__)


def request_receive(message: IncomingMessage) -> Receipt:
    """Validate, deduplicate, triage and store one message; return its acknowledgement.

    A replay of the same ``(channel, external_id)`` returns the first receipt unchanged and
    writes nothing. Everything is stored in one transaction, so a failure leaves no trace.
    """
    text = require_text(message.text)
    external_id = clean_line(message.external_id, max_chars=128) or None
    if external_id is not None:
        first = _receipt_of_existing(message.channel, external_id)
        if first is not None:
            return first
    labels = triage_step.label(text)
    try:
        # Sealed to the intake public key: this path cannot read back what it stores.
        with sealing.intake_only():
            request = _store(message, text=text, external_id=external_id, labels=labels)
    except IntegrityError:
        # Another worker stored the same (channel, external_id) between our check and insert.
        first = _receipt_of_existing(message.channel, external_id) if external_id else None
        if first is None:
            raise
        return first
    log.info("request stored channel=%s urgency=%s", request.channel, request.urgency)
    if request.urgency == Urgency.IMMEDIATE:
        transaction.on_commit(partial(notify_duty_staff.enqueue, str(request.case_id)))
    return _receipt(request, duplicate=False)


@transaction.atomic
def _store(message: IncomingMessage, *, text: str, external_id: str | None, labels) -> Request:
    contact = case_services.person_find_or_create(
        name=clean_line(message.contact_name),
        phone=clean_line(message.contact_phone, max_chars=32),
        telegram_handle=clean_line(message.contact_telegram_handle, max_chars=64),
        telegram_id=clean_line(message.contact_telegram_id, max_chars=32),
        citizenship=labels.citizenship,
    )
    language = message.client_language if message.client_language in CLIENT_LANGUAGES else ""
    request = Request(
        contact=contact,
        channel=message.channel,
        external_id=external_id,
        received_at=message.received_at or timezone.now(),
        text=text,
        triage_evidence=labels.evidence_json,
        language=labels.language,
        script=labels.script,
        categories=list(labels.categories),
        urgency=labels.urgency,
        city=labels.city or clean_line(message.city, max_chars=80),
        citizenship=labels.citizenship,
    )
    case_services.case_take_request(
        request=request,
        subject_name=clean_line(message.subject_name),
        client_language=language or labels.language or "ru",
    )
    audit.record(
        None,
        "intake.request.received",
        request,
        {"channel": request.channel, "case": request.case.code},
    )
    return request


def _receipt_of_existing(channel: str, external_id: str) -> Receipt | None:
    request = (
        Request.objects.select_related("case")
        .filter(channel=channel, external_id=external_id)
        .first()
    )
    return _receipt(request, duplicate=True) if request is not None else None


def _receipt(request: Request, *, duplicate: bool) -> Receipt:
    return Receipt(
        request_id=str(request.id),
        case_code=request.case.code,
        pin=_pin_unless_locked(request) if request.opened_case else None,
        new_case=request.opened_case,
        duplicate=duplicate,
        urgency=request.urgency,
        categories=tuple(request.categories),
        language=request.case.client_language,
    )


def _pin_unless_locked(request: Request) -> str | None:
    """The PIN of a replayed request opens only on an unlocked server; else none is shown."""
    try:
        return request.case.pin
    except keys.Locked:
        return None


__all__ = ["IncomingMessage", "IntakeError", "Receipt", "request_receive"]
