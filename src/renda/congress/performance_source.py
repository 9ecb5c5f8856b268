"""The congress's lines of the deputy's performance record (core.records): sessions attended, excused and
absent (one line per day of attendance), motions led and co-signed (lodged, not withdrawn). Two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from renda.core.records import RecordLine, record_source_register

from .enums import MotionState, Presence
from .models import Attendance, MotionSigner

KINDS = {
    "congress.attended": gettext_lazy("出席人代会"),
    "congress.excused": gettext_lazy("请假（人代会）"),
    "congress.absent": gettext_lazy("未请假缺席人代会"),
    "congress.motion_led": gettext_lazy("领衔提出议案"),
    "congress.motion_cosigned": gettext_lazy("附议议案"),
}
PRESENCE_KIND = {
    Presence.PRESENT: "congress.attended",
    Presence.LEAVE: "congress.excused",
    Presence.ABSENT: "congress.absent",
}


def record_lines(*, person_ids, year: int) -> list[RecordLine]:
    lines = []
    rows = Attendance.objects.filter(person__in=person_ids, day__year=year).select_related(
        "session", "session__town", "session__term"
    )
    for a in rows:
        kind = PRESENCE_KIND[a.presence]
        lines.append(
            RecordLine(
                kind=kind,
                person_id=a.person_id,
                town_id=a.town_id,
                date=a.day,
                label=f"{KINDS[kind]}：{a.session}",
                url=reverse("congress:session-detail", kwargs={"pk": a.session_id}),
                source=f"congress.attendance:{a.pk}",
            )
        )
    signers = (
        MotionSigner.objects.filter(person__in=person_ids, motion__lodged_at__year=year)
        .exclude(motion__state__in=[MotionState.DRAFT, MotionState.WITHDRAWN])
        .select_related("motion")
    )
    for s in signers:
        kind = "congress.motion_led" if s.is_lead else "congress.motion_cosigned"
        motion = s.motion
        lines.append(
            RecordLine(
                kind=kind,
                person_id=s.person_id,
                town_id=s.town_id,
                date=motion.lodged_at.date() if motion.lodged_at else s.confirmed_at.date(),
                label=f"{KINDS[kind]}：{motion.title}",
                url=reverse("congress:motion-detail", kwargs={"pk": motion.pk}),
                source=f"congress.motion:{motion.pk}",
                detail=motion.get_state_display(),
            )
        )
    return lines


def register() -> None:
    record_source_register("congress", record_lines, KINDS)
