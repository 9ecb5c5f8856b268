"""Documents: the key-supervision notice (DOCX, Chinese official layout) and the yearly report (DOCX, XLSX)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from renda.core.text import xml_safe, xml_safe_row

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, align=None, bold=False, indent=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(xml_safe(text)), font, size, bold)
    return p


def _document():
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    return doc


def _table(doc, header: list[str], rows: list[list]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(xml_safe(str(text))), HEI, 12)
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(xml_safe("" if text is None else str(text))), BODY_FONT, 12)
    return t


def key_notice_docx(notice) -> io.BytesIO:
    """关于确定X年度重点督办代表建议的通知: document number, body, a table (suggestion, lead unit,
    supervisors, deadline)."""
    town = notice.town
    doc = _document()
    _para(doc, f"{town.name}人民代表大会主席团", font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, notice.doc_number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, notice.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, _("各承办单位、主席团成员："), size=16)
    items = list(
        notice.suggestions.select_related("lead_unit", "lead_person").prefetch_related("supervisors__person")
    )
    _para(
        doc,
        _(
            "根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》的规定，经主席团研究，"
            "确定以下%(n)s件代表建议为%(year)s年度重点督办建议，由主席团成员分工督办。请各承办单位高度重视，"
            "加强与代表的联系沟通，确保按期高质量办结。"
        )
        % {"n": len(items), "year": notice.year},
        indent=True,
    )
    rows = []
    for i, s in enumerate(items, 1):
        deadline = s.due_date or notice.deadline  # the item's own; the notice's for one not yet assigned
        rows.append(
            [
                i,
                f"{s.number} {s.title}",
                s.lead_person.name,
                s.lead_unit.name if s.lead_unit else _("待交办"),
                "、".join(k.person.name for k in s.supervisors.all()),
                deadline.isoformat() if deadline else "",
            ]
        )
    _table(doc, [_("序号"), _("建议"), _("领衔代表"), _("主办单位"), _("督办人"), _("办理期限")], rows)
    _para(doc, "")
    _para(doc, f"{town.name}人民代表大会主席团", align=WD_ALIGN_PARAGRAPH.RIGHT)
    issued = timezone.localdate(notice.issued_at)
    _para(doc, f"{issued.year}年{issued.month}月{issued.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def _town_rows(report):
    """A district report's table: a row per town and the district's totals (the page's columns)."""
    total = report.district_total
    header = [
        _("镇（街道）"),
        total.total.label,
        *[f.label for f in total.buckets],
        *[f.label for f in total.replies],
        total.key[0].label,
    ]

    def line(name, row):
        return [
            name,
            row.total.value,
            *[f.value for f in row.buckets],
            *[f.value for f in row.replies],
            row.key[0].value,
        ]

    return header, [*(line(r.town.name, r) for r in report.towns), line(_("合计"), total)]


def _report_rows(report):
    unit_rows = []
    for u in report.units:
        unit_rows.append(
            [
                u.name,
                u.assigned,
                u.replied,
                u.on_time,
                u.on_time_rate,
                *[u.by_class.get(code, 0) for code, _label in report.classes],
                u.satisfaction_rate,
            ]
        )
    unit_header = [
        _("承办单位"),
        _("主办件数"),
        _("已答复"),
        _("按期答复"),
        _("按期率（%）"),
        *[f"{code}类" for code, _label in report.classes],
        _("满意率（%）"),
    ]
    return unit_header, unit_rows


def report_docx(report) -> io.BytesIO:
    doc = _document()
    _para(
        doc,
        _("%(town)s%(year)s年度代表建议办理情况报告") % {"town": report.name, "year": report.year},
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for heading, figures in (
        (_("一、总体情况"), report.totals + report.replies),
        (_("二、办理结果分类"), report.by_class),
        (_("三、代表满意度"), report.satisfaction),
        (_("四、重点督办"), report.key),
    ):
        _para(doc, heading, font=HEI, size=16)
        _table(doc, [_("项目"), _("数值")], [[f.label, f.value] for f in figures])
    if report.towns:
        _para(doc, _("五、各镇（街道）办理情况"), font=HEI, size=16)
        _table(doc, *_town_rows(report))
    _para(
        doc, _("六、各承办单位办理情况") if report.towns else _("五、各承办单位办理情况"), font=HEI, size=16
    )
    header, rows = _report_rows(report)
    _table(doc, header, rows)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def report_xlsx(report) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = _("总体情况")
    ws.append(
        xml_safe_row([_("%(town)s%(year)s年度代表建议办理情况") % {"town": report.name, "year": report.year}])
    )
    ws["A1"].font = Font(bold=True, size=14)
    for heading, figures in (
        (_("总体情况"), report.totals + report.replies),
        (_("办理结果分类"), report.by_class),
        (_("代表满意度"), report.satisfaction),
        (_("重点督办"), report.key),
    ):
        ws.append([])
        ws.append([heading])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for f in figures:
            ws.append(xml_safe_row([f.label, f.value]))
    ws.column_dimensions["A"].width = 30
    if report.towns:
        per_town = wb.create_sheet(_("各镇（街道）"))
        header, rows = _town_rows(report)
        per_town.append(xml_safe_row(header))
        for c in per_town[1]:
            c.font = Font(bold=True)
        for r in rows:
            per_town.append(xml_safe_row(r))
        per_town.column_dimensions["A"].width = 20
    units = wb.create_sheet(_("各承办单位"))
    header, rows = _report_rows(report)
    units.append(xml_safe_row(header))
    for c in units[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center")
    for r in rows:
        units.append(xml_safe_row(r))
    units.column_dimensions["A"].width = 30
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out
