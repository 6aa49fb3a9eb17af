"""A locked server (no key material in this process) answers 503 with a page that says so."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huquq.security.keys import Locked


class LockedServerMiddleware:
    """Staff pages need the key to open personal data; while locked they explain instead of
    failing with a 500. The help form and the bot keep accepting requests (sealed to the
    intake key), so they never reach this."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Locked):
            return render(request, "security/locked.html", status=503)
        return None
