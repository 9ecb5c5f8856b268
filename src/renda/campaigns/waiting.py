"""What waits in this module (core.waiting): for town staff, their towns' follow-up tasks of launched campaigns
not yet reported, and how many of them are past their window; one query, none for a user without town staff
grants."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.waiting import Waiting

from .enums import CampaignState, TaskState
from .models import TownTask


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    towns = sorted(grants_of(user).roles.get(Role.TOWN_STAFF, frozenset()))
    if not towns:
        return []
    counts = TownTask.objects.filter(
        town__in=towns, state=TaskState.OPEN, campaign__state=CampaignState.LAUNCHED
    ).aggregate(open=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    base = reverse("campaigns:task-list")
    return [
        Waiting(
            "campaigns.tasks",
            _("专项督查待跟进"),
            counts["open"] or 0,
            f"{base}?{urlencode({'state': TaskState.OPEN})}",
        ),
        Waiting(
            "campaigns.tasks_late",
            _("专项督查跟进已逾期"),
            counts["late"] or 0,
            f"{base}?{urlencode({'state': TaskState.OPEN, 'late': '1'})}",
        ),
    ]
