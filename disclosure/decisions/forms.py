"""Public forms of the disclosure app: the 意见征集 comment form.

Guarded like the 依申请公开 form (``config.web.antibot``: honeypot, signed token,
submission key for double-submit safety) and checking an attachment the same way
(``config.web.filetypes.check_supporting_file``).
"""

from __future__ import annotations

from django import forms

from config.web.antibot import GuardedFormMixin
from config.web.filetypes import check_supporting_file
from config.web.validators import normalize_phone, validate_phone

CONTACT_REQUIRED = "请填写联系电话或电子邮箱（至少一项），仅用于就您的意见与您联系，不会公开。"


class CommentForm(GuardedFormMixin, forms.Form):
    text = forms.CharField(
        label="意见内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。"},
        help_text="请写明对草案哪一条、哪一款的意见和理由，不超过5000字。",
    )
    name = forms.CharField(
        label="姓名或单位名称（可选）",
        max_length=100,
        required=False,
        help_text="不会公开。",
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        help_text="联系电话和电子邮箱至少填写一项，仅供工作人员与您联系，不会公开。",
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "请填写有效的电子邮箱地址，如 name@example.com。"},
    )
    attachment = forms.FileField(
        label="附件（可选）",
        required=False,
        help_text="PDF、JPG、PNG 或 Word，不超过 10 MB；附件不会公开。",
    )
    consent = forms.BooleanField(
        label="本人同意上述意见用于本次意见征集；意见可能经去除个人信息后在采纳情况反馈中摘要公开",
        error_messages={"required": "请阅读并勾选提交须知后再提交。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_kind = ""
        # The label's * (templates/requests_app/public/field.html): the text and the
        # consent; phone and e-mail are one-of-two, said in their help text.
        for field in self.fields.values():
            field.shows_required = field.required

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        if phone:
            validate_phone(phone)
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_kind = check_supporting_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            "phone" not in self.errors
            and "email" not in self.errors
            and not cleaned.get("phone")
            and not cleaned.get("email")
        ):
            self.add_error("phone", CONTACT_REQUIRED)
        return cleaned
