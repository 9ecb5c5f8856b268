"""Campaign services through every transition (tests/<app>/test_workflow.py's shape) and the issue's bad input:
a town's staff launching, a town reporting on another town's task, reporting after the campaign is closed, a
campaign with no towns, a window of zero days, launching twice — a clear error, nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from helpers import activity_codes
from renda.campaigns import services
from renda.campaigns.models import Campaign, TownTask
from renda.campaigns.workflow import CAMPAIGN, TASK
from renda.core.deadlines.models import Clock
from renda.core.errors import Conflict
from renda.core.models import Town

from .helpers import held_activity, launched, on

DAY = dt.date(2026, 7, 6)


def _count(model, **kw) -> int:
    with scopes_disabled():  # test reads
        return model._base_manager.filter(**kw).count()


def test_every_declared_step_has_a_service(world):
    assert {t.action for t in CAMPAIGN.transitions} == {"launch", "close"}
    assert {t.action for t in TASK.transitions} == {"report"}


def test_create_defaults_and_refusals(world):
    staff = world.district_x_staff
    before = _count(Campaign)
    with on(DAY), scopes_disabled():
        c = services.campaign_create(district=world.x, data={"title": " 263环境整治 "}, actor=staff)
        # Every town with a congress of the district (A and B; district Y's C not), the configured window.
        assert set(c.towns.values_list("pk", flat=True)) == {world.a.town.pk, world.b.town.pk}
        assert (c.title, c.followup_days, c.state) == ("263环境整治", 7, "draft")
        assert activity_codes(c) == ["campaign.created"]
        bad = [
            ({"title": "x", "towns": []}, "towns"),
            ({"title": "x", "followup_days": 0}, "followup_days"),
            ({"title": "", "towns": [world.a.town]}, "title"),
            ({"title": "x", "towns": [world.c.town]}, "towns"),
            ({"title": "x", "required_kinds": ["picnic"]}, "required_kinds"),
        ]
        for data, name in bad:
            with pytest.raises(ValidationError) as e:
                services.campaign_create(district=world.x, data=data, actor=staff)
            assert name in e.value.message_dict, (data, e.value)
        for who in (world.a.users["town_staff"], world.district_y_staff, None):
            with pytest.raises(PermissionDenied):
                services.campaign_create(district=world.x, data={"title": "x"}, actor=who)
    assert _count(Campaign) == before + 1


def test_categories_are_parsed_from_text():
    assert services.categories_parse("群租房、电动车室内充电\n消防通道堵塞，群租房 ") == [
        "群租房",
        "电动车室内充电",
        "消防通道堵塞",
    ]


def test_launch_fans_out_and_only_once(world, django_capture_on_commit_callbacks):
    staff = world.district_x_staff
    with on(DAY), scopes_disabled():
        c = services.campaign_create(district=world.x, data={"title": "331", "followup_days": 3}, actor=staff)
        version = c.version
        with django_capture_on_commit_callbacks(execute=True):
            services.campaign_launch(campaign=c, actor=staff, version=version)
        tasks = list(TownTask.objects.filter(campaign=c).order_by("town__code"))
        assert [(t.town_id, t.due_date, t.state) for t in tasks] == [
            (world.a.town.pk, dt.date(2026, 7, 9), "open"),
            (world.b.town.pk, dt.date(2026, 7, 9), "open"),
        ]
        assert _count(Clock, kind="campaign.followup", object_id__in=[str(t.pk) for t in tasks]) == 2
        c.refresh_from_db()
        assert (c.state, c.launch_date) == ("launched", DAY)
        # A second click (or the other tab): a conflict, no second set of tasks, the stale version refused.
        with pytest.raises(Conflict) as e:
            services.campaign_launch(campaign=c, actor=staff, version=version)
        assert e.value.stale
        with pytest.raises(Conflict):
            services.campaign_launch(campaign=c, actor=staff)
        assert _count(TownTask, campaign=c) == 2
        assert activity_codes(c) == ["campaign.created", "campaign.launched"]


def test_launch_refuses_a_campaign_without_towns(world):
    staff = world.district_x_staff
    with on(DAY), scopes_disabled():
        c = services.campaign_create(
            district=world.x, data={"title": "x", "towns": [world.a.town]}, actor=staff
        )
        c.towns.clear()
        with pytest.raises(ValidationError):
            services.campaign_launch(campaign=c, actor=staff)
        c.refresh_from_db()
        assert c.state == "draft"
        assert _count(TownTask, campaign=c) == 0
        with pytest.raises(PermissionDenied):
            services.campaign_launch(campaign=c, actor=world.a.users["town_staff"])


def test_report_rules_and_close(world):
    a, b = world.a, world.b
    staff_a, staff_b = a.users["town_staff"], b.users["town_staff"]
    c = launched(world, [a.town, b.town], DAY, required_kinds=["inspection", "enforcement"])
    with scopes_disabled():
        ta = TownTask.objects.get(campaign=c, town=a.town)
        tb = TownTask.objects.get(campaign=c, town=b.town)
    before = held_activity(a.town, staff_a, a.objects["registry.person"], DAY - dt.timedelta(days=1))
    report = held_activity(a.town, staff_a, a.objects["registry.person"], DAY, kind="report")
    good = held_activity(a.town, staff_a, a.objects["registry.person"], DAY + dt.timedelta(days=2))
    of_b = held_activity(b.town, staff_b, b.objects["registry.person"], DAY + dt.timedelta(days=2))
    with on(DAY + dt.timedelta(days=3)), scopes_disabled():
        # Another town's staff, a deputy, nobody: refused.
        for who in (staff_b, a.users["deputy"], None):
            with pytest.raises(PermissionDenied):
                services.town_task_report(task=ta, activity=good, findings={}, actor=who)
        for activity in (before, report, of_b, a.objects["oversight.activity"]):  # before launch, wrong kind,
            with pytest.raises(ValidationError):  # another town's, not held
                services.town_task_report(task=ta, activity=activity, findings={}, actor=staff_a)
        for findings in ({"违章搭建": 1}, {"群租房": -1}, {"群租房": "3"}):
            with pytest.raises(ValidationError):
                services.town_task_report(task=ta, activity=good, findings=findings, actor=staff_a)
        ta.refresh_from_db()
        assert (ta.state, ta.activity_id, ta.findings) == ("open", None, {})

        with pytest.raises(Conflict) as stale:
            services.town_task_report(
                task=ta, activity=good, findings={}, actor=staff_a, version=ta.version + 1
            )
        assert stale.value.stale
        services.town_task_report(task=ta, activity=good, findings={"群租房": 2}, actor=staff_a)
        ta.refresh_from_db()
        assert (ta.state, ta.on_time, ta.findings) == ("done", True, {"群租房": 2, "电动车室内充电": 0})
        with pytest.raises(Conflict):  # reported already
            services.town_task_report(task=ta, activity=good, findings={}, actor=staff_a)

        # Town staff cannot close; district staff close; B may not report any more; its clock stopped.
        with pytest.raises(PermissionDenied):
            services.campaign_close(campaign=c, actor=staff_a)
        services.campaign_close(campaign=c, actor=world.district_x_staff)
        with pytest.raises(Conflict) as closed:
            services.town_task_report(task=tb, activity=of_b, findings={}, actor=staff_b)
        assert "已结束" in str(closed.value)
        with pytest.raises(Conflict):
            services.campaign_close(campaign=c, actor=world.district_x_staff)
        tb.refresh_from_db()
        assert tb.state == "open"
        assert not Clock.unscoped.filter(
            kind="campaign.followup", object_id=str(tb.pk), content_type__model="towntask", stopped_at=None
        ).exists()
        assert Town.objects.filter(pk=b.town.pk).exists()
