from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned


class PointRules(TownOwned):
    """A town's own point rules of one year: {kind: {"points": p, "cap": c or null}}; without a row the
    defaults of RENDA["PERFORMANCE_POINT_RULES"] apply. Frozen once the year is assessed."""

    year = models.PositiveSmallIntegerField(_("年度"))
    rules = models.JSONField(_("计分规则"), default=dict)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("考核计分规则")
        verbose_name_plural = _("考核计分规则")
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="point_rules_town_year")]

    def __str__(self) -> str:
        return _("%(year)s年度考核计分规则") % {"year": self.year}


class Assessment(TownOwned):
    """A town's yearly assessment (考核): the rules used, frozen, and every deputy's points and rank."""

    year = models.PositiveSmallIntegerField(_("年度"))
    rules = models.JSONField(_("所用计分规则"), default=dict)
    run_at = models.DateTimeField(_("考核时间"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("考核人"),
    )

    class Meta:
        verbose_name = _("代表履职考核")
        verbose_name_plural = _("代表履职考核")
        ordering = ["town", "-year"]
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="assessment_town_year")]

    def __str__(self) -> str:
        return _("%(town)s%(year)s年度代表履职考核") % {"town": self.town.name, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("performance:assessment-detail", kwargs={"pk": self.pk})


class AssessmentScore(TownOwned):
    """One deputy's points in an assessment: per kind the lines counted and their points (frozen), the
    corrections' sum, and the rank by the total."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("考核")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="assessment_scores", verbose_name=_("代表")
    )
    breakdown = models.JSONField(_("得分明细"), default=dict)
    computed = models.DecimalField(_("计算得分"), max_digits=8, decimal_places=1)
    corrected = models.DecimalField(_("更正分值"), max_digits=8, decimal_places=1, default=0)
    total = models.DecimalField(_("总分"), max_digits=8, decimal_places=1)
    rank = models.PositiveIntegerField(_("名次"), default=0)

    class Meta:
        verbose_name = _("代表考核得分")
        verbose_name_plural = _("代表考核得分")
        ordering = ["assessment_id", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "person"], name="assessment_score_once")]

    def __str__(self) -> str:
        return _("%(person)s %(year)s年度考核得分") % {
            "person": self.person.name,
            "year": self.assessment.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("performance:score-detail", kwargs={"pk": self.pk})


class PointCorrection(TownOwned):
    """Staff correcting a deputy's points with a reason (recorded)."""

    score = models.ForeignKey(
        AssessmentScore, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("考核得分")
    )
    delta = models.DecimalField(_("增减分值"), max_digits=6, decimal_places=1)
    reason = models.CharField(_("更正理由"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("更正人"),
    )

    class Meta:
        verbose_name = _("考核得分更正")
        verbose_name_plural = _("考核得分更正")
        ordering = ["score_id", "id"]

    def __str__(self) -> str:
        return f"{self.delta:+}：{self.reason}"
