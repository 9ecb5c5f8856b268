"""Congress API: sessions, motions, votes and the compliance table; co-signing a motion and recording a
vote's counts. Every operation with {pk} declares its model; list items carry their town."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from renda.core.api_parts import HistoryOut, history_rows, pick, pick_many, town_pick
from renda.core.enums import Role
from renda.core.permissions import allowed
from renda.core.types import Id, Limit, Offset, Year

from . import queries, services
from .schemas import (
    AgendaIn,
    AgendaItemOut,
    AgendaPatchIn,
    CompliancePage,
    CountsIn,
    DecideIn,
    LeaveIn,
    LeaveOut,
    MotionOut,
    MotionPage,
    RollCallIn,
    RollCallOut,
    RollCallResult,
    SessionDayIn,
    SessionIn,
    SessionOut,
    SessionPage,
    SessionPatchIn,
    VoteOut,
)

router = Router(tags=["congress"])


def _session(s) -> dict:
    return {
        "id": s.pk, "town": s.town_id, "term": s.term_id, "number": s.number, "title": str(s), "kind": s.kind,
        "state": s.state, "start_date": s.start_date, "end_date": s.end_date, "venue": s.venue,
        "motion_deadline": s.motion_deadline, "quorum_present": s.quorum_present,
        "quorum_serving": s.quorum_serving, "version": s.version,
    }  # fmt: skip


def _motion(m) -> dict:
    return {
        "id": m.pk, "town": m.town_id, "session": m.session_id, "number": m.number, "kind": m.kind,
        "source": m.source, "title": m.title, "state": m.state, "lead": m.lead.name if m.lead else None,
        "signers": [s.person.name for s in m.signers.all()],
    }  # fmt: skip


def _vote(v) -> dict:
    return {
        "id": v.pk, "town": v.town_id, "session": v.session_id, "title": v.title, "kind": v.kind, "day": v.day,
        "state": v.state, "yes": v.yes, "no": v.no, "abstain": v.abstain, "not_voting": v.not_voting,
        "serving": v.serving, "passed": v.passed,
    }  # fmt: skip


def _page(rows, limit: int, offset: int) -> tuple[int, list]:
    """The count of all rows and the page `offset`…`offset + limit` (a queryset or a list)."""
    total = len(rows) if isinstance(rows, list) else rows.count()
    return total, list(rows[offset : offset + limit])


@router.get("/sessions", response=SessionPage)
def session_list(request, year: Year | None = None, limit: Limit = 100, offset: Offset = 0):
    """The sessions this user may see, newest first."""
    qs = queries.sessions_visible_to(user=request.user)
    if year:
        qs = qs.filter(start_date__year=year)
    total, rows = _page(qs.order_by("-start_date", "-id"), limit, offset)
    return {"count": total, "items": [_session(s) for s in rows]}


@router.get("/sessions/{pk}", response=SessionOut, openapi_extra={"x-renda-model": "congress.session"})
def session_get(request, pk: Id):
    return _session(queries.session_get_for(user=request.user, pk=pk))


@router.get("/motions", response=MotionPage)
def motion_list(request, session: Id | None = None, limit: Limit = 100, offset: Offset = 0):
    """The motions this user may see (of one session), the newest session first."""
    qs = queries.motions_visible_to(user=request.user).prefetch_related("signers__person")
    if session:
        qs = qs.filter(session=session)
    total, rows = _page(qs.order_by("-session__start_date", "number", "id"), limit, offset)
    return {"count": total, "items": [_motion(m) for m in rows]}


@router.get("/motions/{pk}", response=MotionOut, openapi_extra={"x-renda-model": "congress.motion"})
def motion_get(request, pk: Id):
    return _motion(queries.motion_get_for(user=request.user, pk=pk))


@router.post("/motions/{pk}/cosign", response=MotionOut, openapi_extra={"x-renda-model": "congress.motion"})
def motion_cosign(request, pk: Id):
    """The calling deputy co-signs (附议) the motion."""
    motion = queries.motion_get_for(user=request.user, pk=pk)
    person = queries.own_person_in_town(user=request.user, town=motion.town)
    if person is None:
        raise PermissionDenied
    services.motion_cosign(motion=motion, person=person, actor=request.user)
    return _motion(motion)


@router.get("/votes/{pk}", response=VoteOut, openapi_extra={"x-renda-model": "congress.vote"})
def vote_get(request, pk: Id):
    return _vote(queries.vote_get_for(user=request.user, pk=pk))


@router.post("/votes/{pk}/record", response=VoteOut, openapi_extra={"x-renda-model": "congress.vote"})
def vote_record(request, pk: Id, payload: CountsIn):
    """Record the counts (and optionally count the vote: the result against all serving deputies)."""
    vote = queries.vote_get_for(user=request.user, pk=pk)
    counts = payload.model_dump()
    close = counts.pop("close")
    return _vote(services.vote_record(vote=vote, counts=counts, close=close, actor=request.user))


@router.get("/compliance", response=CompliancePage)
def compliance(request, year: Year | None = None, limit: Limit = 100, offset: Offset = 0):
    """The yearly compliance check, one row per town with a congress."""
    year = year or timezone.localdate().year
    total, rows = _page(queries.compliance_rows(user=request.user, year=year), limit, offset)
    return {
        "count": total,
        "items": [
            {
                "town": r["town"].pk,
                "town_name": r["town"].name,
                "year": year,
                "failing": r["failing"],
                "cells": {k: {"ok": c.ok, "text": c.text, "url": c.url} for k, c in r["cells"].items()},
            }
            for r in rows
        ],
    }


# --- every step a page offers: sessions and their agenda, leave, the roll call, opening and closing ---------

SE = {"x-renda-model": "congress.session"}
AI = {"x-renda-model": "congress.agendaitem"}
LR = {"x-renda-model": "congress.leaverequest"}


def _item(i) -> dict:
    return {
        "id": i.pk, "town": i.town_id, "session": i.session_id, "order": i.order, "kind": i.kind,
        "title": i.title, "version": services.agenda_item_version(i),
    }  # fmt: skip


def _leave(x) -> dict:
    return {
        "id": x.pk, "town": x.town_id, "session": x.session_id, "person": x.person_id,
        "person_name": x.person.name, "first_day": x.first_day, "last_day": x.last_day, "reason": x.reason,
        "state": x.state, "decided_by": str(x.decided_by) if x.decided_by_id else None,
        "decided_at": x.decided_at, "version": x.version,
    }  # fmt: skip


def _roll_call(session, day) -> dict:
    rc = queries.roll_call_for(session=session, day=day)
    return {
        "day": rc.day, "present": rc.present, "serving": rc.serving, "needed": rc.needed, "recorded": rc.recorded,
        "rows": [
            {"person": r["person"].pk, "name": r["person"].name, "presence": r["value"], "recorded": r["recorded"],
             "has_leave": r["has_leave"]}
            for r in rc.rows
        ],
    }  # fmt: skip


def _manage(request, town) -> None:
    """The page's check before its form: a wrong role is refused before its input is read."""
    if not allowed(request.user, "congress.session_create", town):
        raise PermissionDenied(_("只有镇人大工作人员可以进行此操作"))


