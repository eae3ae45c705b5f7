"""The rules of the second factor; every function acts on one user's own devices only."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "验证器应用"
BACKUP_DEVICE_NAME = "备用码"
BACKUP_CODE_COUNT = 10


def has_second_factor(user) -> bool:
    """True when the user has a confirmed device: the login then needs a code."""
    # Backup codes alone count while some are left (the app may have been reset in the
    # admin); a used-up list would otherwise bar the door.
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def verify_code(user, code: str):
    """The confirmed device of ``user`` that accepts ``code`` (and uses it up), or None.

    Six digits are checked against the authenticator app, anything else against the backup
    codes: a code is never tried on both, so a mistyped app code does not throttle the
    backup codes (django-otp slows each device down after a failure: 1, 2, 4 … seconds).
    A TOTP code is accepted once only; a backup code is deleted when used.
    """
    code = "".join((code or "").split())
    if not code:
        return None
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    if model is StaticDevice:
        code = code.lower()
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created with a new random key if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps ask for it when typed in, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP's img-src allows it)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def confirm_enrollment(user, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a correct ``code``; returns it and new backup codes.

    Confirming replaces any earlier devices of the user (a new phone) and any earlier
    backup codes; the codes are returned once, for the page to show, and not again.
    Returns None when the code is wrong (the device stays unconfirmed).
    """
    code = "".join((code or "").split())
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or not code.isdigit() or not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    return device, codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_second_factor(user) -> None:
    """Delete all of the user's devices: the login asks for the password only again."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
