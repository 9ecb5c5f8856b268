"""The choices of district–town joint action (C6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    LAUNCHED = "launched", _("已部署")
    CLOSED = "closed", _("已结束")


class TaskState(models.TextChoices):
    OPEN = "open", _("待跟进")
    DONE = "done", _("已跟进")


class TaskStanding(models.TextChoices):
    """What the board shows per town (derived from the task's state and dates)."""

    ON_TIME = "on_time", _("按时完成")
    LATE = "late", _("逾期完成")
    NOT_YET = "not_yet", _("尚未完成")


class EventKind(models.TextChoices):
    """District events a town's chair or vice-chair is invited to (seed, direction 5)."""

    MEETING = "meeting", _("区人大常委会会议")
    INSPECTION = "inspection", _("视察")
    ENFORCEMENT = "enforcement", _("执法检查")
    INQUIRY = "inquiry", _("专题询问")
    APPRAISAL = "appraisal", _("评议")


class InviteReply(models.TextChoices):
    PENDING = "pending", _("待答复")
    ATTEND = "attend", _("参加")
    EXCUSED = "excused", _("请假")


class MeetingKind(models.TextChoices):
    """Exchange meetings of the district's town chairs."""

    SEMINAR = "seminar", _("镇人大主席工作座谈会")
    STRATEGY = "strategy", _("务虚会")
    THEORY = "theory", _("理论工作研究会")
