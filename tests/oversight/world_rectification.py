"""Oversight records (rectification) for the isolation test's world: one of every model its pages and API address by pk."""

from __future__ import annotations

from factories import TownWorld
from renda.oversight import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(tw: TownWorld) -> None:
    """Adds the records to tw.objects under "oversight.<model>": one item of the town's unit, assigned, with a
    progress report carrying an evidence file (its state stays ASSIGNED, so every step can be tried on it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = services.rectification_item_create(
        town=tw.town,
        title="消防通道堵塞整改",
        description="检查发现二村出租房消防通道被电动车堵塞。",
        unit=tw.objects["registry.handlingunit"],
        activity=tw.objects.get("oversight.activity"),
        actor=tw.users["town_staff"],
    )
    report = services.rectification_report_add(
        item=item,
        kind="progress",
        text="已清理通道，正在设置集中充电点。",
        file=SimpleUploadedFile("整改照片.pdf", PDF, content_type="application/pdf"),
        actor=tw.users["unit_clerk"],
    )
    item.refresh_from_db()
    tw.objects |= {"oversight.rectificationitem": item, "oversight.rectificationreport": report}
