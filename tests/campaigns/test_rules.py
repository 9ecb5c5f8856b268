"""Every campaigns service refuses a wrong role, another town or district, and `actor=None`; SYSTEM is allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.campaigns import services
from renda.core.actors import SYSTEM
from renda.core.permissions import allowed

from .helpers import held_activity, on

DAY = dt.date(2026, 7, 6)


def test_permissions_by_role(world):
    a = world.a
    campaign, task = a.objects["campaigns.campaign"], a.objects["campaigns.towntask"]
    assert allowed(world.district_x_staff, "campaigns.manage", world.x)
    assert allowed(world.district_x_staff, "campaigns.manage", campaign)
    assert not allowed(world.district_y_staff, "campaigns.manage", campaign)
    for role in ("town_staff", "presidium", "deputy", "unit_clerk", "petitions", "discipline"):
        assert not allowed(a.users[role], "campaigns.manage", world.x), role
    assert allowed(a.users["town_staff"], "campaigns.report", task)
    assert allowed(world.district_x_staff, "campaigns.report", task)
    for user in (
        world.b.users["town_staff"],
        a.users["presidium"],
        a.users["deputy"],
        world.district_y_staff,
    ):
        assert not allowed(user, "campaigns.report", task)
    assert not allowed(None, "campaigns.report", task)


@pytest.mark.parametrize("who", ["town_staff", "district_y", "none"])
def test_every_service_refuses(world, who):
    actor = {"town_staff": world.a.users["town_staff"], "district_y": world.district_y_staff, "none": None}[
        who
    ]
    with on(DAY), scopes_disabled():
        c = services.campaign_create(district=world.x, data={"title": "x"}, actor=SYSTEM)
        with pytest.raises(PermissionDenied):
            services.campaign_create(district=world.x, data={"title": "x"}, actor=actor)
        with pytest.raises(PermissionDenied):
            services.campaign_launch(campaign=c, actor=actor)
        services.campaign_launch(campaign=c, actor=SYSTEM)
        with pytest.raises(PermissionDenied):
            services.campaign_close(campaign=c, actor=actor)
        task = c.tasks.get(town=world.b.town)
    activity = held_activity(
        world.b.town, world.b.users["town_staff"], world.b.objects["registry.person"], DAY
    )
    with on(DAY), scopes_disabled():
        with pytest.raises(PermissionDenied):  # town A's staff on town B's task, district Y, nobody
            services.town_task_report(task=task, activity=activity, findings={}, actor=actor)
        services.town_task_report(task=task, activity=activity, findings={}, actor=SYSTEM)
        services.campaign_close(campaign=c, actor=SYSTEM)
