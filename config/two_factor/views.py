"""The staff member's own second factor: /admin/otp/ (state, turn off) and /admin/otp/setup/.

Wired by ``config.admin_site.PortalAdminSite.get_urls`` through ``admin_view``: staff only,
``never_cache``, CSRF-protected. No device id is ever taken from the request: every view
acts on ``request.user``'s own devices, so nobody can see or remove a colleague's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from config.two_factor import devices
from config.two_factor.forms import WRONG_CODE, ConfirmDeviceForm, RemoveSecondFactorForm


def _context(request, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "required": settings.STAFF_OTP_REQUIRED,
        **extra,
    }


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@never_cache
def overview(request):
    """Whether the factor is on, the backup codes left, and the form turning it off."""
    return render(
        request,
        "admin/two_factor/overview.html",
        _context(
            request,
            "两步验证（动态验证码）",
            enabled=devices.has_second_factor(request.user),
            backup_codes_left=devices.remaining_backup_codes(request.user),
            form=RemoveSecondFactorForm(request=request),
        ),
    )


@never_cache
def setup(request):
    """QR code and secret of a new device; a correct code confirms it and shows the backup codes."""
    next_url = _next_url(request)
    replacing = devices.has_second_factor(request.user)
    if replacing and not request.user.is_verified():
        # A session opened before the device was confirmed: only a code may replace it.
        messages.error(request, "更换验证器须先退出，再用动态验证码重新登录。")
        return redirect("admin:two-factor")
    device = devices.pending_device(request.user)
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = devices.confirm_enrollment(request.user, form.cleaned_data["otp_token"])
        if enrolled is not None:
            device, codes = enrolled
            otp_login(request, device)  # this session has just shown a valid code
            return render(
                request,
                "admin/two_factor/backup_codes.html",
                _context(request, "两步验证已启用", codes=codes, next_url=next_url),
            )
        form.add_error("otp_token", WRONG_CODE)
    return render(
        request,
        "admin/two_factor/setup.html",
        _context(
            request,
            "启用两步验证",
            replacing=replacing,
            qr_data_uri=devices.qr_data_uri(device),
            secret=devices.secret(device),
            issuer=settings.OTP_TOTP_ISSUER,
            form=form,
            next_url=next_url,
        ),
        status=400 if form.errors else 200,
    )


@never_cache
@require_POST
def remove(request):
    """Turn the factor off: the password and a current code, then every device is deleted."""
    form = RemoveSecondFactorForm(request.POST, request=request)
    if form.is_valid():
        devices.remove_second_factor(request.user)
        messages.success(request, "已关闭两步验证，今后登录只需密码。")
        return redirect("admin:two-factor")
    return render(
        request,
        "admin/two_factor/overview.html",
        _context(
            request,
            "两步验证（动态验证码）",
            enabled=devices.has_second_factor(request.user),
            backup_codes_left=devices.remaining_backup_codes(request.user),
            form=form,
        ),
        status=400,
    )
