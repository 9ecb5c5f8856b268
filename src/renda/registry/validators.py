"""ID numbers (GB 11643 check digit) and mainland mobile numbers; masking for display."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# A landline: area code (0 and 2-3 digits) and 7-8 digits, with an optional extension; or a bare local number.
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str | None:
    """None if the 18-digit resident ID number is valid, else the reason in Chinese."""
    if not re.fullmatch(r"\d{17}[\dXx]", value or ""):
        return str(_("身份证号应为 18 位（最后一位可为 X）"))
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return str(_("身份证号中的出生日期无效"))
    if id_check_digit(value[:17]) != value[17].upper():
        return str(_("身份证号校验位不正确"))
    return None


def validate_id_number(value: str) -> None:
    if value and (problem := id_number_problem(value)):
        raise ValidationError(problem, code="id_number")


def validate_mobile(value: str) -> None:
    if value and not _MOBILE.fullmatch(value):
        raise ValidationError(_("手机号应为 11 位中国大陆手机号码"), code="mobile")


def validate_phone(value: str) -> None:
    """A mainland mobile or landline number (units give either)."""
    if value and not (_MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value)):
        raise ValidationError(_("联系电话应为手机号码或固定电话（如 0512-63451234）"), code="phone")


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 7 else value


def mask_id_number(value: str | None) -> str:
    return f"{value[:6]}********{value[-4:]}" if value and len(value) == 18 else (value or "")
