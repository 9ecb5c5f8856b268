"""The choices of the practice library and the six-haves self-assessment (C7, C8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeState(models.TextChoices):
    """试点—铺开—总结: piloted in one town (only the district and the pilot town see it), rolled out to the
    district's towns, then summed up."""

    PILOTING = "piloting", _("试点")
    SPREADING = "spreading", _("推广")
    SUMMARISED = "summarised", _("已总结")


class SixHavesState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已报送")
