"""Who may do what in the performance app: wrong role, another town, no actor are refused by the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.performance import services
from suggestions.helpers import on


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _enter(tw, actor):
    with on(dt.date(2025, 8, 1)):
        return services.duty_enter(
            person=tw.objects["registry.person"],
            data={"kind": "other", "date": dt.date(2025, 7, 1), "title": "走访选民"},
            actor=actor,
        )


@pytest.mark.parametrize("role", ["unit_clerk", "petitions", "discipline"])
def test_only_the_deputy_or_staff_enter_a_duty(world, role):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        _enter(world.a, world.a.users[role])


def test_another_towns_staff_and_no_actor_are_refused(world):
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            _enter(world.a, world.b.users["town_staff"])
        with pytest.raises(PermissionDenied):
            _enter(world.a, None)
        duty = world.a.objects["performance.otherduty"]
        for actor in (world.b.users["town_staff"], world.a.users["presidium"], None):
            with pytest.raises(PermissionDenied):
                services.duty_confirm(duty=duty, actor=actor)


@pytest.mark.parametrize("role", ["deputy", "presidium", "unit_clerk"])
def test_only_staff_set_rules_run_and_correct(world, role):
    tw = world.a
    user = tw.users[role]
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            services.point_rules_set(
                town=tw.town, year=2025, rules={"congress.attended": {"points": 1, "cap": None}}, actor=user
            )
        with pytest.raises(PermissionDenied):
            services.assessment_run(town=tw.town, year=2025, actor=user)
        with pytest.raises(PermissionDenied):
            services.score_correct(
                score=tw.objects["performance.assessmentscore"], delta=1, reason="x", actor=user
            )


def test_the_district_staff_may_confirm_and_correct_in_their_towns(world):
    tw = world.a
    with scopes_disabled():
        duty = services.duty_confirm(duty=tw.objects["performance.otherduty"], actor=world.district_x_staff)
        assert duty.state == "confirmed"
        with pytest.raises(PermissionDenied):
            services.score_correct(
                score=tw.objects["performance.assessmentscore"],
                delta=1,
                reason="x",
                actor=world.district_y_staff,
            )
