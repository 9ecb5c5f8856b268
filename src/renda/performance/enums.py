from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyKind(models.TextChoices):
    TRAINING = "training", _("参加培训")
    OTHER = "other", _("其他履职")


class DutyState(models.TextChoices):
    ENTERED = "entered", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未确认")
