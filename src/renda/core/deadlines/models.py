"""Due-date rules, the working-day calendar's local overrides, clocks, reminder rules and the reminder log.

A `Clock` runs on any item (by content type and id) for one `kind` of deadline ("suggestion.reply").
Its `due_date` is computed by the services from a rule and stored; `next_reminder_on` is the day its next
reminder step falls due, so the sweep reads only clocks whose reminder moment has arrived (an index on it).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownScoped, Unscoped

__all__ = [
    "CalendarOverride",
    "CalendarYear",
    "Clock",
    "ClockExtension",
    "ClockPause",
    "DueRule",
    "DueUnit",
    "Recipient",
    "ReminderLog",
    "ReminderRule",
]


class DueUnit(models.TextChoices):
    CALENDAR_DAYS = "days", _("日")
    CALENDAR_MONTHS = "months", _("个月")
    WORKING_DAYS = "working_days", _("个工作日")


class Recipient(models.TextChoices):
    """Whom a reminder goes to, by role, resolved for the clock's town and item."""

    HANDLER = "handler", _("经办人")
    UNIT = "unit", _("承办单位负责人")
    TOWN_STAFF = "town_staff", _("镇人大工作人员")
    PETITIONS = "petitions", _("信访办")
    DISCIPLINE = "discipline", _("纪委")
    PRESIDIUM = "presidium", _("主席团")
    DEPUTY = "deputy", _("代表")
    DISTRICT_STAFF = "district_staff", _("区人大常委会工作人员")


