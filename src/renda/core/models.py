"""Core: the district, its towns (the tenant), users and their role grants, API tokens and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Role, TownKind
from .tenancy import TownScoped, Unscoped
from .text import CleanInputMixin

district_code_validator = RegexValidator(r"^\d{6}$", _("区县代码应为 6 位数字"))
division_code_validator = RegexValidator(r"^\d{12}$", _("统计用区划代码应为 12 位数字"))


class District(models.Model):
    """A county-level district (区) whose standing committee guides its towns."""

    code = models.CharField(_("区划代码"), max_length=6, unique=True, validators=[district_code_validator])
    name = models.CharField(_("名称"), max_length=100)
    city_name = models.CharField(_("所属市"), max_length=100, blank=True)
    province_name = models.CharField(_("所属省"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Town(CleanInputMixin, models.Model):
    """A township-level unit: a town (the tenant), a subdistrict or a development zone."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="towns", verbose_name=_("所属区")
    )
    code = models.CharField(
        _("统计用区划代码"), max_length=12, unique=True, validators=[division_code_validator]
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=TownKind.choices, default=TownKind.TOWN)
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("镇（街道）")
        verbose_name_plural = _("镇（街道）")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_congress(self) -> bool:
        """Only towns have a congress of their own; subdistricts and zones do not (DOMAIN C1)."""
        return self.kind == TownKind.TOWN


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    # The language the user chose last (the footer's switch); blank: the browser's own.
    language = models.CharField(_("语言"), max_length=10, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrant(models.Model):
    """One role of one user, bound to the district, town, handling unit or person it applies to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="grants", verbose_name=_("区")
    )
    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("镇（街道）"),
    )
    unit = models.ForeignKey(
        "registry.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("承办单位"),
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("人员"),
    )
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role=Role.DISTRICT_STAFF, district__isnull=False, town__isnull=True))
                | (~models.Q(role=Role.DISTRICT_STAFF) & models.Q(town__isnull=False)),
                name="rolegrant_scope_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.town or self.district}"


class ApiToken(models.Model):
    """A bearer token for programs. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")


class ActivityLog(TownScoped, Unscoped):
    """The audit trail: one row per change, written by the services (DESIGN convention 5)."""

    code = models.CharField(_("事件"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    # District-level rows have no town.
    town = models.ForeignKey(  # type: ignore[assignment]  # nullable, unlike TownScoped's
        Town, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("镇（街道）")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    # Now, as the row is written; the demo dates its rows at the events they record (audit.activities_dated).
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)

    # `unscoped` (Unscoped): district-level rows (town is null) are read through it, after the object's own
    # access check.

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            # An object's history in its order, the tiebreak included (activities_for).
            models.Index(
                fields=["content_type", "object_id", "-created_at", "-id"], name="activity_subject_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.code} {self.object_repr}"


# Deadlines (due-date rules, clocks, reminder log), notifications and the stored work figures live in their own
# modules of core.
from .deadlines.models import *  # noqa: E402,F401,F403
from .figures.models import *  # noqa: E402,F401,F403
from .notifications.models import *  # noqa: E402,F401,F403
