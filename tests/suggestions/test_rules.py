"""Every suggestion service checks its own permission (suggestions/rules.py): a user in the wrong role and a
missing actor (None) are refused, and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.audit import ActivityLog
from renda.suggestions import services
from renda.suggestions.models import State
from suggestions.helpers import drive, make_suggestion, pdf, second_deputy

DATA = {"title": "关于修缮村道的建议", "content": "一村村道破损，建议修缮。"}


def _assigned(tw):
    return drive(tw, make_suggestion(tw), "assigned")


def _replied(tw):
    return drive(tw, make_suggestion(tw), "replied")


def _cosigning(tw):
    p2, _u = second_deputy(tw)
    s = services.suggestion_create(
        town=tw.town, data=DATA, signers=[tw.objects["registry.person"], p2], actor=tw.users["deputy"]
    )
    return s, p2


def _pending_extension(tw):
    s = _assigned(tw)
    services.suggestion_extension_request(
        suggestion=s,
        unit=tw.objects["registry.handlingunit"],
        days=5,
        reason="协调",
        actor=tw.users["unit_clerk"],
    )
    return s


def _closed_b(tw):
    return drive(
        tw, make_suggestion(tw), "closed", outcome="B", planned=timezone.localdate() + dt.timedelta(days=30)
    )


def _key(tw):
    s = _assigned(tw)
    services.suggestion_key_set(
        suggestion=s, is_key=True, supervisors=[tw.objects["registry.person"]], actor=tw.users["town_staff"]
    )
    s.refresh_from_db()
    return s


def _unit(tw):
    return tw.objects["registry.handlingunit"]


def _person(tw):
    return tw.objects["registry.person"]


# name, the wrong role, set-up (tw -> state), the call (tw, state, actor)
CASES = [
    ("create", "unit_clerk", lambda tw: None,
     lambda tw, _x, a: services.suggestion_create(town=tw.town, data=DATA, signers=[_person(tw)], actor=a)),
    ("create_from", None, lambda tw: None,
     lambda tw, _x, a: services.suggestion_create_from(
         source=None, town=tw.town, title="x", content="y", signers=[_person(tw)], channel="recess", actor=a)),
    ("submit", "unit_clerk",
     lambda tw: services.suggestion_create(town=tw.town, data=DATA, signers=[_person(tw)], actor=tw.users["town_staff"],
                                           submit=False),
     lambda tw, s, a: services.suggestion_submit(suggestion=s, actor=a)),
    ("cosign", "unit_clerk", _cosigning,
     lambda tw, x, a: services.suggestion_cosign(suggestion=x[0], person=x[1], actor=a)),
    ("attach", "unit_clerk", make_suggestion,
     lambda tw, s, a: services.suggestion_attachment_add(suggestion=s, upload=pdf(), actor=a)),
    ("review", "deputy", make_suggestion,
     lambda tw, s, a: services.suggestion_review(suggestion=s, accept=True, actor=a)),
    ("assign", "unit_clerk", lambda tw: drive(tw, make_suggestion(tw), "accepted"),
     lambda tw, s, a: services.suggestion_assign(suggestion=s, lead_unit=_unit(tw), actor=a)),
    ("merge", "deputy", lambda tw: (make_suggestion(tw), make_suggestion(tw, "关于乙的建议", "乙事项。")),
     lambda tw, x, a: services.suggestion_merge(target=x[0], others=[x[1]], actor=a)),
    ("sign", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_sign(suggestion=s, unit=_unit(tw), actor=a)),
    ("return", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_return(suggestion=s, unit=_unit(tw), reason="不属于", actor=a)),
    ("contact", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_contact_record(
         suggestion=s, unit=_unit(tw), date=timezone.localdate(), way="phone", summary="沟通", actor=a)),
    ("co_opinion", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_co_opinion(suggestion=s, unit=_unit(tw), opinion="同意", actor=a)),
    ("extension_request", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_extension_request(
         suggestion=s, unit=_unit(tw), days=5, reason="协调", actor=a)),
    ("extension_decide", "unit_clerk", _pending_extension,
     lambda tw, s, a: services.suggestion_extension_decide(suggestion=s, approve=True, actor=a)),
    ("reply", "town_staff", _assigned,
     lambda tw, s, a: services.suggestion_reply(
         suggestion=s, unit=_unit(tw), outcome_class="A", text="已办", letter=pdf(), actor=a)),
    ("feedback", "unit_clerk", _replied,
     lambda tw, s, a: services.suggestion_feedback(
         suggestion=s, person=_person(tw), work_score="satisfied", result_score="satisfied", actor=a)),
    ("close", "deputy", _replied,
     lambda tw, s, a: services.suggestion_close(suggestion=s, actor=a)),
    ("key_set", "deputy", _assigned,
     lambda tw, s, a: services.suggestion_key_set(suggestion=s, is_key=True, supervisors=[_person(tw)], actor=a)),
    ("key_notice", "deputy", lambda tw: None,
     lambda tw, _x, a: services.key_notice_issue(town=tw.town, year=timezone.localdate().year, actor=a)),
    ("publish", "deputy", _replied,
     lambda tw, s, a: services.suggestion_publish(suggestion=s, published=True, actor=a)),
    ("supervise", "deputy", _key,
     lambda tw, s, a: services.supervision_entry_record(
         suggestion=s, kind="phone", date=timezone.localdate(), notes="电话督促", actor=a)),
    ("followup_check", "deputy", _closed_b,
     lambda tw, s, a: services.suggestion_followup_check(suggestion=s, done=True, note="已完工", actor=a)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("who", ["wrong_role", "none"])
def test_each_service_refuses_a_wrong_actor(world, case, who):
    _name, wrong, setup, call = case
    if who == "wrong_role" and wrong is None:
        pytest.skip("any signed-in caller: the converting service checks who converts")
    tw = world.a
    with scopes_disabled():  # services called directly
        state = setup(tw)
        before = ActivityLog.unscoped.count()
        actor = tw.users[wrong] if who == "wrong_role" else None
        with pytest.raises(PermissionDenied):
            call(tw, state, actor)
        assert ActivityLog.unscoped.count() == before


def test_another_towns_staff_is_refused(world):
    s = make_suggestion(world.a)
    with scopes_disabled(), pytest.raises(PermissionDenied):  # services called directly
        services.suggestion_review(suggestion=s, accept=True, actor=world.b.users["town_staff"])


def test_the_system_may_take_a_step(world):
    s = make_suggestion(world.a)
    with scopes_disabled():  # services called directly
        services.suggestion_review(suggestion=s, accept=True, actor=SYSTEM)
        s.refresh_from_db()
    assert s.state == State.ACCEPTED
