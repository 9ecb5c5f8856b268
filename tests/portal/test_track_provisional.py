"""The portal's tracking page shows the 暂定 notice the staff pages show when the reply due date rests on a
year whose holiday calendar is computed, not published; entering the official schedule removes it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_scopes import scopes_disabled

from renda.core.deadlines.services import calendar_dates_parse, calendar_year_set
from renda.receptions import services as receptions

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(shared_world, db):
    return shared_world


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def _appeal(tw, on, phone):
    with at(*on), scopes_disabled():  # test set-up
        return receptions.appeal_submit(
            town=tw.town,
            data={"content": "路灯不亮", "category": "other", "citizen_name": "钱七", "citizen_phone": phone},
            actor=tw.users["town_staff"],
        )


def _tracked(client, appeal, last4) -> str:
    page = client.post("/p/track/", {"code": appeal.tracking_code, "last4": last4})
    assert page.context["appeal"].pk == appeal.pk
    return page.content.decode().split('data-testid="track-result"')[1]


def test_the_tracking_page_marks_a_provisional_due_date(client, world):
    provisional = _appeal(world.a, (2026, 12, 1), "13600001111")  # due 2027-01-04, 2027 not published
    settled = _appeal(world.a, (2026, 3, 2), "13600002222")  # due 2026-04-02, the package knows 2026
    with at(2026, 12, 2):
        shown = _tracked(client, provisional, "1111")
        assert "2027-01-04" in shown
        assert 'data-testid="clock-provisional"' in shown and "暂定" in shown
        assert 'data-testid="clock-provisional-note"' in shown
        assert 'data-testid="clock-provisional"' not in _tracked(client, settled, "2222")
        with scopes_disabled():  # the district enters 2027's official schedule
            calendar_year_set(
                year=2027,
                holidays=calendar_dates_parse("2027-01-01~2027-01-03、2027-02-05~2027-02-13"),
                workdays=[],
                actor=world.district_x_staff,
            )
        assert 'data-testid="clock-provisional"' not in _tracked(client, provisional, "1111")
