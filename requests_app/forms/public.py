"""Public forms of the 依申请公开 channel: the online application and the tracking lookup."""

from __future__ import annotations

import hmac

from django import forms
from django.core.exceptions import ValidationError

from catalog.models import Organization
from catalog.validators import validate_credit_code
from config.web.antibot import GuardedFormMixin
from config.web.filetypes import check_supporting_file
from config.web.validators import (
    normalize_id_number,
    normalize_phone,
    validate_phone,
    validate_resident_id,
)
from requests_app.models import InformationRequest
from requests_app.outcomes import ApplicantType


class ApplicationForm(GuardedFormMixin, forms.ModelForm):
    """The online application (Art. 29): who asks, what, in which form and how delivered."""

    organization = forms.ModelChoiceField(
        label="申请公开的机关",
        queryset=Organization.objects.active(),
        empty_label="请选择机关",
    )
    supporting_file = forms.FileField(
        label="证明材料（可选）",
        required=False,
        help_text="如身份证明或营业执照复印件，PDF、JPG、PNG 或 Word，不超过 10 MB。",
    )
    consent = forms.BooleanField(
        label="本人承诺所填信息真实，并同意机关为办理本申请使用上述信息",
        error_messages={"required": "请阅读并勾选申请须知后再提交。"},
    )

    class Meta:
        model = InformationRequest
        fields = [
            "organization",
            "applicant_type",
            "organization_kind",
            "name",
            "id_type",
            "id_number",
            "credit_code",
            "legal_representative",
            "contact_name",
            "phone",
            "email",
            "postal_address",
            "postal_code",
            "description",
            "purpose",
            "form",
            "delivery",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "form": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": "请填写申请人姓名或名称。"},
            "phone": {"required": "请填写联系电话。"},
            "description": {"required": "请描述申请公开的政府信息（名称、文号或其他特征）。"},
            "form": {"required": "请选择获取信息的形式。"},
            "delivery": {"required": "请选择获取信息的方式。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_type"].choices = [("", "请选择"), *list(InformationRequest.IdType.choices)]
        self.fields["organization_kind"].choices = [
            ("", "请选择"),
            *list(self.fields["organization_kind"].choices)[1:],
        ]
        self.fields["email"].help_text = "填写后，申请编号和办理进展会发送到此邮箱。"

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        if code:
            validate_credit_code(code)
        return code

    def clean_supporting_file(self):
        upload = self.cleaned_data.get("supporting_file")
        if upload:
            check_supporting_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("applicant_type") == ApplicantType.PERSON:
            number = normalize_id_number(cleaned.get("id_number", ""))
            cleaned["id_number"] = number
            if cleaned.get("id_type") == InformationRequest.IdType.RESIDENT_ID and number:
                try:
                    validate_resident_id(number)
                except ValidationError as error:
                    self.add_error("id_number", error)
                    # Kept for the model's clean(), which would otherwise add 「请填写」.
                    cleaned["id_number"] = number
        return cleaned

    def _post_clean(self):
        # The model's clean() gives per-field Chinese errors (法人 needs its credit code …).
        self.instance.channel = InformationRequest.Channel.ONLINE
        super()._post_clean()


class TrackForm(forms.Form):
    """Tracking number plus something only the applicant knows."""

    tracking_number = forms.CharField(
        label="申请编号", max_length=20, help_text="如 YSQ-2026-7KQ4M2XD，见提交成功页面和回执。"
    )
    verifier = forms.CharField(
        label="联系电话或身份证件号码后6位",
        max_length=30,
        help_text="填写申请时留的联系电话，或身份证件号码的后6位。",
    )

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip().upper()

    def clean_verifier(self):
        return normalize_phone(self.cleaned_data["verifier"]).upper()


def verifier_matches(req: InformationRequest, verifier: str) -> bool:
    """Phone number, or the last six characters of the ID number (or credit code)."""
    candidates = [normalize_phone(req.phone).upper()]
    key = (req.id_number or req.credit_code or "").strip().upper()
    if len(key) >= 6:
        candidates.append(key[-6:])
    return any(c and hmac.compare_digest(c, verifier) for c in candidates)


class ClarificationForm(forms.Form):
    """The applicant's 补正, answered on the tracking page (Art. 30)."""

    text = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "请填写补正内容。"},
    )
