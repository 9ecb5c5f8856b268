"""The deputy's start page: the reception days they are on duty for."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.waiting import Waiting

from .enums import DayState
from .queries import reception_days_for_person_ids


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """Published (not yet held) reception days from today on with the deputy among those on duty. One query."""
    persons = grants_of(user).person_ids
    if not persons:
        return []
    days = (
        reception_days_for_person_ids(persons)
        .filter(date__gte=today)
        .filter(state=DayState.PUBLISHED)
        .count()
    )
    return [
        Waiting(
            "receptions.duty",
            _("我的接待日值班"),
            days,
            f"{reverse('receptions:day-list')}?{urlencode({'when': 'upcoming', 'mine': '1', 'state': DayState.PUBLISHED})}",
        )
    ]
