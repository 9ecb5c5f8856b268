"""What waits in this module (core.waiting).

- A unit's clerk: the rectification items of their units still to put right, shown where the unit answers its
  suggestions (the suggestions list, the unit's start page) and on the start page; one query, none for a user
  without a unit.
- A deputy: invitations to activities whose notice has gone out and that wait for an answer; one query, none
  without a deputy seat.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.waiting import Waiting

from .models import RectificationItem
from .queries_activities import invitations_waiting_count
from .workflow import IN_HAND


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """The units' items in hand (assigned or reopened), and how many of them are past their deadline."""
    units = list(grants_of(user).unit_ids)
    if not units:
        return []
    counts = RectificationItem.objects.filter(unit__in=units, state__in=list(IN_HAND)).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    base = reverse("oversight:item-list")
    return [
        Waiting(
            "oversight.rectification",
            _("本单位待整改事项"),
            counts["open"] or 0,
            f"{base}?{urlencode({'role': 'unit', 'state': 'in_hand'})}",
        ),
        Waiting(
            "oversight.rectification_overdue",
            _("本单位已超期的整改事项"),
            counts["overdue"] or 0,
            f"{base}?{urlencode({'role': 'unit', 'overdue': '1'})}",
        ),
    ]


def invitation_waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """The deputy's invitations still to answer: one count in one query."""
    if not grants_of(user).person_ids:
        return []
    return [
        Waiting(
            "oversight.invitations",
            _("活动邀请待答复"),
            invitations_waiting_count(user=user, today=today),
            f"{reverse('oversight:activity-list')}?{urlencode({'mine': '1', 'state': 'published'})}",
        )
    ]
