"""Issue 16's walk: a campaign launched over three towns, followed with time-machine — one town on time, one
late, one never; the towns' staff told at launch, reminded before the window closes and told after it, the
district's escalation once per late town, each exactly once however often the sweep runs; the board shows it."""

from __future__ import annotations

import datetime as dt

from django_scopes import scopes_disabled

from helpers import activity_codes
from renda.campaigns import queries, services
from renda.campaigns.models import TownTask
from renda.core.deadlines.models import Clock
from renda.core.deadlines.sweep import deadlines_sweep

from .helpers import held_activity, launched, notified, on, third_town

LAUNCH = dt.date(2026, 7, 6)  # a Monday; seven days → Monday 13 July


def _mine(user, template, task):
    return [n for n in notified(user, template) if n.link == task.get_absolute_url()]


def test_three_towns_on_time_late_never(world, django_capture_on_commit_callbacks):
    town_c, staff_c = third_town(world)
    a, b = world.a, world.b
    staff_a, staff_b = a.users["town_staff"], b.users["town_staff"]
    district = world.district_x_staff
    with django_capture_on_commit_callbacks(execute=True):
        campaign = launched(world, [a.town, b.town, town_c], LAUNCH)
    with scopes_disabled():  # test reads across towns
        tasks = {t.town_id: t for t in TownTask.objects.filter(campaign=campaign)}
        clocks = Clock.unscoped.filter(kind="campaign.followup", content_type__model="towntask")
        assert {c.object_id for c in clocks} >= {str(t.pk) for t in tasks.values()}
    ta, tb, tc = tasks[a.town.pk], tasks[b.town.pk], tasks[town_c.pk]
    assert {t.due_date for t in tasks.values()} == {dt.date(2026, 7, 13)}
    for staff, task in ((staff_a, ta), (staff_b, tb), (staff_c, tc)):
        assert len(_mine(staff, "campaign_task", task)) == 1

    act_a = held_activity(a.town, staff_a, a.objects["registry.person"], dt.date(2026, 7, 8))
    act_b = held_activity(b.town, staff_b, b.objects["registry.person"], dt.date(2026, 7, 15))

    day = LAUNCH
    while day <= dt.date(2026, 7, 20):
        with on(day, 9), django_capture_on_commit_callbacks(execute=True), scopes_disabled():
            if day == dt.date(2026, 7, 8):
                services.town_task_report(
                    task=ta, activity=act_a, findings={"群租房": 3, "电动车室内充电": 5}, actor=staff_a
                )
            if day == dt.date(2026, 7, 16):
                services.town_task_report(task=tb, activity=act_b, findings={"群租房": 1}, actor=staff_b)
            deadlines_sweep(today=day)
            deadlines_sweep(today=day)  # the same day twice repeats nothing
        day += dt.timedelta(days=1)

    # Reminded two days before (11 July) — not town A, which had reported; told after (14 July); once each.
    assert [len(_mine(s, "reminder", t)) for s, t in ((staff_a, ta), (staff_b, tb), (staff_c, tc))] == [
        0,
        1,
        1,
    ]
    assert [len(_mine(s, "overdue", t)) for s, t in ((staff_a, ta), (staff_b, tb), (staff_c, tc))] == [
        0,
        1,
        1,
    ]
    # The district: one escalation per town late on 14 July (B reported only on the 16th), none for A.
    escalated = [n.link for n in notified(district, "escalation")]
    assert sorted(escalated) == sorted([tb.get_absolute_url(), tc.get_absolute_url()])

    with scopes_disabled():
        ta.refresh_from_db()
        tb.refresh_from_db()
        tc.refresh_from_db()
    assert (ta.state, ta.on_time, ta.done_on) == ("done", True, dt.date(2026, 7, 8))
    assert (tb.state, tb.on_time, tb.done_on) == ("done", False, dt.date(2026, 7, 16))
    assert (tc.state, tc.on_time) == ("open", None)
    assert activity_codes(ta) == ["clock.started", "towntask.created", "towntask.reported", "clock.stopped"]

    with on(dt.date(2026, 7, 20)), scopes_disabled():
        board = queries.campaign_board(user=district, campaign=campaign)
    assert [(r.task.town.name, r.standing, r.findings) for r in board.rows] == [
        ("平望镇", "on_time", [3, 5]),
        ("盛泽镇", "late", [1, 0]),
        ("黎里镇", "not_yet", [0, 0]),
    ]
    assert (board.totals["on_time"], board.totals["late"], board.totals["not_yet"]) == (1, 1, 1)
    assert board.totals["findings"] == [4, 5]
