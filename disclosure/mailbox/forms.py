"""The writer's forms (the letter, the tracking lookup, the rating) and one focused form
per staff step."""

from __future__ import annotations

import hmac

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError

from catalog.models import Organization
from config.web.antibot import GuardedFormMixin
from config.web.filetypes import check_supporting_file
from config.web.validators import normalize_phone, validate_phone
from disclosure.mailbox.models import Complexity, ErrorReport, Letter, LetterKind, Rating, Referral

MAX_FILES = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_FILES files, each checked like a request's supporting file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(f"附件最多 {MAX_FILES} 个。")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_supporting_file(upload)
        return cleaned


class RecipientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}领导信箱" if obj.is_portal_main else obj.name


class LetterForm(GuardedFormMixin, forms.Form):
    """The letter (domain notes §9): real name and phone required, never published."""

    addressed_to = RecipientChoiceField(
        label="收信机关",
        queryset=Organization.objects.active().order_by("-is_portal_main", "name"),
        empty_label="请选择领导信箱或部门",
    )
    kind = forms.ChoiceField(label="留言类型", choices=[("", "请选择"), *LetterKind.choices])
    title = forms.CharField(label="标题")
    body = forms.CharField(label="留言内容", widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        help_text=f"最多 {MAX_FILES} 个，PDF、JPG、PNG 或 Word，每个不超过 10 MB。",
    )
    name = forms.CharField(label="姓名", max_length=50, help_text="须填写真实姓名，不公开。")
    phone = forms.CharField(
        label="联系电话", max_length=30, help_text="用于联系和查询留言，不公开。"
    )
    email = forms.EmailField(label="电子邮箱（可选）", required=False, help_text="不公开。")
    may_publish = forms.BooleanField(
        label="同意在答复后公开本留言（公开时删除姓名、电话等个人信息）", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = settings.MAILBOX_TITLE_MIN_LENGTH, settings.MAILBOX_TITLE_MAX_LENGTH
        self.fields["title"].min_length, self.fields["title"].max_length = low, high
        self.fields["title"].help_text = f"{low}至{high}个字。"
        self.fields["title"].widget.attrs["maxlength"] = high
        body_max = settings.MAILBOX_BODY_MAX_LENGTH
        self.fields["body"].max_length = body_max
        self.fields["body"].help_text = f"不超过{body_max}个字。"
        self.fields["body"].widget.attrs["maxlength"] = body_max
        for field in self.fields.values():
            field.shows_required = field.required
        # Django's own length validators were built before the limits above.
        self.fields["title"].validators = [
            validators.MinLengthValidator(low),
            validators.MaxLengthValidator(high),
        ]
        self.fields["body"].validators = [validators.MaxLengthValidator(body_max)]

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of every error, each once, in the order of the form."""
        rows = [("", "", str(message)) for message in self.non_field_errors()]
        for bound in self:
            anchor = "" if bound.is_hidden else bound.id_for_label
            rows += [(anchor, bound.label, str(message)) for message in bound.errors]
        return rows


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码", max_length=16, help_text="提交成功后页面显示的10位查询码。"
    )
    phone = forms.CharField(label="联系电话", max_length=30, help_text="留言时填写的联系电话。")

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])


def phone_matches(letter: Letter, phone: str) -> bool:
    return bool(phone) and hmac.compare_digest(normalize_phone(letter.phone), phone)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label="评价", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="意见（可选）",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# -- staff steps ---------------------------------------------------------------------------


class ScreenForm(forms.Form):
    OUTCOMES = [
        ("valid", "有效，受理"),
        ("invalid", "无效，不予受理"),
        ("elsewhere", "属于其他渠道，告知"),
    ]
    outcome = forms.ChoiceField(label="审查结果", choices=OUTCOMES, widget=forms.RadioSelect)
    complexity = forms.ChoiceField(label="事项复杂程度", choices=Complexity.choices, required=False)
    referral = forms.ChoiceField(
        label="告知渠道", choices=[("", "—"), *Referral.choices], required=False
    )
    text = forms.CharField(
        label="理由或告知内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="不予受理时写理由；属于其他渠道时写明向何处反映以及原因。",
    )


class RouteForm(forms.Form):
    to = forms.ModelChoiceField(label="转办至", queryset=Organization.objects.active())
    note = forms.CharField(label="转办说明", required=False, max_length=300)

    def __init__(self, *args, letter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if letter is not None:
            self.fields["to"].queryset = Organization.objects.active().exclude(
                pk=letter.organization_id
            )


class HandBackForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label="答复附件（可选）", required=False)


class PublishForm(forms.Form):
    title = forms.CharField(label="公开标题", max_length=100)
    body = forms.CharField(label="公开的留言内容", widget=forms.Textarea(attrs={"rows": 6}))
    reply = forms.CharField(label="公开的答复内容", widget=forms.Textarea(attrs={"rows": 6}))


class UnpublishForm(forms.Form):
    reason = forms.CharField(label="取消公开理由", max_length=300)


class ErrorReportForm(forms.ModelForm):
    class Meta:
        model = ErrorReport
        fields = ["organization", "number", "received_on", "page_url", "problem"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = Organization.objects.filter(
                pk__in=[o.pk for o in organizations]
            )


class HandleErrorReportForm(forms.Form):
    fix = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}))
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 4}))
    handled_on = forms.DateField(label="办结日期", widget=forms.DateInput(attrs={"type": "date"}))
