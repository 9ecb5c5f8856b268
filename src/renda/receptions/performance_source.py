"""The receptions' lines of the deputy's performance record (core.records): reception days held with the
deputy on duty, and the appeals received on those days that were followed to a reply. Two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from renda.core.records import RecordLine, record_source_register

from .enums import DayState
from .models import Appeal, ReceptionDay

KINDS = {
    "receptions.served": gettext_lazy("参加接待选民"),
    "receptions.appeal_replied": gettext_lazy("接待诉求已答复"),
}


def record_lines(*, person_ids, year: int) -> list[RecordLine]:
    lines = []
    days = list(
        ReceptionDay.objects.filter(deputies__in=person_ids, date__year=year, state=DayState.HELD)
        .prefetch_related("deputies")
        .distinct()
    )
    on_duty: dict[int, list[int]] = {}
    for day in days:
        mine = [p.pk for p in day.deputies.all() if p.pk in person_ids]
        on_duty[day.pk] = mine
        for pid in mine:
            lines.append(
                RecordLine(
                    kind="receptions.served",
                    person_id=pid,
                    town_id=day.town_id,
                    date=day.date,
                    label=f"{KINDS['receptions.served']}：{day}",
                    url=reverse("receptions:day-detail", kwargs={"pk": day.pk}),
                    source=f"receptions.receptionday:{day.pk}",
                )
            )
    if on_duty:
        appeals = Appeal.objects.filter(reception_day__in=list(on_duty), replied_on__isnull=False)
        for appeal in appeals:
            for pid in on_duty[appeal.reception_day_id]:
                lines.append(
                    RecordLine(
                        kind="receptions.appeal_replied",
                        person_id=pid,
                        town_id=appeal.town_id,
                        date=appeal.received_on,
                        label=f"{KINDS['receptions.appeal_replied']}：{appeal.category}（{appeal}）",
                        url=reverse("receptions:appeal-detail", kwargs={"pk": appeal.pk}),
                        source=f"receptions.appeal:{appeal.pk}",
                        detail=appeal.get_state_display(),
                    )
                )
    return lines


def register() -> None:
    record_source_register("receptions", record_lines, KINDS)
