"""Invitations of town chairs and vice-chairs (邀请镇人大主席、副主席) to district events: the district's staff
record the event (a standing-committee meeting, an inspection, a law-enforcement check, a special inquiry, an
appraisal) and invite serving chairs and vice-chairs of its towns' presidiums (registry.PresidiumMember); the
invitee or their town's staff answer (attend / excused, a reason for excused); the district's staff record who
came once the day has come. Kept per person; every step writes an ActivityLog row on the event.

Refused with nothing changed: anyone but the district's staff recording or inviting, a person who is not a
serving chair or vice-chair of the district, inviting twice (the second is skipped, not doubled), answering or
recording attendance before or after their time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.errors import Conflict
from renda.core.permissions import require

from ..enums import EventKind, InviteReply
from ..models import ChairInvitation, DistrictEvent
from ._common import _locked, _today

__all__ = [
    "chair_posts_of_district",
    "event_attendance",
    "event_create",
    "event_invite",
    "invitation_reply",
]

CHAIR_POSTS = ("chair", "vice_chair")


def _at(on: dt.date | None) -> dt.datetime:
    if on is None:
        return timezone.now()
    return dt.datetime(on.year, on.month, on.day, 10, tzinfo=timezone.get_current_timezone())


def chair_posts_of_district(*, district, on: dt.date | None = None) -> dict[int, str]:
    """{person id: post} of every serving chair and vice-chair of the district's towns' presidiums on `on`."""
    from renda.registry.models import PresidiumMember

    on = on or _today()
    rows = (
        PresidiumMember._base_manager.filter(
            town__district=district, post__in=CHAIR_POSTS, start_date__lte=on, person__town__district=district
        )
        .exclude(end_date__lt=on)
        .values_list("person_id", "post")
        .order_by("post", "person_id")
    )
    out: dict[int, str] = {}
    for person_id, post in rows:
        out.setdefault(person_id, post)
    return out


def _event_checked(district, data: dict[str, Any]) -> dict[str, Any]:
    from renda.oversight.enums import ActivityState

    errors: dict[str, str] = {}
    kind = data.get("kind") or ""
    if kind not in EventKind.values:
        errors["kind"] = _("请选择活动类型")
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = _("请填写活动名称")
    day = data.get("date")
    if not isinstance(day, dt.date):
        errors["date"] = _("请填写活动日期")
    activity = data.get("activity")
    if activity is not None and (
        activity.town.district_id != district.pk or activity.state == ActivityState.CANCELLED
    ):
        errors["activity"] = _("关联的监督活动须是本区未取消的活动")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "date": day,
        "place": (data.get("place") or "").strip(),
        "activity": activity,
    }


@transaction.atomic
def event_create(
    *, district, data: dict[str, Any], actor, persons: list | None = None, on: dt.date | None = None
) -> DistrictEvent:
    """District staff record a district event (kind, title, date, place, an optional oversight activity) and
    may invite persons at once."""
    require(actor, "campaigns.manage", district)
    event = DistrictEvent(district=district, **_event_checked(district, data))
    event.full_clean()
    event.save()
    activity_record(
        code="chairevent.created",
        actor=actor,
        subject=event,
        data={"kind": event.kind, "title": event.title, "date": event.date},
    )
    if persons:
        event_invite(event=event, persons=persons, actor=actor, on=on)
    return event


@transaction.atomic
def event_invite(
    *, event: DistrictEvent, persons: list, actor, on: dt.date | None = None
) -> list[ChairInvitation]:
    """Invite serving chairs and vice-chairs of the district's towns; those already invited are skipped (a
    double submit invites nobody twice). Refused after the event's day. `on`: the day it was done (demo)."""
    e = _locked(event)
    require(actor, "campaigns.manage", e)
    if e.date < (on or _today()):
        raise Conflict(_("活动日期已过，不能再发出邀请"))
    posts = chair_posts_of_district(district=e.district, on=e.date)
    persons = list({p.pk: p for p in persons}.values())
    if not persons:
        raise ValidationError({"persons": _("请选择被邀请的镇人大主席、副主席")})
    wrong = [p.name for p in persons if p.pk not in posts]
    if wrong:
        raise ValidationError(
            {"persons": _("不是本区镇人大主席、副主席：%(names)s") % {"names": "、".join(wrong)}}
        )
    have = set(ChairInvitation._base_manager.filter(event=e).values_list("person_id", flat=True))
    made = [
        ChairInvitation.objects.create(event=e, person=p, town_id=p.town_id, post=posts[p.pk])
        for p in persons
        if p.pk not in have
    ]
    if made:
        activity_record(
            code="chairevent.invited", actor=actor, subject=e, data={"persons": [i.person.name for i in made]}
        )
    return made


@transaction.atomic
def invitation_reply(
    *, invitation: ChairInvitation, reply: str, actor, note: str = "", on: dt.date | None = None
) -> ChairInvitation:
    """The invitee (or their town's staff for them) answer attend or excused (a reason), until the event's day
    has passed; a later answer replaces the earlier one. `on`: an answer given on an earlier day."""
    require(actor, "campaigns.reply_invitation", invitation)
    if reply not in (InviteReply.ATTEND, InviteReply.EXCUSED):
        raise ValidationError({"reply": _("请选择参加或请假")})
    note = (note or "").strip()
    if reply == InviteReply.EXCUSED and not note:
        raise ValidationError({"note": _("请假请说明原因")})
    event = _locked(invitation.event)
    if event.date < (on or _today()):
        raise Conflict(_("活动已举行，不能再答复"))
    row = ChairInvitation._base_manager.select_for_update().get(pk=invitation.pk)
    row.reply, row.reply_note, row.replied_at = reply, note[:200], _at(on)
    row.save(update_fields=["reply", "reply_note", "replied_at"])
    activity_record(
        code="chairevent.replied",
        actor=actor,
        subject=event,
        town=row.town,
        data={"person": str(row.person), "reply": reply, "note": row.reply_note},
    )
    for name in ("reply", "reply_note", "replied_at"):
        setattr(invitation, name, getattr(row, name))
    return row


@transaction.atomic
def event_attendance(
    *, event: DistrictEvent, attended: list, actor, version: int | None = None, on: dt.date | None = None
) -> DistrictEvent:
    """District staff record who of the invited came (the others did not), on or after the event's day; a
    second record replaces the first."""
    e = _locked(event, version)
    require(actor, "campaigns.manage", e)
    if e.date > (on or _today()):
        raise Conflict(_("活动尚未举行，不能登记出席情况"))
    rows = list(ChairInvitation._base_manager.select_for_update().filter(event=e).select_related("person"))
    invited = {i.person_id for i in rows}
    came = {getattr(p, "pk", p) for p in attended}
    if came - invited:
        raise ValidationError({"attended": _("只能登记被邀请人员的出席情况")})
    for i in rows:
        i.attended = i.person_id in came
    ChairInvitation._base_manager.bulk_update(rows, ["attended"])
    e.version += 1
    e.save(update_fields=["version"])
    activity_record(
        code="chairevent.attendance",
        actor=actor,
        subject=e,
        data={
            "attended": [i.person.name for i in rows if i.attended],
            "absent": [i.person.name for i in rows if not i.attended],
        },
    )
    event.version = e.version
    return e
