"""The choices of presidium work in recess and supervision (C5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    REPORT = "report", _("听取专项工作报告")
    ENFORCEMENT = "enforcement", _("执法检查")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    INQUIRY = "inquiry", _("专题询问")
    APPRAISAL = "appraisal", _("评议")
    JOINT = "joint", _("联席活动")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    SUBMITTED = "submitted", _("已提交主席团")
    APPROVED = "approved", _("主席团已通过")


class ActivityState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    PUBLISHED = "published", _("已通知")
    HELD = "held", _("已开展")
    CANCELLED = "cancelled", _("已取消")


class InvitationReply(models.TextChoices):
    PENDING = "pending", _("未答复")
    ATTEND = "attend", _("参加")
    EXCUSED = "excused", _("请假")


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    REPORT = "report", _("报告")
    OTHER = "other", _("其他材料")


class OpinionState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    ISSUED = "issued", _("已送交政府")
    ANSWERED = "answered", _("政府已书面反馈")


class RectificationState(models.TextChoices):
    ASSIGNED = "assigned", _("整改中")
    REPORTED = "reported", _("已报整改完成")
    CLOSED = "closed", _("已验收销号")
    CONFIRMED = "confirmed", _("回头看已确认")
    REOPENED = "reopened", _("回头看重新整改")


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("进展情况")
    COMPLETION = "completion", _("整改完成报告")


class AppraisalState(models.TextChoices):
    DRAFT = "draft", _("筹备")
    SCORING = "scoring", _("测评中")
    CLOSED = "closed", _("测评结束")
    PUBLISHED = "published", _("结果已公布")


class ScoreSource(models.TextChoices):
    DEPUTY = "deputy", _("代表")
    VOTER = "voter", _("选民")
