"""Every receptions and portal service checks its own permission (`require`): a wrong-role user, a stand-in
that is not allowed, and None are refused before anything is written; the portal's services accept CITIZEN."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.actors import CITIZEN, SYSTEM
from renda.core.models import ActivityLog
from renda.portal import services as portal
from renda.receptions import services
from renda.receptions.enums import AppealState


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _reply(actor):
    return {
        "method": "phone",
        "replied_on": timezone.localdate(),
        "replied_by": "李",
        "text": "已答复",
        "actor": actor,
    }


APPEAL_DATA = {
    "content": "路灯不亮。",
    "category": "roads",
    "citizen_name": "吴八",
    "citizen_phone": "13500002222",
}

# (name, call(tw, actor), the actors besides None that must be refused)
STAFF_ONLY = ("discipline", "deputy", CITIZEN)
SERVICES = [
    ("reception_setting_save", lambda tw, a: services.reception_setting_save(town=tw.town, data={}, actor=a)),
    (
        "reception_group_create",
        lambda tw, a: services.reception_group_create(town=tw.town, data={"name": "组"}, actor=a),
    ),
    (
        "reception_group_update",
        lambda tw, a: services.reception_group_update(
            group=tw.objects["receptions.receptiongroup"], data={}, actor=a
        ),
    ),
    (
        "reception_day_create",
        lambda tw, a: services.reception_day_create(
            town=tw.town, data={"date": dt.date(2099, 6, 1)}, actor=a
        ),
    ),
    (
        "reception_days_create_from_proposal",
        lambda tw, a: services.reception_days_create_from_proposal(
            town=tw.town, start=dt.date(2099, 6, 1), months=1, actor=a
        ),
    ),
    (
        "reception_day_update",
        lambda tw, a: services.reception_day_update(
            day=tw.objects["receptions.receptionday"], data={"place": "x"}, actor=a
        ),
    ),
    (
        "reception_day_publish",
        lambda tw, a: services.reception_day_publish(day=tw.objects["receptions.receptionday"], actor=a),
    ),
    (
        "reception_day_cancel",
        lambda tw, a: services.reception_day_cancel(
            day=tw.objects["receptions.receptionday"], reason="x", actor=a
        ),
    ),
    (
        "appeal_assign",
        lambda tw, a: services.appeal_assign(
            appeal=tw.objects["receptions.appeal"], handler=tw.users["unit_clerk"], actor=a
        ),
    ),
    (
        "appeal_convert_to_suggestion",
        lambda tw, a: services.appeal_convert_to_suggestion(
            appeal=tw.objects["receptions.appeal"], signers=[tw.objects["registry.person"]], actor=a
        ),
    ),
]
CASES = [(name, call, actor) for name, call in SERVICES for actor in (*STAFF_ONLY, None)] + [
    (
        "reception_day_record",
        lambda tw, a: services.reception_day_record(
            day=tw.objects["receptions.receptionday"], attended=[], visitors=0, summary="", actor=a
        ),
        actor,
    )
    for actor in ("discipline", "unit_clerk", CITIZEN, None)
]
CASES += [
    (
        "appeal_submit",
        lambda tw, a: services.appeal_submit(town=tw.town, data=dict(APPEAL_DATA), actor=a),
        actor,
    )
    for actor in ("discipline", "petitions", "unit_clerk", None)
]
CASES += [
    (
        "appeal_reply",
        lambda tw, a: services.appeal_reply(appeal=tw.objects["receptions.appeal"], **_reply(a)),
        actor,
    )
    for actor in ("discipline", "petitions", "deputy", CITIZEN, None)
]
CASES += [
    (
        "appeal_feedback_record",
        lambda tw, a: services.appeal_feedback_record(
            appeal=tw.objects["receptions.appeal"], satisfaction="satisfied", actor=a
        ),
        actor,
    )
    for actor in ("discipline", "unit_clerk", CITIZEN, None)
]
CASES += [
    (
        "appeal_pii_viewed",
        lambda tw, a: services.appeal_pii_viewed(appeal=tw.objects["receptions.appeal"], actor=a),
        actor,
    )
    for actor in ("discipline", "petitions", CITIZEN, None)
]
CASES += [
    (
        "appeal_feedback_by_voter",
        lambda tw, a: services.appeal_feedback_by_voter(
            tracking_code=tw.objects["receptions.appeal"].tracking_code,
            phone_last4="5678",
            satisfaction="satisfied",
            actor=a,
        ),
        actor,
    )
    for actor in ("town_staff", "petitions", None)
]
CASES += [
    (
        "portal.public_appeal_submit",
        lambda tw, a: portal.public_appeal_submit(
            town=tw.town,
            data=dict(APPEAL_DATA),
            ip="10.9.9.9",
            challenge_token="",
            challenge_answer="",
            actor=a,
        ),
        actor,
    )
    for actor in ("discipline", None)
]
CASES += [
    (
        "portal.voter_feedback",
        lambda tw, a: portal.voter_feedback(
            tracking_code=tw.objects["receptions.appeal"].tracking_code,
            phone_last4="5678",
            satisfaction="satisfied",
            note="",
            second_look=False,
            ip="10.9.9.9",
            actor=a,
        ),
        actor,
    )
    for actor in ("town_staff", None)
]


def _actor(tw, actor):
    return tw.users[actor] if isinstance(actor, str) else actor


def _label(actor) -> str:
    return actor if isinstance(actor, str) else repr(actor)


@pytest.mark.parametrize(("name", "call", "actor"), CASES, ids=[f"{n}-{_label(a)}" for n, _c, a in CASES])
def test_each_service_refuses_who_may_not(world, name, call, actor):
    tw = world.a
    with scopes_disabled():  # the services under test; the scope is the pages' concern
        before = ActivityLog.unscoped.count()
        with pytest.raises(PermissionDenied):
            call(tw, _actor(tw, actor))
        assert ActivityLog.unscoped.count() == before, name


def test_the_portal_accepts_the_citizen(world, monkeypatch):
    """The anonymous voter acts as CITIZEN: an appeal from the portal, then the voter's satisfaction."""
    tw = world.a
    monkeypatch.setattr(portal, "challenge_check", lambda **kw: None)
    with scopes_disabled():  # the services under test
        appeal = portal.public_appeal_submit(
            town=tw.town,
            data=dict(APPEAL_DATA),
            ip="10.9.9.8",
            challenge_token="",
            challenge_answer="",
            actor=CITIZEN,
        )
        services.appeal_assign(appeal=appeal, handler=tw.users["unit_clerk"], actor=SYSTEM)
        services.appeal_reply(appeal=appeal, **_reply(tw.users["unit_clerk"]))
        done = portal.voter_feedback(
            tracking_code=appeal.tracking_code,
            phone_last4="2222",
            satisfaction="basically",
            note="",
            second_look=False,
            ip="10.9.9.8",
            actor=CITIZEN,
        )
        submitted = ActivityLog.unscoped.get(code="appeal.submitted", object_id=str(appeal.pk))
    assert (appeal.source, done.state, done.satisfaction_via) == ("online", AppealState.CLOSED, "portal")
    assert submitted.actor_id is None


def test_system_may_do_every_step(world):
    """Sweeps, seeding and the demo act as SYSTEM: always allowed."""
    tw = world.a
    with scopes_disabled():  # the services under test
        day = services.reception_day_create(
            town=tw.town,
            data={"date": dt.date(2099, 7, 1), "group": tw.objects["receptions.receptiongroup"]},
            actor=SYSTEM,
        )
        day = services.reception_day_publish(day=day, actor=SYSTEM)
        appeal = services.appeal_submit(town=tw.town, data=dict(APPEAL_DATA), reception_day=day, actor=SYSTEM)
    assert (day.state, appeal.source) == ("published", "reception")
