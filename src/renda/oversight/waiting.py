"""The deputy's start page: invitations to activities whose notice has gone out and that wait for an answer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.waiting import Waiting

from .queries_activities import invitations_waiting_count


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """One count in one query (none without a deputy seat)."""
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
