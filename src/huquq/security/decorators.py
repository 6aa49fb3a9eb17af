"""View guards: a login for every staff page, then the role x action table."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from huquq.security.roles import can


def staff_required(action: str) -> Callable:
    """Anonymous visitors go to the login page; staff without ``action`` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not can(request.user, action):
                raise PermissionDenied(action)
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorator
