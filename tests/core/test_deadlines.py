"""Deadlines: the working-day calendar, due-date rules, pause/extend, explanations and derived status."""

from __future__ import annotations

import datetime as dt
import io
import json

import chinese_calendar
import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from renda.core.audit import activities_for
from renda.core.deadlines.calendar import (
    HOLIDAY_LABELS,
    WorkCalendar,
    add_months,
    apply_rule,
    package_holiday_name,
    package_knows,
    provisional_holidays,
    qingming_day,
    working_days_between,
)
from renda.core.deadlines.models import CalendarOverride, CalendarYear, Clock, DueRule, DueUnit
from renda.core.deadlines.services import (
    calendar_dates_parse,
    calendar_year_set,
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
    # 2031 is unknown to the package: provisional (computed holidays and weekends), flagged as uncertain.
    due = due_date_compute(kind="suggestion.assign", start=D(2031, 1, 2), unit=DueUnit.WORKING_DAYS, amount=7)
    assert due.date == D(2031, 1, 13)
    assert due.uncertain_years == [2031]
    assert "2031" in due.warning
    # A local correction counts, but the year stays provisional until its official schedule is entered.
    CalendarOverride.objects.create(date=D(2031, 1, 13), is_workday=False, note="假设的假日")
    due = due_date_compute(kind="suggestion.assign", start=D(2031, 1, 2), unit=DueUnit.WORKING_DAYS, amount=7)
    assert (due.date, due.uncertain_years) == (D(2031, 1, 14), [2031])
    CalendarYear.objects.create(year=2031, holidays=["2031-01-01"], workdays=[], source="manual")
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


# ------------------------------------------------------------------ years chinese-calendar does not know

TZ = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def test_2027_is_provisional_with_the_statutory_holidays_as_rest_days(db):
    assert package_knows(2026) and not package_knows(2027)
    cal = WorkCalendar.load(D(2027, 1, 1), D(2027, 12, 31))
    rest = [
        D(2027, 1, 1),  # 元旦, a Friday
        *[D(2027, 2, 5) + dt.timedelta(days=i) for i in range(4)],  # 春节: 除夕 2-5 … 初三 2-8
        D(2027, 4, 5),  # 清明, a Monday
        D(2027, 6, 9),  # 端午, a Wednesday
        D(2027, 9, 15),  # 中秋, a Wednesday
        D(2027, 10, 1),  # 国庆 10-1 … 10-3 (Friday to Sunday)
        D(2027, 10, 2),
        D(2027, 10, 3),
    ]
    assert [cal.is_workday(d) for d in rest] == [False] * len(rest)
    # The weekdays around them work; no make-up working day is invented (Saturday 2-20 rests).
    assert [cal.is_workday(d) for d in (D(2027, 2, 4), D(2027, 2, 9), D(2027, 10, 4), D(2027, 2, 20))] == [
        True,
        True,
        True,
        False,
    ]
    assert cal.uncertain_years == {2027}
    assert cal.knows(2027) is False


def test_appeal_of_2026_12_01_and_reply_clock_of_2026_10_01_are_not_due_on_new_year(world):
    # One month / three months later is 2027-01-01 (元旦, a Friday): rolled past the weekend to Monday.
    for kind, start in (("appeal.reply", D(2026, 12, 1)), ("suggestion.reply", D(2026, 10, 1))):
        clock = _start(world, kind=kind, start=start)
        assert (clock.due_date, clock.calendar_uncertain) == (D(2027, 1, 4), True), kind
        with scopes_disabled():
            due = clock_due(clock)
        assert due.uncertain_years == [2027]
        assert due.explanation.endswith("遇节假日顺延 → 2027-01-04")


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_statutory_days_are_holidays_of_the_same_name_in_the_package(year):
    # The current rules (since 2025) computed for years the package knows: every computed day is one of
    # the package's holidays, and of the same holiday.
    computed = provisional_holidays(year)
    assert len(computed) == sum(settings.RENDA["PROVISIONAL_HOLIDAY_DAYS"].values()) == 13
    for day, code in sorted(computed.items()):
        assert chinese_calendar.is_holiday(day), day
        assert package_holiday_name(day) == str(HOLIDAY_LABELS[code]), day


def test_qingming_solar_term_2020_to_2030():
    known = {  # 清明 as published (紫金山天文台)
        2020: 4,
        2021: 4,
        2022: 5,
        2023: 5,
        2024: 4,
        2025: 4,
        2026: 5,
        2027: 5,
        2028: 4,
        2029: 4,
        2030: 5,
    }
    assert {y: qingming_day(y).day for y in known} == known
    assert all(qingming_day(y).month == 4 for y in known)
    # Where the package has data, 清明 is its Tomb-sweeping holiday.
    for y in range(2020, 2027):
        assert package_holiday_name(qingming_day(y)) == "清明节", y


def test_holiday_day_counts_are_configuration(db, settings):
    days = {**settings.RENDA["PROVISIONAL_HOLIDAY_DAYS"], "spring_festival": 3, "national_day": 7}
    settings.RENDA = {**settings.RENDA, "PROVISIONAL_HOLIDAY_DAYS": days}
    cal = WorkCalendar.load(D(2027, 1, 1), D(2027, 12, 31))
    assert cal.is_workday(D(2027, 2, 8)) is True
    assert cal.is_workday(D(2027, 10, 7)) is False


def test_a_local_override_corrects_a_provisional_year_which_stays_provisional(db):
    CalendarOverride.objects.create(date=D(2027, 2, 9), is_workday=False, note="本地调整")
    due = due_date_compute(kind="suggestion.assign", start=D(2027, 2, 3), unit=DueUnit.WORKING_DAYS, amount=2)
    # 2-4 works, 2-5 … 2-8 春节, 2-9 local rest day: 2-10.
    assert (due.date, due.uncertain_years) == (D(2027, 2, 10), [2027])


def test_dates_parse_lists_and_ranges_with_chinese_errors():
    text = "2027-01-01、2027-02-05~2027-02-07，2027-10-1 至 2027-10-02\n2027-01-01"
    assert calendar_dates_parse(text) == [
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 10, 1),
        D(2027, 10, 2),
    ]
    with pytest.raises(ValidationError) as e:
        calendar_dates_parse("2027-02-30、明天、2027-03-05~2027-03-01")
    assert e.value.messages == [
        "“2027-02-30”不是有效日期",
        "无法识别“明天”，日期请写成 2027-01-01",
        "日期范围“2027-03-05~2027-03-01”的结束日早于开始日",
    ]


# The schedule the tests enter for 2027 (hypothetical: the State Council has not published it).
OFFICIAL_2027 = "2027-01-01~2027-01-03、2027-02-05~2027-02-13、2027-04-03~2027-04-05、2027-05-01~2027-05-05"
WORKDAYS_2027 = "2027-01-31、2027-02-20"


def _appeal(tw, on):
    from renda.receptions import services as receptions

    with at(*on), scopes_disabled():  # test set-up
        a = receptions.appeal_submit(
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
            appeal=a,
            handler=tw.users["unit_clerk"],
            unit=tw.objects["registry.handlingunit"],
            actor=tw.users["town_staff"],
        )


def test_entering_the_official_schedule_moves_a_running_clock_records_it_and_tells_the_handler(
    world, django_capture_on_commit_callbacks
):
    from renda.core.notifications.messages import render_body
    from renda.core.notifications.models import Notification
    from renda.receptions.models import Appeal

    appeal = _appeal(world.a, (2027, 1, 8))
    other = _appeal(world.b, (2027, 1, 8))
    with scopes_disabled():
        clock = clock_for(subject=appeal, kind="appeal.reply")
    # 2027-02-08 is 初三 in the computed calendar: rolled to Tuesday 2-9, provisional.
    assert (appeal.due_date, clock.due_date, clock.calendar_uncertain) == (D(2027, 2, 9), D(2027, 2, 9), True)
    staff = world.district_x_staff
    with at(2027, 1, 10), scopes_disabled(), django_capture_on_commit_callbacks() as callbacks:
        result = calendar_year_set(
            year=2027,
            holidays=calendar_dates_parse(OFFICIAL_2027),
            workdays=calendar_dates_parse(WORKDAYS_2027),
            actor=staff,
        )
    assert callbacks  # the e-mail/SMS delivery is enqueued on commit
    with scopes_disabled():
        clock.refresh_from_db()
        appeal = Appeal.objects.get(pk=appeal.pk)
        # The official 春节 runs to 2-13 (Saturday): due Monday 2-15, no longer provisional.
        assert (clock.due_date, clock.calendar_uncertain, appeal.due_date) == (
            D(2027, 2, 15),
            False,
            D(2027, 2, 15),
        )
        assert Appeal.objects.get(pk=other.pk).due_date == D(2027, 2, 15)  # every town's clocks
        moved = [e for e in activities_for(subject=appeal) if e.code == "clock.due_moved"]
        assert [(e.actor, e.data["due_date"], e.data["year"]) for e in moved] == [
            (staff, ["2027-02-09", "2027-02-15"], 2027)
        ]
        notes = list(Notification.unscoped.filter(clock=clock, template="due_moved"))
        assert [n.user for n in notes] == [world.a.users["unit_clerk"]]
        assert render_body(notes[0]) == (
            f"2027 年法定节假日安排已录入，诉求答复“{appeal}”的到期日由 2027-02-09 改为 2027-02-15。"
        )
        assert {c.pk for c, _old, _new in result.moved} >= {clock.pk}
        assert CalendarYear.objects.get(year=2027).source == "manual"
        assert WorkCalendar.load(D(2027, 1, 1), D(2027, 12, 31)).knows(2027) is True


def test_a_bad_schedule_saves_nothing(world):
    clock = _start(world, kind="appeal.reply", start=D(2027, 1, 8))
    with scopes_disabled(), pytest.raises(ValidationError) as e:
        calendar_year_set(
            year=2027,
            holidays=[D(2027, 2, 10), D(2028, 1, 1)],
            workdays=[D(2027, 2, 10), D(2027, 2, 11)],
            actor=world.district_x_staff,
        )
    assert e.value.message_dict == {
        "holidays": ["2028-01-01 不在 2027 年内"],
        "workdays": [
            "调休上班日应为周六或周日：2027-02-10、2027-02-11 是工作日",
            "2027-02-10 不能既放假又上班",
        ],
    }
    assert not CalendarYear.objects.exists()
    with scopes_disabled():
        clock.refresh_from_db()
    assert (clock.due_date, clock.calendar_uncertain) == (D(2027, 2, 9), True)


def test_the_calendar_page_enters_a_year_for_district_staff_only(client, world):
    clock = _start(world, kind="appeal.reply", start=D(2027, 1, 8))
    client.force_login(world.a.users["town_staff"])
    assert client.get("/calendar/").status_code == 403
    client.force_login(world.district_x_staff)
    with at(2026, 12, 2):
        page = client.get("/calendar/")
        html = page.content.decode()
        assert 'data-testid="calendar-year-2027"' in html and "02-05（春节）" in html
        assert [y.status for y in page.context["years"]] == ["package", "provisional"]
        bad = client.post(
            "/calendar/", {"year": "2027", "holidays": "2027-01-01、下周一", "workdays": "2027-02-10"}
        )
        assert bad.status_code == 200
        assert bad.context["form"].errors == {
            "holidays": ["无法识别“下周一”，日期请写成 2027-01-01"],
        }
        bad = client.post("/calendar/", {"year": "2027", "holidays": "2027-01-01", "workdays": "2027-02-10"})
        assert bad.context["form"].errors == {"workdays": ["调休上班日应为周六或周日：2027-02-10 是工作日"]}
        assert not CalendarYear.objects.exists()
        ok = client.post("/calendar/", {"year": "2027", "holidays": OFFICIAL_2027, "workdays": WORKDAYS_2027})
        assert ok.status_code == 302
        assert [y.status for y in client.get("/calendar/").context["years"]] == ["package", "official"]
    with scopes_disabled():
        clock.refresh_from_db()
    assert clock.due_date == D(2027, 2, 15)


def test_the_api_enters_a_year_and_lists_it(client, world):
    client.force_login(world.a.users["town_staff"])
    body = {"year": 2027, "holidays": OFFICIAL_2027.split("、"), "workdays": WORKDAYS_2027.split("、")}
    url = "/api/v1/core/calendar/years"
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(world.district_x_staff)
    with at(2026, 12, 2):
        listed = client.get(url).json()["years"]
        assert [(y["year"], y["status"]) for y in listed] == [(2026, "package"), (2027, "provisional")]
        assert listed[1]["holidays"][:2] == ["2027-01-01", "2027-02-05"] and listed[1]["workdays"] == []
        assert client.get(url, {"year": 3000}).status_code == 422
        assert client.get(url, {"year": 2025}).json()["years"][0]["workdays"] == [
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11",
        ]
        bad = client.post(url, {**body, "holidays": ["2027-13-01"]}, content_type="application/json")
        assert (bad.status_code, bad.json()) == (422, {"detail": ["“2027-13-01”不是有效日期"]})
        ok = client.post(url, body, content_type="application/json")
        assert ok.status_code == 200
        assert ok.json()["year"]["status"] == "official"
        assert ok.json()["year"]["workdays"] == ["2027-01-31", "2027-02-20"]


