"""core.workflow: the declared table, the one writer of `.state`, and what a page may offer."""

from __future__ import annotations

import pytest
import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django_scopes import scopes_disabled

from renda.core.actors import CITIZEN, SYSTEM
from renda.core.errors import Conflict
from renda.core.models import ActivityLog
from renda.core.permissions import is_staff_of_town, require
from renda.core.workflow import (
    WORKFLOWS,
    Transition,
    Workflow,
    workflow_actions_for,
    workflow_apply,
    workflow_can,
)
from renda.receptions.enums import DayState
from renda.receptions.models import ReceptionDay

PERMS = {"test.publish": is_staff_of_town, "test.cancel": is_staff_of_town, "test.note": rules.always_allow}


@pytest.fixture
def table(monkeypatch):
    """A table of its own over ReceptionDay (the app's own table, if any, is put back afterwards)."""
    for name, predicate in PERMS.items():
        rules.add_perm(name, predicate)
    monkeypatch.setitem(WORKFLOWS, ReceptionDay, WORKFLOWS.get(ReceptionDay))
    wf = Workflow(
        ReceptionDay,
        [
            Transition(
                "publish", {DayState.DRAFT}, DayState.PUBLISHED, perm="test.publish", code="test.published"
            ),
            Transition(
                "cancel",
                {DayState.DRAFT, DayState.PUBLISHED},
                DayState.CANCELLED,
                perm="test.cancel",
                code="t.c",
            ),
            Transition("note", None, None, perm="test.note", code="test.noted"),
        ],
        figures=True,
    )
    yield wf
    for name in PERMS:
        rules.remove_perm(name)


def _day(world):
    with scopes_disabled():
        return ReceptionDay.objects.get(pk=world.a.objects["receptions.receptionday"].pk)


def _log(day):
    return list(
        ActivityLog.unscoped.filter(object_id=str(day.pk), code__startswith="test.").values_list(
            "code", "data"
        )
    )


def test_a_step_in_the_table_moves_the_state_bumps_the_version_and_writes_one_audit_row(
    world, table, monkeypatch
):
    day = _day(world)
    staff = world.a.users["town_staff"]
    stale = []
    monkeypatch.setattr("renda.core.figures.services.figures_stale", lambda *, town_id: stale.append(town_id))
    with scopes_disabled():
        row = workflow_apply(day, "publish", actor=staff, version=day.version, data={"why": "公示"})
        assert (row.state, row.version) == (DayState.PUBLISHED, day.version)
        assert (day.state, ReceptionDay.objects.get(pk=day.pk).state) == (
            DayState.PUBLISHED,
            DayState.PUBLISHED,
        )
        assert _log(day) == [("test.published", {"from": "draft", "to": "published", "why": "公示"})]
        assert stale == [world.a.town.pk]


def test_a_step_outside_the_table_is_a_conflict_and_changes_nothing(world, table):
    day = _day(world)
    staff = world.a.users["town_staff"]
    with scopes_disabled():
        workflow_apply(day, "cancel", actor=staff)
        with pytest.raises(Conflict) as exc:
            workflow_apply(day, "publish", actor=staff)
        assert exc.value.stale is False
        assert ReceptionDay.objects.get(pk=day.pk).state == DayState.CANCELLED
        assert [
            c for c, _d in _log(day)
        ] == []  # "t.c" is not a test.* code: only the refused step is missing


def test_a_stale_version_is_a_stale_conflict(world, table):
    day = _day(world)
    staff = world.a.users["town_staff"]
    with scopes_disabled():
        read = day.version
        workflow_apply(day, "note", actor=staff, version=read)
        with pytest.raises(Conflict) as exc:
            workflow_apply(day, "publish", actor=staff, version=read)
        assert exc.value.stale is True
        assert ReceptionDay.objects.get(pk=day.pk).state == DayState.DRAFT


def test_a_kept_state_step_saves_only_the_fields_it_names(world, table):
    day = _day(world)
    staff = world.a.users["town_staff"]
    with scopes_disabled():
        day.leader_name = "未保存"
        row = workflow_apply(day, "note", actor=staff, leader_title="镇长")
        fresh = ReceptionDay.objects.get(pk=day.pk)
        assert (fresh.state, fresh.leader_title, fresh.version) == (DayState.DRAFT, "镇长", row.version)
        assert fresh.leader_name != "未保存"
        assert _log(day) == [("test.noted", {"from": "draft", "to": "draft"})]


def test_the_permission_is_checked_and_none_is_refused(world, table):
    day = _day(world)
    with scopes_disabled():
        for actor in [world.b.users["town_staff"], world.a.users["deputy"], CITIZEN, None]:
            with pytest.raises(PermissionDenied):
                workflow_apply(day, "publish", actor=actor)
        assert ReceptionDay.objects.get(pk=day.pk).state == DayState.DRAFT
        workflow_apply(day, "publish", actor=SYSTEM)
        assert ReceptionDay.objects.get(pk=day.pk).state == DayState.PUBLISHED


def test_notify_runs_after_commit(world, table, django_capture_on_commit_callbacks):
    day = _day(world)
    sent = []
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow_apply(day, "publish", actor=SYSTEM, notify=lambda: sent.append(day.pk))
        assert sent == []
    assert (len(callbacks), sent) == (1, [day.pk])


def test_the_buttons_are_read_from_the_table(world, table):
    day = _day(world)
    staff, deputy = world.a.users["town_staff"], world.a.users["deputy"]
    assert [t.action for t in workflow_actions_for(day, staff)] == ["publish", "cancel", "note"]
    assert [t.action for t in workflow_actions_for(day, deputy)] == ["note"]
    assert [t.action for t in workflow_actions_for(day, world.b.users["town_staff"])] == ["note"]
    assert workflow_can(day, "publish", staff) is True
    with scopes_disabled():
        workflow_apply(day, "publish", actor=staff)
    assert [t.action for t in workflow_actions_for(day, staff)] == ["cancel", "note"]
    assert workflow_can(day, "publish", staff) is False


def test_an_action_declared_twice_or_unknown_is_a_programming_error(table):
    with pytest.raises(ValueError):
        Workflow(ReceptionDay, [Transition("a", None, None, perm="p", code="c")] * 2)
    with pytest.raises(ValueError):
        table.transition("fly")


def test_require_refuses_none_and_unknown_permissions(world):
    with pytest.raises(PermissionDenied):
        require(None, "core.anything")
    with pytest.raises(ImproperlyConfigured):
        require(SYSTEM, "no.such.permission")
