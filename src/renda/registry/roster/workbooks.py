"""Roster workbooks: the template and the export, in the import's own columns."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from renda.core.audit import activity_record
from renda.core.models import Town
from renda.core.permissions import require
from renda.core.text import xml_safe_row

from ..enums import Gender, Level, MandateStatus, Sector, UnitKind
from ..models import ElectoralDistrict, HandlingUnit, Mandate, Village
from ..validators import id_check_digit, mask_id_number, mask_phone
from .columns import (
    COLUMNS,
    EXAMPLE_MARK,
    INDEX_HEADER,
    SHEET_TITLES,
    RosterKind,
    choice_label,
    choice_labels,
)
from .reads import roster_current_term, term_label_of

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
    ws.append(xml_safe_row(headers))
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
        ws.append(xml_safe_row(line))
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
            values = ",".join(choice_labels(col.choices))
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
        _("不要合并单元格：合并后只有第一行有值，含合并单元格的文件不会导入。"),
        _("日期可填写为 Excel 日期，或 2022-01-01、2022/1/1、2022年1月1日 这样的文字。"),
        _("每个文件至多 %(rows)s 行。") % {"rows": settings.RENDA["ROSTER_IMPORT_MAX_ROWS"]},
    ]
    if kind == RosterKind.DEPUTIES:
        lines.append(_("选区号是本镇现任一届的选区编号；请先导入选区，再导入代表。"))
    if kind == RosterKind.ELECTORAL_DISTRICTS:
        lines.append(_("选区属于本镇现任一届；覆盖的村（社区）须已在本镇登记。"))
    for line in lines:
        ws.append(xml_safe_row([line]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append([_("列名"), _("必填"), _("说明"), _("可选值")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col in COLUMNS[kind]:
        allowed = "、".join(choice_labels(col.choices)) if col.choices else ""
        ws.append(xml_safe_row([col.header, _("是") if col.required else "", str(col.note), allowed]))
    if town is None:
        return
    ws.append([])
    ws.append(xml_safe_row([_("%(town)s已登记的村（社区）") % {"town": town.name}]))
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    for v in Village.objects.filter(town=town, active=True).order_by("code"):
        ws.append(xml_safe_row([v.name, "", v.code]))
    if kind == RosterKind.DEPUTIES and (term := roster_current_term(town)):
        ws.append([])
        ws.append(xml_safe_row([_("%(term)s的选区") % {"term": term_label_of(term)}]))
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for ed in ElectoralDistrict.objects.filter(town=town, term=term).order_by("number"):
            ws.append(xml_safe_row([ed.number, "", ed.name]))


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
                "gender": choice_label(Gender, p.gender),
                "birth_date": p.birth_date,
                "ethnicity": p.ethnicity,
                "party": p.party,
                "id_number": (p.id_number or "") if unmasked else mask_id_number(p.id_number),
                "phone": p.phone if unmasked else mask_phone(p.phone),
                "sector": choice_label(Sector, p.sector),
                "workplace": p.workplace,
                "expertise": p.expertise,
                "village": p.village.name if p.village else "",
                "level": choice_label(Level, m.level),
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
            "kind": choice_label(UnitKind, u.kind),
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


def roster_export(*, town: Town, kind: str, actor, unmasked: bool = False) -> bytes:
    """The town's current roster in the import columns. Unmasked ID and phone numbers are logged."""
    require(actor, "registry.roster", town)
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
