from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import GroupActivityKind, PlanState


class GroupPlan(TownOwned):
    """A deputy group's yearly activity plan (代表小组年度活动计划), filed with the town congress at the start of
    the year (年初报备案). The row exists from the year's opening (pending, its filing clock running) and is filed
    once, by the group's leader or a member or town staff, naming the group's designated summariser."""

    group = models.ForeignKey(
        "registry.DeputyGroup",
        on_delete=models.PROTECT,
        related_name="activity_plans",
        verbose_name=_("代表小组"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.PENDING)
    deadline = models.DateField(_("报备期限"))
    summariser = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指定总结人"),
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    filed_at = models.DateTimeField(_("报备时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报备人"),
    )
    filed_late = models.BooleanField(_("逾期报备"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("代表小组年度活动计划")
        verbose_name_plural = _("代表小组年度活动计划")
        ordering = ["town", "-year", "group_id"]
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="group_plan_once_a_year")]
        indexes = [models.Index(fields=["town", "year", "group"], name="group_plan_town_year_idx")]

    def __str__(self) -> str:
        return _("%(group)s%(year)s年度活动计划") % {"group": self.group.name, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("performance:plan-detail", kwargs={"pk": self.pk})


class GroupPlanItem(TownOwned):
    """One planned activity of a group's plan: the month, the kind and the topic."""

    plan = models.ForeignKey(
        GroupPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("活动计划")
    )
    month = models.PositiveSmallIntegerField(_("月份"))
    kind = models.CharField(_("活动形式"), max_length=20, choices=GroupActivityKind.choices)
    topic = models.CharField(_("活动主题"), max_length=200)

    class Meta:
        verbose_name = _("计划活动")
        verbose_name_plural = _("计划活动")
        ordering = ["plan_id", "month", "id"]

    def __str__(self) -> str:
        return f"{self.month}月 {self.get_kind_display()}：{self.topic}"


class GroupActivity(TownOwned):
    """An activity a deputy group held: the date, the topic, the attendees among its deputies, and the summary
    written by the plan's designated summariser (指定专人总结)."""

    group = models.ForeignKey(
        "registry.DeputyGroup",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("代表小组"),
    )
    plan = models.ForeignKey(
        GroupPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("活动计划"),
    )
    date = models.DateField(_("活动日期"))
    kind = models.CharField(_("活动形式"), max_length=20, choices=GroupActivityKind.choices)
    topic = models.CharField(_("活动主题"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "registry.Person", related_name="group_activities", verbose_name=_("参加代表")
    )
    summary = models.TextField(_("活动总结"), blank=True)
    summary_by = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("总结人"),
    )
    summarised_at = models.DateTimeField(_("总结时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("代表小组活动")
        verbose_name_plural = _("代表小组活动")
        ordering = ["town", "-date", "-id"]
        indexes = [models.Index(fields=["town", "-date", "-id"], name="group_activity_town_date_idx")]

    def __str__(self) -> str:
        return f"{self.group.name}：{self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("performance:group-activity-detail", kwargs={"pk": self.pk})
