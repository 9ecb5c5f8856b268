"""Congress API: sessions, motions, votes and the compliance table; co-signing a motion and recording a
vote's counts. Every operation with {pk} declares its model; list items carry their town."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema

from renda.core.types import Count, Id, Year

from . import queries, services

router = Router(tags=["congress"])


class SessionOut(Schema):
    id: int
    town: int
    term: int
    number: int
    title: str
    kind: str
    state: str
    start_date: dt.date
    end_date: dt.date
    venue: str
    motion_deadline: dt.date | None
    quorum_present: int | None
    quorum_serving: int | None


def _session(s) -> dict:
    return {
        "id": s.pk, "town": s.town_id, "term": s.term_id, "number": s.number, "title": str(s), "kind": s.kind,
        "state": s.state, "start_date": s.start_date, "end_date": s.end_date, "venue": s.venue,
        "motion_deadline": s.motion_deadline, "quorum_present": s.quorum_present,
        "quorum_serving": s.quorum_serving,
    }  # fmt: skip


class MotionOut(Schema):
    id: int
    town: int
    session: int
    number: int | None
    kind: str
    source: str
    title: str
    state: str
    lead: str | None
    signers: list[str]


def _motion(m) -> dict:
    return {
        "id": m.pk, "town": m.town_id, "session": m.session_id, "number": m.number, "kind": m.kind,
        "source": m.source, "title": m.title, "state": m.state, "lead": m.lead.name if m.lead else None,
        "signers": [s.person.name for s in m.signers.all()],
    }  # fmt: skip


class VoteOut(Schema):
    id: int
    town: int
    session: int
    title: str
    kind: str
    day: dt.date
    state: str
    yes: int
    no: int
    abstain: int
    not_voting: int
    serving: int | None
    passed: bool | None


def _vote(v) -> dict:
    return {
        "id": v.pk, "town": v.town_id, "session": v.session_id, "title": v.title, "kind": v.kind, "day": v.day,
        "state": v.state, "yes": v.yes, "no": v.no, "abstain": v.abstain, "not_voting": v.not_voting,
        "serving": v.serving, "passed": v.passed,
    }  # fmt: skip


class CountsIn(Schema):
    yes: Count
    no: Count
    abstain: Count
    not_voting: Count = 0
    close: bool = False


@router.get("/sessions", response=list[SessionOut])
def session_list(request, year: Year | None = None):
    qs = queries.sessions_visible_to(user=request.user)
    if year:
        qs = qs.filter(start_date__year=year)
    return [_session(s) for s in qs.order_by("-start_date", "-id")[:500]]


@router.get("/sessions/{pk}", response=SessionOut, openapi_extra={"x-renda-model": "congress.session"})
def session_get(request, pk: Id):
    return _session(queries.session_get_for(user=request.user, pk=pk))


@router.get("/motions", response=list[MotionOut])
def motion_list(request, session: Id | None = None):
    qs = queries.motions_visible_to(user=request.user).prefetch_related("signers__person")
    if session:
        qs = qs.filter(session=session)
    return [_motion(m) for m in qs.order_by("-session__start_date", "number", "id")[:500]]


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
    vote = services.vote_record(vote=vote, counts=counts, actor=request.user)
    if close and vote.state == "open":
        vote = services.vote_close(vote=vote, actor=request.user)
    return _vote(vote)


@router.get("/compliance", response=list[dict])
def compliance(request, year: Year | None = None):
    """The yearly compliance check, one row per town with a congress."""
    year = year or timezone.localdate().year
    return [
        {
            "town": r["town"].pk,
            "town_name": r["town"].name,
            "year": year,
            "failing": r["failing"],
            "cells": {k: {"ok": c.ok, "text": c.text, "url": c.url} for k, c in r["cells"].items()},
        }
        for r in queries.compliance_rows(user=request.user, year=year)
    ]
