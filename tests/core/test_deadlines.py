"""Deadlines: the working-day calendar, due-date rules, pause/extend, explanations and derived status."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from renda.core.audit import activities_for
from renda.core.deadlines.calendar import WorkCalendar, add_months, apply_rule, working_days_between
from renda.core.deadlines.models import CalendarOverride, Clock, DueRule, DueUnit
from renda.core.deadlines.services import (
    clock_due,
    clock_explain,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    due_date_compute,
)
from renda.core.deadlines.status import (
    ClockStatus,
    clock_for,
    clock_status,
    clocks_overdue,
    clocks_with_status,
)

D = dt.date


def test_spring_festival_2025_working_days(db):
    cal = WorkCalendar.load(D(2025, 1, 1), D(2025, 3, 1))
    # 2025: 1-28 … 2-4 off; Sunday 1-26 and Saturday 2-8 are make-up working days (调休).
    assert cal.is_workday(D(2025, 1, 26)) is True
    assert cal.is_workday(D(2025, 2, 8)) is True
    assert [cal.is_workday(D(2025, 1, 28) + dt.timedelta(days=i)) for i in range(8)] == [False] * 8
    assert cal.is_workday(D(2025, 2, 5)) is True
    # Submitted Friday 2025-01-24: 1-26 (Sun, make-up), 1-27, festival, 2-5, 2-6, 2-7, 2-8 (Sat), 2-10.
    assert apply_rule(D(2025, 1, 24), DueUnit.WORKING_DAYS, 6) == D(2025, 2, 8)
    assert apply_rule(D(2025, 1, 24), DueUnit.WORKING_DAYS, 7) == D(2025, 2, 10)
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 10)) == 7


def test_spring_festival_2026_make_up_saturdays(db):
    cal = WorkCalendar.load(D(2026, 2, 1), D(2026, 3, 31))
    assert cal.is_workday(D(2026, 2, 14)) is True  # Saturday, make-up
    assert cal.is_workday(D(2026, 2, 28)) is True  # Saturday, make-up
    assert cal.is_workday(D(2026, 2, 16)) is False
    assert cal.is_workday(D(2026, 2, 23)) is False
    # Submitted Thursday 2026-02-12: 2-13, 2-14 (Sat), festival 2-15…2-23, 2-24 … 2-27, 2-28 (Sat).
    assert apply_rule(D(2026, 2, 12), DueUnit.WORKING_DAYS, 6) == D(2026, 2, 27)
    assert apply_rule(D(2026, 2, 12), DueUnit.WORKING_DAYS, 7) == D(2026, 2, 28)
    assert apply_rule(D(2026, 2, 12), DueUnit.WORKING_DAYS, 8) == D(2026, 3, 2)


def test_local_overrides_win_and_fill_unknown_years(db):
    CalendarOverride.objects.create(date=D(2026, 2, 13), is_workday=False, note="本地调整")
    assert apply_rule(D(2026, 2, 12), DueUnit.WORKING_DAYS, 7) == D(2026, 3, 2)
    # 2031 is unknown to the package: Monday–Friday, flagged as uncertain.
    due = due_date_compute(kind="suggestion.assign", start=D(2031, 1, 2), unit=DueUnit.WORKING_DAYS, amount=7)
    assert due.date == D(2031, 1, 13)
    assert due.uncertain_years == [2031]
    assert "2031" in due.warning
    # Once local data exists for the year, the warning goes and the data counts.
    CalendarOverride.objects.create(date=D(2031, 1, 13), is_workday=False, note="假设的假日")
    due = due_date_compute(kind="suggestion.assign", start=D(2031, 1, 2), unit=DueUnit.WORKING_DAYS, amount=7)
    assert (due.date, due.uncertain_years, due.warning) == (D(2031, 1, 14), [], "")


def test_calendar_months_clamp_to_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2027, 1, 5), 3) == D(2027, 4, 5)


def test_due_date_rolls_past_holidays(db):
    # Appeal registered 2025-09-01 + 1 month = 2025-10-01, National Day: moves to 2025-10-09.
    due = due_date_compute(kind="appeal.reply", start=D(2025, 9, 1), unit=DueUnit.CALENDAR_MONTHS, amount=1)
    assert due.date == D(2025, 10, 9)
    assert due.explanation == "登记日 2025-09-01 起 1 个月，遇节假日顺延 → 2025-10-09"


def _start(world, kind="suggestion.reply", start=None, **kw):
    a = world.a
    start = start or D(2026, 3, 2)
    with scopes_disabled():
        return clock_start(
            subject=a.objects["registry.village"],
            kind=kind,
            start_date=start,
            actor=a.users["town_staff"],
            unit=a.objects["registry.handlingunit"],
            person=a.objects["registry.person"],
            **kw,
        )


def test_explanation_with_extension_in_chinese(world):
    approver = world.a.users["presidium"]
    clock = _start(world, start=D(2027, 1, 5))
    with scopes_disabled():
        clock = clock_extend(clock=clock, days=30, reason="涉及多部门", approver=approver, actor=approver)
        assert clock.due_date == D(2027, 5, 5)
        assert (
            clock_explain(clock)
            == f"交办日 2027-01-05 起 3 个月，延期 30 日（批准人：{approver}）→ 2027-05-05"
        )
        assert clock.calendar_uncertain is True  # 2027 is not in the package yet
        assert "2027" in clock_due(clock).warning


def test_explanation_in_english(world, settings):
    from django.utils import translation

    clock = _start(world, start=D(2026, 3, 2))
    with scopes_disabled(), translation.override("en"):
        assert clock_explain(clock) == "Assigned on 2026-03-02 + 3 months → 2026-06-02"


def test_rule_kinds_and_admin_override(world):
    assert _start(world, kind="suggestion.assign", start=D(2026, 2, 12)).due_date == D(2026, 2, 28)
    assert _start(world, kind="suggestion.reply", start=D(2026, 3, 2)).due_date == D(2026, 6, 2)
    assert _start(world, kind="campaign.followup", start=D(2026, 3, 2)).due_date == D(2026, 3, 9)
    clock = _start(
        world, kind="suggestion.co_opinion", start=D(2026, 3, 2), rule="suggestion.reply_difficult"
    )
    assert (clock.rule_code, clock.due_date) == ("suggestion.reply_difficult", D(2026, 9, 2))
    DueRule.objects.create(code="appeal.reply", unit=DueUnit.CALENDAR_DAYS, amount=15)
    assert _start(world, kind="appeal.reply", start=D(2026, 3, 2)).due_date == D(2026, 3, 17)
    with pytest.raises(ValidationError):
        _start(world, kind="nothing.known")


def test_one_running_clock_per_item_and_kind(world):
    _start(world)
    with pytest.raises(ValidationError):
        _start(world)


def test_pause_resume_extend_stop_are_in_the_items_history(world):
    staff = world.a.users["town_staff"]
    clock = _start(world, start=D(2026, 3, 2))
    assert clock.due_date == D(2026, 6, 2)
    with scopes_disabled():
        clock_pause(clock=clock, reason="等待代表补充材料", actor=staff, on=D(2026, 3, 10))
        clock.refresh_from_db()
        assert (clock.paused, clock.next_reminder_on) == (True, None)
        assert clock_status(clock, D(2026, 7, 1)) == ClockStatus.PAUSED
        with pytest.raises(ValidationError):
            clock_pause(clock=clock, reason="again", actor=staff)
        clock = clock_resume(clock=clock, actor=staff, on=D(2026, 3, 20))
        assert (clock.paused_days, clock.due_date) == (10, D(2026, 6, 12))
        clock = clock_extend(
            clock=clock, days=30, reason="情况复杂", approver=world.a.users["presidium"], actor=staff
        )
        assert clock.due_date == D(2026, 7, 13)  # 2026-07-12 is a Sunday
        assert clock_explain(clock) == (
            f"交办日 2026-03-02 起 3 个月，暂停 10 日，延期 30 日（批准人：{world.a.users['presidium']}），"
            "遇节假日顺延 → 2026-07-13"
        )
        with pytest.raises(ValidationError):
            clock_extend(clock=clock, days=5, reason="", approver=staff, actor=staff)
        clock = clock_stop(clock=clock, actor=staff, reason="已答复")
        assert clock.next_reminder_on is None
        history = [a.code for a in activities_for(subject=world.a.objects["registry.village"])]
        assert history[:5] == [
            "clock.stopped",
            "clock.extended",
            "clock.resumed",
            "clock.paused",
            "clock.started",
        ]
        assert clock_for(subject=world.a.objects["registry.village"], kind="suggestion.reply") == clock


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 5, 25), ClockStatus.ON_TIME),
        (D(2026, 5, 26), ClockStatus.DUE_SOON),
        (D(2026, 6, 2), ClockStatus.DUE_TODAY),
        (D(2026, 6, 3), ClockStatus.OVERDUE),
        (D(2026, 7, 2), ClockStatus.OVERDUE),
        (D(2026, 7, 3), ClockStatus.LONG_OVERDUE),
    ],
)
def test_derived_status(world, today, status):
    clock = _start(world, start=D(2026, 3, 2))  # due 2026-06-02; soon = 7 days, long = 30 days
    assert clock_status(clock, today) == status
    with scopes_disabled():
        assert list(
            clocks_with_status(Clock.objects.filter(pk=clock.pk), today).values_list("status", flat=True)
        ) == [status]


def test_status_thresholds_are_configuration(world, settings):
    settings.RENDA = {**settings.RENDA, "DEADLINE_DUE_SOON_DAYS": 20}
    clock = _start(world, start=D(2026, 3, 2))
    assert clock_status(clock, D(2026, 5, 20)) == ClockStatus.DUE_SOON


def test_overdue_query_is_scoped(world):
    clock = _start(world, start=D(2026, 1, 5))
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        from django_scopes import scope

        with scope(town=[world.a.town.pk]):
            assert list(clocks_overdue()) == [clock]
        with scope(town=[world.b.town.pk]):
            assert list(clocks_overdue()) == []
