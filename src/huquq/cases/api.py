"""API: authorised staff list and read cases (session auth; the same access rules as the UI)."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from huquq.cases.selectors import QueueFilters, case_get, case_queue
from huquq.core.api_errors import errors
from huquq.core.vocab import CaseStatus, Category, Urgency
from huquq.intake.codes import CASE_CODE_PATTERN
from huquq.security.auth import staff_session_auth

router = Router(tags=["cases"], auth=staff_session_auth)


class CaseOut(Schema):
    code: str
    status: str
    urgency: str
    categories: list[str]
    language: str
    city: str
    citizenship: str
    outcome: str
    opened_at: datetime
    closed_at: datetime | None
    assignee: str | None

    @staticmethod
    def resolve_assignee(case) -> str | None:
        return case.assignee.username if case.assignee else None


class RequestOut(Schema):
    id: str
    channel: str
    received_at: datetime
    text: str
    urgency: str
    categories: list[str]


class CaseDetailOut(CaseOut):
    requests: list[RequestOut]

    @staticmethod
    def resolve_requests(case) -> list[dict]:
        return [
            {
                "id": str(r.id),
                "channel": r.channel,
                "received_at": r.received_at,
                "text": r.text,
                "urgency": r.urgency,
                "categories": r.categories,
            }
            for r in case.requests.all()
        ]


class CaseFiltersIn(Schema):
    """Only codes of the vocabularies: anything else is a 422, never a database query (a NUL
    character in a filter was a server error on PostgreSQL)."""

    status: CaseStatus | Literal[""] = ""
    urgency: Urgency | Literal[""] = ""
    category: Category | Literal[""] = ""


class Pages(LimitOffsetPagination):
    """Bounded pages: an offset past a 64-bit integer was a server error on PostgreSQL, and an
    unbounded limit read the whole queue in one answer."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)


@router.get("", response={200: list[CaseOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_cases(request: HttpRequest, filters: Query[CaseFiltersIn]):
    return case_queue(viewer=request.auth, filters=QueueFilters(**filters.model_dump(mode="json")))


@router.get("/{code}", response={200: CaseDetailOut, **errors(401, 403, 404, 422)})
def read_case(request: HttpRequest, code: Annotated[str, Path(pattern=CASE_CODE_PATTERN)]):
    return case_get(viewer=request.auth, code=code)
