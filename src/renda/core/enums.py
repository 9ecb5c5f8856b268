from django.db import models
from django.utils.translation import gettext_lazy as _


class TownKind(models.TextChoices):
    TOWN = "town", _("镇")
    SUBDISTRICT = "subdistrict", _("街道")
    ZONE = "zone", _("开发区")


class Role(models.TextChoices):
    DISTRICT_STAFF = "district_staff", _("区人大常委会工作人员")
    TOWN_STAFF = "town_staff", _("镇人大工作人员")
    PRESIDIUM = "presidium", _("主席团成员")
    DEPUTY = "deputy", _("人大代表")
    UNIT_CLERK = "unit_clerk", _("承办单位经办人")
    PETITIONS = "petitions", _("信访办")
    DISCIPLINE = "discipline", _("纪委")
