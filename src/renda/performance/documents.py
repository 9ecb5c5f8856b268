"""The deputy's yearly report (代表年度履职报告) as DOCX in Chinese official-document layout: the title, the
deputy and the year, a summary per kind of duty (count and points), every line of the record with its date,
the assessment's total and rank when the year is assessed, and the town's presidium with the date."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from renda.core.text import xml_safe

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(xml_safe(text)), font, size)
    return p


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _n(value) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value.normalize():f}"


def yearly_report_docx(*, record, score=None) -> bytes:
    person, year = record.person, record.year
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, _("%(name)s代表%(year)s年度履职报告") % {"name": person.name, "year": year},
          font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)  # fmt: skip
    _para(doc, _("（%(town)s）") % {"town": person.town.name}, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, _("一、履职概况"), font=HEADING_FONT)
    kinds = [k for k in record.kinds if k.count]
    if not kinds:
        _para(doc, _("本年度暂无履职记录。"))
    for k in kinds:
        _para(doc, _("%(kind)s：%(count)s项，计%(points)s分。") % {
            "kind": k.label, "count": k.count, "points": _n(k.total)})  # fmt: skip
    _para(doc, _("二、履职明细"), font=HEADING_FONT)
    for i, line in enumerate(record.lines, 1):
        text = f"{i}. {_date(line.date)}　{line.label}"
        if line.detail:
            text += f"（{line.detail}）"
        _para(doc, text)
    _para(doc, _("三、考核结果"), font=HEADING_FONT)
    if score is not None:
        _para(doc, _("本年度考核得分%(total)s分，在全镇代表中排名第%(rank)s位。") % {
            "total": _n(score.total), "rank": score.rank})  # fmt: skip
    else:
        _para(doc, _("本年度尚未考核；按现行计分规则累计%(total)s分。") % {"total": _n(record.total)})
    _para(doc, "")
    _para(doc, _("%(town)s人民代表大会主席团") % {"town": person.town.name}, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _date(timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
