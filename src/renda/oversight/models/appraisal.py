"""The yearly appraisal of grassroots stations (基层站所评议): criteria with weights, one score sheet per deputy
(or voter's phone) and station, opinions, key problems that become rectification items, a published ranking."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import AppraisalState, ScoreSource


class Appraisal(TownOwned):
    """One town's appraisal campaign of one year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=20, choices=AppraisalState.choices, default=AppraisalState.DRAFT
    )
    # The printed notice's QR code opens the voters' score form by this opaque token.
    token = models.CharField(_("二维码标识"), max_length=24, unique=True)
    opened_at = models.DateTimeField(_("开始测评时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束测评时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("基层站所评议")
        verbose_name_plural = _("基层站所评议")
        ordering = ["town", "-year"]
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="appraisal_one_per_town_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:appraisal-detail", kwargs={"pk": self.pk})


class AppraisalCriterion(TownOwned):
    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("评议")
    )
    name = models.CharField(_("测评项目"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("权重（%）"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("测评项目")
        verbose_name_plural = _("测评项目")
        ordering = ["appraisal_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class AppraisalStation(TownOwned):
    """A station under appraisal; its score and rank are frozen when the results are published."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="stations", verbose_name=_("评议")
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("站所")
    )
    score = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    # The averages of the deputies' and the voters' sheets the score mixes (computed when scoring ends).
    deputy_score = models.DecimalField(
        _("代表测评平均分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    voter_score = models.DecimalField(
        _("选民测评平均分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    sheets = models.PositiveIntegerField(_("测评票数"), default=0)

    class Meta:
        verbose_name = _("参评站所")
        verbose_name_plural = _("参评站所")
        ordering = ["appraisal_id", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "unit"], name="appraisalstation_once")]

    def __str__(self) -> str:
        return str(self.unit)


class ScoreSheet(TownOwned):
    """One deputy's (or one voter phone's) scores of one station, with their opinion."""

    station = models.ForeignKey(
        AppraisalStation, on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("站所")
    )
    source = models.CharField(_("测评人类别"), max_length=20, choices=ScoreSource.choices)
    deputy = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代表"),
    )
    # A voter is known only by a keyed digest of their phone number: one sheet per phone and station.
    phone_digest = models.CharField(_("手机号摘要"), max_length=64, blank=True)
    opinion = models.TextField(_("意见建议"), blank=True)
    total = models.DecimalField(_("加权得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("测评表")
        verbose_name_plural = _("测评表")
        ordering = ["station_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "deputy"],
                condition=models.Q(deputy__isnull=False),
                name="scoresheet_one_per_deputy",
            ),
            models.UniqueConstraint(
                fields=["station", "phone_digest"],
                condition=~models.Q(phone_digest=""),
                name="scoresheet_one_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station}：{self.get_source_display()}"


class Score(TownOwned):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("测评表")
    )
    criterion = models.ForeignKey(
        AppraisalCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("测评项目")
    )
    value = models.PositiveSmallIntegerField(_("分数"))

    class Meta:
        verbose_name = _("分项得分")
        verbose_name_plural = _("分项得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}：{self.value}"
