"""The campaign board as XLSX: one row per town the reader may see, then the district's totals."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from renda.core.text import xml_safe, xml_safe_row

from .queries import Board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
