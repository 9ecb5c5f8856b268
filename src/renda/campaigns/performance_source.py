"""The campaigns app's lines of a person's performance record (core.records): district events a town chair or
vice-chair attended on the district's invitation (the recorded attendance). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from renda.core.records import RecordLine, record_source_register

from .models import ChairInvitation

KINDS = {"campaigns.chair_attended": gettext_lazy("应邀参加区人大常委会活动")}


def record_lines(*, person_ids, year: int) -> list[RecordLine]:
    rows = ChairInvitation.objects.filter(
        person__in=person_ids, attended=True, event__date__year=year
    ).select_related("event")
    return [
        RecordLine(
            kind="campaigns.chair_attended",
            person_id=i.person_id,
            town_id=i.town_id,
            date=i.event.date,
            label=f"{KINDS['campaigns.chair_attended']}：{i.event.get_kind_display()}·{i.event.title}",
            url=reverse("campaigns:event-detail", kwargs={"pk": i.event_id}),
            source=f"campaigns.districtevent:{i.event_id}",
        )
        for i in rows
    ]


def register() -> None:
    record_source_register("campaigns", record_lines, KINDS)
