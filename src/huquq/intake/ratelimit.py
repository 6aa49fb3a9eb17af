"""Fixed-window rate limits kept in the shared cache (file cache by default, Redis in
production), so every worker process counts against the same limit."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address; behind a proxy set ``TRUSTED_PROXY_HEADER`` to read it from there."""
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``key`` in ``scope``; False once ``limit`` hits fall in the window."""
    cache_key = f"rate:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        hits = 1
    return hits <= limit


def allow_intake(request: HttpRequest) -> bool:
    return allow(
        "intake",
        client_address(request),
        limit=settings.INTAKE_RATE_PER_ADDRESS,
        window=settings.INTAKE_RATE_WINDOW_SECONDS,
    )
