from django.db import models
from django.utils.translation import gettext_lazy as _


class VillageKind(models.TextChoices):
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")


class Level(models.TextChoices):
    TOWN = "town", _("镇级")
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")


class MandateStatus(models.TextChoices):
    SERVING = "serving", _("在任")
    RESIGNED = "resigned", _("辞职")
    RECALLED = "recalled", _("罢免")
    TERMINATED = "terminated", _("代表资格终止")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PresidiumPost(models.TextChoices):
    CHAIR = "chair", _("主席")
    VICE_CHAIR = "vice_chair", _("副主席")
    SECRETARY = "secretary", _("秘书")
    MEMBER = "member", _("成员")


class LiaisonPostKind(models.TextChoices):
    HOME = "home", _("代表之家")
    WORKSTATION = "workstation", _("代表工作站")
    STUDIO = "studio", _("代表工作室")
    SERVICE_CENTRE = "service_centre", _("代表服务中心")


class UnitKind(models.TextChoices):
    TOWN_OFFICE = "town_office", _("镇政府部门")
    STATION = "station", _("基层站所")
    DISTRICT_DEPT = "district_dept", _("区级部门")


class Sector(models.TextChoices):
    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民")
    PROFESSIONAL = "professional", _("专业技术人员")
    OFFICIAL = "official", _("机关干部")
    ENTERPRISE = "enterprise", _("企业负责人")
    VILLAGE_CADRE = "village_cadre", _("村（社区）干部")
    OTHER = "other", _("其他")
