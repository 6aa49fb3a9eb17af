"""API: partner systems create requests with a bearer token."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from huquq.core.api_errors import errors
from huquq.core.vocab import Channel
from huquq.intake import ratelimit
from huquq.intake.messages import IncomingMessage
from huquq.intake.services import request_receive
from huquq.intake.validation import IntakeError
from huquq.security.tokens import token_check


class IntegrationAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        return token_check(token)


router = Router(tags=["requests"])


class RequestIn(Schema):
    external_id: str = Field(
        ...,
        min_length=1,
        max_length=128,
        description="Your id for this message; a retry with it is safe.",
    )
    text: str = Field(..., max_length=100_000)
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=64)
    contact_telegram: str = Field("", max_length=64)
    subject_name: str = Field("", max_length=200)
    city: str = Field("", max_length=120)
    language: str = Field("", max_length=8)


class ReceiptOut(Schema):
    request_id: str
    case_code: str
    pin: str | None
    new_case: bool
    duplicate: bool
    urgency: str
    categories: list[str]


@router.post(
    "",
    auth=IntegrationAuth(),
    response={200: ReceiptOut, 201: ReceiptOut, **errors(400, 401, 413, 422, 429)},
)
def create_request(request: HttpRequest, payload: RequestIn):
    """Store one request. A retry with the same ``external_id`` returns the first receipt (200)."""
    if not ratelimit.allow("api", str(request.auth.pk), limit=600, window=60):
        return Status(429, {"code": "rate_limited", "message": "Too many requests; retry later."})
    try:
        receipt = request_receive(
            IncomingMessage(
                channel=Channel.API,
                external_id=payload.external_id,
                text=payload.text,
                contact_name=payload.contact_name,
                contact_phone=payload.contact_phone,
                contact_telegram_handle=payload.contact_telegram,
                subject_name=payload.subject_name,
                city=payload.city,
                client_language=payload.language,
            )
        )
    except IntakeError as error:
        return Status(422, {"code": error.code, "message": error.message})
    body = {**receipt.__dict__, "categories": list(receipt.categories)}
    return Status(200 if receipt.duplicate else 201, body)
