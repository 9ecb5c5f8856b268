"""The campaign board as XLSX (one row per town the reader may see, then the district's totals) and as the DOCX
summary (情况通报) in official layout."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renda.core.text import xml_safe, xml_safe_row

from .queries import Board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def board_header(board: Board) -> list[str]:
    return [
        _("镇（街道）"),
        _("完成情况"),
        _("跟进期限"),
        _("完成日期"),
        _("跟进活动"),
        *board.categories,
        _("整改事项"),
        _("已销号"),
        _("已超期"),
    ]


def board_xlsx(board: Board) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = _("专项督查进度")
    ws.append([xml_safe(board.campaign.title)])
    ws["A1"].font = Font(bold=True, size=14)
    header = board_header(board)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for r in board.rows:
        t = r.task
        ws.append(
            xml_safe_row(
                [
                    t.town.name,
                    r.standing_label,
                    t.due_date.isoformat() if t.due_date else "",
                    t.done_on.isoformat() if t.done_on else "",
                    str(t.activity) if t.activity else "",
                    *r.findings,
                    r.raised,
                    r.closed,
                    r.overdue,
                ]
            )
        )
    tot = board.totals
    done = f"{tot['on_time']}/{tot['late']}/{tot['not_yet']}"
    ws.append(
        xml_safe_row(
            [
                _("全区合计（%(n)s 个镇街）") % {"n": board.towns},
                _("按时 / 逾期 / 未完成：%(v)s") % {"v": done},
                "",
                "",
                "",
                *tot["findings"],
                tot["raised"],
                tot["closed"],
                tot["overdue"],
            ]
        )
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for i in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def board_docx(board: Board, *, today) -> io.BytesIO:
    """The 情况通报 of a campaign in official layout: the red masthead of the district's standing committee's
    office, the document number, the title, the body (what was launched, how the towns followed up: on time,
    late, not yet, with their names; the findings per category; the rectification items raised, closed and
    overdue), a table of the towns' rows with the district's totals, the issuing organ and date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from renda.oversight.documents import BODY_FONT, TITLE_FONT, _date, _font, _para

    c = board.campaign
    organ = _("%(district)s人大常委会办公室") % {"district": c.district.name}
    doc = Document()
    for s in doc.sections:
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin = Cm(3.7), Cm(3.5)
        s.left_margin, s.right_margin = Cm(2.8), Cm(2.6)
    _para(doc, organ, font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER, red=True)
    year = (c.launch_date or today).year
    _para(
        doc, _("情况通报〔%(year)s〕第%(n)s号") % {"year": year, "n": c.pk}, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _para(
        doc,
        _("关于“%(title)s”各镇（街道）跟进情况的通报") % {"title": c.title},
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, _("各镇人大、街道人大工委："))
    tot = board.totals
    by = {"on_time": [], "late": [], "not_yet": []}
    for r in board.rows:
        by[r.standing].append(r.task.town.name)
    launched = _date(c.launch_date) if c.launch_date else "—"
    _para(
        doc,
        _(
            "%(day)s，区人大常委会部署开展“%(title)s”，要求各镇（街道）在 %(days)s 天内开展跟进活动并报送情况。"
            "共有 %(towns)s 个镇（街道）参加，现将跟进情况通报如下。"
        )
        % {"day": launched, "title": c.title, "days": c.followup_days, "towns": board.towns},
        indent=True,
    )
    names = lambda k: "、".join(by[k]) or _("无")  # noqa: E731
    _para(
        doc,
        _("一、跟进情况。按时完成 %(a)s 个：%(an)s；逾期完成 %(b)s 个：%(bn)s；尚未完成 %(c)s 个：%(cn)s。")
        % {
            "a": tot["on_time"],
            "an": names("on_time"),
            "b": tot["late"],
            "bn": names("late"),
            "c": tot["not_yet"],
            "cn": names("not_yet"),
        },
        indent=True,
    )
    found = "；".join(f"{k} {n} 处" for k, n in zip(board.categories, tot["findings"], strict=True)) or _(
        "无"
    )
    _para(doc, _("二、发现问题。%(found)s。") % {"found": found}, indent=True)
    _para(
        doc,
        _("三、整改落实。提出整改事项 %(raised)s 件，已销号 %(closed)s 件，已超期 %(overdue)s 件。")
        % {"raised": tot["raised"], "closed": tot["closed"], "overdue": tot["overdue"]},
        indent=True,
    )
    header = board_header(board)
    header = [header[0], header[1], header[3], *header[5:]]
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = xml_safe(str(text))
    for r in board.rows:
        t = r.task
        values = [
            t.town.name,
            r.standing_label,
            t.done_on.isoformat() if t.done_on else "—",
            *r.findings,
            r.raised,
            r.closed,
            r.overdue,
        ]
        for cell, v in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(str(v))
    values = [_("合计"), f"{tot['on_time']}/{tot['late']}/{tot['not_yet']}", "", *tot["findings"]]
    values += [tot["raised"], tot["closed"], tot["overdue"]]
    for cell, v in zip(table.add_row().cells, values, strict=True):
        cell.text = xml_safe(str(v))
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    _font(run, BODY_FONT, 12)
    _para(doc, "")
    _para(doc, organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _date(today), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out
