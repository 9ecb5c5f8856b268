"""Congress rules: motion signatures, quorum, majority of all deputies, the absence rule, leave, corrections."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from renda.congress import services as cs
from renda.congress.enums import (
    FlagKind,
    MotionKind,
    MotionSource,
    MotionState,
    Presence,
    SessionKind,
    SessionState,
    SpecialRequester,
    VoteState,
)
from renda.congress.models import AbsenceFlag, VoteCorrection
from renda.core.actors import SYSTEM
from renda.core.audit import activities_for
from renda.core.enums import TownKind
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.notifications.models import Notification
from renda.registry.enums import MandateStatus

from .helpers import add_deputies, make_session, roll_call, serving_all

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = dt.datetime(2025, 3, 1, 9, tzinfo=TZ)


@pytest.fixture
def town(world):
    with scopes_disabled():  # test set-up and service calls across the test's own town
        yield world.a


def _motion(tw, lead, session, kind=MotionKind.MOTION):
    return cs.motion_create(
        session=session, kind=kind, source=MotionSource.DEPUTIES, title="关于修缮村道的议案", content="内容",
        lead=lead, actor=lead.user, at=BEFORE,
    )  # fmt: skip


def test_motion_with_four_deputies_cannot_be_lodged_with_five_can(town):
    deputies = add_deputies(town, 5, with_users=True)
    session = make_session(town, deadline=dt.date(2025, 3, 9))
    motion = _motion(town, deputies[0], session)
    for p in deputies[1:4]:
        cs.motion_cosign(motion=motion, person=p, actor=p.user, at=BEFORE)
    with pytest.raises(ValidationError) as err:
        cs.motion_lodge(motion=motion, actor=deputies[0].user, at=BEFORE)
    assert "5 名以上" in err.value.messages[0] and "现有 4 名" in err.value.messages[0]
    cs.motion_cosign(motion=motion, person=deputies[4], actor=deputies[4].user, at=BEFORE)
    motion = cs.motion_lodge(motion=motion, actor=deputies[0].user, at=BEFORE)
    assert (motion.state, motion.number) == (MotionState.LODGED, 1)
    codes = [e.code for e in reversed(activities_for(subject=motion))]
    assert codes == ["motion.created"] + ["motion.cosigned"] * 4 + ["motion.lodged"]


def test_cosigning_after_the_deadline_or_for_someone_else_is_refused(town):
    deputies = add_deputies(town, 2, with_users=True)
    session = make_session(town, deadline=dt.date(2025, 3, 9))
    motion = _motion(town, deputies[0], session)
    with pytest.raises(PermissionDenied):
        cs.motion_cosign(motion=motion, person=deputies[1], actor=deputies[0].user, at=BEFORE)
    with pytest.raises(ValidationError):
        cs.motion_cosign(
            motion=motion,
            person=deputies[1],
            actor=deputies[1].user,
            at=dt.datetime(2025, 3, 10, 9, tzinfo=TZ),
        )


def test_presidium_override_is_recorded_and_others_cannot_override(town):
    deputies = add_deputies(town, 2, with_users=True)
    session = make_session(town)
    motion = _motion(town, deputies[0], session)
    with pytest.raises(PermissionDenied):
        cs.motion_lodge(motion=motion, actor=town.users["town_staff"], override_reason="紧急", at=BEFORE)
    motion = cs.motion_lodge(
        motion=motion, actor=town.users["presidium"], override_reason="防汛紧急", at=BEFORE
    )
    assert (motion.state, motion.override_reason) == (MotionState.LODGED, "防汛紧急")
    log = ActivityLog.unscoped.get(code="motion.lodged", object_id=str(motion.pk))
    assert log.data["override_reason"] == "防汛紧急" and log.actor == town.users["presidium"]


def test_interpellation_needs_ten_deputies(town):
    deputies = add_deputies(town, 10, with_users=True)
    session = make_session(town)
    motion = _motion(town, deputies[0], session, kind=MotionKind.INTERPELLATION)
    for p in deputies[1:9]:
        cs.motion_cosign(motion=motion, person=p, actor=p.user, at=BEFORE)
    with pytest.raises(ValidationError):
        cs.motion_lodge(motion=motion, actor=deputies[0].user, at=BEFORE)
    cs.motion_cosign(motion=motion, person=deputies[9], actor=deputies[9].user, at=BEFORE)
    assert cs.motion_lodge(motion=motion, actor=deputies[0].user, at=BEFORE).state == MotionState.LODGED


def test_presidium_decides_and_withdrawal_needs_consent(town):
    deputies = add_deputies(town, 5, with_users=True)
    session = make_session(town)
    motion = _motion(town, deputies[0], session)
    for p in deputies[1:]:
        cs.motion_cosign(motion=motion, person=p, actor=p.user, at=BEFORE)
    cs.motion_lodge(motion=motion, actor=deputies[0].user, at=BEFORE)
    with pytest.raises(PermissionDenied):
        cs.motion_withdraw(motion=motion, reason="不再需要", actor=deputies[0].user)
    with pytest.raises(PermissionDenied):
        cs.motion_decide(motion=motion, on_agenda=False, reason="x", actor=deputies[0].user)
    with pytest.raises(ValidationError):
        cs.motion_decide(motion=motion, on_agenda=False, reason="", actor=town.users["presidium"])
    motion = cs.motion_decide(
        motion=motion, on_agenda=False, reason="属于建议性质", actor=town.users["presidium"]
    )
    assert motion.state == MotionState.NOT_ON_AGENDA
    suggestion = motion.suggestion  # handled as a deputy suggestion, signed by the motion's signers
    assert (suggestion.channel, suggestion.title, suggestion.source_id) == (
        "session",
        motion.title,
        str(motion.pk),
    )
    with pytest.raises(Conflict):
        cs.motion_withdraw(motion=motion, reason="x", actor=town.users["presidium"])


def test_quorum_refused_under_two_thirds_and_exactly_two_thirds_opens(town):
    add_deputies(town, 8)
    persons = serving_all(town)
    assert len(persons) == 9
    session = make_session(town)
    roll_call(session, persons, present=5)
    with pytest.raises(ValidationError) as err:
        cs.session_open(session=session, day=session.start_date, actor=town.users["town_staff"])
    assert "出席代表 5 名" in err.value.messages[0]
    roll_call(session, persons, present=6)  # 6/9 is exactly two thirds
    session = cs.session_open(session=session, day=session.start_date, actor=town.users["town_staff"])
    assert (session.state, session.quorum_present, session.quorum_serving, session.quorum_met) == (
        SessionState.OPEN, 6, 9, True,
    )  # fmt: skip


def test_serving_deputies_are_counted_on_the_day(town):
    """A mandate ended before the session does not count; one ended after it still does."""
    from renda.registry import services as reg

    extra = add_deputies(town, 2)
    mandates = [p.mandates.get() for p in extra]
    reg.mandate_end(
        mandate=mandates[0],
        status=MandateStatus.RESIGNED,
        end_date=dt.date(2025, 1, 1),
        reason="辞职",
        actor=SYSTEM,
    )
    reg.mandate_end(
        mandate=mandates[1],
        status=MandateStatus.RESIGNED,
        end_date=dt.date(2025, 6, 1),
        reason="辞职",
        actor=SYSTEM,
    )
    from renda.congress.queries import serving_count

    assert serving_count(term=town.objects["registry.term"], on=dt.date(2025, 3, 10)) == 2


def _open_session(town, present: int):
    persons = serving_all(town)
    session = make_session(town)
    roll_call(session, persons, present=present)
    return cs.session_open(session=session, day=session.start_date, actor=town.users["town_staff"])


def test_decision_with_majority_of_present_but_not_of_all_fails(town):
    add_deputies(town, 8)  # 9 serving
    session = _open_session(town, present=6)
    staff = town.users["town_staff"]
    vote = cs.vote_create(
        session=session, kind="decision", title="关于财政预算的决议", day=session.end_date, actor=staff
    )
    cs.vote_record(vote=vote, counts={"yes": 4, "no": 2, "abstain": 0}, actor=staff)
    vote = cs.vote_close(vote=vote, actor=staff)
    assert (vote.state, vote.serving, vote.passed) == (
        VoteState.CLOSED,
        9,
        False,
    )  # 4 of 6 present, not > 9/2
    vote = cs.vote_record(vote=vote, counts={"yes": 5, "no": 1, "abstain": 0}, actor=staff)
    assert vote.passed is True  # 5 > 4.5


def test_vote_after_the_session_closed_changes_only_by_correction(town):
    add_deputies(town, 2)  # 3 serving
    session = _open_session(town, present=3)
    staff = town.users["town_staff"]
    vote = cs.vote_create(
        session=session, kind="election", title="补选主席团成员", day=session.start_date, actor=staff
    )
    cs.vote_record(vote=vote, counts={"yes": 1, "no": 2}, actor=staff)
    cs.vote_close(vote=vote, actor=staff)
    session = cs.session_close(session=session, actor=staff)
    vote.refresh_from_db()
    with pytest.raises(Conflict):
        cs.vote_record(vote=vote, counts={"yes": 3}, actor=staff)
    with pytest.raises(ValidationError):
        cs.vote_correct(vote=vote, counts={"yes": 2, "no": 1}, reason="", actor=staff)
    correction = cs.vote_correct(vote=vote, counts={"yes": 2, "no": 1}, reason="计票员录入错误", actor=staff)
    vote.refresh_from_db()
    assert (vote.yes, vote.passed) == (2, True)
    assert (correction.before["yes"], correction.after["yes"], correction.before["passed"]) == (1, 2, False)
    assert VoteCorrection.objects.filter(vote=vote).count() == 1


def test_absence_rule_warns_after_the_first_and_flags_the_second(town):
    (person,) = add_deputies(town, 1, with_users=True)
    deputy_user, staff = person.user, town.users["town_staff"]
    first = make_session(town, start=dt.date(2025, 3, 10))
    cs.roll_call_record(
        session=first, day=first.start_date, presence={person.pk: Presence.ABSENT}, actor=staff
    )
    # Absent on the second day of the same session: still one session missed.
    cs.roll_call_record(session=first, day=first.end_date, presence={person.pk: Presence.ABSENT}, actor=staff)
    flags = list(AbsenceFlag.objects.filter(person=person).values_list("kind", flat=True))
    assert flags == [FlagKind.WARNING]
    warned = set(
        Notification.unscoped.filter(
            template="congress.absence_warning", params__item=person.name
        ).values_list("user", flat=True)
    )
    assert warned == {deputy_user.pk, staff.pk}
    second = make_session(town, start=dt.date(2025, 9, 1), kind=SessionKind.BUDGET)
    raised = cs.roll_call_record(
        session=second, day=second.start_date, presence={person.pk: Presence.ABSENT}, actor=staff
    )
    assert [f.kind for f in raised] == [FlagKind.REVIEW]
    review = raised[0]
    assert set(review.sessions.all()) == {first, second}
    assert review.mandate == person.mandates.get()
    flagged = set(
        Notification.unscoped.filter(
            template="congress.mandate_review", params__item=person.name
        ).values_list("user", flat=True)
    )
    assert flagged == {town.users["presidium"].pk, staff.pk}
    # Never applied silently: the mandate still serves until the presidium acts through the registry.
    assert person.mandates.get().status == MandateStatus.SERVING
    cs.absence_flag_resolve(
        flag=review, resolution="已提请区人大常委会确认资格终止", actor=town.users["presidium"]
    )
    review.refresh_from_db()
    assert review.state == "resolved"


def test_leave_must_be_approved_by_the_presidium_before_it_counts(town):
    (person,) = add_deputies(town, 1, with_users=True)
    session = make_session(town)
    leave = cs.leave_request_create(
        session=session, person=person, first_day=session.start_date, last_day=session.end_date, reason="住院",
        actor=person.user,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        cs.roll_call_record(
            session=session, day=session.start_date, presence={person.pk: Presence.LEAVE}, actor=SYSTEM
        )
    with pytest.raises(PermissionDenied):
        cs.leave_request_decide(leave=leave, approve=True, actor=person.user)
    leave = cs.leave_request_decide(leave=leave, approve=True, actor=town.users["presidium"])
    assert leave.decided_by == town.users["presidium"]
    assert (
        cs.roll_call_record(
            session=session, day=session.start_date, presence={person.pk: Presence.LEAVE}, actor=SYSTEM
        )
        == []
    )
    assert not AbsenceFlag.objects.filter(person=person).exists()


def test_special_session_needs_the_presidium_or_one_fifth_of_deputies(town):
    deputies = add_deputies(town, 9)  # 10 serving: one fifth is 2
    with pytest.raises(ValidationError):
        make_session(town, kind=SessionKind.SPECIAL)
    with pytest.raises(ValidationError):
        make_session(
            town, kind=SessionKind.SPECIAL, requested_by=SpecialRequester.DEPUTIES, requesters=deputies[:1]
        )
    s = make_session(
        town, kind=SessionKind.SPECIAL, requested_by=SpecialRequester.DEPUTIES, requesters=deputies[:2]
    )
    assert (s.requested_by, s.requesters.count()) == (SpecialRequester.DEPUTIES, 2)
    assert make_session(town, kind=SessionKind.SPECIAL, requested_by=SpecialRequester.PRESIDIUM).requested_by


def test_subdistricts_have_no_sessions(world):
    from factories import make_town

    with scopes_disabled():  # test set-up
        sub = make_town(world.x, "320509001000", "松陵街道", kind=TownKind.SUBDISTRICT)
        with pytest.raises(ValidationError) as err:
            cs.session_create(town=sub, data={"term": world.a.objects["registry.term"]}, actor=SYSTEM)
    assert "街道和开发区不设人民代表大会" in err.value.messages[0]


def test_stale_state_change_is_a_conflict(town):
    session = make_session(town)
    stale = type(session).objects.get(pk=session.pk)
    cs.roll_call_record(
        session=session,
        day=session.start_date,
        presence={town.objects["registry.person"].pk: "present"},
        actor=SYSTEM,
    )
    cs.session_open(session=session, day=session.start_date, actor=SYSTEM)
    with pytest.raises(Conflict):
        cs.session_close(session=stale, actor=SYSTEM)
