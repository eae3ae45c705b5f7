"""更正申请信息: correcting the application as received, as an event with before and after.

The application as received is the record of what the applicant asked (Art. 29) and is
never edited in place: the admin shows it read-only. What staff may correct is a short
list, each change with a reason, each field's old and new value kept in the event:

- the applicant's contact details (联系人, 电话, 电子邮箱, 通信地址, 邮政编码), which
  the applicant may change while the request is handled;
- obvious slips in identification (姓名或名称, 身份证件号码, 统一社会信用代码,
  法定代表人) and in the description of the information asked for, e.g. a typo made when
  a paper application was typed in.

Not correctable: the applicant's type, the kind of organisation and the kind of ID (a
different applicant is a different application), the agency, channel and receipt date
(they fix the limit, Art. 31), and the applicant's choices of form and delivery and the
purpose. A change to *what* is asked is a 补正 (Art. 30: the limit counts anew), not a
correction.

An ID number is encrypted at rest: the event keeps only its masked form.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from catalog.validators import validate_credit_code
from config.web.validators import (
    normalize_id_number,
    normalize_phone,
    validate_phone,
    validate_resident_id,
)
from requests_app import flags
from requests_app.models import InformationRequest, Status, mask_id_number
from requests_app.steps.base import (
    K,
    WorkflowError,
    begin,
    check_not_before_receipt,
    finish,
    on_or_today,
    record_event,
)

#: The fields staff may correct, in the order the application form shows them.
CORRECTABLE_FIELDS = (
    "name",
    "id_number",
    "credit_code",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "postal_address",
    "postal_code",
    "description",
)

#: Fields whose values are the applicant's personal data: an event correcting any of
#: them is not shown on the applicant's tracking page.
PERSONAL_FIELDS = frozenset(CORRECTABLE_FIELDS) - {"description"}

#: Every status but 已归档: an archived file is closed for good.
CORRECTABLE_STATUSES = frozenset(Status) - {Status.ARCHIVED}

_REQUIRED = {"name": "申请人姓名或名称", "phone": "联系电话", "description": "申请内容"}


def _label(name: str) -> str:
    return str(InformationRequest._meta.get_field(name).verbose_name)


def _normalized(req: InformationRequest, name: str, value: Any) -> str:
    """The value as stored, checked as the application form checks it."""
    value = str(value if value is not None else "").strip()
    if name == "id_number":
        value = normalize_id_number(value)
        if value and req.id_type == InformationRequest.IdType.RESIDENT_ID:
            validate_resident_id(value)
    elif name == "credit_code":
        value = value.upper()
        if value:
            validate_credit_code(value)
    elif name == "phone":
        value = normalize_phone(value)
        validate_phone(value)
    elif name == "email" and value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError("请填写有效的电子邮箱。") from None
    elif name == "postal_code" and value and not (len(value) == 6 and value.isdigit()):
        raise ValidationError("邮政编码应为6位数字。")
    if not value and name in _REQUIRED:
        raise ValidationError(f"{_REQUIRED[name]}不能为空。")
    max_length = InformationRequest._meta.get_field(name).max_length
    if max_length and len(value) > max_length:
        raise ValidationError(f"不能超过{max_length}个字符。")
    return value


def _shown(name: str, value: str) -> str:
    """A value as the event keeps it: an ID number only masked."""
    return mask_id_number(value) if name == "id_number" else value


@transaction.atomic
def correct_application(
    req: InformationRequest,
    *,
    by,
    changes: Mapping[str, Any],
    reason: str,
    on: datetime.date | None = None,
) -> InformationRequest:
    """Correct fields of the application as received; the event keeps before and after.

    ``changes`` maps field names of :data:`CORRECTABLE_FIELDS` to their new values; a
    field whose new value equals the stored one is ignored, and a correction that changes
    nothing is refused, as is one without a reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写更正理由。")
    refused = [name for name in changes if name not in CORRECTABLE_FIELDS]
    if refused:
        labels = "、".join(
            _label(n) if n in {f.name for f in InformationRequest._meta.fields} else n
            for n in refused
        )
        raise WorkflowError(
            f"{labels}不能更正：申请人类型、证件类型、申请方式、收到日期、获取信息的形式和方式"
            "以收到的申请为准；申请内容的实质变更应通过补正办理。"
        )
    req = begin(req, by, CORRECTABLE_STATUSES, "更正申请信息")
    on = on_or_today(on)
    check_not_before_receipt(req, on, "更正")

    rows, fields, errors = [], {}, []
    for name in CORRECTABLE_FIELDS:
        if name not in changes:
            continue
        try:
            after = _normalized(req, name, changes[name])
        except ValidationError as exc:
            errors.append(f"{_label(name)}：{'；'.join(exc.messages)}")
            continue
        before = getattr(req, name) or ""
        if after == before:
            continue
        fields[name] = after
        rows.append(
            {
                "field": name,
                "label": _label(name),
                "before": _shown(name, before),
                "after": _shown(name, after),
            }
        )
    if errors:
        raise WorkflowError("；".join(errors))
    if not rows:
        raise WorkflowError("更正后的内容与原内容相同，没有需要更正的信息。")

    # The corrected application must still be complete (e.g. an address when posting).
    for name, value in fields.items():
        setattr(req, name, value)
    try:
        req.clean()
    except ValidationError as exc:
        raise WorkflowError("；".join(exc.messages)) from None

    record_event(
        req,
        K.CORRECTED,
        by=by,
        on=on,
        note=f"更正理由：{reason}",
        data={"reason": reason, "changes": rows},
        visible=not (PERSONAL_FIELDS & set(fields)),
    )
    req = finish(req, **fields)
    if {"id_number", "credit_code", "description"} & set(fields):
        flags.refresh(req)  # who asked and what: the repeat and Art. 44 hints follow
    return req
