"""The congress transition tables: every declared transition is taken by its service, a step outside the
table is refused, a stale version is a stale Conflict, and the pages' buttons are read from the tables."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django_scopes import scopes_disabled

from renda.congress import services as cs
from renda.congress import workflow as cwf
from renda.congress.enums import (
    LeaveState,
    MotionKind,
    MotionSource,
    MotionState,
    SessionState,
    VoteKind,
    VoteState,
)
from renda.congress.models import LeaveRequest, Session
from renda.core.actors import SYSTEM
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.workflow import workflow_actions_for, workflow_apply

from .helpers import add_deputies, make_session, roll_call, serving_all

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = dt.datetime(2025, 3, 1, 9, tzinfo=TZ)
TABLES = [cwf.SESSION, cwf.MOTION, cwf.VOTE, cwf.LEAVE, cwf.ABSENCE_FLAG]


@pytest.fixture
def town(world):
    with scopes_disabled():  # test set-up and service calls across the test's own town
        yield world.a


def _taken(wf, t) -> bool:
    """An audit row of this transition: its code, on its model, from one of its sources to its target."""
    logs = ActivityLog.unscoped.filter(code=t.code, content_type=ContentType.objects.get_for_model(wf.model))
    return any(
        t.starts_from(log.data["from"]) and log.data["to"] == (t.target or log.data["from"]) for log in logs
    )


def _motion(session, lead, *, source=MotionSource.DEPUTIES, actor=None):
    return cs.motion_create(
        session=session, kind=MotionKind.MOTION, source=source, title="关于修缮村道的议案", content="内容",
        lead=lead if source == MotionSource.DEPUTIES else None, actor=actor or lead.user, at=BEFORE,
    )  # fmt: skip


def test_every_declared_transition_is_taken_by_its_service(town):
    staff, presidium = town.users["town_staff"], town.users["presidium"]
    deputies = add_deputies(town, 5, with_users=True)
    persons = serving_all(town)
    session = make_session(town)
    # Leave: approve and refuse.
    asked = [
        cs.leave_request_create(
            session=session,
            person=p,
            first_day=session.start_date,
            last_day=session.start_date,
            reason="出差",
            actor=p.user,
        )  # fmt: skip
        for p in deputies[3:5]
    ]
    assert cs.leave_request_decide(leave=asked[0], approve=True, actor=presidium).state == LeaveState.APPROVED
    assert cs.leave_request_decide(leave=asked[1], approve=False, actor=staff).state == LeaveState.REFUSED
    # Session: open (quorum).
    roll_call(session, persons, present=len(persons), actor=staff)
    assert cs.session_open(session=session, day=session.start_date, actor=staff).state == SessionState.OPEN
    # Motions: lodge, on the agenda, voted; off the agenda; withdrawn before and after lodging.
    m1 = _motion(session, deputies[0])
    for p in deputies[1:5]:
        cs.motion_cosign(motion=m1, person=p, actor=p.user, at=BEFORE)
    cs.motion_lodge(motion=m1, actor=deputies[0].user, at=BEFORE)
    assert cs.motion_decide(motion=m1, on_agenda=True, reason="符合要求", actor=presidium).state == (
        MotionState.ON_AGENDA
    )
    m2 = _motion(session, None, source=MotionSource.PRESIDIUM, actor=presidium)
    cs.motion_lodge(motion=m2, actor=presidium, at=BEFORE)
    assert cs.motion_decide(motion=m2, on_agenda=False, reason="作为建议", actor=presidium).state == (
        MotionState.NOT_ON_AGENDA
    )
    m3 = _motion(session, deputies[0])
    assert (
        cs.motion_withdraw(motion=m3, reason="不再需要", actor=deputies[0].user).state
        == MotionState.WITHDRAWN
    )
    m4 = _motion(session, None, source=MotionSource.PRESIDIUM, actor=presidium)
    cs.motion_lodge(motion=m4, actor=presidium, at=BEFORE)
    assert cs.motion_withdraw(motion=m4, reason="情况变化", actor=presidium).state == MotionState.WITHDRAWN
    # Vote: record, close (the motion is voted), correct after the session closes.
    vote = cs.vote_create(
        session=session, kind=VoteKind.DECISION, title="关于修缮村道的决议", day=session.end_date, motion=m1,
        actor=staff,
    )  # fmt: skip
    counts = {"yes": len(persons) - 1, "no": 1, "abstain": 0, "not_voting": 0}
    cs.vote_record(vote=vote, counts=counts, actor=staff)
    assert cs.vote_close(vote=vote, actor=staff).state == VoteState.CLOSED
    m1.refresh_from_db()
    assert m1.state == MotionState.VOTED
    assert cs.session_close(session=session, actor=staff).state == SessionState.CLOSED
    cs.vote_correct(
        vote=vote, counts=counts | {"yes": 1, "no": len(persons) - 1}, reason="录入错误", actor=staff
    )
    # Absence flag: resolved by the presidium.
    flag = town.objects["congress.absenceflag"]
    cs.absence_flag_resolve(flag=flag, resolution="已说明情况", actor=presidium)

    missing = [(wf.model.__name__, t.action) for wf in TABLES for t in wf.transitions if not _taken(wf, t)]
    assert missing == []


def test_a_step_outside_the_table_is_refused(town):
    session = make_session(town)
    with pytest.raises(Conflict) as err:
        cs.session_close(session=session, actor=town.users["town_staff"])
    assert (err.value.stale, str(err.value)) == (False, "当前状态（筹备中）不能进行此操作")
    with pytest.raises(Conflict):
        workflow_apply(session, "close", actor=SYSTEM)
    motion = town.objects["congress.motion"]  # a draft
    with pytest.raises(Conflict):
        cs.motion_decide(motion=motion, on_agenda=True, actor=town.users["presidium"])
    session.refresh_from_db()
    motion.refresh_from_db()
    assert (session.state, motion.state) == (SessionState.PLANNED, MotionState.DRAFT)


def test_a_stale_version_is_a_stale_conflict(town):
    leave = town.objects["congress.leaverequest"]
    stale = LeaveRequest.objects.get(pk=leave.pk)
    cs.leave_request_decide(leave=leave, approve=True, actor=town.users["presidium"])
    with pytest.raises(Conflict) as err:
        cs.leave_request_decide(leave=stale, approve=False, actor=town.users["presidium"])
    assert err.value.stale is True
    session = make_session(town)
    copy = Session.objects.get(pk=session.pk)
    cs.session_update(session=session, data={"venue": "村委会"}, actor=town.users["town_staff"])
    roll_call(session, serving_all(town), present=len(serving_all(town)), actor=SYSTEM)
    with pytest.raises(Conflict) as err:
        cs.session_open(session=copy, day=copy.start_date, actor=town.users["town_staff"])
    assert err.value.stale is True


def test_recording_and_counting_a_vote_is_one_service_call(town):
    vote = town.objects["congress.vote"]
    n = len(serving_all(town))
    vote = cs.vote_record(
        vote=vote, counts={"yes": n, "no": 0, "abstain": 0}, close=True, actor=town.users["town_staff"]
    )
    vote.refresh_from_db()
    assert (vote.state, vote.yes, vote.passed) == (VoteState.CLOSED, n, True)


def test_the_pages_buttons_come_from_the_table(town):
    leave = town.objects["congress.leaverequest"]
    assert [t.action for t in workflow_actions_for(leave, town.users["presidium"])] == ["approve", "refuse"]
    assert workflow_actions_for(leave, town.users["deputy"]) == []
    session = town.objects["congress.session"]  # open
    assert [t.action for t in workflow_actions_for(session, town.users["town_staff"])] == ["close"]
