"""The stored work figures of a town (工作概况). See docs/concepts.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownScoped, Unscoped

__all__ = ["TownFigures"]


class TownFigures(TownScoped, Unscoped):
    """One row per town: its work figures as computed on `computed_on`.

    The services set `stale` (and bump `version`) in the same transaction as any change that moves a figure;
    a read recomputes a row that is stale or was computed on another day, and saves it only if `version` is
    still the one it read, so a change committed meanwhile keeps the row stale."""

    # One row per town (one-to-one), and derived data: it goes with its town (towns themselves are protected
    # by everything else they own).
    town = models.OneToOneField(
        "core.Town", on_delete=models.CASCADE, related_name="figures", verbose_name=_("镇（街道）")
    )
    data = models.JSONField(_("数据"), default=dict, blank=True)
    computed_on = models.DateField(_("计算日期"))
    stale = models.BooleanField(_("待重新计算"), default=False)
    version = models.PositiveIntegerField(_("变更次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # `unscoped` (Unscoped): the services mark rows stale wherever they run (requests, tasks, commands).

    class Meta:
        verbose_name = _("工作概况")
        verbose_name_plural = _("工作概况")

    def __str__(self) -> str:
        return f"{self.town_id} · {self.computed_on}"
