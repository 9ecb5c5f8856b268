from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyKind(models.TextChoices):
    TRAINING = "training", _("参加培训")
    OTHER = "other", _("其他履职")


class DutyState(models.TextChoices):
    ENTERED = "entered", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未确认")


class PlanState(models.TextChoices):
    PENDING = "pending", _("待报备")
    FILED = "filed", _("已报备")


class GroupActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("调研")
    RECEPTION = "reception", _("接待选民")
    VISIT = "visit", _("走访")
    STUDY = "study", _("学习培训")
    OTHER = "other", _("其他")


class PublishField(models.TextChoices):
    """What a town may publish about its deputies (Deputies Law Art. 58). ID numbers and phone numbers are not
    among them and can never be chosen."""

    NAME = "name", _("姓名")
    GENDER = "gender", _("性别")
    ETHNICITY = "ethnicity", _("民族")
    PARTY = "party", _("政治面貌")
    LEVEL = "level", _("代表层级")
    ELECTORAL_DISTRICT = "electoral_district", _("选区")
    OCCUPATION = "occupation", _("工作单位及职务")
    SECTOR = "sector", _("界别")
    SUMMARY = "summary", _("年度履职情况（各类履职项数）")
    LINES = "lines", _("年度履职明细")
    POINTS = "points", _("年度考核得分与名次")
