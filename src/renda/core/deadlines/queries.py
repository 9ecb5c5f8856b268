"""Reads over the reminder log: the undelivered reminders (未送达提醒) town and district staff must see."""

from __future__ import annotations

from django.http import Http404

from ..access import grants_of
from ..enums import Role
from .models import ReminderLog


def reminder_towns_of(user) -> list[int]:
    """The towns whose undelivered reminders the user sees: town staff their town, district staff their
    district's towns (the superuser every town in the request's scope)."""
    g = grants_of(user)
    if getattr(user, "is_superuser", False):
        return list(g.visible_town_ids)
    towns = g.roles.get(Role.TOWN_STAFF, frozenset()) | g.roles.get(Role.DISTRICT_STAFF, frozenset())
    return sorted(towns)


def reminders_undelivered_for(*, user):
    """Reminder steps nobody could receive, newest first; 404 for users who are not staff."""
    towns = reminder_towns_of(user)
    if not towns:
        raise Http404
    return (
        ReminderLog.objects.filter(recipient=None, town_id__in=towns)
        .select_related("clock", "town")
        .order_by("-remind_on", "-id")
    )
