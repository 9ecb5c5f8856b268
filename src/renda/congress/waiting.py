"""The deputy's start page: congress sessions coming up and motions collecting co-signatures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renda.core.access import grants_of
from renda.core.enums import Role
from renda.core.waiting import Waiting

from .enums import MotionState, SessionState
from .models import Motion, MotionSigner, Session


def waiting_items(*, user, today: dt.date) -> list[Waiting]:
    """Sessions of the deputy's towns not yet over; motions of those towns open for co-signing that the
    deputy has not signed. Two queries."""
    g = grants_of(user)
    towns = sorted(g.roles.get(Role.DEPUTY, frozenset()))
    persons = list(g.person_ids)
    if not towns or not persons:
        return []
    sessions = Session.objects.filter(
        town__in=towns, state__in=[SessionState.PLANNED, SessionState.OPEN], end_date__gte=today
    ).count()
    signed = MotionSigner.objects.filter(motion=OuterRef("pk"), person__in=persons)
    motions = Motion.objects.filter(town__in=towns, state=MotionState.DRAFT).filter(~Exists(signed)).count()
    return [
        Waiting("congress.sessions", _("即将召开的人代会"), sessions, reverse("congress:session-list")),
        Waiting(
            "congress.motions",
            _("征集附议的议案"),
            motions,
            f"{reverse('congress:motion-list')}?{urlencode({'state': MotionState.DRAFT})}",
        ),
    ]
