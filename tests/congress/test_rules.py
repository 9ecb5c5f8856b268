"""Every congress service checks its permission itself: a user with the wrong role and no actor (None) are
refused, whatever page or API handler called it; the system actor may do each step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.congress import queries
from renda.congress import services as cs
from renda.congress.enums import AgendaKind, MotionKind, MotionSource, SessionKind, VoteKind
from renda.core.actors import SYSTEM

D = dt.date(2025, 3, 10)
BEFORE = dt.datetime(2025, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
COUNTS = {"yes": 1, "no": 0, "abstain": 0, "not_voting": 0}


def _o(tw, key):
    return tw.objects[key]


CALLS = {
    "session_create": lambda tw, a: cs.session_create(
        town=tw.town, actor=a,
        data={"term": _o(tw, "registry.term"), "kind": SessionKind.BUDGET, "start_date": dt.date(2025, 6, 2),
              "end_date": dt.date(2025, 6, 2)},
    ),
    "session_update": lambda tw, a: cs.session_update(session=_o(tw, "congress.session"), data={"venue": "x"}, actor=a),
    "session_open": lambda tw, a: cs.session_open(session=_o(tw, "congress.session"), day=D, actor=a),
    "session_close": lambda tw, a: cs.session_close(session=_o(tw, "congress.session"), actor=a),
    "agenda_item_add": lambda tw, a: cs.agenda_item_add(
        session=_o(tw, "congress.session"), kind=AgendaKind.OTHER, title="x", actor=a
    ),
    "agenda_item_update": lambda tw, a: cs.agenda_item_update(
        item=_o(tw, "congress.agendaitem"), data={"title": "x"}, actor=a
    ),
    "session_document_add": lambda tw, a: cs.session_document_add(
        session=_o(tw, "congress.session"), title="x", file="congress/x.pdf", actor=a
    ),
    "deliberation_opinion_add": lambda tw, a: cs.deliberation_opinion_add(
        item=_o(tw, "congress.agendaitem"), group=None, content="x", actor=a
    ),
    "leave_request_create": lambda tw, a: cs.leave_request_create(
        session=_o(tw, "congress.session"), person=_o(tw, "registry.person"), first_day=D, last_day=D,
        reason="x", actor=a,
    ),
    "leave_request_decide": lambda tw, a: cs.leave_request_decide(
        leave=_o(tw, "congress.leaverequest"), approve=True, actor=a
    ),
    "roll_call_record": lambda tw, a: cs.roll_call_record(
        session=_o(tw, "congress.session"), day=D, presence={}, actor=a
    ),
    "absence_rule_apply": lambda tw, a: cs.absence_rule_apply(
        person=_o(tw, "registry.person"), term=_o(tw, "registry.term"), actor=a
    ),
    "absence_flag_resolve": lambda tw, a: cs.absence_flag_resolve(
        flag=_o(tw, "congress.absenceflag"), resolution="x", actor=a
    ),
    "motion_create": lambda tw, a: cs.motion_create(
        session=_o(tw, "congress.session"), kind=MotionKind.MOTION, source=MotionSource.DEPUTIES, title="x",
        content="x", lead=_o(tw, "registry.person"), actor=a, at=BEFORE,
    ),
    "motion_create_presidium": lambda tw, a: cs.motion_create(
        session=_o(tw, "congress.session"), kind=MotionKind.MOTION, source=MotionSource.PRESIDIUM, title="x",
        content="x", actor=a, at=BEFORE,
    ),
    "motion_cosign": lambda tw, a: cs.motion_cosign(
        motion=_o(tw, "congress.motion"), person=_o(tw, "registry.person"), actor=a
    ),
    "motion_lodge": lambda tw, a: cs.motion_lodge(motion=_o(tw, "congress.motion"), actor=a),
    "motion_decide": lambda tw, a: cs.motion_decide(motion=_o(tw, "congress.motion"), on_agenda=True, actor=a),
    "motion_to_suggestion": lambda tw, a: cs.motion_to_suggestion(motion=_o(tw, "congress.motion"), actor=a),
    "motion_withdraw": lambda tw, a: cs.motion_withdraw(motion=_o(tw, "congress.motion"), reason="x", actor=a),
    "vote_create": lambda tw, a: cs.vote_create(
        session=_o(tw, "congress.session"), kind=VoteKind.DECISION, title="x", day=D, actor=a
    ),
    "vote_record": lambda tw, a: cs.vote_record(vote=_o(tw, "congress.vote"), counts=COUNTS, actor=a),
    "vote_close": lambda tw, a: cs.vote_close(vote=_o(tw, "congress.vote"), actor=a),
    "vote_correct": lambda tw, a: cs.vote_correct(
        vote=_o(tw, "congress.vote"), counts=COUNTS, reason="x", actor=a
    ),
    "budget_adjustment_record": lambda tw, a: cs.budget_adjustment_record(
        town=tw.town, year=2025, note="x", actor=a
    ),
}  # fmt: skip


def test_every_service_refuses_a_wrong_role_and_no_actor(world):
    actors = {
        "wrong_role": world.a.users["unit_clerk"],
        "other_town": world.b.users["town_staff"],
        "none": None,
    }
    not_refused = []
    with scopes_disabled():  # the service's own check, across scopes
        for name, call in sorted(CALLS.items()):
            for who, actor in actors.items():
                try:
                    call(world.a, actor)
                except PermissionDenied:
                    continue
                except Exception as exc:  # refused for another reason first: the check came too late
                    not_refused.append((name, who, type(exc).__name__))
                else:
                    not_refused.append((name, who, "done"))
    assert not_refused == []


def test_the_system_may_lodge_and_decide(world):
    with scopes_disabled():  # test set-up
        motion = world.a.objects["congress.motion"]
        cs.motion_lodge(motion=motion, actor=SYSTEM, override_reason="演示", at=BEFORE)
        assert cs.motion_decide(motion=motion, on_agenda=True, actor=SYSTEM).state == "on_agenda"


def test_dead_code_is_gone():
    """Defect: `open_flags_count` was never called."""
    assert not hasattr(queries, "open_flags_count")


def test_views_and_api_call_no_private_service_helper():
    """Defect: the pages called `services._session_days`; pages and API use public service functions only."""
    import ast
    import inspect

    from renda.congress import api, views

    modules = [api, *(getattr(views, m) for m in ("sessions", "votes", "motions", "compliance"))]
    private = [
        f"{m.__name__}: services.{node.attr}"
        for m in modules
        for node in ast.walk(ast.parse(inspect.getsource(m)))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "services"
        and node.attr.startswith("_")
    ]
    assert private == []


def test_the_roll_call_says_whether_the_quorum_is_reached(world):
    """Defect: the page compared the numbers itself; the roll call read says it (the share `session_open` uses)."""
    with scopes_disabled():  # test set-up
        session = world.a.objects["congress.session"]
        rc = queries.roll_call_for(session=session, day=session.start_date)
    assert (rc.present, rc.serving, rc.needed, rc.quorum_reached) == (1, 1, 1, True)
