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
from requests_app.outcomes import ApplicantType, OrganizationKind

# The fields each applicant type fills in (shown per type by static/js/apply.js); of
# these, the ones the model's clean() requires for that type (Art. 29(1)).
APPLICANT_FIELDS = {
    ApplicantType.PERSON: ("id_type", "id_number"),
    ApplicantType.ORGANIZATION: (
        "organization_kind",
        "credit_code",
        "legal_representative",
        "contact_name",
    ),
}
REQUIRED_FOR_TYPE = {
    ApplicantType.PERSON: ("id_type", "id_number"),
    ApplicantType.ORGANIZATION: ("organization_kind", "credit_code"),
}
# Fields required only for one way of delivery (InformationRequest.clean()).
REQUIRED_FOR_DELIVERY = {
    "postal_address": InformationRequest.Delivery.POST,
    "email": InformationRequest.Delivery.EMAIL,
}


class PlaceholderSelect(forms.Select):
    """A select whose empty option only prompts: it cannot be chosen again."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in ("", None):
            option["attrs"]["disabled"] = True
        return option


class ApplicationForm(GuardedFormMixin, forms.ModelForm):
    """The online application (Art. 29): who asks, what, in which form and how delivered."""

    organization = forms.ModelChoiceField(
        label="申请公开的机关",
        queryset=Organization.objects.active(),
        empty_label="请选择机关",
        widget=PlaceholderSelect,
        error_messages={"required": "请选择申请公开的机关。"},
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
            "organization_kind": forms.RadioSelect,
            "form": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": "请填写申请人姓名或名称。"},
            "phone": {"required": "请填写联系电话。"},
            "email": {"invalid": "请填写有效的电子邮箱地址，如 name@example.com。"},
            "description": {"required": "请描述申请公开的政府信息（名称、文号或其他特征）。"},
            "form": {"required": "请选择获取信息的形式。"},
            "delivery": {"required": "请选择获取信息的方式。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required choices offer no empty choice (no 「---------」): radios, or a select
        # starting on its most common value.
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields["organization_kind"].choices = OrganizationKind.choices
        self.fields["id_type"].choices = InformationRequest.IdType.choices
        self.fields["form"].choices = InformationRequest.Form.choices
        self.fields["delivery"].choices = InformationRequest.Delivery.choices
        if not self.initial.get("id_type"):
            self.initial["id_type"] = InformationRequest.IdType.RESIDENT_ID
        email_help = "选择电子邮件方式的必填。填写后，申请编号和办理进展会发送到此邮箱。"
        self.fields["email"].help_text = email_help
        self.fields["postal_address"].help_text = "选择邮寄方式的必填。"
        self.fields["credit_code"].help_text = "18位，见营业执照或登记证书。"
        # shows_required: the field's label gets its * (templates/…/public/field.html).
        for field in self.fields.values():
            field.shows_required = field.required
        # Required only for one applicant type: marked *, and for the browser as
        # required; static/js/apply.js disables the other type's fields.
        for names in REQUIRED_FOR_TYPE.values():
            for name in names:
                self.fields[name].shows_required = True
                self.fields[name].widget.attrs["required"] = True
        # Required only for one way of delivery: marked * when that way is chosen (by the
        # script as the applicant chooses; by the server after a failed submit).
        delivery = self["delivery"].value()
        for name, way in REQUIRED_FOR_DELIVERY.items():
            field = self.fields[name]
            field.required_when = f"delivery={way}"
            field.shows_required = delivery == way
            if field.shows_required:
                field.widget.attrs["required"] = True
        for field in self.fields.values():
            if field.shows_required and not isinstance(
                field.widget, (forms.RadioSelect, forms.CheckboxInput)
            ):
                field.widget.attrs["aria-required"] = "true"

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean_supporting_file(self):
        upload = self.cleaned_data.get("supporting_file")
        if upload:
            check_supporting_file(upload)
        return upload

    def clean_credit_code(self):
        code = (self.cleaned_data.get("credit_code") or "").strip().upper()
        if code and self.cleaned_data.get("applicant_type") == ApplicantType.ORGANIZATION:
            validate_credit_code(code)
        return code

    def clean(self):
        cleaned = super().clean()
        # The other applicant type's fields are neither required nor checked, and not
        # stored: what a person typed there before changing the type is dropped.
        applicant_type = cleaned.get("applicant_type")
        for kind, names in APPLICANT_FIELDS.items():
            if applicant_type and kind != applicant_type:
                for name in names:
                    self._errors.pop(name, None)
                    cleaned[name] = ""
        if applicant_type == ApplicantType.PERSON:
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

    def _update_errors(self, errors):
        # The model's clean() sees only the values that passed the form: a mistyped e-mail
        # address would get a second, wrong message (「请填写电子邮箱」) beside its own.
        # Each field keeps the first error it got.
        if hasattr(errors, "error_dict"):
            fresh = {f: e for f, e in errors.error_dict.items() if f not in self._errors}
            if not fresh:
                return
            errors = ValidationError(fresh)
        super()._update_errors(errors)

    @property
    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of every error, each once, in the order of the form."""
        rows = [("", "", str(message)) for message in self.non_field_errors()]
        for bound in self:
            if bound.is_hidden:
                anchor = ""
            elif bound.use_fieldset:
                anchor = f"{bound.auto_id}_0"
            else:
                anchor = bound.id_for_label
            rows += [(anchor, bound.label, str(message)) for message in bound.errors]
        return rows


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
