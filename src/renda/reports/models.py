"""The year-end statistics pack (主席团年度工作统计): one build for a town, or for the district (town empty),
of a chosen year; the DOCX, the XLSX of its tables and the printable PDF, built by a background task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import District, Town
from renda.core.tenancy import TownScoped, Unscoped


class PackState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    BUILDING = "building", _("生成中")
    READY = "ready", _("已生成")
    FAILED = "failed", _("生成失败")


def pack_path(instance, filename: str) -> str:
    where = f"town-{instance.town_id}" if instance.town_id else f"district-{instance.district_id}"
    return f"reports/{where}/{instance.year}/{instance.pk}/{filename}"


class YearPack(TownScoped, Unscoped):
    """One build of a year-end pack. A district-level pack has no town: it is read through `unscoped`, after
    the reader's own access check (renda.reports.queries_packs)."""

    town = models.ForeignKey(  # type: ignore[assignment]  # nullable: the district's pack has none
        Town, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("镇（街道）")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=20, choices=PackState.choices, default=PackState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    docx = models.FileField(_("统计报告（Word）"), upload_to=pack_path, max_length=300, blank=True)
    xlsx = models.FileField(_("统计表（Excel）"), upload_to=pack_path, max_length=300, blank=True)
    pdf = models.FileField(_("打印版（PDF）"), upload_to=pack_path, max_length=300, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("生成人")
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度工作统计")
        verbose_name_plural = _("年度工作统计")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "town", "year"], name="yearpack_where_idx")]

    def __str__(self) -> str:
        where = self.town.name if self.town_id and self.town else str(self.district)
        return f"{where}{self.year}年度工作统计"

    @property
    def is_done(self) -> bool:
        return self.state in (PackState.READY, PackState.FAILED)
