"""Roster columns: kinds, results, cell parsers and the column specification of each roster."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from renda.core.models import Town

from ..enums import Gender, Level, Sector, UnitKind
from ..models import ElectoralDistrict, HandlingUnit, Mandate, Person
from ..validators import id_number_problem

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXAMPLE_MARK = "示例"  # a row whose 序号 is this is the template's example and is not imported
INDEX_HEADER = "序号"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE = re.compile(r"^[\d\-+()（） 转]{5,20}$")
_SPLIT = re.compile(r"[、，,；;\n]+")


class RosterKind(models.TextChoices):
    DEPUTIES = "deputies", gettext_lazy("代表")
    ELECTORAL_DISTRICTS = "electoral_districts", gettext_lazy("选区")
    HANDLING_UNITS = "handling_units", gettext_lazy("承办单位")


SHEET_TITLES = {
    RosterKind.DEPUTIES: "代表花名册",
    RosterKind.ELECTORAL_DISTRICTS: "选区",
    RosterKind.HANDLING_UNITS: "承办单位",
}


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterError:
    row: int | None  # the row number as Excel shows it; None for a problem of the whole file
    column: str  # the column header, "" when the problem is not one column's
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class RosterRow:
    number: int
    values: dict[str, Any]
    failed: set[str] = field(default_factory=set)  # keys whose cell could not be read


@dataclass
class RosterResult:
    kind: str
    town: Town
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def count_labels(self) -> list[tuple[str, int]]:
        return [(str(COUNT_LABELS[k]), v) for k, v in self.counts.items()]


COUNT_LABELS = {
    "persons": gettext_lazy("人员"),
    "mandates": gettext_lazy("代表资格"),
    "electoral_districts": gettext_lazy("选区"),
    "seats": gettext_lazy("席位"),
    "handling_units": gettext_lazy("承办单位"),
}


class Problem(Exception):
    """A cell's value cannot be used; the message is the reason shown to the user."""


