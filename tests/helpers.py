"""Helpers shared by test modules of several apps: a frozen Beijing-time moment and an item's audit codes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django_scopes import scopes_disabled

from renda.core.models import ActivityLog

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9):
    """Travel to that day at `h` o'clock Beijing time, the clock standing still."""
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def activity_codes(obj) -> list[str]:
    """The audit codes recorded on an item, oldest first (all towns)."""
    with scopes_disabled():  # test inspection
        return list(
            ActivityLog.unscoped.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
            .order_by("id")
            .values_list("code", flat=True)
        )