def test_the_command_loads_a_year_from_the_package_or_a_file(world, tmp_path):
    from django.core.management import CommandError, call_command

    call_command("calendar", "load", "2026", "--from-package")
    row = CalendarYear.objects.get(year=2026)
    assert (row.source, row.workdays) == (
        "package",
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    )
    assert D(2026, 10, 7).isoformat() in row.holidays
    with pytest.raises(CommandError, match="没有 2027 年的数据"):
        call_command("calendar", "load", "2027", "--from-package")
    clock = _start(world, kind="appeal.reply", start=D(2027, 1, 8))
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps({"holidays": OFFICIAL_2027.split("、"), "workdays": WORKDAYS_2027.split("、")})
    )
    out = io.StringIO()
    call_command("calendar", "load", "2027", "--file", str(path), stdout=out)
    assert "1 项期限的到期日已调整" in out.getvalue() or "项期限的到期日已调整" in out.getvalue()
    with scopes_disabled():
        clock.refresh_from_db()
    assert (clock.due_date, CalendarYear.objects.get(year=2027).source) == (D(2027, 2, 15), "file")
    path.write_text(json.dumps({"holidays": ["2027-02-30"]}))
    with pytest.raises(CommandError, match="不是有效日期"):
        call_command("calendar", "load", "2027", "--file", str(path))


def test_the_provisional_due_date_shows_on_the_appeal_page_and_in_the_api(client, world):
    appeal = _appeal(world.a, (2026, 12, 1))
    client.force_login(world.a.users["town_staff"])
    with at(2026, 12, 2):
        html = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
        assert 'data-testid="clock-provisional"' in html and "2027-01-04" in html
        deadline = client.get(f"/api/v1/receptions/appeals/{appeal.pk}").json()["deadline"]
        assert (deadline["due_date"], deadline["provisional"], deadline["status"]) == (
            "2027-01-04",
            True,
            "on_time",
        )
        # Once 2027 is official the flag goes.
        with scopes_disabled():
            calendar_year_set(
                year=2027,
                holidays=calendar_dates_parse(OFFICIAL_2027),
                workdays=[],
                actor=world.district_x_staff,
            )
        html = client.get(f"/receptions/appeals/{appeal.pk}/").content.decode()
        assert 'data-testid="clock-provisional"' not in html
        assert (
            client.get(f"/api/v1/receptions/appeals/{appeal.pk}").json()["deadline"]["provisional"] is False
        )


def test_the_provisional_due_date_shows_on_the_suggestion_page_and_in_the_api(client, world):
    from suggestions.helpers import drive, make_suggestion

    with at(2026, 10, 1):  # assigned on 2026-10-01: reply due 2027-01-04, provisional
        s = drive(world.a, make_suggestion(world.a), "assigned")
    with at(2026, 12, 2):
        client.force_login(world.a.users["town_staff"])
        html = client.get(f"/suggestions/{s.pk}/").content.decode()
        assert 'data-testid="clock-provisional"' in html and "2027-01-04" in html
        deadline = client.get(f"/api/v1/suggestions/{s.pk}").json()["deadline"]
        assert (deadline["kind"], deadline["due_date"], deadline["provisional"]) == (
            "suggestion.reply",
            "2027-01-04",
            True,
        )


@pytest.mark.parametrize(
    ("today", "warned"),
    [(D(2026, 10, 31), False), (D(2026, 11, 1), True), (D(2026, 12, 31), True), (D(2027, 1, 2), False)],
)
def test_from_november_district_staff_are_warned_while_next_years_schedule_is_missing(
    client, world, today, warned
):
    with at(today.year, today.month, today.day):
        client.force_login(world.district_x_staff)  # the session starts on the travelled day
        html = client.get("/registry/district/").content.decode()
        assert ('data-testid="calendar-warning"' in html) is warned
        if warned:
            assert "2027 年法定节假日安排尚未录入" in html
            with scopes_disabled():
                calendar_year_set(
                    year=2027, holidays=[D(2027, 1, 1)], workdays=[], actor=world.district_x_staff
                )
            assert 'data-testid="calendar-warning"' not in client.get("/registry/district/").content.decode()
