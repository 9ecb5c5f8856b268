"""Rectification items (整改事项): a responsible unit, a deadline on the deadline engine, the unit's reports,
verification by the presidium (验收: 销号 or back to the unit), and the re-check (回头看) after closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import RectificationState, ReportKind


class RectificationItem(TownOwned):
    """One finding the unit must put right. Its source is an activity, a deliberation opinion or a station
    appraisal's key problem (选取重点)."""

    title = models.CharField(_("整改事项"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        related_name="rectification_items",
        verbose_name=_("责任单位"),
    )
    activity = models.ForeignKey(
        "oversight.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_items",
        verbose_name=_("来源活动"),
    )
    opinion = models.ForeignKey(
        "oversight.Opinion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_items",
        verbose_name=_("来源审议意见"),
    )
    station = models.ForeignKey(
        "oversight.AppraisalStation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_problems",
        verbose_name=_("来源站所评议"),
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=RectificationState.choices, default=RectificationState.ASSIGNED
    )
    due_date = models.DateField(_("整改期限"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    recheck_date = models.DateField(_("回头看日期"), null=True, blank=True)
    rejections = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reopenings = models.PositiveSmallIntegerField(_("回头看重新整改次数"), default=0)
    last_reason = models.CharField(_("最近退回或重新整改的理由"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["town", "state"], name="rectification_town_state_idx"),
            models.Index(fields=["unit", "state"], name="rectification_unit_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:item-detail", kwargs={"pk": self.pk})


def report_path(instance, filename: str) -> str:
    return f"oversight/{instance.town_id}/items/{instance.item_id}/{filename}"


class RectificationReport(TownOwned):
    """The unit's progress report or completion report, with evidence."""

    item = models.ForeignKey(
        RectificationItem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("整改事项")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ReportKind.choices)
    text = models.TextField(_("内容"))
    file = models.FileField(_("佐证材料"), upload_to=report_path, max_length=300, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("报送人"),
    )

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_kind_display()}"
