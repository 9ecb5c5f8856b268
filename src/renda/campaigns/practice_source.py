"""The exchange meetings' experiences tagged with a practice's name, for the practice library (core.mentions):
only meetings the user may open. One query."""

from __future__ import annotations

from renda.core.mentions import Mention, practice_mentions_register

from .models import MeetingExperience
from .queries_exchange import meetings_visible_to


def mentions(*, user, district_id: int, name: str) -> list[Mention]:
    rows = (
        MeetingExperience.objects.filter(
            practice_name=name,
            meeting__district=district_id,
            meeting__in=meetings_visible_to(user=user).values("pk"),
        )
        .select_related("meeting", "town")
        .order_by("-meeting__date", "pk")
    )
    return [
        Mention(
            title=e.meeting.title,
            date=e.meeting.date,
            text=e.text,
            town=e.town.name if e.town_id else "",
            url=e.meeting.get_absolute_url(),
        )
        for e in rows
    ]


def register() -> None:
    practice_mentions_register("campaigns.meetings", mentions)
