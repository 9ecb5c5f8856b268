"""The oversight app's lines of the deputy's performance record (core.records): activities held that the
deputy attended (the invitation's recorded attendance). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from renda.core.records import RecordLine, record_source_register

from .enums import ActivityState
from .models import Invitation

KINDS = {"oversight.attended": gettext_lazy("参加闭会期间活动")}


def record_lines(*, person_ids, year: int) -> list[RecordLine]:
    rows = Invitation.objects.filter(
        person__in=person_ids,
        attended=True,
        activity__state=ActivityState.HELD,
        activity__start_date__year=year,
    ).select_related("activity")
    return [
        RecordLine(
            kind="oversight.attended",
            person_id=i.person_id,
            town_id=i.town_id,
            date=i.activity.start_date,
            label=f"{KINDS['oversight.attended']}：{i.activity.get_kind_display()}·{i.activity.topic}",
            url=reverse("oversight:activity-detail", kwargs={"pk": i.activity_id}),
            source=f"oversight.activity:{i.activity_id}",
        )
        for i in rows
    ]


def register() -> None:
    record_source_register("oversight", record_lines, KINDS)
