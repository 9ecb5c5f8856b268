"""The oversight demo: a lived-in year in a town with a congress — its plan (approved, amended), activities of
every kind (held, cancelled, upcoming with the notice out), opinions answered, rectification items in every
state (overdue and reopened among them) — dated on working days up to today; a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.test import TestCase
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.deadlines.calendar import WorkCalendar
from renda.core.enums import Role
from renda.core.models import ActivityLog, RoleGrant, User
from renda.core.notifications.models import Notification
from renda.oversight import demo
from renda.oversight.enums import (
    ActivityKind,
    ActivityState,
    InvitationReply,
    OpinionState,
    RectificationState,
)
from renda.oversight.models import (
    Activity,
    Invitation,
    Opinion,
    PlanItem,
    PlanRevision,
    RectificationItem,
    RectificationReport,
    WorkPlan,
)
from renda.oversight.queries_plans import STATUSES, plan_item_status, plan_items_of
from renda.registry.demo import build_demo

TOWN = "pingwang"


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    """The demo of one town (the registry and the modules before this one), built once for the module in a
    transaction rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():  # a command works across towns
            build_demo(seed=7, towns=[TOWN])
            for path in ("congress.demo", "suggestions.demo", "receptions.demo"):
                import_module(f"renda.{path}").build(seed=7)
            with TestCase.captureOnCommitCallbacks(execute=True):  # the notices sent after commit
                first = demo.build(seed=7)
        yield first
        transaction.set_rollback(True)


@pytest.fixture
def built(demo_town, db):
    return demo_town


def _counts() -> dict[str, int]:
    models = [WorkPlan, PlanItem, PlanRevision, Activity, Invitation, Opinion, RectificationItem]
    return {m.__name__: m.objects.count() for m in models + [RectificationReport, ActivityLog]}


def test_the_town_lives_a_year_of_oversight(built):
    today = timezone.localdate()
    with scopes_disabled():
        assert built["towns"] == 1
        plans = list(WorkPlan.objects.filter(town__code__startswith="320509104"))
        assert plans and all(p.year <= today.year for p in plans)
        assert all(p.state == "approved" for p in plans if p.year < today.year)
        # The fire-hazard campaign's year: its plan was amended (the old lines kept), the inspection held on 4 July.
        fire = Activity.objects.get(kind=ActivityKind.ENFORCEMENT, topic__startswith="消防安全隐患排查")
        assert fire.start_date == dt.date(demo.fire_year(today), 7, 4) and fire.state == ActivityState.HELD
        amended = fire.plan_item.plan
        assert amended.revision == 1 and PlanRevision.objects.filter(plan=amended).count() == 1
        assert PlanItem.objects.filter(plan=amended, withdrawn=True).count() == 1
        assert Activity.objects.filter(
            kind=ActivityKind.INSPECTION, topic__startswith="生态环境视察"
        ).exists()
        # Every kind held; one cancelled; coming ones published (the notice out, answers pending) and a draft.
        town = list(Activity.objects.filter(town=fire.town))
        held = [a for a in town if a.state == ActivityState.HELD]
        assert {a.kind for a in held} == set(ActivityKind.values)
        assert all(a.start_date <= today for a in held)
        assert sum(a.state == ActivityState.CANCELLED for a in town) == 1
        coming = [a for a in town if a.state == ActivityState.PUBLISHED]
        assert coming and all(a.start_date > today for a in coming)
        assert any(a.published_at is not None for a in coming)  # the notice went out
        assert any(a.published_at is None for a in coming)  # it waits for its day
        assert any(a.state == ActivityState.DRAFT for a in town)
        invitations = Invitation.objects.filter(activity__in=held)
        assert invitations.filter(attended=True).exists() and invitations.filter(attended=False).exists()
        assert invitations.filter(reply=InvitationReply.EXCUSED).exclude(reply_note="").exists()
        assert invitations.exclude(opinions="").exists()
        assert all(a.findings for a in held)
        # Opinions issued and answered by the government; one still a draft.
        states = set(Opinion.objects.filter(town=fire.town).values_list("state", flat=True))
        assert states == set(OpinionState.values)
        answered = Opinion.objects.filter(state=OpinionState.ANSWERED)
        assert all(o.responded_on >= o.issued_on and o.response for o in answered)
        # Rectification items in every state; some overdue, some reopened by the re-check, one rejected once.
        items = list(RectificationItem.objects.filter(town=fire.town))
        assert {i.state for i in items} == set(RectificationState.values)
        open_ = [i for i in items if i.state in (RectificationState.ASSIGNED, RectificationState.REOPENED)]
        assert any(i.due_date < today for i in open_)
        assert any(i.reopenings for i in items) and any(i.rejections for i in items)
        assert all(i.recheck_date for i in items if i.state == RectificationState.CLOSED)
        # Plan vs done shows lines held, held late, not held and still to come.
        statuses = {
            plan_item_status(line, today) for p in plans for line in plan_items_of(p).filter(withdrawn=False)
        }
        assert statuses == set(STATUSES)


def test_every_account_finds_something(built):
    today = timezone.localdate()
    with scopes_disabled():
        for g in RoleGrant.objects.filter(role=Role.DEPUTY, person__town__code__startswith="320509104"):
            assert Invitation.objects.filter(person=g.person_id, activity__state=ActivityState.HELD).exists()
            waiting = Invitation.objects.filter(
                person=g.person_id, reply=InvitationReply.PENDING, activity__published_at__isnull=False
            ).filter(activity__start_date__gt=today)
            assert waiting.exists(), g.user
            assert Notification.objects.filter(user=g.user, template="activity_notice").exists()
        clerks = RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit__town__code__startswith="320509104")
        assert clerks.count() == 15
        for g in clerks:
            assert RectificationItem.objects.filter(unit=g.unit_id).exists(), g.unit
        for name in (f"{TOWN}_clerk", f"{TOWN}_unit01", f"{TOWN}_unit02"):
            unit = User.objects.get(username=name).grants.get().unit_id
            assert RectificationItem.objects.filter(
                unit=unit, state__in=[RectificationState.ASSIGNED, RectificationState.REOPENED]
            ).exists(), name


def test_its_dates_are_working_days_up_to_today(built):
    today = timezone.localdate()
    with scopes_disabled():
        cal = WorkCalendar.load(today - dt.timedelta(days=500), today + dt.timedelta(days=60))
        assert ActivityLog.unscoped.filter(created_at__gt=timezone.now()).count() == 0
        activities = Activity.objects.exclude(topic__startswith="消防安全隐患排查")
        assert all(cal.is_workday(a.start_date) for a in activities)
        reports = RectificationReport.objects.all()
        assert all(r.created_at.date() <= today for r in reports)
        assert all(cal.is_workday(timezone.localtime(r.created_at).date()) for r in reports)
        assert all(cal.is_workday(o.issued_on) for o in Opinion.objects.exclude(issued_on=None))


def test_a_second_run_adds_nothing(built):
    with scopes_disabled():
        before = _counts()
        again = demo.build(seed=7)
        assert again == {"towns": 0, "activities": 0, "items": 0}
        assert _counts() == before