class DueRule(models.Model):
    """A due-date rule: so many calendar days, calendar months or working days after the start.

    A row overrides the default of the same code in settings.RENDA["DUE_RULES"]."""

    code = models.CharField(_("规则代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    unit = models.CharField(_("单位"), max_length=20, choices=DueUnit.choices)
    amount = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.amount} {self.get_unit_display()}"


class CalendarOverride(models.Model):
    """A local correction of China's working-day calendar, or a day of a year the package does not know."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("本地工作日调整")
        verbose_name_plural = _("本地工作日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {_('工作日') if self.is_workday else _('休息日')}"


class CalendarSource(models.TextChoices):
    MANUAL = "manual", _("工作人员录入")
    PACKAGE = "package", _("chinese-calendar 数据包")
    FILE = "file", _("文件导入")


class CalendarYear(models.Model):
    """The official holiday schedule of one year (国务院办公厅关于节假日安排的通知): its holidays and make-up
    working days (调休上班). Entering it makes the year official instead of provisional."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    holidays = models.JSONField(_("放假日期"), default=list, help_text=_("ISO 日期列表"))
    workdays = models.JSONField(_("调休上班日期"), default=list, help_text=_("ISO 日期列表"))
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("法定节假日安排")
        verbose_name_plural = _("法定节假日安排")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(_("%(year)s 年节假日安排") % {"year": self.year})

    @property
    def holiday_dates(self) -> frozenset:
        return frozenset(dt.date.fromisoformat(d) for d in self.holidays)

    @property
    def workday_dates(self) -> frozenset:
        return frozenset(dt.date.fromisoformat(d) for d in self.workdays)


class ReminderRule(models.Model):
    """At `offset_days` from the due date (negative: before) notify `recipients` of a kind's clocks.

    A row overrides the default of the same code in settings.RENDA["REMINDER_RULES"]; `active=False`
    switches a default off. An escalation is a statutory step after the due date."""

    code = models.CharField(_("规则代码"), max_length=60, unique=True)
    kind = models.CharField(_("期限类型"), max_length=60, db_index=True)
    offset_days = models.IntegerField(_("相对到期日天数"), help_text=_("负数为到期前，正数为到期后"))
    recipients = models.JSONField(
        _("提醒对象"), default=list, help_text=_("角色代码列表，如 handler、petitions")
    )
    template = models.CharField(_("消息模板"), max_length=60, default="reminder")
    escalation = models.BooleanField(_("督办升级"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")
        ordering = ["kind", "offset_days"]

    def __str__(self) -> str:
        return self.code


class Clock(TownScoped, Unscoped):
    """One running deadline of one item."""

    # With the reverse name `clocks` it was built with.
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="clocks", verbose_name=_("镇（街道）")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    subject_repr = models.CharField(_("事项"), max_length=200, blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    kind = models.CharField(_("期限类型"), max_length=60)
    rule_code = models.CharField(_("期限规则"), max_length=60)
    rule_unit = models.CharField(_("单位"), max_length=20, choices=DueUnit.choices)
    rule_amount = models.PositiveIntegerField(_("数量"))
    start_date = models.DateField(_("起算日"))
    due_date = models.DateField(_("到期日"))
    calendar_uncertain = models.BooleanField(_("缺少日历数据"), default=False)
    paused_since = models.DateField(_("暂停自"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("已暂停天数"), default=0)
    extended_days = models.PositiveIntegerField(_("已延期天数"), default=0)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办单位"),
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("代表"),
    )
    reminded_through = models.DateField(_("提醒已处理至"), null=True, blank=True)
    next_reminder_on = models.DateField(_("下次提醒日"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("停止时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # `unscoped` (Unscoped): the sweep and the delivery tasks run outside a request, across towns.

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        indexes = [
            # The sweep: only clocks with a reminder still to come are in this index.
            models.Index(
                fields=["next_reminder_on"],
                name="clock_next_reminder_idx",
                condition=Q(next_reminder_on__isnull=False),
            ),
            # Status lists of running clocks ("overdue in my town").
            models.Index(
                fields=["town", "due_date"], name="clock_running_due_idx", condition=Q(stopped_at=None)
            ),
            models.Index(fields=["content_type", "object_id"], name="clock_subject_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(stopped_at=None),
                name="clock_one_running_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_repr or self.object_id} · {self.kind} → {self.due_date}"

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None


class ClockPause(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("期限"))
    started_on = models.DateField(_("暂停日"))
    ended_on = models.DateField(_("恢复日"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("期限暂停")
        verbose_name_plural = _("期限暂停")
        ordering = ["started_on", "id"]

    @property
    def days(self) -> int:
        return (self.ended_on - self.started_on).days if self.ended_on else 0


class ClockExtension(models.Model):
    clock = models.ForeignKey(
        Clock, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("期限")
    )
    days = models.PositiveIntegerField(_("延期天数"))
    reason = models.CharField(_("延期理由"), max_length=200)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("批准人")
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限延期")
        verbose_name_plural = _("期限延期")
        ordering = ["created_at", "id"]


class ReminderLog(TownScoped, Unscoped):
    """One reminder step sent to one recipient. The unique constraint makes every reminder go out once,
    whatever sweeps overlap or catch up; `sweep` tells which sweep inserted the row.

    A step whose roles have no one falls back along settings.RENDA["REMINDER_FALLBACK"] (`fallback` names
    the role that received it); a step nobody at all could receive is one row without a recipient
    (undelivered, 未送达), unique per (clock, step, day) by its own partial constraint."""

    clock = models.ForeignKey(
        Clock, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("期限")
    )
    step = models.CharField(_("提醒步骤"), max_length=60)
    remind_on = models.DateField(_("提醒日"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收人"),
    )
    fallback = models.CharField(
        _("改送对象"), max_length=30, blank=True, help_text=_("原定对象无人时改送的角色")
    )
    sweep = models.CharField(_("扫描批次"), max_length=32)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    # `unscoped` (Unscoped): the sweep writes and reads them across towns.

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "step", "remind_on", "recipient"], name="reminderlog_once"
            ),
            # NULLs are distinct in the constraint above: an undelivered step has its own.
            models.UniqueConstraint(
                fields=["clock", "step", "remind_on"],
                condition=Q(recipient__isnull=True),
                name="reminderlog_undelivered_once",
            ),
        ]
        indexes = [
            models.Index(fields=["sweep"], name="reminderlog_sweep_idx"),
            # The undelivered list: a town's rows, newest first.
            models.Index(
                fields=["town", "-remind_on", "-id"],
                name="reminderlog_undelivered_idx",
                condition=Q(recipient__isnull=True),
            ),
        ]

    @property
    def undelivered(self) -> bool:
        return self.recipient_id is None
