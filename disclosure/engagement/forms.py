"""Public forms of 政民互动 (2): the interview question form, the open-day sign-up and its
cancellation. Guarded like the 依申请公开 form (``config.web.antibot``: honeypot, signed
token, submission key); their views are rate-limited (``config.web.ratelimit``). Fields
are rendered with ``templates/requests_app/public/field.html`` (``shows_required`` puts the
* on the label; each error stays beside its field and is listed once in the summary)."""

from __future__ import annotations

from django import forms

from config.web.antibot import GuardedFormMixin
from config.web.validators import MOBILE_RE, normalize_phone, validate_phone

CONTACT_REQUIRED = "请填写联系电话或电子邮箱（至少一项），仅用于与您联系，不会公开。"


class PublicForm(GuardedFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.shows_required = field.required

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of every error, each once, in the order of the form."""
        rows = [("", "", str(message)) for message in self.non_field_errors()]
        for bound in self:
            anchor = "" if bound.is_hidden else bound.id_for_label
            rows += [(anchor, bound.label, str(message)) for message in bound.errors]
        return rows


class QuestionForm(PublicForm):
    text = forms.CharField(
        label="问题",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写问题。"},
        help_text="不超过500字；经工作人员审核后显示，请勿填写个人信息。",
    )
    name = forms.CharField(
        label="称呼（可选）", max_length=50, required=False, help_text="不会公开。"
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Contact is required (one of the two): both labels carry the *.
        self.fields["phone"].shows_required = self.fields["email"].shows_required = True

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        if phone:
            validate_phone(phone)
        return phone

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


class SignUpForm(PublicForm):
    name = forms.CharField(
        label="姓名",
        max_length=50,
        error_messages={"required": "请填写姓名。"},
        help_text="入场核对用，不会公开。",
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=30,
        error_messages={"required": "请填写手机号码。"},
        help_text="取消报名时需要；仅供工作人员联系，不会公开。",
    )
    people = forms.IntegerField(
        label="人数（含本人）",
        min_value=1,
        initial=1,
        error_messages={"required": "请填写人数。", "min_value": "人数至少为1人。"},
    )
    consent = forms.BooleanField(
        label="本人同意机关为组织本次活动使用上述信息",
        error_messages={"required": "请阅读并勾选报名须知后再提交。"},
    )

    def __init__(self, *args, limit: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        field.max_value = limit
        field.widget.attrs.update({"min": 1, "max": limit})
        field.help_text = f"每次报名最多{limit}人。"
        self.limit = limit

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        if not MOBILE_RE.match(phone):
            raise forms.ValidationError("请填写11位手机号码。")
        return phone

    def clean_people(self):
        people = self.cleaned_data["people"]
        if people > self.limit:
            raise forms.ValidationError(f"每次报名最多{self.limit}人（含本人）。")
        return people


class CancelForm(PublicForm):
    code = forms.CharField(
        label="报名确认码",
        max_length=20,
        error_messages={"required": "请填写报名确认码。"},
        help_text="报名成功页面显示的10位确认码。",
    )
    phone = forms.CharField(
        label="报名时填写的手机号码",
        max_length=30,
        error_messages={"required": "请填写手机号码。"},
    )
