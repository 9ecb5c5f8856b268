"""Year-end packs: a request (`year_pack_request`) writes the pack row and its audit entry and hands the build to
the background queue after commit; the build (`year_pack_build`) computes the figures of the pack's towns, writes
the DOCX, XLSX and PDF and marks the pack ready, moving its progress on the way.

Asking again while the same pack (same town or district, same year) is queued or being built returns that pack:
a double click builds once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.models import District, Town
from renda.core.permissions import require

from . import documents
from .models import PackState, YearPack
from .queries import board_of, dashboard_years

__all__ = ["year_pack_build", "year_pack_request"]


def year_pack_request(*, district: District, town: Town | None, year: int, actor) -> YearPack:
    """Ask for the pack of `town` (or of the whole district when None) for `year`."""
    require(actor, "reports.pack", town if town is not None else district)
    if town is not None and town.district_id != district.pk:
        raise ValidationError(_("该镇（街道）不属于本区"))
    if year not in dashboard_years():
        raise ValidationError(_("只能生成近几年的年度工作统计"))
    from .tasks import year_pack_task

    with transaction.atomic():
        District.objects.select_for_update().get(pk=district.pk)  # one request at a time per district
        running = (
            YearPack.unscoped.filter(district=district, town=town, year=year)
            .filter(state__in=[PackState.QUEUED, PackState.BUILDING])
            .first()
        )
        if running is not None:
            return running
        pack = YearPack.unscoped.create(district=district, town=town, year=year, created_by=actor)
        activity_record(
            code="reports.pack_requested", actor=actor, subject=pack, town=town, data={"year": year}
        )
        transaction.on_commit(lambda: year_pack_task.enqueue(pack.pk))
    return pack


def _progress(pack: YearPack, value: int, **fields) -> None:
    pack.progress = value
    for k, v in fields.items():
        setattr(pack, k, v)
    YearPack.unscoped.filter(pk=pack.pk).update(progress=value, **fields)


def year_pack_build(pack_id: int) -> YearPack:
    """Build the pack's files (the background task's work; safe to run again: it starts over)."""
    pack = YearPack.unscoped.select_related("town", "district").get(pk=pack_id)
    if pack.state == PackState.READY:
        return pack
    _progress(pack, 5, state=PackState.BUILDING, error="")
    try:
        if pack.town is not None:
            towns: list[Town] = [pack.town]
            where = pack.town.name
        else:
            towns = list(Town.objects.filter(district=pack.district_id, active=True).order_by("code", "pk"))
            where = pack.district.name
        district_level = pack.town_id is None
        board = board_of(towns, year=pack.year)
        _progress(pack, 30)
        tables = documents.pack_tables(board, district=district_level)
        title = documents.pack_title(where=where, year=pack.year)
        organ = (
            _("%(town)s人民代表大会主席团") % {"town": where}
            if not district_level
            else _("%(district)s人大常委会") % {"district": where}
        )
        base = f"{where}{pack.year}"
        pack.docx.save(
            f"{base}.docx",
            ContentFile(documents.pack_docx(title=title, organ=organ, year=pack.year, tables=tables)),
            save=False,
        )
        _progress(pack, 50)
        pack.xlsx.save(
            f"{base}.xlsx", ContentFile(documents.pack_xlsx(title=title, tables=tables)), save=False
        )
        _progress(pack, 65)
        pack.pdf.save(
            f"{base}.pdf",
            ContentFile(documents.pack_pdf(title=title, organ=organ, year=pack.year, tables=tables)),
            save=False,
        )
        _progress(
            pack,
            100,
            state=PackState.READY,
            docx=pack.docx.name,
            xlsx=pack.xlsx.name,
            pdf=pack.pdf.name,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        _progress(
            pack, pack.progress, state=PackState.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    activity_record(code="reports.pack_built", actor=None, subject=pack, town=pack.town, data={})
    return pack
