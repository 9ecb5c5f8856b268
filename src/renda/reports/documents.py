"""The year-end pack's files (主席团年度工作统计), from one dashboard of the pack's towns:

- the DOCX in official layout: the organ's title, the year, a numbered section per module with its figures as a
  table (a column per town and the total for the district's pack);
- the XLSX: the same tables, one sheet per table;
- the PDF (WeasyPrint, a CJK font on the server): the same tables with each module's bar chart as an SVG image."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from renda.core.text import xml_safe, xml_safe_row

from .charts import bar_chart_svg
from .queries import Dashboard

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str | int | float]]
    chart: str = ""  # the module's bar chart (SVG)


def cell_text(cell) -> str | int | float:
    if cell.den is None:
        return cell.value
    return "—" if cell.value is None else f"{cell.value}%"


def pack_title(*, where: str, year: int) -> str:
    return _("%(where)s人民代表大会主席团%(year)s年度工作统计") % {"where": where, "year": year}


def pack_tables(board: Dashboard, *, district: bool) -> list[Table]:
    """A table per module: a row per figure, a column per town (and the district's total)."""
    columns = [r.town.name for r in board.rows if r.town] + ([_("合计")] if district else [])
    rows_of = [*board.rows, board.total] if district else board.rows
    tables = []
    for module in dict.fromkeys(m.module for m in board.measures):
        ms = [m for m in board.measures if m.module == module]
        rows: list[list] = [
            [f"{m.label}{'（%）' if m.kind == 'rate' else ''}", *(cell_text(r.cells[m.key]) for r in rows_of)]
            for m in ms
        ]
        counts = [m for m in ms if m.kind == "count"]
        if district:  # bars per town of the module's first figure
            first = counts[0]
            bars = [(r.town.name, r.cells[first.key].value) for r in board.rows if r.town]
            chart_title = f"{ms[0].module_label} · {first.label}"
        else:  # bars per figure of the module in the town
            bars = [(str(m.label), board.rows[0].cells[m.key].value) for m in counts] if board.rows else []
            chart_title = str(ms[0].module_label)
        tables.append(
            Table(str(ms[0].module_label), [_("指标"), *columns], rows, bar_chart_svg(chart_title, bars))
        )
    return tables


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(xml_safe(text)), font, size)
    return p


def _numeral(i: int) -> str:
    return CHINESE_NUMERALS[i] if i < len(CHINESE_NUMERALS) else str(i + 1)


def pack_docx(*, title: str, organ: str, year: int, tables: list[Table]) -> bytes:
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        doc,
        _("统计范围：%(year)s年1月1日至12月31日；统计口径见各表。") % {"year": year},
        indent=True,
    )
    for i, t in enumerate(tables):
        _para(doc, f"{_numeral(i)}、{t.title}", font=HEADING_FONT)
        table = doc.add_table(rows=1, cols=len(t.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, t.header, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(xml_safe(text)), HEADING_FONT, 12)
        for row in t.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(xml_safe(str(value))), BODY_FONT, 12)
    _para(doc, "")
    _para(doc, organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    today = timezone.localdate()
    _para(doc, f"{today.year}年{today.month}月{today.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    base, n = name, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def pack_xlsx(*, title: str, tables: list[Table]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for t in tables:
        ws = wb.create_sheet(_sheet_name(t.title, used))
        ws.append([xml_safe(f"{title} · {t.title}")])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(xml_safe_row(t.header))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append(xml_safe_row(row))
        ws.column_dimensions["A"].width = 24
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def pack_pdf(*, title: str, organ: str, year: int, tables: list[Table]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/pack_print.html",
        {
            "title": title,
            "organ": organ,
            "year": year,
            "today": timezone.localdate(),
            "tables": [
                {"t": t, "numeral": _numeral(i), "chart": svg_data_uri(t.chart)} for i, t in enumerate(tables)
            ],
        },
    )
    return HTML(string=html).write_pdf()
