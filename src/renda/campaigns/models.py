"""District–town joint action (区镇上下联动, C6): a campaign the district launches over its towns, and each
covered town's follow-up task with its own clock, linked activity and findings per category."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned
from renda.core.text import CleanInputMixin

from .enums import CampaignState, EventKind, InviteReply, MeetingKind, TaskState


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


class DistrictEvent(CleanInputMixin, models.Model):
    """A district event (a standing-committee meeting, an inspection, a law-enforcement check, a special inquiry,
    an appraisal) the district's staff invite town chairs and vice-chairs to. Belongs to the district; its
    reads go through campaigns.queries_exchange."""

    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="chair_events", verbose_name=_("区")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    activity = models.ForeignKey(
        "oversight.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关联监督活动"),
    )
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区级活动")
        verbose_name_plural = _("区级活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["district", "-date"], name="districtevent_district_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:event-detail", kwargs={"pk": self.pk})


class ChairInvitation(TownOwned):
    """A town chair or vice-chair invited to a district event: the reply (by the invitee or the town's staff)
    and the attendance (by the district's staff). The town is the invitee's."""

    event = models.ForeignKey(
        DistrictEvent, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("区级活动")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="chair_invitations",
        verbose_name=_("被邀请人"),
    )
    post = models.CharField(_("职务"), max_length=20, blank=True)
    reply = models.CharField(
        _("答复"), max_length=20, choices=InviteReply.choices, default=InviteReply.PENDING
    )
    reply_note = models.CharField(_("说明"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    attended = models.BooleanField(_("实际出席"), null=True, blank=True)

    class Meta:
        verbose_name = _("邀请镇人大主席、副主席")
        verbose_name_plural = _("邀请镇人大主席、副主席")
        ordering = ["event_id", "town_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="chairinvitation_once_per_person")
        ]
        indexes = [models.Index(fields=["town", "-id"], name="chairinvitation_town_idx")]

    def __str__(self) -> str:
        return f"{self.event}：{self.person}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:event-detail", kwargs={"pk": self.event_id})


class ExchangeMeeting(CleanInputMixin, models.Model):
    """An exchange meeting of the district's town chairs (座谈会, 务虚会, 理论工作研究会): date, place,
    participants, minutes; its papers and experiences."""

    district = models.ForeignKey(
        "core.District", on_delete=models.PROTECT, related_name="exchange_meetings", verbose_name=_("区")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "registry.Person", related_name="+", blank=True, verbose_name=_("参加人员")
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("交流会议")
        verbose_name_plural = _("交流会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["district", "-date"], name="exchangemeeting_district_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:meeting-detail", kwargs={"pk": self.pk})


def paper_path(instance, filename: str) -> str:
    return f"campaigns/{instance.town_id}/{instance.meeting_id}/{filename}"


class MeetingPaper(TownOwned):
    """A paper (交流材料) of an exchange meeting: its title, author and the author's town; the file checked like
    oversight's documents (core.uploads), served access-checked."""

    meeting = models.ForeignKey(
        ExchangeMeeting, on_delete=models.PROTECT, related_name="papers", verbose_name=_("交流会议")
    )
    title = models.CharField(_("题目"), max_length=200)
    author = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("作者")
    )
    file = models.FileField(_("文件"), upload_to=paper_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    mime = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("交流材料")
        verbose_name_plural = _("交流材料")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:meeting-detail", kwargs={"pk": self.meeting_id})


class MeetingExperience(models.Model):
    """An experience (经验做法) told at an exchange meeting: a short text, the town it comes from, and the
    practice it is tagged as (a free name and slug; a practice library may link to it later)."""

    meeting = models.ForeignKey(
        ExchangeMeeting, on_delete=models.PROTECT, related_name="experiences", verbose_name=_("交流会议")
    )
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("镇（街道）"),
    )
    text = models.CharField(_("经验做法"), max_length=500)
    practice_name = models.CharField(_("实践名称"), max_length=100, blank=True)
    practice_slug = models.SlugField(_("实践标识"), max_length=100, blank=True, allow_unicode=True)

    class Meta:
        verbose_name = _("交流经验")
        verbose_name_plural = _("交流经验")
        ordering = ["meeting_id", "id"]
        indexes = [models.Index(fields=["practice_slug"], name="meetingexp_practice_idx")]

    def __str__(self) -> str:
        return self.text[:50]
