"""Attendance: leave requests and their decision, the day's roll call, and the absence rule.

The absence rule: an unapproved absence counts once per session (a deputy absent without approved leave on any
day of a session has one absence for that session); the distinct sessions of the same term are counted. At
ABSENCE_WARN_AT the deputy and the town staff are warned; at ABSENCE_FLAG_AT an open mandate-review flag goes to
the presidium and the town staff (Deputies Law Art. 62). Correcting a roll call later does not withdraw a flag:
the presidium resolves it with a recorded reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.audit import activity_record
from renda.core.enums import Role
from renda.core.errors import Conflict, conflict_stale
from renda.core.models import Town, User
from renda.core.notifications.recipients import users_with_role
from renda.core.workflow import workflow_apply
from renda.registry.models import Mandate, Person, Term

from .. import queries
from ..enums import FlagKind, LeaveState, Presence
from ..models import AbsenceFlag, Attendance, LeaveRequest, Session
from ._common import (
    check,
    now,
    refusal_manage,
    refusal_presidium,
    same_town,
    session_days,
    session_editable,
    user_or_none,
)


@transaction.atomic
def leave_request_create(
    *, session: Session, person: Person, first_day: dt.date, last_day: dt.date, reason: str, actor
) -> LeaveRequest:
    """A deputy asks for leave (or staff enter it for them)."""
    same_town(session.town, person)
    check(actor, "congress.leave_request", person, _("只能为本人请假"))
    if not session_editable(session):
        raise Conflict(_("会议已闭幕"))
    if first_day > last_day or first_day < session.start_date or last_day > session.end_date:
        raise ValidationError({"first_day": _("请假日期应在会期之内")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写请假事由")})
    leave = LeaveRequest.objects.create(
        town=session.town,
        session=session,
        person=person,
        first_day=first_day,
        last_day=last_day,
        reason=reason,
    )
    activity_record(code="leave.requested", actor=actor, subject=leave, data={"reason": reason})
    return leave


@transaction.atomic
def leave_request_decide(
    *, leave: LeaveRequest, approve: bool, actor, at=None, version: int | None = None
) -> LeaveRequest:
    """The presidium (or staff acting for it — recorded as the actor) approves or refuses."""
    check(actor, "congress.leave_decide", leave, refusal_presidium())
    if version is not None and leave.version != version:
        raise conflict_stale()
    return workflow_apply(
        leave, "approve" if approve else "refuse", actor=actor, version=leave.version,
        decided_by=user_or_none(actor), decided_at=now(at),
    )  # fmt: skip


def _approved_leave(session: Session, person_id: int, day: dt.date) -> LeaveRequest | None:
    return (
        LeaveRequest.objects.filter(
            session=session,
            person_id=person_id,
            state=LeaveState.APPROVED,
            first_day__lte=day,
            last_day__gte=day,
        )
        .order_by("id")
        .first()
    )


@transaction.atomic
def roll_call_record(*, session: Session, day: dt.date, presence: dict[int, str], actor) -> list[AbsenceFlag]:
    """Record the day's roll call: {person id: present/leave/absent} for deputies serving that day.
    "Leave" needs an approved leave request covering the day. Returns the absence flags this raised."""
    check(actor, "congress.roll_call", session, refusal_manage())
    if not session_editable(session):
        raise Conflict(_("会议已闭幕，签到不能再修改"))
    if day not in session_days(session):
        raise ValidationError({"day": _("该日期不在会期之内")})
    serving = {p.pk: p for p in queries.serving_persons(term=session.term, on=day)}
    unknown = set(presence) - set(serving)
    if unknown:
        raise ValidationError(_("名单中有当日不在任的代表"))
    # Every bad row at once (keyed p_<person id>, the roll-call page's field of that deputy), not the first.
    errors: dict[str, str] = {}
    leaves: dict[int, Any] = {}
    for pid, value in presence.items():
        if value not in Presence.values:
            errors[f"p_{pid}"] = _("%(p)s：无效的出席情况") % {"p": serving[pid].name}
        elif value == Presence.LEAVE:
            leaves[pid] = _approved_leave(session, pid, day)
            if leaves[pid] is None:
                errors[f"p_{pid}"] = _("%(p)s 没有经主席团批准的请假，不能登记为请假") % {
                    "p": serving[pid].name
                }
    if errors:
        raise ValidationError(errors)
    existing = {a.person_id: a for a in Attendance.objects.filter(session=session, day=day)}
    recorder = user_or_none(actor)
    absent: list[Person] = []
    changed: dict[str, Any] = {}
    for pid, value in presence.items():
        leave = leaves.get(pid)
        row = existing.get(pid)
        if row is None:
            Attendance.objects.create(
                town=session.town, session=session, day=day, person_id=pid, presence=value, leave=leave,
                recorded_by=recorder,
            )  # fmt: skip
            changed[serving[pid].name] = value
        elif row.presence != value or row.leave_id != getattr(leave, "pk", None):
            changed[serving[pid].name] = [row.presence, value]
            row.presence, row.leave, row.recorded_by = value, leave, recorder
            row.save(update_fields=["presence", "leave", "recorded_by", "updated_at"])
        if value == Presence.ABSENT:
            absent.append(serving[pid])
    if changed:
        activity_record(
            code="session.roll_call", actor=actor, subject=session, data={"day": day, "changes": changed}
        )
    flags = []
    for person in absent:
        flag = absence_rule_apply(person=person, term=session.term, actor=actor)
        if flag is not None:
            flags.append(flag)
    return flags


def absence_count(*, person: Person, term: Term) -> int:
    """Distinct sessions of the term in which the deputy was absent without approved leave on any day."""
    return (
        Attendance.objects.filter(person=person, session__term=term, presence=Presence.ABSENT)
        .values("session_id")
        .distinct()
        .count()
    )


def _users_with(role: str, *, town: Town | None = None, person: Person | None = None) -> list[User]:
    return users_with_role(
        role=role,
        town_id=town.pk if town is not None else None,
        person_id=person.pk if person is not None else None,
    )


@transaction.atomic
def absence_rule_apply(*, person: Person, term: Term, actor) -> AbsenceFlag | None:
    """Warn after the first unapproved absence, flag the second for the presidium (never applied silently).
    Part of recording a roll call: the actor needs the roll-call permission in the term's town."""
    from renda.core.notifications.services import notification_send

    check(actor, "congress.roll_call", term, refusal_manage())
    cfg = settings.RENDA
    n = absence_count(person=person, term=term)
    if n >= cfg["ABSENCE_FLAG_AT"]:
        kind, code, template = FlagKind.REVIEW, "absence.flagged", "congress.mandate_review"
    elif n >= cfg["ABSENCE_WARN_AT"]:
        kind, code, template = FlagKind.WARNING, "absence.warned", "congress.absence_warning"
    else:
        return None
    if AbsenceFlag.objects.filter(term=term, person=person, kind=kind).exists():
        return None
    town = term.town
    mandate = Mandate.objects.filter(person=person, term=term).order_by("-start_date").first()
    flag = AbsenceFlag.objects.create(town=town, term=term, person=person, mandate=mandate, kind=kind)
    sessions = Session.objects.filter(
        term=term, attendance__person=person, attendance__presence=Presence.ABSENT
    )
    flag.sessions.set(sessions.distinct())
    activity_record(code=code, actor=actor, subject=flag, data={"absences": n, "person": person.name})
    if kind == FlagKind.WARNING:
        recipients = _users_with(Role.DEPUTY, person=person) + _users_with(Role.TOWN_STAFF, town=town)
    else:
        recipients = _users_with(Role.PRESIDIUM, town=town) + _users_with(Role.TOWN_STAFF, town=town)
    link = reverse("congress:flag-detail", kwargs={"pk": flag.pk})
    seen = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notification_send(
            user=user,
            town=town,
            kind="other",
            template=template,
            params={"item": person.name, "days": n},
            link=link,
            statutory=kind == FlagKind.REVIEW,
        )
    return flag


@transaction.atomic
def absence_flag_resolve(*, flag: AbsenceFlag, resolution: str, actor, at=None) -> AbsenceFlag:
    """The presidium records what it decided (e.g. the standing committee was asked to confirm the end of the
    mandate, or the absence was excused). The registry mandate is changed there, never here."""
    check(actor, "congress.flag_resolve", flag, refusal_presidium())
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写处理结果")})
    return workflow_apply(
        flag, "resolve", actor=actor, version=flag.version, data={"resolution": resolution},
        resolution=resolution.strip(), resolved_by=user_or_none(actor), resolved_at=now(at),
    )  # fmt: skip
