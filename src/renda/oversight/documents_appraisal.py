"""The station appraisal's results (DOCX, Chinese official layout, built with the opinion document's helpers):
the town presidium's red masthead, the title, a lead paragraph, the ranking table (rank, station, score, the
deputies' and voters' averages and sheets, the rectification status of its key problems), the issuing organ and
date over the seal line."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from renda.core.text import xml_safe

from .documents import BODY_FONT, DOCX, TITLE_FONT, _date, _font, _para

__all__ = ["DOCX", "appraisal_results_docx", "rectification_status"]


def rectification_status(row) -> str:
    """How a station's key problems stand: none, or so many in hand and so many closed."""
    if not row.items:
        return _("无重点问题")
    return _("整改事项 %(n)s 项：未销号 %(open)s，已销号 %(closed)s") % {
        "n": row.items,
        "open": row.open_items,
        "closed": row.closed_items,
    }


def _cell(cell, text: str, size: float = 12, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(xml_safe(text))
    _font(run, BODY_FONT, size, bold)


def appraisal_results_docx(appraisal, rows):
    """`rows`: queries_appraisal.appraisal_ranking(appraisal), in ranking order."""
    import io

    town = appraisal.town
    organ = _("%(town)s人民代表大会主席团") % {"town": town.name}
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, organ, font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER, red=True)
    _para(doc, _("关于%(title)s结果的通报") % {"title": appraisal.title}, font=TITLE_FONT, size=22,
          align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    deputy = sum(r.deputy_sheets for r in rows)
    voter = sum(r.voter_sheets for r in rows)
    _para(
        doc,
        _(
            "根据年度工作安排，镇人大主席团组织代表和选民对%(n)s个基层站所开展评议，共收回代表测评表%(d)s份、"
            "选民测评表%(v)s份。现将评议结果及重点问题整改情况通报如下："
        )
        % {"n": len(rows), "d": deputy, "v": voter},
        indent=True,
    )
    headers = [
        _("排名"),
        _("站所"),
        _("综合得分"),
        _("代表测评"),
        _("选民测评"),
        _("测评票数"),
        _("整改情况"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for r in rows:
        values = [
            str(r.rank) if r.rank is not None else "—",
            r.name,
            str(r.score) if r.score is not None else "—",
            str(r.deputy_score) if r.deputy_score is not None else "—",
            str(r.voter_score) if r.voter_score is not None else "—",
            str(r.sheets),
            rectification_status(r),
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, text)
    _para(doc, "")
    _para(doc, organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    day = (
        timezone.localtime(appraisal.published_at).date() if appraisal.published_at else timezone.localdate()
    )
    _para(doc, _date(day), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _("（盖章）"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
