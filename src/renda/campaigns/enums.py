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
