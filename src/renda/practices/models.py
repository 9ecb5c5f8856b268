"""The practice library (试点—铺开—总结, C8) and the town's six-haves self-assessment (六有, C7).

A practice belongs to the district (its staff create it, roll it out and sum it up); each town's adoption of it
is the town's own record (TownOwned), with its evidence, lessons and files. A six-haves self-assessment is one
town's per year, one item row per item of core.sixhaves.SIX_HAVES."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned
from renda.core.text import CleanInputMixin

from .enums import PracticeState, SixHavesState


class Practice(CleanInputMixin, models.Model):
    """A practice of the district's town congresses (e.g. 基层站所评议, 接访日): piloted in one town in a year,
    rolled out, summed up. Reads go through practices.queries (the district's staff; the staff of the pilot town
    while piloting, of every town of the district once rolled out)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="practices", verbose_name=_("区")
    )
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("主要做法"), blank=True)
    pilot_town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="+", verbose_name=_("试点镇（街道）")
    )
    pilot_year = models.PositiveSmallIntegerField(_("试点年份"))
    state = models.CharField(
        _("状态"), max_length=20, choices=PracticeState.choices, default=PracticeState.PILOTING
    )
    rolled_out_on = models.DateField(_("推广日期"), null=True, blank=True)
    summary = models.TextField(_("经验总结"), blank=True)
    summarised_on = models.DateField(_("总结日期"), null=True, blank=True)
    presented_at = models.TextField(
        _("交流推广情况"), blank=True, help_text=_("在哪些交流会、座谈会上介绍过（会议名称或链接，每行一条）")
    )
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作经验做法")
        verbose_name_plural = _("工作经验做法")
        ordering = ["pilot_year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="practice_name_per_district")
        ]
        indexes = [models.Index(fields=["district", "pilot_year", "id"], name="practice_district_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practices:practice-detail", kwargs={"pk": self.pk})


class Adoption(TownOwned):
    """One town's adoption of a practice (the pilot town's is its pilot): since when, the evidence, the lessons,
    where the town presented it."""

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("工作经验做法")
    )
    adopted_on = models.DateField(_("开展日期"))
    evidence = models.TextField(_("开展情况"), blank=True)
    lessons = models.TextField(_("经验体会"), blank=True)
    presented_at = models.TextField(_("交流推广情况"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("镇（街道）开展情况")
        verbose_name_plural = _("镇（街道）开展情况")
        ordering = ["adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["practice", "town"], name="adoption_once_per_town")]
        indexes = [models.Index(fields=["town", "adopted_on", "id"], name="adoption_town_idx")]

    def __str__(self) -> str:
        return f"{self.practice}：{self.town}"

    def get_absolute_url(self) -> str:
        return reverse("practices:adoption-detail", kwargs={"pk": self.pk})


class SixHaves(TownOwned):
    """A town's six-haves self-assessment of one year: the budget line for deputies' activities (entered by the
    staff) and one item per "have"; draft → submitted (read-only unless the district returns it)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(
        _("状态"), max_length=20, choices=SixHavesState.choices, default=SixHavesState.DRAFT
    )
    budget = models.DecimalField(
        _("代表活动经费（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget_note = models.CharField(_("经费说明"), max_length=200, blank=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    returned_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("六有自评")
        verbose_name_plural = _("六有自评")
        ordering = ["-year", "town"]
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="sixhaves_town_year")]
        indexes = [models.Index(fields=["town", "-year"], name="sixhaves_town_year_idx")]

    def __str__(self) -> str:
        return _("%(town)s%(year)s年度六有自评") % {"town": self.town.name, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("practices:sixhaves-detail", kwargs={"pk": self.pk})


class SixHavesItem(TownOwned):
    """One "have" of a self-assessment: the staff's confirmation and note; the evidence the system proposed,
    kept as it stood when the assessment was submitted."""

    assessment = models.ForeignKey(
        SixHaves, on_delete=models.CASCADE, related_name="items", verbose_name=_("六有自评")
    )
    key = models.CharField(_("项目"), max_length=20)
    confirmed = models.BooleanField(_("已确认"), default=False)
    note = models.TextField(_("补充说明"), blank=True)
    evidence = models.JSONField(_("报送时的系统佐证"), default=list, blank=True)

    class Meta:
        verbose_name = _("六有项目")
        verbose_name_plural = _("六有项目")
        ordering = ["assessment_id", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="sixhaves_item_once")]

    def __str__(self) -> str:
        from renda.core.sixhaves import SIX_HAVES

        return str(SIX_HAVES.get(self.key, self.key))


def evidence_file_path(instance, filename: str) -> str:
    return f"practices/{instance.town_id}/{filename}"


class EvidenceFile(TownOwned):
    """A file on a town's adoption or on a six-haves item (rules documents, photos); served only through an
    access-checked view."""

    adoption = models.ForeignKey(
        Adoption,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("开展情况"),
    )
    item = models.ForeignKey(
        SixHavesItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("六有项目"),
    )
    file = models.FileField(_("文件"), upload_to=evidence_file_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    mime = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("practices:file", kwargs={"pk": self.pk})
