"""District–town joint action (区镇上下联动, C6): a campaign the district launches over its towns, and each
covered town's follow-up task with its own clock, linked activity and findings per category."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned
from renda.core.text import CleanInputMixin

from .enums import CampaignState, TaskState


class Campaign(CleanInputMixin, models.Model):
    """A campaign (专项督查 / 专项行动) of a district's standing committee. It belongs to the district, not to
    one town: its reads go through campaigns.queries (district staff of the district; the staff of a covered
    town once it is launched)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("区")
    )
    title = models.CharField(_("名称"), max_length=200)
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    description = models.TextField(_("工作要求"), blank=True)
    towns = models.ManyToManyField("core.Town", related_name="+", verbose_name=_("参加的镇（街道）"))
    followup_days = models.PositiveSmallIntegerField(_("跟进期限（天）"))
    required_kinds = models.JSONField(_("跟进活动类型"), default=list, blank=True)
    categories = models.JSONField(_("问题类别"), default=list, blank=True)
    launch_activity = models.ForeignKey(
        "oversight.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("区级部署活动"),
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    launch_date = models.DateField(_("部署日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("专项督查")
        verbose_name_plural = _("专项督查")
        ordering = ["-id"]
        indexes = [models.Index(fields=["district", "-id"], name="campaign_district_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign-detail", kwargs={"pk": self.pk})


class TownTask(TownOwned):
    """One covered town's follow-up of a launched campaign: its deadline (a clock on the deadline engine), the
    oversight activity the town held, its findings counted per category of the campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("专项督查")
    )
    state = models.CharField(_("状态"), max_length=20, choices=TaskState.choices, default=TaskState.OPEN)
    due_date = models.DateField(_("跟进期限"), null=True, blank=True)
    activity = models.ForeignKey(
        "oversight.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_tasks",
        verbose_name=_("跟进活动"),
    )
    findings = models.JSONField(_("发现问题（按类别）"), default=dict, blank=True)
    note = models.TextField(_("情况说明"), blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按时完成"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("镇级跟进任务")
        verbose_name_plural = _("镇级跟进任务")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "town"], name="towntask_once_per_town")]
        indexes = [models.Index(fields=["town", "state", "-id"], name="towntask_town_state_idx")]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.town}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:task-detail", kwargs={"pk": self.pk})
