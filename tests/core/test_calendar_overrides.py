"""A local correction of the working-day calendar (CalendarOverride) entered, changed or deleted in the Django
admin goes through the calendar's services: audited, and running clocks across the day are recomputed, each
moved due date recorded on its item (`clock.due_moved`) and told to its handler."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from renda.core.audit import activities_for
from renda.core.deadlines.models import CalendarOverride
from renda.core.deadlines.services import calendar_override_delete, calendar_override_save
from renda.core.deadlines.status import clock_for
from renda.core.models import ActivityLog
from renda.core.notifications.messages import render_body
from renda.core.notifications.models import Notification
from renda.receptions import services as receptions
from renda.receptions.models import Appeal

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


@pytest.fixture
def admin_user(django_user_model, world):
    return django_user_model.objects.create_superuser(username="root_admin", password="x-Secret-123456")


def _appeal(tw):
    """The one running clock across February 2027: the shared world's own clocks (built on the real date, so
    some of them may run across it) are put out of the way, so that the counts of clocks moved are the appeal's."""
    from renda.core.deadlines.models import Clock

    Clock.unscoped.update(start_date=D(2099, 1, 1), due_date=D(2099, 12, 31))
    with at(2027, 1, 8), scopes_disabled():  # test set-up: due 2027-02-08 (初三, computed) → Tuesday 2-9
        appeal = receptions.appeal_submit(
            town=tw.town,
            data={
                "content": "路灯不亮",
                "category": "other",
                "citizen_name": "钱七",
                "citizen_phone": "13600000000",
            },
            actor=tw.users["town_staff"],
        )
        return receptions.appeal_assign(
            appeal=appeal,
            handler=tw.users["unit_clerk"],
            unit=tw.objects["registry.handlingunit"],
            actor=tw.users["town_staff"],
        )


def _due(appeal):
    with scopes_disabled():  # test reads
        clock = clock_for(subject=appeal, kind="appeal.reply")
        return clock.due_date, Appeal.objects.get(pk=appeal.pk).due_date


def _moves(appeal):
    with scopes_disabled():  # test reads
        moves = [e.data["due_date"] for e in activities_for(subject=appeal) if e.code == "clock.due_moved"]
    return list(reversed(moves))  # oldest first


def _codes():
    return list(
        ActivityLog.unscoped.filter(code__startswith="calendar.override")
        .order_by("id")
        .values_list("code", flat=True)
    )


def test_the_admin_adds_changes_and_deletes_an_override_and_running_clocks_follow(client, world, admin_user):
    appeal = _appeal(world.a)
    assert _due(appeal) == (D(2027, 2, 9), D(2027, 2, 9))
    with at(2027, 1, 10):
        client.force_login(admin_user)  # inside the travel: the idle-session expiry would end it
        added = client.post(
            "/admin/core/calendaroverride/add/",
            {"date": "2027-02-09", "note": "本地调整", "_save": "保存"},  # is_workday unticked: a rest day
        )
        assert added.status_code == 302, added.content.decode()[:3000]
        assert _due(appeal) == (D(2027, 2, 10), D(2027, 2, 10))
        assert _moves(appeal) == [["2027-02-09", "2027-02-10"]]
        with scopes_disabled():  # test reads
            clock = clock_for(subject=appeal, kind="appeal.reply")
            [note] = Notification.unscoped.filter(clock=clock, template="due_moved_override")
        assert note.user == world.a.users["unit_clerk"]
        assert render_body(note) == (
            f"本地工作日调整（2027-02-09）已更新，诉求答复“{appeal}”的到期日由 2027-02-09 改为 2027-02-10。"
        )

        row = CalendarOverride.objects.get()
        changed = client.post(
            f"/admin/core/calendaroverride/{row.pk}/change/",
            {"date": "2027-02-10", "note": "本地调整", "_save": "保存"},  # moved a day on: 2-9 works again
        )
        assert changed.status_code == 302
        assert _due(appeal) == (D(2027, 2, 9), D(2027, 2, 9))

        deleted = client.post(f"/admin/core/calendaroverride/{row.pk}/delete/", {"post": "yes"})
        assert deleted.status_code == 302
        assert not CalendarOverride.objects.exists()
        assert _due(appeal) == (D(2027, 2, 9), D(2027, 2, 9))  # 2-10 was no longer on its way
    assert _moves(appeal) == [["2027-02-09", "2027-02-10"], ["2027-02-10", "2027-02-09"]]
    assert _codes() == ["calendar.override_set", "calendar.override_set", "calendar.override_deleted"]
    entry = ActivityLog.unscoped.filter(code="calendar.override_set").order_by("id").last()
    assert (entry.actor, entry.data["before"], entry.data["clocks_moved"]) == (
        admin_user,
        ["2027-02-09", False, "本地调整"],
        1,
    )


def test_deleting_an_override_moves_the_clock_back(world):
    appeal = _appeal(world.a)
    staff = world.district_x_staff
    with at(2027, 1, 10), scopes_disabled():
        row = calendar_override_save(actor=staff, date=D(2027, 2, 8), is_workday=True, note="调休上班")
        assert _due(appeal) == (D(2027, 2, 8), D(2027, 2, 8))
        assert calendar_override_delete(actor=staff, override=row) == 1
    assert _due(appeal) == (D(2027, 2, 9), D(2027, 2, 9))
    assert _moves(appeal) == [["2027-02-09", "2027-02-08"], ["2027-02-08", "2027-02-09"]]


@pytest.mark.parametrize("who", ["town_staff", "none"])
def test_only_district_staff_and_superusers_correct_the_calendar(world, who):
    actor = None if who == "none" else world.a.users[who]
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            calendar_override_save(actor=actor, date=D(2027, 2, 9), is_workday=False)
        row = CalendarOverride.objects.create(date=D(2027, 2, 9), is_workday=False)
        with pytest.raises(PermissionDenied):
            calendar_override_delete(actor=actor, override=row)
    assert list(CalendarOverride.objects.values_list("date", flat=True)) == [D(2027, 2, 9)]
