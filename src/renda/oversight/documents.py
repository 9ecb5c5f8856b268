"""Documents of oversight: the deliberation opinions (审议意见) in Chinese official-document layout (DOCX):
the issuing organ, the document number, the title, the addressee, the body, the issuing organ and date over
the seal line."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from renda.core.text import xml_safe

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, align=None, indent=False, red=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    run = p.add_run(xml_safe(text))
    _font(run, font, size)
    if red:
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    return p


def _date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def opinion_docx(opinion) -> io.BytesIO:
    """The opinion as issued: a red masthead of the town's presidium, the number, the title, the addressee,
    the body paragraph by paragraph, the issuing organ and date with the seal line under them."""
    town = opinion.town
    organ = _("%(town)s人民代表大会主席团") % {"town": town.name}
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, organ, font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER, red=True)
    _para(doc, opinion.number or "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, opinion.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{opinion.addressee}：")
    for line in opinion.body.splitlines():
        if line.strip():
            _para(doc, line.strip(), indent=True)
    _para(doc, "")
    _para(doc, organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if opinion.issued_on:
        _para(doc, _date(opinion.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _("（盖章）"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
