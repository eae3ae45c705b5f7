"""The 更正申请信息 form: the correctable fields with their current values, and a reason.

It runs :func:`requests_app.steps.correct_application` with the fields staff changed.
Not a subclass of ``forms.staff.StepForm`` (``forms.staff`` lists this form in ``STEPS``
and siblings must not import each other): it repeats that class's interface, the ``on``
field, ``issues_letter`` and the ``req`` keyword.

The ID number is not shown: left blank it stays as it is (the help text shows it masked).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from requests_app import steps
from requests_app.models import InformationRequest, mask_id_number
from requests_app.outcomes import ApplicantType
from requests_app.steps.correction import CORRECTABLE_FIELDS

_PERSON_ONLY = {"id_number"}
_ORGANIZATION_ONLY = {"credit_code", "legal_representative"}


class CorrectionForm(forms.Form):
    on = forms.DateField(label="更正日期", help_text="记入办理记录的日期。")
    reason = forms.CharField(
        label="更正理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：申请人来电告知新的联系电话；录入纸质申请时的笔误。",
        error_messages={"required": "请填写更正理由。"},
    )

    #: The step issues no letter.
    issues_letter = False

    @classmethod
    def available(cls, req: InformationRequest) -> bool:
        return True

    def __init__(self, *args, req: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.req = req
        self.fields["on"].initial = timezone.localdate()
        model_fields = forms.fields_for_model(InformationRequest, fields=CORRECTABLE_FIELDS)
        skip = _ORGANIZATION_ONLY if req.applicant_type == ApplicantType.PERSON else _PERSON_ONLY
        for name in CORRECTABLE_FIELDS:
            if name in skip:
                continue
            field = model_fields[name]
            field.required = False  # the step says which may not be empty, in Chinese
            field.help_text = ""
            if name == "id_number":
                field.help_text = f"不更正请留空。当前：{mask_id_number(req.id_number) or '—'}"
            else:
                field.initial = getattr(req, name)
            if name == "description":
                field.widget = forms.Textarea(attrs={"rows": 3})
            self.fields[name] = field
        # The reason last, after the fields it explains.
        self.order_fields(["on", *[n for n in CORRECTABLE_FIELDS if n not in skip], "reason"])

    def changes(self, d) -> dict[str, str]:
        """The fields whose submitted value differs from the request's (the ID number: any)."""
        changed = {}
        for name in CORRECTABLE_FIELDS:
            if name not in self.fields:
                continue
            value = (d.get(name) or "").strip()
            if name == "id_number":
                if value:
                    changed[name] = value
            elif value != (getattr(self.req, name) or ""):
                changed[name] = value
        return changed

    def run(self, req, by, d):
        return steps.correct_application(
            req, by=by, changes=self.changes(d), reason=d["reason"], on=d["on"]
        )
