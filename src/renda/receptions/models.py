"""Reception days (接待日) and their public notices, and appeals (诉求) that always get an answer (C4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownOwned

from .enums import AppealSource, AppealState, DayState, FeedbackVia, ReplyMethod, RestDayRule, Satisfaction


class ReceptionSetting(TownOwned):
    """A town's recurring reception days: days of the month, time, and how far ahead notices go out."""

    days_of_month = models.CharField(
        _("每月接待日"), max_length=60, help_text=_("以逗号分隔的日期，如 1,11,21")
    )
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    notice_days = models.PositiveSmallIntegerField(_("提前公示天数"))
    on_rest_day = models.CharField(
        _("遇节假日"),
        max_length=10,
        choices=RestDayRule.choices,
        default=RestDayRule.MOVE,
        help_text=_("接待日逢周末或法定节假日时：按工作日历顺延，或照常接待"),
    )

    class Meta:
        verbose_name = _("接待日设置")
        verbose_name_plural = _("接待日设置")
        constraints = [models.UniqueConstraint(fields=["town"], name="receptionsetting_one_per_town")]

    def __str__(self) -> str:
        return f"{self.town} {self.days_of_month}"

    @property
    def days(self) -> list[int]:
        return sorted({int(d) for d in self.days_of_month.replace("，", ",").split(",") if d.strip()})


class ReceptionGroup(TownOwned):
    """One group of the rota: a leading official, deputies, and the village/community or liaison post."""

    name = models.CharField(_("名称"), max_length=100)
    leader_name = models.CharField(_("带队领导"), max_length=50)
    leader_title = models.CharField(_("带队领导职务"), max_length=50, blank=True)
    deputies = models.ManyToManyField(
        "registry.Person", related_name="reception_groups", blank=True, verbose_name=_("代表")
    )
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("村（社区）"),
    )
    liaison_post = models.ForeignKey(
        "registry.LiaisonPost",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联络站点"),
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("轮值顺序"), default=0)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("接待小组")
        verbose_name_plural = _("接待小组")
        ordering = ["town", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ReceptionDay(TownOwned):
    """One reception: date, time, place, leading official and deputies; published as a public notice."""

    date = models.DateField(_("日期"), db_index=True)
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    group = models.ForeignKey(
        ReceptionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="days",
        verbose_name=_("接待小组"),
    )
    leader_name = models.CharField(_("带队领导"), max_length=50, blank=True)
    leader_title = models.CharField(_("带队领导职务"), max_length=50, blank=True)
    deputies = models.ManyToManyField(
        "registry.Person", related_name="reception_days", blank=True, verbose_name=_("接待代表")
    )
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("村（社区）"),
    )
    liaison_post = models.ForeignKey(
        "registry.LiaisonPost",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联络站点"),
    )
    place = models.CharField(_("地点"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=DayState.choices, default=DayState.DRAFT)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    # The QR code of the printed notice opens the appeal form for this place by this opaque token.
    token = models.CharField(_("二维码标识"), max_length=24, unique=True)
    attended = models.ManyToManyField(
        "registry.Person", related_name="reception_days_attended", blank=True, verbose_name=_("实到代表")
    )
    visitors = models.PositiveIntegerField(_("接待群众人次"), default=0)
    summary = models.TextField(_("接待情况"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("接待日")
        verbose_name_plural = _("接待日")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["town", "date"], name="receptionday_town_date_idx")]

    def __str__(self) -> str:
        return _("%(date)s %(place)s接待") % {"date": self.date.isoformat(), "place": self.place}

    def get_absolute_url(self) -> str:
        return reverse("receptions:day-detail", kwargs={"pk": self.pk})


class PlaceCode(TownOwned):
    """The opaque token behind a liaison post's QR code (public URLs never carry a sequential id)."""

    liaison_post = models.OneToOneField(
        "registry.LiaisonPost",
        on_delete=models.CASCADE,
        related_name="place_code",
        verbose_name=_("联络站点"),
    )
    token = models.CharField(_("二维码标识"), max_length=24, unique=True)

    class Meta:
        verbose_name = _("站点二维码")
        verbose_name_plural = _("站点二维码")

    def __str__(self) -> str:
        return str(self.liaison_post)


class Appeal(TownOwned):
    """A voter's appeal (诉求): every one gets a reply (有诉必复), on time, visible to the voter."""

    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=AppealSource.choices)
    reception_day = models.ForeignKey(
        ReceptionDay,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("接待日"),
    )
    liaison_post = models.ForeignKey(
        "registry.LiaisonPost",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("联络站点"),
    )
    received_on = models.DateField(_("登记日期"))
    category = models.CharField(_("类别"), max_length=30)
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("村（社区）"),
    )
    content = models.TextField(_("诉求内容"))
    # The voter's personal data: stored once, shown masked to everyone but the handlers.
    citizen_name = models.CharField(_("群众姓名"), max_length=50)
    citizen_phone = models.CharField(_("联系电话"), max_length=11)
    state = models.CharField(
        _("状态"), max_length=20, choices=AppealState.choices, default=AppealState.SUBMITTED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任单位"),
    )
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    reply_method = models.CharField(_("答复方式"), max_length=20, choices=ReplyMethod.choices, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.CharField(_("答复人"), max_length=50, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    replied_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_via = models.CharField(_("评价方式"), max_length=20, choices=FeedbackVia.choices, blank=True)
    satisfaction_note = models.CharField(_("评价意见"), max_length=500, blank=True)
    reviews = models.PositiveSmallIntegerField(_("复查次数"), default=0)
    # C3: an appeal that is a matter for the congress becomes a deputy suggestion (the suggestion links
    # back to the appeal as its source).
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("转为代表建议"),
    )
    # Where it came from when not a reception or the portal: an oversight activity whose finding it is.
    origin_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来源类型"),
    )
    origin_id = models.CharField(_("来源编号"), max_length=64, blank=True)
    origin_label = models.CharField(_("来源记录"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")
        ordering = ["-received_on", "-id"]
        indexes = [
            # The lists' order (newest first), alone, under a year (received_on) or a state filter.
            models.Index(fields=["town", "-received_on", "-id"], name="appeal_town_received_idx"),
            models.Index(fields=["town", "state", "-received_on", "-id"], name="appeal_town_state_recv_idx"),
            models.Index(
                fields=["town", "due_date"],
                name="appeal_open_due_idx",
                condition=Q(state__in=["submitted", "assigned", "reopened"]),
            ),
        ]

    def __str__(self) -> str:
        return _("诉求 %(code)s") % {"code": self.tracking_code}

    def get_absolute_url(self) -> str:
        return reverse("receptions:appeal-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


OPEN_STATES = [AppealState.SUBMITTED, AppealState.ASSIGNED, AppealState.REOPENED]


def _photo_path(instance, filename: str) -> str:
    return f"appeals/{instance.appeal.town_id}/{instance.appeal.tracking_code}/{filename}"


class AppealPhoto(TownOwned):
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="photos", verbose_name=_("诉求")
    )
    image = models.FileField(_("照片"), upload_to=_photo_path)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
