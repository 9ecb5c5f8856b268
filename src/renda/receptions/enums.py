from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class DayState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公示")
    HELD = "held", _("已接待")
    CANCELLED = "cancelled", _("已取消")


class RestDayRule(models.TextChoices):
    """What happens to a fixed reception day (the 15th) that falls on a weekend or public holiday."""

    MOVE = "move", _("顺延至下一个工作日")
    KEEP = "keep", _("照常接待")


class AppealSource(models.TextChoices):
    RECEPTION = "reception", _("接待日")
    LIAISON_POST = "liaison_post", _("联络站点")
    ONLINE = "online", _("网上提交")
    ACTIVITY = "activity", _("闭会期间活动")  # a finding of an oversight activity (inspection, tour …)


class AppealState(models.TextChoices):
    SUBMITTED = "submitted", _("已登记")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    REOPENED = "reopened", _("复查中")
    CLOSED = "closed", _("已办结")


class ReplyMethod(models.TextChoices):
    PHONE = "phone", _("电话答复")
    VISIT = "visit", _("上门答复")
    WRITTEN = "written", _("书面答复")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = (
        "basically",
        _("基本满意"),
    )  # the same codes as a suggestion's satisfaction (suggestions.Score)
    UNSATISFIED = "unsatisfied", _("不满意")


class FeedbackVia(models.TextChoices):
    PORTAL = "portal", _("网上评价")
    PHONE = "phone", _("电话回访")


# The default appeal categories' labels (settings.RENDA["APPEAL_CATEGORIES"]), for the translation catalogue.
CATEGORY_LABELS = [
    gettext_noop("道路交通"),
    gettext_noop("环境卫生"),
    gettext_noop("水利供水"),
    gettext_noop("住房建设"),
    gettext_noop("社会保障"),
    gettext_noop("治安安全"),
    gettext_noop("农业农村"),
    gettext_noop("其他"),
]