# --- cell parsers --------------------------------------------------------------------------------


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def text(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        s = as_text(value)
        if len(s) > max_length:
            raise Problem(_("不能超过 %(n)s 个字") % {"n": max_length})
        return s

    return parse


@functools.cache
def _choice_labels(choices: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    with translation.override("zh-hans"):
        return tuple((str(label), value) for value, label in choices.choices)


def choice_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Chinese label -> stored value; the file format is Chinese whatever the reader's language (fixed text,
    so worked out once per choice set, not once per cell)."""
    return dict(_choice_labels(choices))


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    with translation.override("zh-hans"):
        return str(choices(value).label) if value else ""


def choice(choices: type[models.TextChoices], reason: Callable[[], str] | None = None):
    def parse(value: Any) -> str:
        s = as_text(value)
        labels = choice_labels(choices)
        if s in labels:
            return labels[s]
        if s in labels.values():
            return s
        if reason:
            raise Problem(reason())
        raise Problem(_("应为以下之一：%(values)s") % {"values": "、".join(labels)})

    return parse


_DATE_TEXT = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def date(value: Any) -> dt.date:
    """A real Excel date, or text like 2022-01-01, 2022/1/1, 2022.1.1, 2022年1月1日 or 20220101."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 29991231 and float(value).is_integer():
            value = str(int(value))
        elif 1 <= value < 2958466:  # an Excel serial day number without a date format
            return from_excel(value).date()
    s = as_text(value).replace(" ", "")
    for pattern in _DATE_TEXT:
        if m := pattern.match(s):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise Problem(_("日期无效，应写成 2022-01-01 这样的日期"))


def positive_int(value: Any) -> int:
    if isinstance(value, bool):
        raise Problem(_("应为正整数"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = as_text(value)
    if not s.isdigit() or int(s) < 1:
        raise Problem(_("应为正整数"))
    return int(s)


def id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel keeps only 15 significant digits of a number: the ID was typed into a number cell.
        raise Problem(_("身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写"))
    s = as_text(value).upper()
    if problem := id_number_problem(s):
        raise Problem(problem)
    return s


def mobile(value: Any) -> str:
    s = re.sub(r"[\s\-]", "", as_text(value))
    if not _MOBILE.fullmatch(s):
        raise Problem(_("手机号应为 11 位中国大陆手机号码"))
    return s


def phone(value: Any) -> str:
    s = as_text(value)
    if not _PHONE.fullmatch(s):
        raise Problem(_("联系电话格式不正确"))
    return s


def name_list(value: Any) -> list[str]:
    return [part.strip() for part in _SPLIT.split(as_text(value)) if part.strip()]


def _level_reason() -> str:
    return _("层级应为 镇级、区级 或 市级")


# --- column specifications -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = False
    note: Any = ""  # shown on the 说明 sheet
    choices: type[models.TextChoices] | None = None  # offered as a drop-down list
    width: int = 14
    as_text: bool = False  # the template formats the column as text (ID and phone numbers)
    is_date: bool = False


def _f(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


COLUMNS: dict[str, list[Column]] = {
    RosterKind.DEPUTIES: [
        Column("姓名", "name", text(_f(Person, "name")), required=True, width=10),
        Column("性别", "gender", choice(Gender), choices=Gender, width=6),
        Column("出生日期", "birth_date", date, is_date=True, width=12),
        Column("民族", "ethnicity", text(_f(Person, "ethnicity")), width=8),
        Column("政治面貌", "party", text(_f(Person, "party")), width=10),
        Column(
            "身份证号",
            "id_number",
            id_number,
            as_text=True,
            width=21,
            note=gettext_lazy(
                "18 位，最后一位可为 X；请以文本格式填写；同一文件内不得重复（同一人另任其他层级代表时除外）"
            ),
        ),
        Column("手机号", "phone", mobile, as_text=True, width=13),
        Column("界别", "sector", choice(Sector), choices=Sector, width=14),
        Column("工作单位及职务", "workplace", text(_f(Person, "workplace")), width=24),
        Column("专长", "expertise", text(_f(Person, "expertise")), note=gettext_lazy("以顿号或逗号分隔")),
        Column(
            "所在村（社区）",
            "village",
            text(100),
            width=16,
            note=gettext_lazy("本镇村（社区）的名称或 12 位统计用区划代码"),
        ),
        Column(
            "层级",
            "level",
            choice(Level, _level_reason),
            required=True,
            choices=Level,
            width=8,
        ),
        Column(
            "选区号",
            "electoral_district",
            positive_int,
            width=8,
            note=gettext_lazy("镇级代表必填：本镇本届选区的编号"),
        ),
        Column(
            "届次",
            "term_label",
            text(_f(Mandate, "term_label")),
            width=12,
            note=gettext_lazy("区级、市级代表必填，如“第十七届”"),
        ),
        Column("任职起始日期", "start_date", date, required=True, is_date=True, width=13),
    ],
    RosterKind.ELECTORAL_DISTRICTS: [
        Column(
            "选区号",
            "number",
            positive_int,
            required=True,
            width=8,
            note=gettext_lazy("本届内不得重复"),
        ),
        Column("名称", "name", text(_f(ElectoralDistrict, "name")), required=True, width=16),
        Column("应选名额", "seats", positive_int, required=True, width=10),
        Column(
            "覆盖村（社区）",
            "villages",
            name_list,
            width=40,
            note=gettext_lazy("多个村（社区）以顿号或逗号分隔；填写名称或 12 位统计用区划代码"),
        ),
    ],
    RosterKind.HANDLING_UNITS: [
        Column("名称", "name", text(_f(HandlingUnit, "name")), required=True, width=24),
        Column("类型", "kind", choice(UnitKind), required=True, choices=UnitKind, width=12),
        Column("联系人", "contact_name", text(_f(HandlingUnit, "contact_name")), width=10),
        Column("联系电话", "contact_phone", phone, as_text=True, width=16),
    ],
}


def column_header(kind: str, key: str) -> str:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col.header
    return ""


def column_order(kind: str, header: str) -> int:
    headers = [INDEX_HEADER] + [c.header for c in COLUMNS[kind]]
    return headers.index(header) if header in headers else len(headers)
