"""Every step of receptions through the API, with the same services and rules as the pages: staff record an
appeal (walk-in or phone call), read its history and its reply clock; reception days are arranged, edited,
published, cancelled and held; the deputies on duty record appeals of their day."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.core.notifications.models import Notification
from renda.receptions.models import Appeal, ReceptionDay

JSON = "application/json"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _appeal_body(tw, **extra) -> dict:
    return {
        "content": "村东路灯坏了三盏，夜里出行不便。",
        "category": "roads",
        "village_id": tw.objects["registry.village"].pk,
        "citizen_name": "赵六",
        "citizen_phone": "13700001234",
        **extra,
    }


def test_staff_record_appeals_and_read_history_and_clock(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    with at(2026, 3, 2):
        phone = client.post("/api/v1/receptions/appeals", _appeal_body(tw), content_type=JSON)
        walk_in = client.post(
            "/api/v1/receptions/appeals",
            _appeal_body(tw, liaison_post_id=tw.objects["registry.liaisonpost"].pk),
            content_type=JSON,
        )
    assert (phone.status_code, walk_in.status_code) == (201, 201), phone.content
    body = phone.json()
    with scopes_disabled():  # test inspection
        appeal = Appeal.objects.get(pk=body["id"])
        post_appeal = Appeal.objects.get(pk=walk_in.json()["id"])
    assert (appeal.town, appeal.received_on, appeal.due_date, appeal.citizen_name) == (
        tw.town,
        dt.date(2026, 3, 2),
        dt.date(2026, 4, 2),
        "赵六",
    )
    assert (body["source"], walk_in.json()["source"]) == ("online", "liaison_post")
    assert post_appeal.liaison_post == tw.objects["registry.liaisonpost"]
    assert (body["citizen_name"], body["citizen_phone"]) == ("赵*", "137****1234")

    history = client.get(f"/api/v1/receptions/appeals/{appeal.pk}/history").json()
    assert [h["code"] for h in history] == list(reversed(activity_codes(appeal)))
    assert [h["code"] for h in history] == ["appeal.submitted", "clock.started"]
    assert history[0]["actor"] == str(tw.users["town_staff"])

    clocks = client.get(f"/api/v1/receptions/appeals/{appeal.pk}/clocks").json()
    assert clocks["due_date"] == "2026-04-02"
    [clock] = clocks["clocks"]
    assert {k: clock[k] for k in ("kind", "rule", "start_date", "due_date", "provisional", "warning")} == {
        "kind": "appeal.reply",
        "rule": "appeal.reply",
        "start_date": "2026-03-02",
        "due_date": "2026-04-02",
        "provisional": False,
        "warning": "",
    }
    assert clock["explanation"] == "登记日 2026-03-02 起 1 个月 → 2026-04-02"


def test_a_clock_in_a_year_without_holiday_data_is_provisional(client, world):
    tw = world.a
    with at(2027, 3, 1):
        client.force_login(tw.users["town_staff"])
        made = client.post("/api/v1/receptions/appeals", _appeal_body(tw), content_type=JSON)
        assert made.status_code == 201, made.content
        clocks = client.get(f"/api/v1/receptions/appeals/{made.json()['id']}/clocks").json()
    [clock] = clocks["clocks"]
    assert (clock["due_date"], clock["provisional"], clock["status"]) == ("2027-04-01", True, "on_time")
    assert (
        clock["warning"]
        == "2027 年的法定节假日安排尚未公布，到期日按推算的法定假日和周末暂定；录入正式安排后自动重算。"
    )


def test_reception_day_arranged_edited_published_and_held(client, world, django_capture_on_commit_callbacks):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    group = tw.objects["receptions.receptiongroup"]
    client.force_login(staff)
    with at(2026, 3, 2):
        created = client.post(
            "/api/v1/receptions/days", {"date": "2026-03-11", "group_id": group.pk}, content_type=JSON
        )
        assert created.status_code == 201, created.content
        day = created.json()
        assert (day["state"], day["leader_name"], day["deputies"], day["start_time"], day["version"]) == (
            "draft",
            "王书记",
            [tw.objects["registry.person"].name],
            "09:00:00",
            0,
        )
        pk = day["id"]
        edited = client.patch(
            f"/api/v1/receptions/days/{pk}",
            {"place": "镇代表之家二楼", "end_time": "11:00", "version": 0},
            content_type=JSON,
        )
        assert (edited.status_code, edited.json()["place"], edited.json()["version"]) == (
            200,
            "镇代表之家二楼",
            1,
        )
        stale = client.patch(
            f"/api/v1/receptions/days/{pk}", {"place": "别处", "version": 0}, content_type=JSON
        )
        assert (stale.status_code, stale.json()["detail"]) == (409, "该记录已被他人修改，请刷新后重试")
        bad = client.patch(f"/api/v1/receptions/days/{pk}", {"end_time": "08:00"}, content_type=JSON)
        assert (bad.status_code, bad.json()["detail"]) == (422, ["结束时间须晚于开始时间"])
        with django_capture_on_commit_callbacks(execute=True):
            published = client.post(
                f"/api/v1/receptions/days/{pk}/publish", {"version": 1}, content_type=JSON
            )
        assert (published.status_code, published.json()["state"]) == (200, "published")
    with scopes_disabled():  # test inspection
        assert Notification.objects.filter(user=deputy, link=f"/receptions/days/{pk}/").count() == 1

    # On the day a deputy on the rota records an appeal and the attendance.
    client.force_login(deputy)
    with at(2026, 3, 11, 10):
        appeal = client.post(
            f"/api/v1/receptions/days/{pk}/appeals",
            {k: v for k, v in _appeal_body(tw).items() if k != "village_id"},
            content_type=JSON,
        )
        assert (appeal.status_code, appeal.json()["source"]) == (201, "reception")
        held = client.post(
            f"/api/v1/receptions/days/{pk}/record",
            {
                "attended_ids": [tw.objects["registry.person"].pk],
                "visitors": 7,
                "summary": "群众反映路灯问题",
            },
            content_type=JSON,
        )
    assert (held.status_code, held.json()["state"]) == (200, "held")
    with scopes_disabled():  # test inspection
        row = ReceptionDay.objects.get(pk=pk)
        assert (row.visitors, list(row.attended.all())) == (7, [tw.objects["registry.person"]])
        assert Appeal.objects.get(pk=appeal.json()["id"]).village == group.village
    codes = ["receptionday.created", "receptionday.updated", "receptionday.published", "receptionday.held"]
    assert activity_codes(row) == codes
    history = client.get(f"/api/v1/receptions/days/{pk}/history").json()
    assert [h["code"] for h in history] == list(reversed(codes))


def test_publish_too_late_and_cancel(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    with at(2026, 3, 9):
        pk = client.post(
            "/api/v1/receptions/days",
            {"date": "2026-03-11", "group_id": tw.objects["receptions.receptiongroup"].pk},
            content_type=JSON,
        ).json()["id"]
        late = client.post(f"/api/v1/receptions/days/{pk}/publish", {}, content_type=JSON)
        assert (late.status_code, late.json()["detail"]) == (
            422,
            ["公示须至少提前 3 天：2026-03-11 的接待日最晚应在 2026-03-08 公示"],
        )
        no_reason = client.post(f"/api/v1/receptions/days/{pk}/cancel", {"reason": " "}, content_type=JSON)
        assert no_reason.status_code == 422
        cancelled = client.post(f"/api/v1/receptions/days/{pk}/cancel", {"reason": "台风"}, content_type=JSON)
        assert (cancelled.status_code, cancelled.json()["state"]) == (200, "cancelled")
        again = client.patch(f"/api/v1/receptions/days/{pk}", {"place": "x"}, content_type=JSON)
        assert (again.status_code, again.json()["detail"]) == (409, "已接待或已取消的接待日不能修改")


def test_wrong_role_is_refused_and_another_town_is_not_found(client, world):
    a, b = world.a, world.b
    with scopes_disabled():  # test inspection
        before = (Appeal.objects.count(), ReceptionDay.objects.count())
    for role in ("unit_clerk", "petitions", "discipline"):
        client.force_login(a.users[role])
        made = client.post(
            "/api/v1/receptions/appeals", _appeal_body(a, town_id=a.town.pk), content_type=JSON
        )
        assert (made.status_code, made.json()["detail"]) == (403, "无权进行此操作")
        day = client.post(
            "/api/v1/receptions/days", {"town_id": a.town.pk, "date": "2099-02-01"}, content_type=JSON
        )
        assert day.status_code == 403
    client.force_login(a.users["deputy"])
    own_day = a.objects["receptions.receptionday"]
    assert client.patch(f"/api/v1/receptions/days/{own_day.pk}", {}, content_type=JSON).status_code == 403
    client.force_login(a.users["town_staff"])
    theirs = b.objects["receptions.appeal"]
    assert client.get(f"/api/v1/receptions/appeals/{theirs.pk}/clocks").status_code == 404
    assert client.get(f"/api/v1/receptions/appeals/{theirs.pk}/history").status_code == 404
    day_b = b.objects["receptions.receptionday"]
    assert (
        client.patch(f"/api/v1/receptions/days/{day_b.pk}", {"place": "x"}, content_type=JSON).status_code
        == 404
    )
    # Another town's village in my appeal is an unknown village, nothing saved.
    foreign = client.post(
        "/api/v1/receptions/appeals",
        _appeal_body(a, village_id=b.objects["registry.village"].pk),
        content_type=JSON,
    )
    assert (foreign.status_code, foreign.json()["detail"]) == (422, ["村（社区）不存在"])
    elsewhere = client.post(
        "/api/v1/receptions/appeals", _appeal_body(a, town_id=b.town.pk), content_type=JSON
    )
    assert (elsewhere.status_code, elsewhere.json()["detail"]) == (422, ["镇（街道）不存在"])
    with scopes_disabled():  # test inspection
        assert (Appeal.objects.count(), ReceptionDay.objects.count()) == before
