"""The suggestion's tables (suggestions/workflow.py): every transition is taken by the service that owns it,
a step outside the table is refused, a stale version is a stale Conflict."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.audit import ActivityLog
from renda.core.errors import Conflict
from renda.core.workflow import workflow_actions_for, workflow_apply, workflow_can
from renda.suggestions import services, workflow
from renda.suggestions.models import ExtensionState, FollowUp, State, Suggestion
from renda.suggestions.services import _common, handling, supervision
from suggestions.helpers import drive, make_suggestion, on, pdf, second_deputy, second_unit

TABLES = {"suggestion": workflow.SUGGESTION, "followup": workflow.FOLLOWUP, "extension": workflow.EXTENSION}


@pytest.fixture
def taken(monkeypatch):
    """Every (table, action) the services move along, through the one workflow_apply."""
    seen: set[tuple[str, str]] = set()
    by_table = {id(wf): name for name, wf in TABLES.items()}

    def spy(obj, action, **kw):
        wf = kw.get("workflow") or workflow.SUGGESTION
        seen.add((by_table[id(wf)], action))
        return workflow_apply(obj, action, **kw)

    for module in (_common, handling, supervision):
        monkeypatch.setattr(module, "workflow_apply", spy)
    return seen


def test_every_transition_is_taken_by_its_service(world, taken):
    tw = world.a
    staff, deputy, clerk = tw.users["town_staff"], tw.users["deputy"], tw.users["unit_clerk"]
    person, unit = tw.objects["registry.person"], tw.objects["registry.handlingunit"]
    p2, deputy2 = second_deputy(tw)
    co_unit, co_clerk = second_unit(tw)
    day = dt.date(2026, 3, 2)
    with on(day), scopes_disabled():  # services called directly, as a page would after its access check
        # Submission: the lead deputy submits, the co-signer confirms (cosign_request, submit).
        s = services.suggestion_create(
            town=tw.town,
            data={"title": "关于修缮村道的建议", "content": "一村村道破损，建议修缮。"},
            signers=[person, p2],
            actor=deputy,
        )
        assert s.state == State.COSIGNING
        services.suggestion_cosign(suggestion=s, person=p2, actor=deputy2)
        s.refresh_from_db()
        assert s.state == State.SUBMITTED
        # Review and assignment (accept, assign), then the units' steps.
        services.suggestion_review(suggestion=s, accept=True, actor=staff)
        services.suggestion_assign(suggestion=s, lead_unit=unit, co_units=[co_unit], actor=staff)
        services.suggestion_sign(suggestion=s, unit=unit, actor=clerk)
        services.suggestion_co_opinion(suggestion=s, unit=co_unit, opinion="同意", actor=co_clerk)
        services.suggestion_return(suggestion=s, unit=co_unit, reason="不属于本单位", actor=co_clerk)
        services.suggestion_contact_record(
            suggestion=s, unit=unit, date=day, way="phone", summary="电话沟通", actor=clerk
        )
        services.suggestion_extension_request(suggestion=s, unit=unit, days=10, reason="协调", actor=clerk)
        e1 = services.suggestion_extension_decide(suggestion=s, approve=True, actor=staff)
        services.suggestion_extension_request(suggestion=s, unit=unit, days=10, reason="再协调", actor=clerk)
        e2 = services.suggestion_extension_decide(suggestion=s, approve=False, actor=staff)
        assert (e1.state, e2.state) == (ExtensionState.APPROVED, ExtensionState.REFUSED)
        services.suggestion_key_set(suggestion=s, is_key=True, supervisors=[person], actor=staff)
        services.suggestion_key_set(suggestion=s, is_key=False, supervisors=[], actor=staff)
        # Reply, 不满意 → re-handling, second reply, publication, close by staff.
        services.suggestion_reply(
            suggestion=s, unit=unit, outcome_class="B", text="已列入计划", letter=pdf(),
            planned_date=dt.date(2026, 5, 1), actor=clerk,
        )  # fmt: skip
        for p in (person, p2):
            services.suggestion_feedback(
                suggestion=s, person=p, work_score="unsatisfied", result_score="unsatisfied", actor=staff
            )
        s.refresh_from_db()
        assert s.state == State.REHANDLING
        services.suggestion_contact_record(
            suggestion=s, unit=unit, date=day, way="visit", summary="再次走访", actor=clerk
        )
        services.suggestion_reply(
            suggestion=s, unit=unit, outcome_class="B", text="正在实施", letter=pdf("第二次答复.pdf"),
            planned_date=dt.date(2026, 5, 1), actor=clerk,
        )  # fmt: skip
        services.suggestion_publish(suggestion=s, published=True, actor=staff)
        services.suggestion_publish(suggestion=s, published=False, actor=staff)
        services.suggestion_close(suggestion=s, actor=staff)
        s.refresh_from_db()
        assert (s.state, s.followup) == (State.CLOSED, FollowUp.OPEN)
        # The follow-up table: due (the sweep), again with a new date, done.
        assert services.suggestions_followup_sweep(today=dt.date(2026, 5, 1)) == 1
        services.suggestion_followup_check(
            suggestion=s, done=False, note="尚未完工", new_date=dt.date(2026, 6, 1), actor=staff
        )
        services.suggestion_followup_check(suggestion=s, done=True, note="已完工", actor=staff)
        s.refresh_from_db()
        assert s.followup == FollowUp.DONE
        # Not accepted; merged; the lead unit's return.
        services.suggestion_review(
            suggestion=make_suggestion(tw, "关于甲的建议", "甲事项的内容。"),
            accept=False, reason="other", actor=staff,
        )  # fmt: skip
        a = make_suggestion(tw, "关于乙的建议", "乙事项的内容。")
        b = make_suggestion(tw, "关于丙的建议", "丙事项的内容。")
        services.suggestion_merge(target=a, others=[b], actor=staff)
        c = drive(tw, make_suggestion(tw, "关于丁的建议", "丁事项的内容。"), "assigned")
        services.suggestion_return(suggestion=c, unit=unit, reason="不属于本单位", actor=clerk)
        c.refresh_from_db()
        assert c.state == State.ACCEPTED
    declared = {(name, t.action) for name, wf in TABLES.items() for t in wf.transitions}
    assert declared - taken == set()
    assert taken - declared == set()


def test_a_step_outside_the_table_is_refused(world):
    tw = world.a
    s = make_suggestion(tw)  # submitted
    with scopes_disabled():  # test set-up
        before = Suggestion.unscoped.get(pk=s.pk)
        with pytest.raises(Conflict) as exc:
            services.suggestion_close(suggestion=s, actor=tw.users["town_staff"])
        assert exc.value.stale is False
        with pytest.raises(Conflict):
            workflow_apply(s, "reply", actor=SYSTEM)
        with pytest.raises(Conflict):  # the follow-up table: nothing to follow up on a submitted item
            workflow_apply(s, "followup_due", actor=SYSTEM, workflow=workflow.FOLLOWUP)
        after = Suggestion.unscoped.get(pk=s.pk)
    assert (after.state, after.version) == (before.state, before.version)
    assert not ActivityLog.unscoped.filter(object_id=str(s.pk), code="suggestion.closed").exists()


def test_a_decided_extension_is_refused_by_its_table(world):
    tw = world.a
    staff, clerk, unit = tw.users["town_staff"], tw.users["unit_clerk"], tw.objects["registry.handlingunit"]
    with scopes_disabled():  # test set-up
        s = drive(tw, make_suggestion(tw), "assigned")
        e = services.suggestion_extension_request(suggestion=s, unit=unit, days=5, reason="协调", actor=clerk)
        services.suggestion_extension_decide(extension=e, approve=False, actor=staff)
        with pytest.raises(Conflict) as exc:
            services.suggestion_extension_decide(extension=e, approve=True, actor=staff)
        assert str(exc.value) == "该延期申请已审批"
        with pytest.raises(Conflict):  # nothing pending any more
            services.suggestion_extension_decide(suggestion=s, approve=True, actor=staff)


def test_a_stale_version_is_a_stale_conflict(world):
    tw = world.a
    staff = tw.users["town_staff"]
    s = make_suggestion(tw)
    with scopes_disabled():  # test set-up
        read = Suggestion.unscoped.get(pk=s.pk).version
        services.suggestion_review(suggestion=s, accept=True, actor=staff, version=read)
        with pytest.raises(Conflict) as exc:
            services.suggestion_assign(
                suggestion=s, lead_unit=tw.objects["registry.handlingunit"], actor=staff, version=read
            )
        assert exc.value.stale is True
        with pytest.raises(Conflict) as exc:
            workflow_apply(s, "assign", actor=SYSTEM, version=read)
        assert exc.value.stale is True
        assert Suggestion.unscoped.get(pk=s.pk).state == State.ACCEPTED


def test_the_page_offers_what_the_table_and_the_rules_allow(world):
    tw = world.a
    s = make_suggestion(tw)  # submitted
    with scopes_disabled():  # test set-up
        staff_actions = {t.action for t in workflow_actions_for(s, tw.users["town_staff"])}
        assert {"accept", "not_accept", "merge", "merge_in"} <= staff_actions
        assert "assign" not in staff_actions
        assert workflow_can(s, "accept", tw.users["town_staff"]) is True
        assert workflow_can(s, "accept", tw.users["unit_clerk"]) is False
        assert workflow_can(s, "accept", world.b.users["town_staff"]) is False


def test_the_follow_up_table_is_a_second_table_of_the_same_model():
    """core.workflow: a table over another state field does not replace the model's own (register=False)."""
    from renda.core.workflow import workflow_for

    assert workflow_for(Suggestion) is workflow.SUGGESTION
    assert workflow.FOLLOWUP.state_field == "followup"
    assert workflow.FOLLOWUP.model is Suggestion