@router.post("/sessions", response={201: SessionOut})
def session_create(request, payload: SessionIn):
    """A new session of the town's congress in its current term (special sessions name who asked)."""
    town = town_pick(
        user=request.user,
        town_id=payload.town_id,
        roles=(Role.TOWN_STAFF, Role.DISTRICT_STAFF, Role.PRESIDIUM),
    )
    _manage(request, town)
    data = payload.model_dump(exclude={"town_id", "requester_ids"})
    data["requested_by"] = data["requested_by"] or ""
    data["requesters"] = pick_many(
        queries.persons_of_town(town=town),
        payload.requester_ids,
        field="requesters",
        message=_("代表不存在"),
    )
    return 201, _session(services.session_create(town=town, data=data, actor=request.user))


@router.patch("/sessions/{pk}", response=SessionOut, openapi_extra=SE)
def session_update(request, pk: Id, payload: SessionPatchIn):
    """Change the dates (before it opens), the venue or the motion deadline; `version` from the last read."""
    session = queries.session_get_for(user=request.user, pk=pk)
    data = payload.model_dump(exclude={"version"}, exclude_unset=True)
    for name in ("start_date", "end_date", "venue"):  # null leaves these unchanged; a null deadline clears it
        if name in data and data[name] is None:
            data.pop(name)
    session = services.session_update(session=session, data=data, actor=request.user, version=payload.version)
    return _session(session)


@router.get("/sessions/{pk}/history", response=list[HistoryOut], openapi_extra=SE)
def session_history(request, pk: Id):
    return history_rows(queries.session_get_for(user=request.user, pk=pk))


@router.get("/sessions/{pk}/agenda", response=list[AgendaItemOut], openapi_extra=SE)
def session_agenda(request, pk: Id):
    session = queries.session_get_for(user=request.user, pk=pk)
    return [_item(i) for i in session.items.all()]


@router.post("/sessions/{pk}/agenda", response={201: AgendaItemOut}, openapi_extra=SE)
def session_agenda_add(request, pk: Id, payload: AgendaIn):
    session = queries.session_get_for(user=request.user, pk=pk)
    item = services.agenda_item_add(
        session=session, kind=payload.kind, title=payload.title, actor=request.user
    )
    return 201, _item(item)


