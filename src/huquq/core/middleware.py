"""Language choice: clients pick any of six languages, staff pages speak Russian or English."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from huquq.core.vocab import CLIENT_LANGUAGES


class ClientLanguageMiddleware:
    """``?lang=xx`` chooses the language and a cookie remembers it; a wrong code is ignored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get("lang", "").lower()
        if chosen in CLIENT_LANGUAGES:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = chosen
        response = self.get_response(request)
        if chosen in CLIENT_LANGUAGES:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=not settings.DEMO,
            )
        return response


class StaffLanguageMiddleware:
    """Staff pages fall back to Russian when the remembered language is a client-only one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/staff/", "/api/")):
            language = translation.get_language()
            if language not in settings.STAFF_LANGUAGES:
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
