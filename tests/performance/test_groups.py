"""Deputy groups' yearly plans and activities: the year opened with a filing clock to 31 January and the
leader reminded, filing by the group only (a clear error for anyone else, nothing saved), on time or late on the
board (each cell a link, a fixed number of queries), activities with attendees among the group's deputies and
the summary by the designated summariser only, the activities in the record and the points, the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from factories import make_id_number, make_phone, make_user
from renda.core.actors import SYSTEM
from renda.core.deadlines.sweep import deadlines_sweep
from renda.core.enums import Role
from renda.core.errors import Conflict
from renda.core.notifications.models import Notification
from renda.performance import queries as q
from renda.performance import services
from renda.performance.models import GroupActivity, GroupPlan, GroupPlanItem
from renda.registry import services as reg
from suggestions.helpers import on

ITEMS = [
    {"month": 3, "kind": "inspection", "topic": "视察农村道路交通安全"},
    {"month": 6, "kind": "research", "topic": "调研养老服务设施"},
]


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _person(tw, name: str):
    return reg.person_create(
        town=tw.town,
        data={"name": name, "id_number": make_id_number(), "phone": make_phone()},
        actor=SYSTEM,
    )


def _group(tw, n: int = 3, name: str = "第二代表小组"):
    """A group of `n` deputies, the first its leader and the last its summariser; each with an account."""
    people = [_person(tw, f"{name}代表{i}") for i in range(n)]
    users = [make_user(f"g{tw.town.pk}_{name}_{i}", Role.DEPUTY, person=p) for i, p in enumerate(people)]
    group = reg.deputy_group_create(
        town=tw.town,
        data={
            "name": f"{tw.town.name}{name}",
            "leader": people[0],
            "members": people,
            "summariser": people[-1],
        },
        actor=SYSTEM,
    )
    return group, people, users


def _clock(plan):
    return q.plan_clock(plan)


def test_the_year_opens_with_a_clock_to_31_january_and_the_leader_is_reminded(world):
    tw = world.a
    with scopes_disabled(), on(dt.date(2026, 1, 2)):
        group, people, users = _group(tw)
        opened = services.plans_open(town=tw.town, year=2026, actor=tw.users["town_staff"])
        again = services.plans_open(town=tw.town, year=2026, actor=tw.users["town_staff"])
        plan = GroupPlan.objects.get(group=group, year=2026)
        clock = _clock(plan)
        assert (opened, again) == (2, 0)  # the world's group and this one; a second opening adds nothing
        assert plan.state == "pending" and plan.summariser == people[-1]
        assert clock.due_date == plan.deadline == dt.date(2026, 2, 2)  # 31 January 2026 is a Saturday
        assert clock.person == people[0]
        deadlines_sweep(today=dt.date(2026, 1, 26))
        reminded = Notification.objects.filter(clock=clock, template="reminder")
        assert [n.user for n in reminded] == [users[0]]  # the leader, not the members


def test_only_the_group_or_town_staff_file_and_nothing_is_saved_for_anyone_else(world):
    tw = world.a
    with scopes_disabled(), on(dt.date(2026, 1, 20)):
        group, people, users = _group(tw)
        outsider = make_user(f"outsider{tw.town.pk}", Role.DEPUTY, person=_person(tw, "组外代表"))
        with pytest.raises(PermissionDenied, match="组长、成员或镇人大工作人员"):
            services.plan_file(group=group, year=2026, items=ITEMS, summariser=people[1], actor=outsider)
        with pytest.raises(PermissionDenied):  # another town's staff
            services.plan_file(
                group=group, year=2026, items=ITEMS, summariser=people[1], actor=world.b.users["town_staff"]
            )
        with pytest.raises(ValidationError, match="总结人须为本小组"):
            services.plan_file(
                group=group, year=2026, items=ITEMS, summariser=tw.objects["registry.person"], actor=users[1]
            )
        assert (
            not GroupPlan.objects.filter(group=group).exists()
            and not GroupPlanItem.objects.filter(plan__group=group).exists()
        )
        plan = services.plan_file(group=group, year=2026, items=ITEMS, summariser=people[1], actor=users[1])
        assert (plan.state, plan.filed_late, plan.summariser) == ("filed", False, people[1])
        assert [i.topic for i in q.plan_items(plan)] == [i["topic"] for i in ITEMS]
        assert _clock(plan) is None  # the filing clock stopped
        with pytest.raises(Conflict, match="已于 2026-01-20 报备"):  # a double submit files once
            services.plan_file(group=group, year=2026, items=ITEMS, summariser=people[1], actor=users[0])
        assert GroupPlanItem.objects.filter(plan=plan).count() == 2


def test_the_board_shows_on_time_late_and_not_yet_each_cell_a_link(client, world):
    tw = world.a
    staff = tw.users["town_staff"]
    with scopes_disabled():
        g1, p1, _u1 = _group(tw, name="甲组")
        g2, p2, _u2 = _group(tw, name="乙组")
        g3, _p3, _u3 = _group(tw, name="丙组")
        with on(dt.date(2026, 1, 5)):
            services.plans_open(town=tw.town, year=2026, actor=staff)
        with on(dt.date(2026, 1, 28)):
            on_time = services.plan_file(group=g1, year=2026, items=ITEMS, summariser=p1[0], actor=staff)
        with on(dt.date(2026, 2, 10)):
            late = services.plan_file(group=g2, year=2026, items=ITEMS, summariser=p2[0], actor=staff)
            client.force_login(staff)
            response = client.get(f"/performance/plans/?town={tw.town.pk}&year=2026")
            html = response.content.decode()
            assert on_time.filed_late is False and late.filed_late is True
            rows = {g.pk: cells for g, cells in response.context["rows"]}
            assert [c.status for c in rows[g1.pk]] == ["missing", "missing", "on_time"]
            assert [c.status for c in rows[g2.pk]] == ["missing", "missing", "late"]
            assert rows[g3.pk][-1].status == "overdue"
            pending = GroupPlan.objects.get(group=g3, year=2026)
            for plan in (on_time, late, pending):
                assert f'href="/performance/plans/{plan.pk}/"' in html
                assert client.get(f"/performance/plans/{plan.pk}/").status_code == 200
    assert "按时报备" in html and "逾期报备" in html and "逾期未报" in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _groups_with_activities(tw, names):
    with scopes_disabled(), on(dt.date(2025, 9, 1)):
        for n, name in enumerate(names):
            group, people, users = _group(tw, name=name)
            services.plans_open(town=tw.town, year=2025, actor=tw.users["town_staff"])
            services.group_activity_record(
                group=group, data={"date": dt.date(2025, 8, 1 + n), "kind": "visit", "topic": f"走访{n}",
                                   "attendees": people[:2]}, actor=users[0],
            )  # fmt: skip


@pytest.mark.parametrize("role", ["town_staff", "deputy", "presidium"])
def test_the_board_and_the_activity_list_use_a_fixed_number_of_queries(client, world, role):
    tw = world.a
    board = f"/performance/plans/?town={tw.town.pk}&year=2025"
    _groups_with_activities(tw, ["甲组"])
    client.force_login(tw.users[role])
    client.get(board)  # the new accounts' grants are cached by the first request
    few_board = _count(client, board)
    few_list = _count(client, "/performance/group-activities/")
    _groups_with_activities(tw, ["乙组", "丙组", "丁组"])
    client.get(board)
    assert _count(client, board) == few_board
    assert _count(client, "/performance/group-activities/") == few_list


def test_activities_attendees_from_the_group_and_the_summary_by_the_summariser_only(world):
    tw = world.a
    with scopes_disabled(), on(dt.date(2026, 3, 20)):
        group, people, users = _group(tw)
        services.plan_file(group=group, year=2026, items=ITEMS, summariser=people[1], actor=users[0])
        data = {"date": dt.date(2026, 3, 18), "kind": "inspection", "topic": "视察农村道路交通安全"}
        with pytest.raises(ValidationError, match="不是本小组的代表"):
            services.group_activity_record(
                group=group,
                data=data | {"attendees": [people[0], tw.objects["registry.person"]]},
                actor=users[0],
            )
        outsider = make_user(f"out{tw.town.pk}", Role.DEPUTY, person=_person(tw, "组外"))
        with pytest.raises(PermissionDenied, match="组长、成员"):
            services.group_activity_record(group=group, data=data | {"attendees": people}, actor=outsider)
        assert not GroupActivity.objects.filter(group=group).exists()
        activity = services.group_activity_record(
            group=group, data=data | {"attendees": people}, actor=users[0]
        )
        with pytest.raises(Conflict):  # the same day and topic again: a double submit
            services.group_activity_record(group=group, data=data | {"attendees": people}, actor=users[0])
        assert activity.plan.year == 2026
        # The plan names people[1] the summariser (the group's own default was people[-1]).
        for wrong in (users[0], users[2], tw.users["town_staff"]):
            with pytest.raises(PermissionDenied, match=people[1].name):
                services.group_activity_summarise(activity=activity, summary="总结", actor=wrong)
        done = services.group_activity_summarise(activity=activity, summary="视察三条村道。", actor=users[1])
        assert (done.summary, done.summary_by) == ("视察三条村道。", people[1])
        # The activity is a line of each attendee's record, with the default points.
        record = q.record_of(person=people[2], year=2026)
        kind = next(k for k in record.kinds if k.kind == "performance.group_activity")
        assert kind.count == 1 and kind.total == Decimal(3)
        assert [ln.url for ln in kind.lines] == [activity.get_absolute_url()]


def test_the_pages_file_record_and_summarise(client, world):
    tw = world.a
    with scopes_disabled():
        group, people, users = _group(tw)
    with on(dt.date(2026, 1, 10)):
        client.force_login(users[2])
        response = client.post(
            f"/performance/groups/{group.pk}/plan/?year=2026",
            {"summariser": people[2].pk, "items": "3 视察 视察村道\n6月 调研 调研养老服务", "note": ""},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        with scopes_disabled():
            plan = GroupPlan.objects.get(group=group, year=2026)
            assert [(i.month, i.kind) for i in q.plan_items(plan)] == [(3, "inspection"), (6, "research")]
        bad = client.post(f"/performance/groups/{group.pk}/plan/?year=2026",
                          {"summariser": people[2].pk, "items": "十三 会议 什么"})  # fmt: skip
        assert bad.status_code == 200 and "第 1 行应为" in bad.content.decode()
        response = client.post(
            f"/performance/groups/{group.pk}/activities/new/",
            {
                "date": "2026-01-09",
                "kind": "study",
                "topic": "学习代表法",
                "attendees": [p.pk for p in people],
            },
        )
        assert response.status_code == 302
        with scopes_disabled():
            activity = GroupActivity.objects.get(group=group)
        client.force_login(users[0])  # not the summariser: sent back with the reason
        refused = client.get(f"/performance/group-activities/{activity.pk}/summary/")
        assert refused.status_code == 302
        assert any(people[2].name in str(m) for m in get_messages(refused.wsgi_request))
        client.force_login(users[2])
        ok = client.post(f"/performance/group-activities/{activity.pk}/summary/",
                         {"summary": "学习了代表法。", "version": activity.version})  # fmt: skip
        assert ok.status_code == 302
        page = client.get(f"/performance/group-activities/{activity.pk}/").content.decode()
        assert "学习了代表法。" in page and "登记代表小组活动" in page and "填写活动总结" in page


def test_the_api_files_records_and_summarises(client, world):
    tw = world.a
    with scopes_disabled():
        group, people, users = _group(tw)
        outsider = make_user(f"apiout{tw.town.pk}", Role.DEPUTY, person=_person(tw, "组外"))
    with on(dt.date(2026, 2, 3)):
        client.force_login(outsider)
        body = {"year": 2026, "summariser_id": people[1].pk, "items": ITEMS}
        refused = client.post(
            f"/api/v1/performance/groups/{group.pk}/plan", body, content_type="application/json"
        )
        assert refused.status_code == 403 and "组长、成员" in refused.json()["detail"]
        client.force_login(users[0])
        filed = client.post(
            f"/api/v1/performance/groups/{group.pk}/plan", body, content_type="application/json"
        )
        assert filed.status_code == 201, filed.content
        assert filed.json()["status"] == "late" and len(filed.json()["items"]) == 2
        twice = client.post(
            f"/api/v1/performance/groups/{group.pk}/plan", body, content_type="application/json"
        )
        assert twice.status_code == 409
        act = client.post(
            f"/api/v1/performance/groups/{group.pk}/activities",
            {"date": "2026-02-02", "kind": "visit", "topic": "走访困难群众", "attendee_ids": [people[1].pk]},
            content_type="application/json",
        )
        assert act.status_code == 201 and act.json()["plan_id"] == filed.json()["id"]
        pk = act.json()["id"]
        wrong = client.post(f"/api/v1/performance/group-activities/{pk}/summary", {"summary": "x"},
                            content_type="application/json")  # fmt: skip
        assert wrong.status_code == 403  # the leader is not the plan's summariser
        client.force_login(users[1])
        done = client.post(f"/api/v1/performance/group-activities/{pk}/summary", {"summary": "走访了五户。"},
                           content_type="application/json")  # fmt: skip
        assert done.status_code == 200 and done.json()["summary_by_id"] == people[1].pk
        history = client.get(f"/api/v1/performance/plans/{filed.json()['id']}/history").json()
    assert {"groupplan.opened", "groupplan.filed"} <= {h["code"] for h in history}