@router.get("/agenda-items/{pk}", response=AgendaItemOut, openapi_extra=AI)
def agenda_item_get(request, pk: Id):
    return _item(queries.agenda_item_get_for(user=request.user, pk=pk))


@router.patch("/agenda-items/{pk}", response=AgendaItemOut, openapi_extra=AI)
def agenda_item_update(request, pk: Id, payload: AgendaPatchIn):
    """Rename an item, change its kind or move it to another place (`order`); `version` from the last read."""
    item = queries.agenda_item_get_for(user=request.user, pk=pk)
    data = {
        k: v for k, v in payload.model_dump(exclude={"version"}, exclude_unset=True).items() if v is not None
    }
    item = services.agenda_item_update(item=item, data=data, actor=request.user, version=payload.version)
    return _item(item)


@router.get("/sessions/{pk}/leaves", response=list[LeaveOut], openapi_extra=SE)
def session_leaves(request, pk: Id):
    """All leave requests for the staff and the presidium; a deputy sees their own."""
    session = queries.session_get_for(user=request.user, pk=pk)
    return [_leave(x) for x in queries.session_leaves_for(user=request.user, session=session)]


@router.post("/sessions/{pk}/leaves", response={201: LeaveOut}, openapi_extra=SE)
def session_leave_add(request, pk: Id, payload: LeaveIn):
    """A deputy asks for leave (`person_id` left out: their own), or staff enter it for a deputy."""
    session = queries.session_get_for(user=request.user, pk=pk)
    if payload.person_id is None:
        person = queries.own_person_in_town(user=request.user, town=session.town)
        if person is None:
            raise ValidationError({"person": _("请选择请假的代表")})
    else:
        person = pick(
            queries.persons_of_town(town=session.town),
            payload.person_id,
            field="person",
            message=_("代表不存在"),
        )
    leave = services.leave_request_create(
        session=session,
        person=person,
        first_day=payload.first_day,
        last_day=payload.last_day,
        reason=payload.reason,
        actor=request.user,
    )
    return 201, _leave(leave)


@router.get("/leaves/{pk}", response=LeaveOut, openapi_extra=LR)
def leave_get(request, pk: Id):
    return _leave(queries.leave_request_get_for(user=request.user, pk=pk))


@router.post("/leaves/{pk}/decide", response=LeaveOut, openapi_extra=LR)
def leave_decide(request, pk: Id, payload: DecideIn):
    """The presidium (or staff acting for it) approves or refuses."""
    leave = queries.leave_request_get_for(user=request.user, pk=pk)
    leave = services.leave_request_decide(
        leave=leave, approve=payload.approve, actor=request.user, version=payload.version
    )
    return _leave(leave)


@router.get("/sessions/{pk}/roll-call", response=RollCallOut, openapi_extra=SE)
def session_roll_call(request, pk: Id, day: dt.date | None = None):
    """One day's roll call (default: today during the session, else its first day)."""
    session = queries.session_get_for(user=request.user, pk=pk)
    days = services.session_days(session)
    if day is None:
        today = timezone.localdate()
        day = today if today in days else days[0]
    elif day not in days:
        raise ValidationError({"day": _("该日期不在会期之内")})
    return _roll_call(session, day)


@router.post("/sessions/{pk}/roll-call", response=RollCallResult, openapi_extra=SE)
def session_roll_call_record(request, pk: Id, payload: RollCallIn):
    """Record the day's presence {person id: present / leave / absent}; "leave" needs approved leave.
    Returns the absence flags this raised (their people are notified) and the day's roll call."""
    session = queries.session_get_for(user=request.user, pk=pk)
    presence = {pid: str(v) for pid, v in payload.presence.items()}
    flags = services.roll_call_record(session=session, day=payload.day, presence=presence, actor=request.user)
    return {
        "flags": [
            {
                "id": f.pk,
                "person": f.person_id,
                "person_name": f.person.name,
                "kind": f.kind,
                "state": f.state,
            }
            for f in flags
        ],
        "roll_call": _roll_call(session, payload.day),
    }


@router.post("/sessions/{pk}/open", response=SessionOut, openapi_extra=SE)
def session_open(request, pk: Id, payload: SessionDayIn):
    """Declare the session open: two thirds of the deputies serving that day must be present."""
    session = queries.session_get_for(user=request.user, pk=pk)
    return _session(services.session_open(session=session, day=payload.day, actor=request.user))


@router.post("/sessions/{pk}/close", response=SessionOut, openapi_extra=SE)
def session_close(request, pk: Id):
    session = queries.session_get_for(user=request.user, pk=pk)
    return _session(services.session_close(session=session, actor=request.user))
