"""Fixed reception days on a weekend or public holiday: moved to the next working day of the deadlines'
calendar ("move", the default), or kept ("keep"), per town; the setting's change is in its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from renda.core.models import ActivityLog
from renda.receptions import services
from tests.helpers import at


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _save(tw, rule: str):
    with scopes_disabled():  # test set-up
        return services.reception_setting_save(
            town=tw.town,
            data={
                "days_of_month": "1,15",
                "start_time": dt.time(9),
                "end_time": dt.time(11),
                "notice_days": 3,
                "on_rest_day": rule,
            },
            actor=tw.users["town_staff"],
        )


def _planned(tw) -> list[tuple[dt.date, dt.date | None]]:
    with scopes_disabled():  # test read
        rows = services.reception_schedule_propose(town=tw.town, start=dt.date(2026, 8, 1), months=3)
    return [(r["date"], r["moved_from"]) for r in rows]


def test_days_on_a_saturday_or_national_day_move_to_the_next_working_day(world):
    tw = world.a
    with at(2026, 7, 20):
        _save(tw, "move")
        planned = _planned(tw)
        with scopes_disabled():  # test set-up
            created = services.reception_days_create_from_proposal(
                town=tw.town, start=dt.date(2026, 8, 1), months=3, actor=tw.users["town_staff"]
            )
    assert planned == [
        (dt.date(2026, 8, 3), dt.date(2026, 8, 1)),  # Saturday → Monday
        (dt.date(2026, 8, 17), dt.date(2026, 8, 15)),  # Saturday → Monday
        (dt.date(2026, 9, 1), None),
        (dt.date(2026, 9, 15), None),
        (dt.date(2026, 10, 8), dt.date(2026, 10, 1)),  # 国庆 1–7 October → the 8th
        (dt.date(2026, 10, 15), None),
    ]
    assert [d.date for d in created] == [p[0] for p in planned]


def test_days_stay_where_planned_with_keep_and_the_change_is_in_the_history(world):
    tw, other = world.a, world.b
    with at(2026, 7, 20):
        _save(tw, "move")
        setting = _save(tw, "keep")
        _save(other, "move")
        kept, moved = _planned(tw), _planned(other)
    assert kept == [
        (dt.date(2026, 8, 1), None),
        (dt.date(2026, 8, 15), None),
        (dt.date(2026, 9, 1), None),
        (dt.date(2026, 9, 15), None),
        (dt.date(2026, 10, 1), None),
        (dt.date(2026, 10, 15), None),
    ]
    assert moved[0] == (dt.date(2026, 8, 3), dt.date(2026, 8, 1))  # the other town's own setting
    with scopes_disabled():  # test read
        history = list(
            ActivityLog.unscoped.filter(code="receptionsetting.updated", object_id=str(setting.pk))
            .order_by("id")
            .values_list("data__on_rest_day", flat=True)
        )
    assert history == ["move", "keep"]


def test_the_setting_page_offers_the_rule(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    page = client.get("/receptions/settings/").content.decode()
    assert 'name="on_rest_day"' in page and "顺延至下一个工作日" in page
    response = client.post(
        "/receptions/settings/",
        {"days_of_month": "1,15", "start_time": "09:00", "end_time": "11:00", "notice_days": "3",
         "on_rest_day": "keep"},
    )  # fmt: skip
    assert response.status_code == 302
    with scopes_disabled():  # test read
        assert services.reception_setting_for(town=tw.town).on_rest_day == "keep"
