"""The login throttle's authentication backend (django-axes), first in AUTHENTICATION_BACKENDS."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins of a locked-out user name and address; never logs anyone in itself.

    Logins through a form (the admin's, any view) always pass the request. Code that calls
    ``authenticate()`` without one (a shell, a command, a test) has no client address to
    count failures against: axes' own backend raises then, this one lets the next backend
    decide (the axes signal handlers skip such calls too).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
