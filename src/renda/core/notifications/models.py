"""Notifications: one row per message to one user (the in-app inbox), delivered by e-mail and SMS
according to the user's preference per kind; statutory escalations always go out at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.tenancy import TownScoped, Unscoped

__all__ = ["Delivery", "Notification", "NotificationKind", "NotificationPreference"]


class NotificationKind(models.TextChoices):
    SUGGESTION = "suggestion", _("代表建议")
    APPEAL = "appeal", _("群众诉求")
    RECTIFICATION = "rectification", _("整改事项")
    CAMPAIGN = "campaign", _("上下联动")
    ACTIVITY = "activity", _("活动通知")
    OTHER = "other", _("其他")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("即时发送")
    DIGEST = "digest", _("每日汇总")
    OFF = "off", _("不发送")


class Notification(TownScoped, Unscoped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=NotificationKind.choices)
    template = models.CharField(_("消息模板"), max_length=60)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    clock = models.ForeignKey(
        "core.Clock",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("期限"),
    )
    statutory = models.BooleanField(_("法定督办"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    sms_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    digest_pending = models.BooleanField(_("待汇总发送"), default=False)

    # `unscoped` (Unscoped): a user's own inbox spans the towns they work for; delivery tasks run outside a
    # request.

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        # A user's inbox spans their towns: its indexes lead with the user, the town scope is a residual filter.
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox_order_idx"),
            # The unread count and the unread-only list in its order.
            models.Index(
                fields=["user", "-created_at", "-id"],
                name="notification_unread_order_idx",
                condition=Q(read_at=None),
            ),
            models.Index(fields=["user"], name="notification_digest_idx", condition=Q(digest_pending=True)),
        ]

    def __str__(self) -> str:
        from .messages import render_title

        return render_title(self)


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("用户"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(_("发送方式"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("消息偏好")
        verbose_name_plural = _("消息偏好")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notificationpref_once")]
