"""Core API: the signed-in user's inbox and notification preferences."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from .notifications.messages import render_body, render_title
from .notifications.models import Delivery, NotificationKind
from .notifications.queries import notification_get_for, notification_unread_count, notifications_for
from .notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
    preferences_for,
)
from .types import Id, LimitOffset

router = Router(tags=["core"])


class NotificationOut(Schema):
    id: int
    town_id: int
    kind: NotificationKind
    title: str
    body: str
    link: str
    statutory: bool
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj):
        return render_title(obj)

    @staticmethod
    def resolve_body(obj):
        return render_body(obj)


class CountOut(Schema):
    count: int


class ReadIn(Schema):
    ids: list[Id]


class PreferencesIO(Schema):
    preferences: dict[NotificationKind, Delivery]


@router.get("/notifications", response=list[NotificationOut])
@paginate(LimitOffset)
def notification_list(request, unread: bool = False):
    """My notifications, newest first."""
    return notifications_for(user=request.user, unread_only=unread)


@router.get("/notifications/unread-count", response=CountOut)
def notification_unread(request):
    return {"count": notification_unread_count(user=request.user)}


@router.post("/notifications/read", response=CountOut)
def notification_read(request, payload: ReadIn):
    """Mark my notifications read; 404 if any of them is not mine."""
    found = [notification_get_for(user=request.user, pk=pk) for pk in payload.ids]
    for n in found:
        notification_mark_read(notification=n, actor=request.user)
    return {"count": len(found)}


@router.post("/notifications/read-all", response=CountOut)
def notification_read_all(request):
    return {"count": notifications_mark_all_read(user=request.user, actor=request.user)}


@router.get("/notifications/preferences", response=PreferencesIO)
def notification_preferences(request):
    return {"preferences": preferences_for(request.user)}


@router.put("/notifications/preferences", response=PreferencesIO)
def notification_preferences_update(request, payload: PreferencesIO):
    """Immediately, daily digest or off, per kind; statutory escalations always go out."""
    values = {str(k): str(v) for k, v in payload.preferences.items()}
    return {"preferences": notification_preferences_set(user=request.user, values=values, actor=request.user)}
