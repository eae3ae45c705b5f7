"""``STAFF_OTP_REQUIRED``: a staff session without a second factor reaches only the enrollment.

After ``django_otp.middleware.OTPMiddleware``. Off (the default), it does nothing and costs
no query. On, a logged-in staff member whose session was not verified by a code is sent:

- to /admin/otp/setup/ when they have no confirmed device (right after a password-only
  login, too), until they have enrolled;
- back to the login page (logged out) when they have one: the session was opened before
  the device was confirmed, or without the login form.

The whole site is closed to such a session, not only /admin/ and the staff pages: staff see
unpublished drafts on some public addresses (年度报告 drafts). Exempt: the enrollment pages
themselves, logging in and out, static and media files.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from config.two_factor import devices


class StaffOTPRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_OTP_REQUIRED and self._must_verify(request):
            if devices.has_second_factor(request.user):
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            setup = reverse("admin:two-factor-setup")
            return redirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return False
        exempt = (
            reverse("admin:two-factor"),  # /admin/otp/ and below
            reverse("admin:login"),
            reverse("admin:logout"),
            settings.STATIC_URL,
            settings.MEDIA_URL,
        )
        return not request.path.startswith(exempt)
