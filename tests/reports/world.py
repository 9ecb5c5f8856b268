"""Year-end pack records for the isolation test's world: the town's pack of this year asked for by its staff
through the service, with its Word file written (the full build with the PDF is test_packs': too slow for every
world)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from factories import TownWorld
from renda.reports import documents, services
from renda.reports.models import PackState, YearPack


def build(tw: TownWorld) -> None:
    pack = services.year_pack_request(
        district=tw.town.district,
        town=tw.town,
        year=timezone.localdate().year - 1,
        actor=tw.users["town_staff"],
    )
    title = documents.pack_title(where=tw.town.name, year=pack.year)
    pack.docx.save(
        "pack.docx",
        ContentFile(documents.pack_docx(title=title, organ=title, year=pack.year, tables=[])),
        save=False,
    )
    YearPack.unscoped.filter(pk=pack.pk).update(state=PackState.READY, progress=100, docx=pack.docx.name)
    pack.refresh_from_db()
    tw.objects |= {"reports.yearpack": pack}
