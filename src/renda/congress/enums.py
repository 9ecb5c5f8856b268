"""Choices of the congress module: session kinds and states, agenda kinds, attendance, motions and votes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("年初例会")
    BUDGET = "budget", _("预算审查会议")
    BUDGET_ADJUSTMENT = "budget_adjustment", _("预算调整会议")
    SPECIAL = "special", _("临时会议")


class SessionState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    OPEN = "open", _("已开幕")
    CLOSED = "closed", _("已闭幕")


class SpecialRequester(models.TextChoices):
    PRESIDIUM = "presidium", _("主席团提议")
    DEPUTIES = "deputies", _("五分之一以上代表提议")


class AgendaKind(models.TextChoices):
    GOVERNMENT_REPORT = "government_report", _("政府工作报告")
    PRESIDIUM_REPORT = "presidium_report", _("主席团工作报告")
    BUDGET = "budget", _("预算和决算")
    ELECTION = "election", _("选举")
    DECISION = "decision", _("决定事项")
    OTHER = "other", _("其他")


class Presence(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class LeaveState(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class FlagKind(models.TextChoices):
    WARNING = "warning", _("缺席提醒")
    REVIEW = "review", _("代表资格审查")


class FlagState(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class MotionKind(models.TextChoices):
    MOTION = "motion", _("议案")
    INTERPELLATION = "interpellation", _("质询案")


class MotionSource(models.TextChoices):
    PRESIDIUM = "presidium", _("主席团")
    GOVERNMENT = "government", _("镇人民政府")
    DEPUTIES = "deputies", _("代表联名")


class MotionState(models.TextChoices):
    DRAFT = "draft", _("征集附议")
    LODGED = "lodged", _("已提出")
    ON_AGENDA = "on_agenda", _("列入议程")
    NOT_ON_AGENDA = "not_on_agenda", _("不列入议程（转为建议）")
    VOTED = "voted", _("已表决")
    WITHDRAWN = "withdrawn", _("已撤回")


class VoteKind(models.TextChoices):
    DECISION = "decision", _("决定")
    ELECTION = "election", _("选举")


class VoteState(models.TextChoices):
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已计票")
