"""The printable public notice of a reception day (公示): PDF (WeasyPrint) and DOCX (python-docx), each with
a QR code that opens the portal's appeal form for that place; and the deputies' iCalendar feed."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.site import site_url
from renda.core.text import xml_safe

from .models import ReceptionDay


def appeal_form_url(token: str, request=None) -> str:
    """Absolute URL of the portal appeal form for a place (reception day or liaison post), at the site's
    address (renda.core.site: RENDA_SITE_URL, else the request's, else the address the server started with)."""
    return site_url(request) + reverse("portal:appeal") + f"?place={token}"


def qr_png(url: str, scale: int = 8) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def qr_svg_data_uri(url: str, scale: int = 4) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=4)


def notice_context(day: ReceptionDay, request=None) -> dict:
    url = appeal_form_url(day.token, request)
    return {
        "day": day,
        "deputies": list(day.deputies.all()),
        "url": url,
        "qr": qr_svg_data_uri(url, scale=5),
        "title": _("%(town)s人大代表接待选民公示") % {"town": day.town.name},
    }


def notice_pdf(day: ReceptionDay, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("receptions/notice_print.html", notice_context(day, request))
    return HTML(string=html, base_url=site_url(request)).write_pdf()


def notice_docx(day: ReceptionDay, request=None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    ctx = notice_context(day, request)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def run(paragraph, text: str, font: str, size: float, bold: bool = False):
        r = paragraph.add_run(xml_safe(text))
        r.font.name = font
        r.font.size = Pt(size)
        r.bold = bold
        r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        return r

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, ctx["title"], "方正小标宋简体", 22)
    lines = [
        (_("接待时间"), f"{day.date:%Y年%m月%d日} {day.start_time:%H:%M}—{day.end_time:%H:%M}"),
        (_("接待地点"), day.place),
        (_("带队领导"), " ".join(x for x in [day.leader_title, day.leader_name] if x) or "—"),
        (_("接待代表"), "、".join(p.name for p in ctx["deputies"]) or "—"),
    ]
    for label, value in lines:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        run(p, f"{label}：", "黑体", 16)
        run(p, value, "仿宋_GB2312", 16)
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    run(
        p,
        _(
            "欢迎广大选民群众届时前往反映意见和建议。不能到场的，可扫描下方二维码在线提交诉求，我们将在一个月内答复。"
        ),
        "仿宋_GB2312",
        16,
    )
    q = doc.add_paragraph()
    q.alignment = WD_ALIGN_PARAGRAPH.CENTER
    q.add_run().add_picture(io.BytesIO(qr_png(ctx["url"])), width=Cm(4.5))
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(cap, _("扫码提交诉求"), "仿宋_GB2312", 12)
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(sign, _("%(town)s人民代表大会主席团") % {"town": day.town.name}, "仿宋_GB2312", 16)
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    published = timezone.localdate(day.published_at) if day.published_at else timezone.localdate()
    run(date, f"{published:%Y年%m月%d日}", "仿宋_GB2312", 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
