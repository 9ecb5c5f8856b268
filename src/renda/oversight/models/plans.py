"""The presidium's yearly work plan (年度工作计划): planned lines, approval, amendments with the old versions kept."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import ActivityKind, PlanState


class WorkPlan(TownOwned):
    """One town's plan for one year; amended during the year by revisions (PlanRevision keeps each old one)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("修订次数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("主席团年度工作计划")
        verbose_name_plural = _("主席团年度工作计划")
        ordering = ["town", "-year"]
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="workplan_one_per_town_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:plan-detail", kwargs={"pk": self.pk})


class PlanItem(TownOwned):
    """A planned activity: type, topic, planned month, the responsible presidium member."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("计划"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    topic = models.CharField(_("主题"), max_length=200)
    month = models.PositiveSmallIntegerField(
        _("计划月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    responsible = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责的主席团成员"),
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    # An amendment withdraws a line instead of deleting it: plan-vs-done still counts what was once planned.
    withdrawn = models.BooleanField(_("已撤销"), default=False)

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan_id", "month", "position", "id"]

    def __str__(self) -> str:
        return f"{self.month}月 {self.get_kind_display()}：{self.topic}"


class PlanRevision(TownOwned):
    """One amendment of an approved plan: why, by whom, and the lines as they were before it (a snapshot)."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("计划")
    )
    number = models.PositiveSmallIntegerField(_("修订序号"))
    reason = models.CharField(_("修订原因"), max_length=500)
    before = models.JSONField(_("修订前的计划事项"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("修订人"),
    )

    class Meta:
        verbose_name = _("计划修订")
        verbose_name_plural = _("计划修订")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="planrevision_unique_number")]

    def __str__(self) -> str:
        return _("第%(n)s次修订") % {"n": self.number}
