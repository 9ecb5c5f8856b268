"""The transition tables of a reception day and an appeal (receptions/workflow.py): every declared transition
is taken by its service, a step outside the table is refused, and a stale version is a Conflict(stale=True)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.workflow import workflow_actions_for, workflow_apply, workflow_can
from renda.receptions import services
from renda.receptions.enums import AppealState, DayState
from renda.receptions.models import Appeal, ReceptionDay
from renda.receptions.workflow import APPEAL, DAY


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _taken(*objs) -> list[tuple[str, str, str]]:
    """(code, from, to) of every audit row of a state change on the objects, in order."""
    with scopes_disabled():  # test inspection
        rows = ActivityLog.unscoped.filter(
            object_id__in=[str(o.pk) for o in objs], content_type__model=objs[0]._meta.model_name
        ).order_by("id")
        return [(r.code, r.data.get("from"), r.data.get("to")) for r in rows if "from" in (r.data or {})]


def _day(tw, date: dt.date) -> ReceptionDay:
    return services.reception_day_create(
        town=tw.town,
        data={"date": date, "group": tw.objects["receptions.receptiongroup"]},
        actor=tw.users["town_staff"],
    )


def _appeal(tw) -> Appeal:
    return services.appeal_submit(
        town=tw.town,
        data={
            "content": "桥面裂缝，车辆通行有隐患。",
            "category": "roads",
            "citizen_name": "周七",
            "citizen_phone": "13600001111",
        },
        actor=tw.users["town_staff"],
    )


def test_every_day_transition_is_taken_by_its_service(world):
    tw = world.a
    staff, deputy, person = tw.users["town_staff"], tw.users["deputy"], tw.objects["registry.person"]
    today = timezone.localdate()
    with scopes_disabled():  # the services under test; the scope is the pages' concern
        held = _day(tw, today - dt.timedelta(days=1))
        services.reception_day_update(day=held, data={"place": "村委会二楼"}, actor=staff)
        services.reception_day_publish(day=held, actor=staff, on=held.date - dt.timedelta(days=5))
        services.reception_day_record(day=held, attended=[person], visitors=3, summary="", actor=deputy)
        dropped = _day(tw, dt.date(2099, 2, 1))
        services.reception_day_cancel(day=dropped, reason="台风", actor=staff)
        held.refresh_from_db()
        dropped.refresh_from_db()
    taken = _taken(held, dropped)
    assert {code for code, _f, _t in taken} == {t.code for t in DAY.transitions}
    for t in DAY.transitions:
        row = next(r for r in taken if r[0] == t.code)
        assert row[1] in t.sources and row[2] == (t.target or row[1]), (t.action, row)
    assert (held.state, held.place, held.visitors, dropped.state) == (
        DayState.HELD,
        "村委会二楼",
        3,
        DayState.CANCELLED,
    )


def test_every_appeal_transition_is_taken_by_its_service(world):
    tw = world.a
    staff, clerk, petitions = tw.users["town_staff"], tw.users["unit_clerk"], tw.users["petitions"]
    today = timezone.localdate()
    with scopes_disabled():  # the services under test
        appeal = _appeal(tw)
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)  # assign
        services.appeal_assign(appeal=appeal, handler=staff, actor=staff)  # reassign (assigned stays)
        reply = {"method": "phone", "replied_on": today, "replied_by": "李", "text": "已安排维修"}
        services.appeal_reply(appeal=appeal, actor=staff, **reply)
        services.appeal_feedback_record(
            appeal=appeal, satisfaction="unsatisfied", second_look=True, actor=petitions
        )  # reopen
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)  # reassign (reopened stays)
        services.appeal_reply(appeal=appeal, actor=clerk, **reply)
        services.appeal_feedback_record(appeal=appeal, satisfaction="basically", actor=petitions)  # close
        services.appeal_convert_to_suggestion(
            appeal=appeal, signers=[tw.objects["registry.person"]], actor=staff
        )  # convert: from any state
        appeal.refresh_from_db()
    taken = _taken(appeal)
    assert [c for c, _f, _t in taken] == [
        "appeal.assigned",
        "appeal.assigned",
        "appeal.replied",
        "appeal.reopened",
        "appeal.assigned",
        "appeal.replied",
        "appeal.closed",
        "appeal.converted",
    ]
    assert [(f, t) for _c, f, t in taken] == [
        ("submitted", "assigned"),
        ("assigned", "assigned"),
        ("assigned", "replied"),
        ("replied", "reopened"),
        ("reopened", "reopened"),
        ("reopened", "replied"),
        ("replied", "closed"),
        ("closed", "closed"),
    ]
    for t in APPEAL.transitions:
        assert any(c == t.code and t.starts_from(f) and to == (t.target or f) for c, f, to in taken), t.action
    assert (appeal.state, appeal.satisfaction, appeal.reviews, appeal.handler_id) == (
        AppealState.CLOSED,
        "basically",
        1,
        clerk.pk,
    )
    assert appeal.suggestion_id is not None


def test_a_step_outside_the_table_is_refused(world):
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with scopes_disabled():  # the services under test
        day = _day(tw, dt.date(2099, 3, 1))
        services.reception_day_cancel(day=day, reason="改期", actor=staff)
        with pytest.raises(Conflict) as refused:
            services.reception_day_publish(day=day, actor=staff)
        assert not refused.value.stale and "已取消" in str(refused.value)
        with pytest.raises(Conflict):
            services.reception_day_cancel(day=day, reason="再取消", actor=staff)
        with pytest.raises(Conflict):
            services.reception_day_update(day=day, data={"place": "x"}, actor=staff)
        appeal = _appeal(tw)
        with pytest.raises(Conflict) as refused:
            services.appeal_reply(
                appeal=appeal,
                method="phone",
                replied_on=timezone.localdate(),
                replied_by="李",
                text="答复",
                actor=staff,
            )
        assert "已登记" in str(refused.value)
        with pytest.raises(Conflict):
            services.appeal_feedback_record(appeal=appeal, satisfaction="satisfied", actor=staff)
        with pytest.raises(Conflict):  # the table itself, below the services
            workflow_apply(appeal, "close", actor=SYSTEM)
        with pytest.raises(ValueError):
            workflow_apply(appeal, "publish", actor=SYSTEM)
        appeal.refresh_from_db()
        day.refresh_from_db()
    assert (appeal.state, day.state, appeal.version) == (AppealState.SUBMITTED, DayState.CANCELLED, 0)
    assert clerk.pk != appeal.handler_id


def test_a_stale_version_is_a_stale_conflict(world):
    tw = world.a
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    with scopes_disabled():  # the services under test
        day = _day(tw, dt.date(2099, 4, 1))
        read = day.version
        services.reception_day_update(day=day, data={"place": "甲"}, actor=staff, version=read)
        for step in (
            lambda: services.reception_day_update(day=day, data={"place": "乙"}, actor=staff, version=read),
            lambda: services.reception_day_publish(day=day, actor=staff, version=read),
            lambda: services.reception_day_record(
                day=day, attended=[], visitors=0, summary="", actor=staff, version=read
            ),
        ):
            with pytest.raises(Conflict) as stale:
                step()
            assert stale.value.stale
        appeal = _appeal(tw)
        services.appeal_assign(appeal=appeal, handler=clerk, actor=staff, version=0)
        with pytest.raises(Conflict) as stale:
            services.appeal_assign(appeal=appeal, handler=staff, actor=staff, version=0)
        assert stale.value.stale
        with pytest.raises(Conflict) as stale:
            services.appeal_reply(
                appeal=appeal,
                method="phone",
                replied_on=timezone.localdate(),
                replied_by="李",
                text="答复",
                actor=clerk,
                version=0,
            )
        assert stale.value.stale
        day.refresh_from_db()
    assert day.place == "甲"


def test_what_a_page_offers_is_read_from_the_table(world):
    tw = world.a
    staff, deputy, clerk = tw.users["town_staff"], tw.users["deputy"], tw.users["unit_clerk"]
    with scopes_disabled():  # the services under test
        day = _day(tw, dt.date(2099, 5, 1))
        assert {t.action for t in workflow_actions_for(day, staff)} == {"update", "publish", "cancel"}
        assert workflow_actions_for(day, deputy) == []
        day = services.reception_day_publish(day=day, actor=staff)
        assert {t.action for t in workflow_actions_for(day, staff)} == {"update", "record", "cancel"}
        assert {t.action for t in workflow_actions_for(day, deputy)} == {"record"}
        appeal = _appeal(tw)
        assert workflow_can(appeal, "assign", staff) and not workflow_can(appeal, "assign", clerk)
        appeal = services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
        assert workflow_can(appeal, "reply", clerk) and not workflow_can(appeal, "assign", staff)
        assert workflow_can(appeal, "reassign", staff)
