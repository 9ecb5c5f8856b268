"""The yearly work plan: lines of a draft, submit / approve / return, amendments that keep the old lines,
"plan vs done" per town and year from the activities that carried the lines out; the rules of each step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.core.errors import Conflict
from renda.oversight import queries_plans as q
from renda.oversight.enums import ActivityKind, PlanState
from renda.oversight.models import PlanRevision
from renda.oversight.services import activities as acts
from renda.oversight.services import plans


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _plan(tw, year=2027):
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        plan = plans.plan_create(town=tw.town, data={"year": year}, actor=staff)
        person = tw.objects["registry.person"]
        a = plans.plan_item_add(
            plan=plan,
            data={
                "kind": ActivityKind.ENFORCEMENT,
                "topic": "消防安全执法检查",
                "month": 3,
                "responsible": person,
            },
            actor=staff,
        )
        b = plans.plan_item_add(
            plan=plan,
            data={"kind": ActivityKind.INSPECTION, "topic": "环境整治视察", "month": 5},
            actor=staff,
        )
        c = plans.plan_item_add(
            plan=plan, data={"kind": ActivityKind.RESEARCH, "topic": "养老服务调研", "month": 9}, actor=staff
        )
    return plan, [a, b, c]


def _approve(tw, plan):
    with scopes_disabled():  # test set-up
        plans.plan_submit(plan=plan, actor=tw.users["town_staff"])
        return plans.plan_approve(plan=plan, actor=tw.users["presidium"])


def test_plan_is_submitted_returned_and_approved_by_the_presidium(world):
    tw = world.a
    plan, items = _plan(tw)
    assert plan.title == "平望镇人大主席团2027年度工作计划"
    with scopes_disabled():  # test set-up
        plans.plan_submit(plan=plan, actor=tw.users["town_staff"])
        with pytest.raises(PermissionDenied):
            plans.plan_approve(plan=plan, actor=tw.users["deputy"])
        plans.plan_return(plan=plan, reason="请补充专题询问", actor=tw.users["presidium"])
        assert plan.state == PlanState.DRAFT
        plans.plan_submit(plan=plan, actor=tw.users["town_staff"])
        plan = plans.plan_approve(plan=plan, actor=tw.users["presidium"])
        with pytest.raises(Conflict):  # an approved plan changes only by an amendment
            plans.plan_item_add(
                plan=plan, data={"kind": "report", "topic": "x", "month": 1}, actor=tw.users["town_staff"]
            )
    assert plan.state == PlanState.APPROVED and plan.approved_at is not None
    codes = activity_codes(plan)
    assert codes[0] == "workplan.created"
    assert codes.count("workplan.submitted") == 2 and codes[-1] == "workplan.approved"


def test_one_plan_per_town_and_year_and_bad_lines_refused(world):
    tw = world.b
    plan, _items = _plan(tw, year=2028)
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        with pytest.raises(ValidationError):
            plans.plan_create(town=tw.town, data={"year": 2028}, actor=staff)
        with pytest.raises(ValidationError):
            plans.plan_item_add(
                plan=plan, data={"kind": "report", "topic": "听取报告", "month": 13}, actor=staff
            )
        with pytest.raises(ValidationError):  # a presidium member of another town
            plans.plan_item_add(
                plan=plan,
                data={
                    "kind": "report",
                    "topic": "听取报告",
                    "month": 2,
                    "responsible": world.a.objects["registry.person"],
                },
                actor=staff,
            )
        with pytest.raises(PermissionDenied):  # another town's staff
            plans.plan_create(town=tw.town, data={"year": 2029}, actor=world.a.users["town_staff"])
        with pytest.raises(PermissionDenied):
            plans.plan_submit(plan=plan, actor=world.a.users["town_staff"])
        with pytest.raises(Conflict) as stale:
            plans.plan_update(plan=plan, data={"title": "新标题"}, actor=staff, version=plan.version - 1)
    assert stale.value.stale


def test_amendment_keeps_the_old_lines_and_withdraws_instead_of_deleting(world):
    tw = world.c
    plan, (a, b, c) = _plan(tw, year=2027)
    plan = _approve(tw, plan)
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        plan = plans.plan_amend(
            plan=plan,
            reason="上级部署调整",
            items=[
                {"id": a.pk, "month": 4},
                {"id": c.pk},
                {"kind": ActivityKind.INQUIRY, "topic": "食品安全专题询问", "month": 11},
            ],
            actor=staff,
            version=plan.version,
        )
        revision = PlanRevision.objects.get(plan=plan)
        lines = list(plan.items.order_by("position"))
    assert (plan.state, plan.revision, revision.number, revision.reason) == (
        PlanState.APPROVED,
        1,
        1,
        "上级部署调整",
    )
    assert [(r["topic"], r["month"]) for r in revision.before] == [
        ("消防安全执法检查", 3),
        ("环境整治视察", 5),
        ("养老服务调研", 9),
    ]
    assert [(i.topic, i.month, i.withdrawn) for i in lines] == [
        ("消防安全执法检查", 4, False),
        ("环境整治视察", 5, True),
        ("养老服务调研", 9, False),
        ("食品安全专题询问", 11, False),
    ]
    assert activity_codes(plan)[-1] == "workplan.amended"


def test_plan_vs_done_counts_held_late_missed_and_pending(world):
    tw = world.a
    staff = tw.users["town_staff"]
    plan, (a, b, c) = _plan(tw, year=2026)
    plan = _approve(tw, plan)
    person = tw.objects["registry.person"]
    with at(2026, 2, 20), scopes_disabled():  # test set-up
        on_time = acts.activity_create(
            town=tw.town,
            data={"kind": "enforcement", "topic": "消防安全执法检查", "plan_item": a, "start_date": dt.date(2026, 3, 5),
                  "place": "镇区", "organiser": "镇人大"},
            actor=staff,
        )  # fmt: skip
        late = acts.activity_create(
            town=tw.town,
            data={"kind": "inspection", "topic": "环境整治视察", "plan_item": b, "start_date": dt.date(2026, 6, 2),
                  "place": "太浦河", "organiser": "镇人大"},
            actor=staff,
        )  # fmt: skip
        for act in (on_time, late):
            acts.activity_invite(activity=act, persons=[person], actor=staff)
            acts.activity_publish(activity=act, actor=staff)
    with at(2026, 3, 5), scopes_disabled():
        acts.activity_hold(activity=on_time, attended=[person], summary="检查了 12 家企业", actor=staff)
        early = q.plan_vs_done(user=staff, year=2026, today=dt.date(2026, 4, 1))
    with at(2026, 6, 2), scopes_disabled():
        acts.activity_hold(activity=late, attended=[], summary="视察太浦河沿线", actor=staff)
    with scopes_disabled():
        rows = q.plan_vs_done(user=world.district_x_staff, year=2026, today=dt.date(2026, 10, 1))
    mine = {r.town_id: r for r in rows}[tw.town.pk]
    assert [r.town_id for r in rows] == [world.a.town.pk, world.b.town.pk]  # district X's towns, not C
    assert (mine.planned, mine.counts) == (3, {"held": 1, "late": 1, "missed": 1, "pending": 0})
    assert [(r.town_id, r.planned, r.counts) for r in early] == [
        (tw.town.pk, 3, {"held": 1, "late": 0, "missed": 0, "pending": 2})
    ]
    with scopes_disabled():
        statuses = [q.plan_item_status(i, dt.date(2026, 10, 1)) for i in q.plan_items_of(plan)]
    assert statuses == ["held", "late", "missed"]
