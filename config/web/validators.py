"""Validators for applicants' identity data."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError

# GB 11643-1999: weights of the first 17 digits and the check characters by remainder.
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def validate_resident_id(value: str) -> None:
    """A 居民身份证 number: 18 characters, a real birth date, the right check character."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError("居民身份证号码应为18位，当前为%(n)d位。", params={"n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("居民身份证号码前17位应为数字，最后一位为数字或X。")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("居民身份证号码中的出生日期无效。") from None
    if born.year < 1900 or born > datetime.date.today():
        raise ValidationError("居民身份证号码中的出生日期无效。")
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError("居民身份证号码校验位不正确，请核对后重新填写。")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "").replace("－", "-")


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError("请填写有效的手机号码（11位）或带区号的固定电话，如 0635-8241234。")
