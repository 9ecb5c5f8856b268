"""Activities of the presidium in recess (the seven kinds of C5), their invitations, documents and the
deliberation opinions (审议意见) sent to the town government afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from ..enums import ActivityKind, ActivityState, DocumentKind, InvitationReply, OpinionState


class Activity(TownOwned):
    """One activity: topic, dates, place, organiser, the office reporting or inspected, invited deputies,
    what the deputies brought from the voters, findings and documents."""

    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    topic = models.CharField(_("主题"), max_length=200)
    plan_item = models.ForeignKey(
        "oversight.PlanItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("对应计划事项"),
    )
    start_date = models.DateField(_("开始日期"), db_index=True)
    end_date = models.DateField(_("结束日期"))
    place = models.CharField(_("地点"), max_length=200)
    organiser = models.CharField(_("组织者"), max_length=100)
    office = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报告或被检查的部门"),
    )
    deputy_group = models.ForeignKey(
        "registry.DeputyGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联席的代表小组"),
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    notice_days = models.PositiveSmallIntegerField(_("提前通知天数"))
    published_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    findings = models.TextField(_("发现的问题"), blank=True)
    summary = models.TextField(_("活动情况"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("闭会期间活动")
        verbose_name_plural = _("闭会期间活动")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["town", "start_date"], name="activity_town_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:activity-detail", kwargs={"pk": self.pk})


class Invitation(TownOwned):
    """A deputy (any level) invited to an activity: their answer ahead, their attendance, the voters'
    opinions they brought."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("活动")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="oversight_invitations",
        verbose_name=_("代表"),
    )
    reply = models.CharField(
        _("答复"), max_length=20, choices=InvitationReply.choices, default=InvitationReply.PENDING
    )
    reply_note = models.CharField(_("说明"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    attended = models.BooleanField(_("实际出席"), null=True, blank=True)
    opinions = models.TextField(_("收集的选民意见"), blank=True)

    class Meta:
        verbose_name = _("活动邀请")
        verbose_name_plural = _("活动邀请")
        ordering = ["activity_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="invitation_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.activity}：{self.person}"


def document_path(instance, filename: str) -> str:
    return f"oversight/{instance.town_id}/{instance.activity_id}/{filename}"


class ActivityDocument(TownOwned):
    """A photo or report of an activity (the same upload checks as suggestions); served access-checked."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="documents", verbose_name=_("活动")
    )
    kind = models.CharField(
        _("类型"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REPORT
    )
    file = models.FileField(_("文件"), upload_to=document_path, max_length=300)
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
        verbose_name = _("活动材料")
        verbose_name_plural = _("活动材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Opinion(TownOwned):
    """The deliberation opinions (审议意见) sent to the town government after an activity, issued as an
    official document, and the government's written response."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("活动")
    )
    number = models.CharField(_("文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送机关"), max_length=100)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=20, choices=OpinionState.choices, default=OpinionState.DRAFT
    )
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    response = models.TextField(_("政府书面反馈"), blank=True)
    responded_on = models.DateField(_("反馈日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:opinion-detail", kwargs={"pk": self.pk})
