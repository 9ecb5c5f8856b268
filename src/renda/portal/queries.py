"""What the public pages read: the active towns, a town's published reception days and open liaison posts.
The callers run inside the town's scope (resolved from its code or a token)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from renda.core.models import Town
from renda.receptions.enums import DayState
from renda.receptions.models import ReceptionDay
from renda.registry.models import LiaisonPost


def towns_active() -> QuerySet[Town]:
    return Town.objects.filter(active=True).select_related("district").order_by("district__code", "code")


def days_published(*, town: Town, today: dt.date) -> QuerySet[ReceptionDay]:
    """The town's published reception days from today, soonest first."""
    return (
        ReceptionDay.objects.filter(town=town, state=DayState.PUBLISHED, date__gte=today)
        .select_related("village")
        .prefetch_related("deputies")
        .order_by("date", "start_time")
    )


def liaison_posts_open(*, town: Town) -> QuerySet[LiaisonPost]:
    return LiaisonPost.objects.filter(town=town, end_date=None).select_related("village").order_by("pk")
