"""View guards: a login with a verified second factor for every staff page, then the role x
action table."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from huquq.security.auth import is_verified
from huquq.security.roles import can


def staff_required(action: str) -> Callable:
    """Anonymous visitors go to the login page, a password-only session to the second factor;
    staff without ``action`` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_verified(request.user):
                next_url = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('security:otp')}?{next_url}")
            if not can(request.user, action):
                raise PermissionDenied(action)
            return view(request, *args, **kwargs)

        return guarded

    return decorator
