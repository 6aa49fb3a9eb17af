"""One error body for the whole API, whoever refuses a call: ``{"code", "message"}``.

Left alone, django-ninja answers its own refusals (no credentials, a body that is not JSON or
does not validate, an unknown case) with ``{"detail": ...}``, while a ``PermissionDenied`` from
a selector and a body over ``MAX_REQUEST_BYTES`` get Django's HTML error pages: none of that
matched the schema we publish (schemathesis found it). Every operation declares the codes it
can answer with ``errors(...)``; ``install`` gives each of them this one shape. ``code`` is
stable for programs, ``message`` is for people.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError


class ErrorOut(Schema):
    code: str
    message: str


#: The ``code`` of a refusal that carries only an HTTP status.
STATUS_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's ``response=`` declaration."""
    return dict.fromkeys(statuses, ErrorOut)


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, message: str) -> HttpResponse:
        body = {"code": STATUS_CODES.get(status, "error"), "message": message}
        return api.create_response(request, body, status=status)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, str(exc))

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # Only where and what, never the value: it may be personal data.
        where_what = "; ".join(
            f"{'.'.join(str(part) for part in error.get('loc', ()))}: {error.get('msg', '')}"
            for error in exc.errors
        )
        return respond(request, 422, where_what or _("The request is not valid."))

    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, lambda request, exc: respond(request, 404, _("Not found.")))
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: respond(request, 403, _("Not allowed."))
    )
    api.add_exception_handler(
        RequestDataTooBig,
        lambda request, exc: respond(request, 413, _("The request is too large.")),
    )
