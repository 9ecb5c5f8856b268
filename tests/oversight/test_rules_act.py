"""Every plan, activity and opinion service checks its own permission (`require`): a wrong-role user, a user
of another town and None are refused before anything is written; SYSTEM may. And every step of the PLAN,
ACTIVITY and OPINION tables is taken by its service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.oversight.enums import ActivityState, InvitationReply
from renda.oversight.services import activities as acts
from renda.oversight.services import opinions, plans
from renda.oversight.workflow import ACTIVITY, OPINION, PLAN

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _o(tw, key):
    return tw.objects[f"oversight.{key}"]


SERVICES = [
    ("plan_create", lambda tw, a: plans.plan_create(town=tw.town, data={"year": 2090}, actor=a)),
    ("plan_update", lambda tw, a: plans.plan_update(plan=_o(tw, "workplan"), data={"title": "t"}, actor=a)),
    ("plan_item_add", lambda tw, a: plans.plan_item_add(
        plan=_o(tw, "workplan"), data={"kind": "report", "topic": "t", "month": 1}, actor=a)),
    ("plan_item_update", lambda tw, a: plans.plan_item_update(item=_o(tw, "planitem"), data={"month": 2}, actor=a)),
    ("plan_item_remove", lambda tw, a: plans.plan_item_remove(item=_o(tw, "planitem"), actor=a)),
    ("plan_submit", lambda tw, a: plans.plan_submit(plan=_o(tw, "workplan"), actor=a)),
    ("plan_amend", lambda tw, a: plans.plan_amend(plan=_o(tw, "workplan"), reason="r", items=[], actor=a)),
    ("activity_create", lambda tw, a: acts.activity_create(
        town=tw.town, data={"kind": "report", "topic": "t", "start_date": dt.date(2099, 1, 1), "place": "p",
                            "organiser": "o"}, actor=a)),
    ("activity_update", lambda tw, a: acts.activity_update(activity=_o(tw, "activity"), data={"place": "x"}, actor=a)),
    ("activity_invite", lambda tw, a: acts.activity_invite(
        activity=_o(tw, "activity"), persons=[tw.objects["registry.person"]], actor=a)),
    ("activity_uninvite", lambda tw, a: acts.activity_uninvite(invitation=_o(tw, "invitation"), actor=a)),
    ("activity_publish", lambda tw, a: acts.activity_publish(activity=_o(tw, "activity"), actor=a)),
    ("activity_hold", lambda tw, a: acts.activity_hold(activity=_o(tw, "activity"), attended=[], summary="s", actor=a)),
    ("activity_cancel", lambda tw, a: acts.activity_cancel(activity=_o(tw, "activity"), reason="r", actor=a)),
    ("activity_document_add", lambda tw, a: acts.activity_document_add(
        activity=_o(tw, "activity"), upload=SimpleUploadedFile("p.png", PNG), actor=a)),
    ("opinion_create", lambda tw, a: opinions.opinion_create(activity=_o(tw, "opinion").activity, data={"body": "b"}, actor=a)),
    ("opinion_update", lambda tw, a: opinions.opinion_update(opinion=_o(tw, "opinion"), data={"body": "b"}, actor=a)),
    ("opinion_respond", lambda tw, a: opinions.opinion_respond(opinion=_o(tw, "opinion"), response="r", actor=a)),
]  # fmt: skip
DECIDE = [
    ("plan_return", lambda tw, a: plans.plan_return(plan=_o(tw, "workplan"), reason="r", actor=a)),
    ("plan_approve", lambda tw, a: plans.plan_approve(plan=_o(tw, "workplan"), actor=a)),
    ("opinion_issue", lambda tw, a: opinions.opinion_issue(opinion=_o(tw, "opinion"), number="n", actor=a)),
]
REPLY = [
    ("invitation_reply", lambda tw, a: acts.invitation_reply(
        invitation=_o(tw, "invitation"), reply=InvitationReply.ATTEND, actor=a)),
]  # fmt: skip

# (name, call, who): staff-only steps refuse the deputy, the unit clerk, another town's staff and None; the
# presidium's steps refuse the deputy and another town's presidium; the reply refuses another town's deputy
# (the world's presidium account is the invited deputy's person, so it may answer).
CASES = [
    (n, c, who)
    for n, c in SERVICES
    for who in ("deputy", "unit_clerk", "presidium", "other_town_staff", None)
]
CASES += [(n, c, who) for n, c in DECIDE for who in ("deputy", "unit_clerk", "other_presidium", None)]
CASES += [(n, c, who) for n, c in REPLY for who in ("unit_clerk", "other_deputy", "petitions", None)]


def _actor(world, who):
    if who is None:
        return None
    if who.startswith("other_"):
        return world.b.users[who.removeprefix("other_")]
    return world.a.users[who]


@pytest.mark.parametrize(("name", "call", "who"), CASES, ids=[f"{n}-{w}" for n, _c, w in CASES])
def test_each_service_refuses_who_may_not(world, name, call, who):
    with scopes_disabled():  # the services under test; the scope is the pages' concern
        before = ActivityLog.unscoped.count()
        with pytest.raises(PermissionDenied):
            call(world.a, _actor(world, who))
        assert ActivityLog.unscoped.count() == before


def test_system_may_and_every_step_of_the_tables_is_taken(world):
    tw = world.c
    person = tw.objects["registry.person"]
    with at(2096, 2, 1), scopes_disabled():
        plan = plans.plan_create(town=tw.town, data={"year": 2096}, actor=SYSTEM)
        plan = plans.plan_update(plan=plan, data={"title": "2096年计划"}, actor=SYSTEM)
        item = plans.plan_item_add(
            plan=plan, data={"kind": "joint", "topic": "联席活动", "month": 2}, actor=SYSTEM
        )
        plans.plan_submit(plan=plan, actor=SYSTEM)
        plans.plan_return(plan=plan, reason="补充", actor=SYSTEM)
        plans.plan_submit(plan=plan, actor=SYSTEM)
        plans.plan_approve(plan=plan, actor=SYSTEM)
        plan = plans.plan_amend(plan=plan, reason="调整", items=[{"id": item.pk}], actor=SYSTEM)
        a = acts.activity_create(
            town=tw.town,
            data={"kind": "joint", "topic": "联席活动", "plan_item": item, "start_date": dt.date(2096, 2, 20),
                  "place": "代表之家", "organiser": "镇人大", "deputy_group": tw.objects["registry.deputygroup"]},
            actor=SYSTEM,
        )  # fmt: skip
        a = acts.activity_update(activity=a, data={"place": "镇代表之家"}, actor=SYSTEM)
        acts.activity_invite(activity=a, group=tw.objects["registry.deputygroup"], actor=SYSTEM)
        a = acts.activity_publish(activity=a, actor=SYSTEM)
        c = acts.activity_create(
            town=tw.town,
            data={"kind": "report", "topic": "取消的", "start_date": dt.date(2096, 3, 1), "place": "p", "organiser": "o"},
            actor=SYSTEM,
        )  # fmt: skip
        c = acts.activity_cancel(activity=c, reason="改期", actor=SYSTEM)
    with at(2096, 2, 20), scopes_disabled():
        a = acts.activity_hold(activity=a, attended=[person], summary="联席", actor=SYSTEM)
        o = opinions.opinion_create(activity=a, data={"body": "意见"}, actor=SYSTEM)
        o = opinions.opinion_update(opinion=o, data={"body": "意见一"}, actor=SYSTEM)
        o = opinions.opinion_issue(opinion=o, number="甪人主〔2096〕1号", actor=SYSTEM)
        o = opinions.opinion_respond(opinion=o, response="已办理", actor=SYSTEM)
    assert (a.state, c.state) == (ActivityState.HELD, ActivityState.CANCELLED)
    taken = (
        set(activity_codes(plan)) | set(activity_codes(a)) | set(activity_codes(c)) | set(activity_codes(o))
    )
    declared = {t.code for wf in (PLAN, ACTIVITY, OPINION) for t in wf.transitions}
    assert declared <= taken, declared - taken
