from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or stale form: the translated 403 page, not Django's English one."""
    return render(request, "403.html", status=403)
