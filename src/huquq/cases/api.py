"""API: authorised staff list and read cases (session auth; the same access rules as the UI)."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from huquq.cases.selectors import QueueFilters, case_get, case_queue
from huquq.core.api_errors import errors
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


@router.get("", response={200: list[CaseOut], **errors(401, 403, 422)})
@paginate
def list_cases(request: HttpRequest, status: str = "", urgency: str = "", category: str = ""):
    return case_queue(
        viewer=request.auth, filters=QueueFilters(status=status, urgency=urgency, category=category)
    )


@router.get("/{code}", response={200: CaseDetailOut, **errors(401, 403, 404)})
def read_case(request: HttpRequest, code: str):
    return case_get(viewer=request.auth, code=code)
