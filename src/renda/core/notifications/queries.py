"""Inbox reads. Run inside the request's town scope; a user only ever reads their own notifications."""

from __future__ import annotations

from django.http import Http404

from .models import Notification


def notifications_for(*, user, unread_only: bool = False):
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return qs.filter(read_at=None) if unread_only else qs


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def notification_get_for(*, user, pk: int) -> Notification:
    """404 for both "absent" and "not yours"."""
    try:
        return Notification.objects.get(pk=pk, user=user)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
