"""Session documents as DOCX in the Chinese official layout (python-docx): the agenda, the list of
decisions with their votes, and a cover page for an agenda item's papers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from renda.core.text import xml_safe

from .models import AgendaItem, Session, Vote

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _set_font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _document():
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:  # GB/T 9704: A4, margins 37/35/28/26 mm
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    return doc


def _para(doc, text: str, *, font=BODY_FONT, size=16, bold=False, center=False, indent=True, space_after=0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.line_spacing = Pt(28)
    _set_font(p.add_run(xml_safe(text)), font, size, bold)
    return p


def _heading(doc, session: Session, title: str) -> None:
    _para(doc, str(session), font=TITLE_FONT, size=22, center=True, space_after=6)
    _para(doc, title, font=TITLE_FONT, size=22, center=True, space_after=12)
    dates = _("（%(a)s至%(b)s）") % {
        "a": session.start_date.strftime("%Y年%m月%d日"),
        "b": session.end_date.strftime("%Y年%m月%d日"),
    }
    _para(doc, dates, font="楷体_GB2312", size=16, center=True, space_after=18)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def agenda_docx(*, session: Session, items: list[AgendaItem]) -> bytes:
    doc = _document()
    _heading(doc, session, _("议程"))
    if not items:
        _para(doc, _("（议程待定）"))
    for i, item in enumerate(items, 1):
        _para(doc, f"{_cn_ordinal(i)}、{item.title}")
    if session.venue:
        _para(doc, _("会议地点：%(v)s") % {"v": session.venue}, space_after=0)
    return _save(doc)


def decisions_docx(*, session: Session, votes: list[Vote]) -> bytes:
    doc = _document()
    _heading(doc, session, _("表决事项及结果"))
    closed = [v for v in votes if v.passed is not None]
    if not closed:
        _para(doc, _("（本次会议尚无已计票的表决事项）"))
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    heads = [_("序号"), _("表决事项"), _("全体代表"), _("赞成"), _("反对"), _("弃权"), _("结果")]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(xml_safe(text)), HEADING_FONT, 12)
    for i, v in enumerate(closed, 1):
        row = table.add_row().cells
        values = [str(i), v.title, str(v.serving), str(v.yes), str(v.no), str(v.abstain),
                  _("通过") if v.passed else _("未通过")]  # fmt: skip
        for cell, text in zip(row, values, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(xml_safe(text)), BODY_FONT, 12)
    _para(doc, "")
    _para(
        doc,
        _(
            "说明：决定和选举以全体代表的过半数通过（全国人民代表大会和地方各级人民代表大会代表法、地方组织法）。"
        ),
        size=12,
    )
    return _save(doc)


def cover_docx(*, item: AgendaItem) -> bytes:
    """A cover page for an agenda item's papers (会议文件之N)."""
    doc = _document()
    _para(
        doc,
        _("会议文件之%(n)s") % {"n": item.order},
        font=HEADING_FONT,
        size=16,
        indent=False,
        space_after=120,
    )
    _para(doc, str(item.session), font=TITLE_FONT, size=22, center=True, space_after=24)
    _para(doc, item.title, font=TITLE_FONT, size=26, center=True, space_after=160)
    _para(doc, item.session.start_date.strftime("%Y年%m月%d日"), font=BODY_FONT, size=16, center=True)
    return _save(doc)


def _cn_ordinal(n: int) -> str:
    from renda.registry.models import chinese_number

    return chinese_number(n)
