"""The admin login with the 「动态验证码」 field, and the enrollment and turn-off forms."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed

from config.two_factor import devices

# One message for a wrong password and a wrong or missing code: a message of its own for
# the code would tell whoever tries passwords that the password was right.
INVALID_LOGIN = (
    "用户名、密码或动态验证码不正确，请重新输入（注意区分大小写）。"
    "已启用两步验证的账号须同时填写验证器应用上的6位动态验证码，或一个未用过的备用码。"
)
WRONG_CODE = "动态验证码不正确或已过期，请输入验证器应用上当前显示的6位数字。"


def code_field(label="动态验证码", **kwargs):
    return forms.CharField(
        label=label,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        **kwargs,
    )


def count_failed_login(request, username: str) -> None:
    """Record a failed login as ``authenticate()`` does, so django-axes counts it."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


class TwoFactorLoginForm(AdminAuthenticationForm):
    """Password, then — for a user with a confirmed device — a current code or a backup code.

    ``user.otp_device`` set here makes ``django_otp`` mark the session as verified when the
    login view calls ``login()``.
    """

    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    otp_token = code_field(required=False, help_text="已启用两步验证的账号填写；未启用的请留空。")

    def clean(self):
        cleaned_data = super().clean()  # password, lockout, active, staff
        user = self.user_cache
        if user is not None and devices.has_second_factor(user):
            device = devices.verify_code(user, cleaned_data.get("otp_token", ""))
            if device is None:
                self.user_cache = None
                count_failed_login(self.request, cleaned_data.get("username", ""))
                raise self.get_invalid_login_error()
            user.otp_device = device
        return cleaned_data


class ConfirmDeviceForm(forms.Form):
    otp_token = code_field(help_text="扫描二维码（或输入密钥）后，填写验证器应用上显示的6位数字。")


class RemoveSecondFactorForm(forms.Form):
    """Turning the factor off needs the password and a current code (or a backup code)."""

    password = forms.CharField(
        label="登录密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = code_field(help_text="验证器应用上的6位数字，或一个未用过的备用码。")

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned_data = super().clean()
        user = self.request.user
        password, code = cleaned_data.get("password"), cleaned_data.get("otp_token")
        if password is None or code is None:
            return cleaned_data
        # Through authenticate(), with the request: a wrong password counts for django-axes
        # here as on the login page, and a locked-out account is refused.
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError("密码或动态验证码不正确。", code="invalid")
        if devices.verify_code(user, code) is None:
            count_failed_login(self.request, user.get_username())
            raise forms.ValidationError("密码或动态验证码不正确。", code="invalid")
        return cleaned_data
