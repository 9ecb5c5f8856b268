"""Rosters (花名册) as Excel: deputies, electoral districts and handling units (DOMAIN C1).

Import validates the whole file first and reports every bad row (its row number as Excel shows it, the
column and the reason in Chinese). Nothing is written unless every row is good; then everything is
written in one transaction through the registry services. Export writes the same columns, so an
exported file imports again into another town.

Column headers and choice values are part of the file format: they are fixed Chinese text and are not
translated; the reasons are translatable like every user-facing string.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from renda.core.access import user_is_staff_for
from renda.core.audit import CODE_LABELS, activity_record
from renda.core.models import Town
from renda.core.queries import towns_for

from . import services
from .enums import Gender, Level, MandateStatus, Sector, UnitKind
from .models import ElectoralDistrict, HandlingUnit, Mandate, Person, Term, Village, chinese_number
from .validators import id_check_digit, id_number_problem, mask_id_number, mask_phone

CODE_LABELS.setdefault("roster.imported", gettext_lazy("导入花名册"))
CODE_LABELS.setdefault("person.pii_exported", gettext_lazy("导出完整个人信息"))

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


def _as_text(value: Any) -> str:
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
        s = _as_text(value)
        if len(s) > max_length:
            raise Problem(_("不能超过 %(n)s 个字") % {"n": max_length})
        return s

    return parse


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Chinese label -> stored value; the file format is Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices.choices}


def _label_of(choices: type[models.TextChoices], value: str) -> str:
    with translation.override("zh-hans"):
        return str(choices(value).label) if value else ""


def choice(choices: type[models.TextChoices], reason: Callable[[], str] | None = None):
    def parse(value: Any) -> str:
        s = _as_text(value)
        labels = _labels(choices)
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
    s = _as_text(value).replace(" ", "")
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
    s = _as_text(value)
    if not s.isdigit() or int(s) < 1:
        raise Problem(_("应为正整数"))
    return int(s)


def id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel keeps only 15 significant digits of a number: the ID was typed into a number cell.
        raise Problem(_("身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写"))
    s = _as_text(value).upper()
    if problem := id_number_problem(s):
        raise Problem(problem)
    return s


def mobile(value: Any) -> str:
    s = re.sub(r"[\s\-]", "", _as_text(value))
    if not _MOBILE.fullmatch(s):
        raise Problem(_("手机号应为 11 位中国大陆手机号码"))
    return s


def phone(value: Any) -> str:
    s = _as_text(value)
    if not _PHONE.fullmatch(s):
        raise Problem(_("联系电话格式不正确"))
    return s


def name_list(value: Any) -> list[str]:
    return [part.strip() for part in _SPLIT.split(_as_text(value)) if part.strip()]


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


def _column_header(kind: str, key: str) -> str:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col.header
    return ""


def _column_order(kind: str, header: str) -> int:
    headers = [INDEX_HEADER] + [c.header for c in COLUMNS[kind]]
    return headers.index(header) if header in headers else len(headers)


# --- reads ---------------------------------------------------------------------------------------


def roster_town_for(*, user, pk) -> Town:
    """The town whose rosters the user may import and export: 404 if unseen, 403 if not its staff."""
    try:
        town = towns_for(user=user).get(pk=int(pk))
    except (Town.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not user_is_staff_for(user, town.pk):
        raise PermissionDenied(_("只有本镇人大工作人员或区人大常委会工作人员可以导入导出花名册"))
    return town


def roster_towns_for(*, user) -> list[Town]:
    """The towns whose rosters the user may import and export."""
    return [t for t in towns_for(user=user).order_by("code") if user_is_staff_for(user, t.pk)]


def roster_current_term(town: Town, on: dt.date | None = None) -> Term | None:
    """The term whose dates cover today, else the latest one."""
    on = on or timezone.localdate()
    terms = Term.objects.filter(town=town)
    return (
        terms.filter(start_date__lte=on, end_date__gte=on).order_by("-number").first()
        or terms.order_by("-number").first()
    )


# --- reading the file ----------------------------------------------------------------------------


def _read_bytes(file) -> bytes | None:
    limit = settings.RENDA["ROSTER_IMPORT_MAX_BYTES"]
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            return None
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    return None if len(data) > limit else data


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _normalise_header(value: Any) -> str:
    return _as_text(value).replace(" ", "").replace("\u3000", "").rstrip("*＊")


def _sheet_rows(kind: str, data: bytes, errors: list[RosterError]) -> list[tuple[int, tuple]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # an uploaded file can fail to open in many ways; all mean "not an XLSX file"
        errors.append(
            RosterError(
                None, "", _("文件不是有效的 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx")
            )
        )
        return None
    try:
        title = SHEET_TITLES[kind]
        ws = wb[title] if title in wb.sheetnames else wb.worksheets[0]
        max_rows = settings.RENDA["ROSTER_IMPORT_MAX_ROWS"]
        rows: list[tuple[int, tuple]] = []
        header_seen = False
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if _is_blank(values):
                continue
            rows.append((number, values))
            if header_seen and len(rows) - 1 > max_rows:
                errors.append(
                    RosterError(None, "", _("数据超过 %(n)s 行，请分成几个文件导入") % {"n": max_rows})
                )
                return None
            header_seen = True
        return rows
    finally:
        wb.close()


def _map_headers(kind: str, header_row: int, values: tuple, errors: list[RosterError]) -> dict[str, int]:
    known = {c.header: c for c in COLUMNS[kind]}
    positions: dict[str, int] = {}
    for i, raw in enumerate(values):
        header = _normalise_header(raw)
        if not header:
            continue
        if header in positions:
            errors.append(RosterError(header_row, header, _("列名重复")))
        elif header in known or header == INDEX_HEADER:
            positions[header] = i
        else:
            errors.append(RosterError(header_row, header, _("无法识别的列名")))
    for col in COLUMNS[kind]:
        if col.required and col.header not in positions:
            errors.append(RosterError(header_row, col.header, _("缺少必填列")))
    return {known[h].key: i for h, i in positions.items() if h in known} | (
        {INDEX_HEADER: positions[INDEX_HEADER]} if INDEX_HEADER in positions else {}
    )


def _find_header(kind: str, rows: list[tuple[int, tuple]]) -> int:
    """The header is the first of the first few rows that names a known column (a title may sit above)."""
    known = {c.header for c in COLUMNS[kind]}
    for i, (_number, values) in enumerate(rows[:5]):
        if any(_normalise_header(v) in known for v in values):
            return i
    return 0


def _parse_rows(kind: str, data: bytes, errors: list[RosterError]) -> list[RosterRow]:
    rows = _sheet_rows(kind, data, errors)
    if rows is None:
        return []
    if not rows:
        errors.append(RosterError(None, "", _("文件中没有数据")))
        return []
    h = _find_header(kind, rows)
    header_row, header_values = rows[h]
    positions = _map_headers(kind, header_row, header_values, errors)
    if errors:
        return []
    parsed: list[RosterRow] = []
    for number, values in rows[h + 1 :]:
        cell = dict(enumerate(values))
        if INDEX_HEADER in positions and _as_text(cell.get(positions[INDEX_HEADER])) == EXAMPLE_MARK:
            continue
        out: dict[str, Any] = {}
        failed: set[str] = set()
        for col in COLUMNS[kind]:
            raw = cell.get(positions[col.key]) if col.key in positions else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if col.required:
                    errors.append(RosterError(number, col.header, _("必填项不能为空")))
                    failed.add(col.key)
                out[col.key] = None
                continue
            try:
                out[col.key] = col.parse(raw)
            except Problem as exc:
                errors.append(RosterError(number, col.header, str(exc)))
                failed.add(col.key)
                out[col.key] = None
        parsed.append(RosterRow(number, out, failed))
    if not parsed:
        errors.append(RosterError(None, "", _("文件中没有数据")))
    return parsed


# --- checks against the town and across rows ----------------------------------------------------


class _Villages:
    def __init__(self, town: Town):
        self.by_code: dict[str, Village] = {}
        self.by_name: dict[str, list[Village]] = defaultdict(list)
        for v in Village.objects.filter(town=town, active=True).order_by("code"):
            self.by_code[v.code] = v
            self.by_name[v.name].append(v)

    def find(self, name: str) -> Village:
        if name in self.by_code:
            return self.by_code[name]
        found = self.by_name.get(name, [])
        if len(found) > 1:
            raise Problem(_("本镇有多个名为“%(name)s”的村（社区），请填写统计用区划代码") % {"name": name})
        if not found:
            raise Problem(_("本镇没有“%(name)s”这个村（社区）") % {"name": name})
        return found[0]


def _term_label(term: Term) -> str:
    return _("第%(n)s届") % {"n": chinese_number(term.number)}


def _check_deputies(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.DEPUTIES]}
    villages = _Villages(town)
    term = roster_current_term(town)
    eds = {ed.number: ed for ed in ElectoralDistrict.objects.filter(town=town, term=term)} if term else {}
    serving = defaultdict(int)
    for ed_id in Mandate.objects.filter(
        town=town, electoral_district__in=eds.values(), status=MandateStatus.SERVING
    ).values_list("electoral_district_id", flat=True):
        serving[ed_id] += 1
    wanted: dict[int, list[int]] = defaultdict(list)  # electoral district id -> rows that take a seat
    ids_in_db = set(
        Person.objects.filter(town=town, id_number__isnull=False).values_list("id_number", flat=True)
    )
    seen: dict[str, list[RosterRow]] = defaultdict(list)

    for row in rows:
        v = row.values

        def bad(key: str, reason: str, row=row) -> None:
            errors.append(RosterError(row.number, header[key], reason))

        if v["village"]:
            try:
                v["village"] = villages.find(v["village"])
            except Problem as exc:
                bad("village", str(exc))
                v["village"] = None
        if v["id_number"] and v["birth_date"]:
            s = v["id_number"]
            if s[6:14] != v["birth_date"].strftime("%Y%m%d"):
                bad("birth_date", _("出生日期与身份证号不一致"))
        if v["id_number"]:
            if v["id_number"] in ids_in_db:
                bad("id_number", _("本镇已有相同身份证号的人员"))
            for earlier in seen[v["id_number"]]:
                if earlier.values["level"] == v["level"] or earlier.values["name"] != v["name"]:
                    bad("id_number", _("身份证号与第 %(n)s 行重复") % {"n": earlier.number})
                    break
            seen[v["id_number"]].append(row)
        level = v["level"]
        if level == Level.TOWN:
            number = v["electoral_district"]
            if not town.has_congress:
                bad("level", _("街道和开发区不设镇人民代表大会，不能登记镇级代表"))
            elif term is None:
                bad("electoral_district", _("本镇尚未建立届次，不能登记镇级代表"))
            elif number is None:
                if "electoral_district" not in row.failed:
                    bad("electoral_district", _("镇级代表须填写选区号"))
            elif number not in eds:
                bad(
                    "electoral_district",
                    _("%(term)s没有第 %(n)s 选区") % {"term": _term_label(term), "n": number},
                )
                v["electoral_district"] = None
            else:
                ed = eds[number]
                v["electoral_district"] = ed
                wanted[ed.pk].append(row.number)
                if len(wanted[ed.pk]) + serving[ed.pk] > ed.seats:
                    bad(
                        "electoral_district",
                        _("第 %(n)s 选区应选 %(seats)s 名，名额已满") % {"n": number, "seats": ed.seats},
                    )
        elif level in (Level.DISTRICT, Level.CITY):
            v["electoral_district"] = None
            if not v["term_label"]:
                bad("term_label", _("区、市级代表须填写届次"))


def _check_electoral_districts(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.ELECTORAL_DISTRICTS]}
    term = roster_current_term(town)
    if not town.has_congress:
        errors.append(RosterError(None, "", _("街道和开发区不设人民代表大会，不能导入选区")))
        return
    if term is None:
        errors.append(RosterError(None, "", _("本镇尚未建立届次，请先建立届次再导入选区")))
        return
    villages = _Villages(town)
    existing = set(ElectoralDistrict.objects.filter(town=town, term=term).values_list("number", flat=True))
    lo, hi = settings.RENDA["ELECTORAL_DISTRICT_MIN_SEATS"], settings.RENDA["ELECTORAL_DISTRICT_MAX_SEATS"]
    seen: dict[int, int] = {}
    for row in rows:
        v = row.values

        def bad(key: str, reason: str, row=row) -> None:
            errors.append(RosterError(row.number, header[key], reason))

        number = v["number"]
        if number is not None:
            if number in existing:
                bad("number", _("%(term)s已有第 %(n)s 选区") % {"term": _term_label(term), "n": number})
            elif number in seen:
                bad("number", _("选区号与第 %(n)s 行重复") % {"n": seen[number]})
            else:
                seen[number] = row.number
        if v["seats"] is not None and not lo <= v["seats"] <= hi:
            bad("seats", _("每个选区应选代表 %(lo)s 至 %(hi)s 名") % {"lo": lo, "hi": hi})
        found, missing = [], []
        for name in v["villages"] or []:
            try:
                found.append(villages.find(name))
            except Problem as exc:
                missing.append(str(exc))
        for reason in missing:
            bad("villages", reason)
        v["villages"] = found


def _check_handling_units(town: Town, rows: list[RosterRow], errors: list[RosterError]) -> None:
    header = {c.key: c.header for c in COLUMNS[RosterKind.HANDLING_UNITS]}
    existing = set(HandlingUnit.objects.filter(town=town).values_list("name", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        name = row.values["name"]
        if not name:
            continue
        if name in existing:
            errors.append(RosterError(row.number, header["name"], _("本镇已有同名承办单位")))
        elif name in seen:
            errors.append(
                RosterError(row.number, header["name"], _("名称与第 %(n)s 行重复") % {"n": seen[name]})
            )
        else:
            seen[name] = row.number


CHECKS = {
    RosterKind.DEPUTIES: _check_deputies,
    RosterKind.ELECTORAL_DISTRICTS: _check_electoral_districts,
    RosterKind.HANDLING_UNITS: _check_handling_units,
}


def _sorted(kind: str, errors: list[RosterError]) -> list[RosterError]:
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda e: (e.row or 0, _column_order(kind, e.column)))


def roster_validate(*, town: Town, kind: str, file) -> RosterResult:
    """Read and check the whole file; the result lists every problem and, if none, the rows to write."""
    kind = RosterKind(kind)
    result = RosterResult(kind=kind, town=town)
    data = _read_bytes(file)
    if data is None:
        limit = filesizeformat(settings.RENDA["ROSTER_IMPORT_MAX_BYTES"])
        result.errors.append(
            RosterError(None, "", _("文件超过 %(size)s，请分成几个文件导入") % {"size": limit})
        )
        return result
    errors: list[RosterError] = []
    rows = _parse_rows(kind, data, errors)
    if rows:
        CHECKS[kind](town, rows, errors)
    result.errors = _sorted(kind, errors)
    result.rows = rows if not result.errors else []
    return result


# --- writing -------------------------------------------------------------------------------------


def _blank_to_empty(values: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: ("" if values.get(k) is None else values[k]) for k in keys}


def _write_deputies(town: Town, rows: list[RosterRow], actor, errors: list[RosterError]) -> dict[str, int]:
    persons: dict[str, Person | None] = {}
    counts = {"persons": 0, "mandates": 0}
    text_keys = ["name", "gender", "ethnicity", "party", "phone", "sector", "workplace", "expertise"]
    for row in rows:
        v = row.values
        key = v["id_number"] or f"row:{row.number}"
        if key not in persons:
            data = _blank_to_empty(v, text_keys) | {
                "birth_date": v["birth_date"],
                "id_number": v["id_number"],
                "village": v["village"],
            }
            try:
                persons[key] = services.person_create(town=town, data=data, actor=actor)
                counts["persons"] += 1
            except ValidationError as exc:
                persons[key] = None
                errors.extend(_service_errors(RosterKind.DEPUTIES, row.number, exc))
                continue
        person = persons[key]
        if person is None:
            continue
        data = {"person": person, "level": v["level"], "start_date": v["start_date"]}
        if v["level"] == Level.TOWN:
            data["electoral_district"] = v["electoral_district"]
        else:
            data["term_label"] = v["term_label"]
        try:
            services.mandate_create(town=town, data=data, actor=actor)
            counts["mandates"] += 1
        except ValidationError as exc:
            errors.extend(_service_errors(RosterKind.DEPUTIES, row.number, exc))
    return counts


def _write_electoral_districts(town: Town, rows: list[RosterRow], actor, errors) -> dict[str, int]:
    term = roster_current_term(town)
    counts = {"electoral_districts": 0, "seats": 0}
    for row in rows:
        v = row.values
        data = {"term": term, "number": v["number"], "name": v["name"], "seats": v["seats"]}
        data["villages"] = v["villages"]
        try:
            services.electoral_district_create(town=town, data=data, actor=actor)
        except ValidationError as exc:
            errors.extend(_service_errors(RosterKind.ELECTORAL_DISTRICTS, row.number, exc))
            continue
        counts["electoral_districts"] += 1
        counts["seats"] += v["seats"]
    return counts


def _write_handling_units(town: Town, rows: list[RosterRow], actor, errors) -> dict[str, int]:
    counts = {"handling_units": 0}
    for row in rows:
        data = _blank_to_empty(row.values, ["name", "kind", "contact_name", "contact_phone"])
        try:
            services.handling_unit_create(town=town, data=data, actor=actor)
        except ValidationError as exc:
            errors.extend(_service_errors(RosterKind.HANDLING_UNITS, row.number, exc))
            continue
        counts["handling_units"] += 1
    return counts


WRITERS = {
    RosterKind.DEPUTIES: _write_deputies,
    RosterKind.ELECTORAL_DISTRICTS: _write_electoral_districts,
    RosterKind.HANDLING_UNITS: _write_handling_units,
}


def _service_errors(kind: str, number: int, exc: ValidationError) -> list[RosterError]:
    if hasattr(exc, "error_dict"):
        return [
            RosterError(number, _column_header(kind, name), str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RosterError(number, "", str(message)) for message in exc.messages]


class _Rollback(Exception):
    pass


def roster_write(*, result: RosterResult, actor, file_name: str = "") -> RosterResult:
    """Write a validated result in one transaction. A row a service refuses (say, another user saved the
    same record since the check) rolls everything back and is reported like any other bad row."""
    if result.errors or result.imported:
        return result
    town = result.town
    errors: list[RosterError] = []
    try:
        with transaction.atomic():
            counts = WRITERS[result.kind](town, result.rows, actor, errors)
            if errors:
                raise _Rollback
            activity_record(
                code="roster.imported",
                actor=actor,
                subject=town,
                town=town,
                data={"kind": str(result.kind), "rows": len(result.rows), "file": file_name, **counts},
            )
    except _Rollback:
        result.errors = _sorted(result.kind, errors)
        return result
    result.counts = counts
    result.imported = True
    return result


def roster_import(*, town: Town, kind: str, file, actor) -> RosterResult:
    """Validate the whole file; only when every row is good, write all of it in one transaction."""
    result = roster_validate(town=town, kind=kind, file=file)
    return roster_write(result=result, actor=actor, file_name=getattr(file, "name", "") or "")


# --- workbooks: template and export --------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="FFB22222")
_HEADER_FONT = Font(bold=True, color="FFFFFFFF")
_EXAMPLE_FONT = Font(italic=True, color="FF808080")
_DATE_FORMAT = "yyyy-mm-dd"


def _workbook(kind: str, rows: list[dict[str, Any]], *, example: dict[str, Any] | None, town: Town | None):
    kind = RosterKind(kind)
    columns = COLUMNS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLES[kind]
    headers = [INDEX_HEADER] + [c.header for c in columns]
    ws.append(headers)
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 6
    for i, col in enumerate(columns, start=2):
        cell = ws.cell(row=1, column=i)
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.required:
            cell.comment = Comment(_("必填"), "Renda")
    for cell in ws[1]:
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(horizontal="center")
    body = ([(EXAMPLE_MARK, example)] if example else []) + [(n, r) for n, r in enumerate(rows, start=1)]
    for index, values in body:
        line = [index] + [None if values.get(c.key) == "" else values.get(c.key) for c in columns]
        ws.append(line)
        r = ws.max_row
        for i, col in enumerate(columns, start=2):
            cell = ws.cell(row=r, column=i)
            if col.as_text:
                cell.number_format = "@"
            if col.is_date and cell.value is not None:
                cell.number_format = _DATE_FORMAT
            if index == EXAMPLE_MARK:
                cell.font = _EXAMPLE_FONT
        if index == EXAMPLE_MARK:
            ws.cell(row=r, column=1).font = _EXAMPLE_FONT
    last = max(settings.RENDA["ROSTER_IMPORT_MAX_ROWS"] + 1, ws.max_row)
    for i, col in enumerate(columns, start=2):
        letter = get_column_letter(i)
        if col.as_text:
            ws.column_dimensions[letter].number_format = "@"  # cells typed later stay text
        if col.choices is not None:
            values = ",".join(_labels(col.choices))
            dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
            dv.error = _("请从下拉列表中选择")
            dv.errorTitle = col.header
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
    _notes_sheet(wb, kind, town)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _notes_sheet(wb: Workbook, kind: str, town: Town | None) -> None:
    ws = wb.create_sheet(_("说明"))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 40
    lines = [
        _("%(kind)s花名册填写说明") % {"kind": RosterKind(kind).label},
        _("请在第一个工作表中填写，第一行是列名，不要修改列名。"),
        _("序号为“示例”的行是填写示例，导入时不会导入，可以保留或删除。"),
        _("导入时先检查整个文件：只要有一行有问题，就不导入任何数据，并列出每个问题的行号和原因。"),
        _("日期可填写为 Excel 日期，或 2022-01-01、2022/1/1、2022年1月1日 这样的文字。"),
        _("每个文件至多 %(rows)s 行。") % {"rows": settings.RENDA["ROSTER_IMPORT_MAX_ROWS"]},
    ]
    if kind == RosterKind.DEPUTIES:
        lines.append(_("选区号是本镇现任一届的选区编号；请先导入选区，再导入代表。"))
    if kind == RosterKind.ELECTORAL_DISTRICTS:
        lines.append(_("选区属于本镇现任一届；覆盖的村（社区）须已在本镇登记。"))
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append([_("列名"), _("必填"), _("说明"), _("可选值")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col in COLUMNS[kind]:
        allowed = "、".join(_labels(col.choices)) if col.choices else ""
        ws.append([col.header, _("是") if col.required else "", str(col.note), allowed])
    if town is None:
        return
    ws.append([])
    ws.append([_("%(town)s已登记的村（社区）") % {"town": town.name}])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    for v in Village.objects.filter(town=town, active=True).order_by("code"):
        ws.append([v.name, "", v.code])
    if kind == RosterKind.DEPUTIES and (term := roster_current_term(town)):
        ws.append([])
        ws.append([_("%(term)s的选区") % {"term": _term_label(term)}])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for ed in ElectoralDistrict.objects.filter(town=town, term=term).order_by("number"):
            ws.append([ed.number, "", ed.name])


EXAMPLES = {
    RosterKind.DEPUTIES: {
        "name": "张三",
        "gender": "男",
        "birth_date": dt.date(1975, 3, 1),
        "ethnicity": "汉族",
        "party": "中共党员",
        "id_number": "32050919750301001" + id_check_digit("32050919750301001"),
        "phone": "13800000000",
        "sector": "农民",
        "workplace": "某某村党委书记",
        "expertise": "农业、水利",
        "village": "某某村",
        "level": "镇级",
        "electoral_district": 1,
        "term_label": "",
        "start_date": dt.date(2022, 1, 1),
    },
    RosterKind.ELECTORAL_DISTRICTS: {
        "number": 1,
        "name": "第一选区",
        "seats": 2,
        "villages": "某某村、某某社区",
    },
    RosterKind.HANDLING_UNITS: {
        "name": "某某派出所",
        "kind": "基层站所",
        "contact_name": "李四",
        "contact_phone": "0512-63000000",
    },
}


def roster_template(*, kind: str, town: Town | None = None) -> bytes:
    """An empty roster with its header, one example row, drop-down lists and an 说明 sheet."""
    return _workbook(kind, [], example=EXAMPLES[RosterKind(kind)], town=town)


def _deputy_rows(town: Town, unmasked: bool) -> list[dict[str, Any]]:
    mandates = Mandate.objects.filter(town=town, status=MandateStatus.SERVING).select_related(
        "person", "person__village", "electoral_district"
    )
    level_order = {value: i for i, value in enumerate(Level.values)}
    mandates = sorted(
        mandates,
        key=lambda m: (
            level_order[m.level],
            m.electoral_district.number if m.electoral_district else 0,
            m.person.name,
            m.pk,
        ),
    )
    rows = []
    for m in mandates:
        p = m.person
        rows.append(
            {
                "name": p.name,
                "gender": _label_of(Gender, p.gender),
                "birth_date": p.birth_date,
                "ethnicity": p.ethnicity,
                "party": p.party,
                "id_number": (p.id_number or "") if unmasked else mask_id_number(p.id_number),
                "phone": p.phone if unmasked else mask_phone(p.phone),
                "sector": _label_of(Sector, p.sector),
                "workplace": p.workplace,
                "expertise": p.expertise,
                "village": p.village.name if p.village else "",
                "level": _label_of(Level, m.level),
                "electoral_district": m.electoral_district.number
                if m.level == Level.TOWN and m.electoral_district
                else None,
                "term_label": m.term_label if m.level != Level.TOWN else "",
                "start_date": m.start_date,
            }
        )
    return rows


def _electoral_district_rows(town: Town, unmasked: bool) -> list[dict[str, Any]]:
    term = roster_current_term(town)
    if term is None:
        return []
    eds = (
        ElectoralDistrict.objects.filter(town=town, term=term).prefetch_related("villages").order_by("number")
    )
    return [
        {
            "number": ed.number,
            "name": ed.name,
            "seats": ed.seats,
            "villages": "、".join(v.name for v in sorted(ed.villages.all(), key=lambda v: v.code)),
        }
        for ed in eds
    ]


def _handling_unit_rows(town: Town, unmasked: bool) -> list[dict[str, Any]]:
    units = HandlingUnit.objects.filter(town=town, end_date__isnull=True).order_by("kind", "name")
    return [
        {
            "name": u.name,
            "kind": _label_of(UnitKind, u.kind),
            "contact_name": u.contact_name,
            "contact_phone": u.contact_phone,
        }
        for u in units
    ]


EXPORTERS = {
    RosterKind.DEPUTIES: _deputy_rows,
    RosterKind.ELECTORAL_DISTRICTS: _electoral_district_rows,
    RosterKind.HANDLING_UNITS: _handling_unit_rows,
}


def roster_export(*, town: Town, kind: str, unmasked: bool = False, actor=None) -> bytes:
    """The town's current roster in the import columns. Unmasked ID and phone numbers are logged."""
    kind = RosterKind(kind)
    rows = EXPORTERS[kind](town, unmasked)
    if unmasked and kind == RosterKind.DEPUTIES:
        activity_record(
            code="person.pii_exported",
            actor=actor,
            subject=town,
            town=town,
            data={"kind": str(kind), "rows": len(rows)},
        )
    return _workbook(kind, rows, example=None, town=None)


def roster_filename(*, kind: str, town: Town | None = None, template: bool = False) -> str:
    kind = RosterKind(kind)
    with translation.override("zh-hans"):
        label = str(kind.label)
    if template:
        return f"{label}花名册模板.xlsx"
    return f"{town.name if town else ''}{label}花名册{timezone.localdate():%Y%m%d}.xlsx"
