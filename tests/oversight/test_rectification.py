"""Rectification items (整改事项) through every state by the API, with the right actor at each step, the dates
checked against the working-day calendar, the deadline engine's reminders and escalation; the rules and stale
versions."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from helpers import activity_codes
from renda.core.deadlines.models import Clock
from renda.core.deadlines.sweep import deadlines_sweep
from renda.core.errors import Conflict
from renda.core.notifications.models import Notification
from renda.oversight import services
from renda.oversight.enums import ActivityKind
from renda.oversight.models import Activity, RectificationItem
from suggestions.helpers import on, pdf, second_unit

API = "/api/v1/oversight/items"


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def clocks(pk, kind):
    with scopes_disabled():  # reading the engine's rows in a test
        return list(
            Clock.unscoped.filter(kind=kind, object_id=str(pk), content_type__model="rectificationitem")
        )


def running(pk, kind):
    return [c for c in clocks(pk, kind) if c.stopped_at is None]


def notified(user, template):
    with scopes_disabled():  # test reads
        return list(Notification.objects.filter(user=user, template=template))


def test_item_through_every_state_by_api(client, world, django_capture_on_commit_callbacks):
    tw = world.a
    staff, presidium, clerk = tw.users["town_staff"], tw.users["presidium"], tw.users["unit_clerk"]
    deputy = tw.users["deputy"]
    unit = tw.objects["registry.handlingunit"]
    _unit2, clerk2 = second_unit(tw)
    other_clerk = world.b.users["unit_clerk"]

    # Monday 2 March 2026: town staff assign it; two months → Saturday 2 May, in the Labour Day holiday
    # (1–5 May), so the deadline rolls to Wednesday 6 May.
    with on(dt.date(2026, 3, 2)):
        payload = {"town_id": tw.town.pk, "title": "出租房消防通道整改", "unit_id": unit.pk}
        assert post(client, clerk, API, payload).status_code == 403
        with django_capture_on_commit_callbacks(execute=True):
            r = post(client, staff, API, payload | {"description": "二村出租房消防通道堵塞"})
        assert r.status_code == 201, r.content
        item = r.json()
        pk = item["id"]
        assert (item["state"], item["due_date"], item["overdue"]) == ("assigned", "2026-05-06", False)
        assert item["actions"] == ["complete", "progress"]  # staff may report on the unit's behalf
    assert [w.params["kind"] for w in notified(clerk, "rectification_event")] == ["交办整改事项"]
    assert len(running(pk, "rectification.report")) == 1

    # Who sees it: the unit's clerk, the town's staff and presidium, the district's staff; not another unit, town,
    # or district, nor a deputy.
    assert get(client, clerk, f"{API}/{pk}").json()["actions"] == ["complete", "progress"]
    assert get(client, presidium, f"{API}/{pk}").status_code == 200
    assert get(client, world.district_x_staff, f"{API}/{pk}").status_code == 200
    for outsider in (clerk2, other_clerk, deputy, world.district_y_staff, world.b.users["town_staff"]):
        assert get(client, outsider, f"{API}/{pk}").status_code == 404, outsider

    # A week before the deadline (29 April) the sweep reminds the unit.
    deadlines_sweep(today=dt.date(2026, 4, 29))
    assert len(notified(clerk, "reminder")) == 1
    assert notified(staff, "reminder") == []

    # Progress with evidence (multipart); another unit cannot answer it; nothing is verified yet.
    with on(dt.date(2026, 4, 30)):
        client.force_login(clerk)
        r = client.post(
            f"{API}/{pk}/reports", {"kind": "progress", "text": "已清理通道", "file": pdf("照片.pdf")}
        )
        assert r.status_code == 201, r.content
        assert r.json()["state"] == "assigned"
        assert r.json()["reports"][0]["file_name"] == "照片.pdf"
        client.force_login(clerk2)
        assert client.post(f"{API}/{pk}/reports", {"kind": "progress", "text": "x"}).status_code == 404
        assert post(client, presidium, f"{API}/{pk}/accept").status_code == 409  # no completion report
        client.force_login(clerk)
        bad = client.post(f"{API}/{pk}/reports", {"kind": "progress", "text": "x", "file": pdf("x.docx")})
        assert bad.status_code in (400, 422), bad.content

    # The day after the deadline the sweep escalates to town staff and the presidium (and the unit again).
    deadlines_sweep(today=dt.date(2026, 5, 7))
    for user in (clerk, staff, presidium):
        assert len(notified(user, "overdue")) == 1, user
    assert get(client, staff, f"{API}/{pk}").json()["overdue"] is True
    with on(dt.date(2026, 5, 7)):
        overdue = get(client, staff, f"{API}?overdue=true").json()
    assert pk in [i["id"] for i in overdue["items"]]

    # Completion (late): the deadline stops; staff and presidium are told.
    with on(dt.date(2026, 5, 8)):
        client.force_login(clerk)
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(f"{API}/{pk}/reports", {"kind": "completion", "text": "通道已畅通，设集中充电点"})
        assert r.json()["state"] == "reported"
        assert r.json()["overdue"] is False
    assert running(pk, "rectification.report") == []
    assert clocks(pk, "rectification.report")[0].stopped_at is not None
    assert notified(presidium, "rectification_event")[-1].params["kind"] == "报送整改完成报告"

    # Verification: the unit cannot verify; a stale version is refused; a rejection needs a reason; it goes back
    # to the unit with the new deadline given (Tuesday 30 June).
    with on(dt.date(2026, 5, 11)):
        version = get(client, presidium, f"{API}/{pk}").json()["version"]
        assert post(client, clerk, f"{API}/{pk}/accept", {"version": version}).status_code == 403
        assert post(client, presidium, f"{API}/{pk}/accept", {"version": version - 1}).status_code == 409
        assert (
            post(client, presidium, f"{API}/{pk}/reject", {"reason": " ", "version": version}).status_code
            == 422
        )
        r = post(
            client,
            presidium,
            f"{API}/{pk}/reject",
            {"reason": "充电点未接入消防报警", "due_date": "2026-06-30", "version": version},
        )
        assert r.status_code == 200, r.content
        data = r.json()
        assert (data["state"], data["rejections"], data["due_date"]) == ("assigned", 1, "2026-06-30")
        assert data["last_reason"] == "充电点未接入消防报警"
        # The other verifier, who read the same version, is told to reload: exactly one wins.
        assert post(client, staff, f"{API}/{pk}/accept", {"version": version}).status_code == 409
    [new_clock] = running(pk, "rectification.report")
    assert new_clock.due_date == dt.date(2026, 6, 30)

    # Completion again; accepted (销号) Monday 22 June: the re-check falls six months later, Tuesday 22 December.
    with on(dt.date(2026, 6, 19)):
        client.force_login(clerk)
        assert client.post(f"{API}/{pk}/reports", {"kind": "completion", "text": "已接入"}).json()[
            "state"
        ] == ("reported")
    with on(dt.date(2026, 6, 22)):
        r = post(client, staff, f"{API}/{pk}/accept")
        data = r.json()
        assert (data["state"], data["closed_on"], data["recheck_date"]) == (
            "closed",
            "2026-06-22",
            "2026-12-22",
        )
        assert post(client, staff, f"{API}/{pk}/accept").status_code == 409
    assert len(running(pk, "rectification.recheck")) == 1

    # 回头看: the unit cannot; reopening needs a reason; reopened with a new deadline.
    with on(dt.date(2026, 12, 22)):
        assert (
            post(client, clerk, f"{API}/{pk}/recheck", {"confirmed": False, "reason": "x"}).status_code == 403
        )
        assert post(client, presidium, f"{API}/{pk}/recheck", {"confirmed": False}).status_code == 422
        r = post(
            client,
            presidium,
            f"{API}/{pk}/recheck",
            {"confirmed": False, "reason": "通道再次被占用", "due_date": "2026-12-31"},
        )
        data = r.json()
        assert (data["state"], data["reopenings"], data["due_date"]) == ("reopened", 1, "2026-12-31")
    assert running(pk, "rectification.recheck") == []
    assert [c.due_date for c in running(pk, "rectification.report")] == [dt.date(2026, 12, 31)]

    # Put right again, accepted, and the second re-check confirms it.
    with on(dt.date(2026, 12, 29)):
        client.force_login(clerk)
        assert client.post(f"{API}/{pk}/reports", {"kind": "completion", "text": "已清理"}).status_code == 201
    with on(dt.date(2026, 12, 30)):
        data = post(client, staff, f"{API}/{pk}/accept").json()
        assert (data["state"], data["recheck_date"]) == ("closed", "2027-06-30")
    with on(dt.date(2027, 6, 30)):
        data = post(client, presidium, f"{API}/{pk}/recheck", {"confirmed": True}).json()
        assert data["state"] == "confirmed"
        assert data["actions"] == []
    assert running(pk, "rectification.recheck") == []

    with scopes_disabled():  # test reads
        obj = RectificationItem.objects.get(pk=pk)
    codes = [c for c in activity_codes(obj) if c.startswith("rectification.")]
    assert codes == [
        "rectification.created",
        "rectification.progress",
        "rectification.reported",
        "rectification.rejected",
        "rectification.reported",
        "rectification.closed",
        "rectification.reopened",
        "rectification.reported",
        "rectification.closed",
        "rectification.confirmed",
    ]
    history = get(client, staff, f"{API}/{pk}/history").json()
    assert [h["code"] for h in history if h["code"].startswith("rectification.")] == codes[
        ::-1
    ]  # newest first
    assert get(client, world.b.users["town_staff"], f"{API}/{pk}/history").status_code == 404


def test_months_by_source_activity_kind(world, settings):
    tw = world.a
    settings.RENDA = settings.RENDA | {"RECTIFICATION_MONTHS_BY_KIND": {"inspection": 3}}
    assert services.rectification_months(SimpleNamespace(kind="inspection")) == 3
    assert services.rectification_months(SimpleNamespace(kind="research")) is None
    assert services.rectification_months(None) is None
    with scopes_disabled():  # test set-up: an activity row, as the activities module will make it
        activity = Activity.objects.create(
            town=tw.town,
            kind=ActivityKind.INSPECTION,
            topic="消防安全视察",
            start_date=dt.date(2026, 3, 2),
            end_date=dt.date(2026, 3, 2),
            place="二村",
            organiser="镇人大主席团",
            notice_days=7,
        )
        with on(dt.date(2026, 3, 2)):
            item = services.rectification_item_create(
                town=tw.town,
                title="消防栓损坏",
                unit=tw.objects["registry.handlingunit"],
                activity=activity,
                actor=tw.users["town_staff"],
            )
            plain = services.rectification_item_create(
                town=tw.town,
                title="路灯损坏",
                unit=tw.objects["registry.handlingunit"],
                actor=tw.users["town_staff"],
            )
    assert item.due_date == dt.date(2026, 6, 2)  # three months, a Tuesday
    assert plain.due_date == dt.date(2026, 5, 6)  # the default two months, rolled past the holiday


def test_rules_refuse_wrong_roles_and_other_towns(world):
    a, b = world.a, world.b
    with scopes_disabled():  # services called directly, as a command would
        with pytest.raises(PermissionDenied):
            services.rectification_item_create(
                town=a.town, title="x", unit=a.objects["registry.handlingunit"], actor=a.users["unit_clerk"]
            )
        with pytest.raises(PermissionDenied):  # staff of B cannot assign in A
            services.rectification_item_create(
                town=a.town, title="x", unit=a.objects["registry.handlingunit"], actor=b.users["town_staff"]
            )
        with pytest.raises(ValidationError):  # a unit of another town
            services.rectification_item_create(
                town=a.town, title="x", unit=b.objects["registry.handlingunit"], actor=a.users["town_staff"]
            )
        item = a.objects["oversight.rectificationitem"]
        with pytest.raises(PermissionDenied):  # another town's unit
            services.rectification_report_add(
                item=item, kind="completion", text="x", actor=b.users["unit_clerk"]
            )
        with pytest.raises(PermissionDenied):  # a deputy
            services.rectification_report_add(item=item, kind="completion", text="x", actor=a.users["deputy"])
        with pytest.raises(PermissionDenied):  # B's presidium cannot verify A's item
            services.rectification_item_reject(item=item, reason="x", actor=b.users["presidium"])
        with pytest.raises(Conflict):  # no completion report yet
            services.rectification_item_accept(item=item, actor=a.users["presidium"])
        with pytest.raises(Conflict) as stale:
            services.rectification_report_add(
                item=item, kind="progress", text="x", actor=a.users["unit_clerk"], version=item.version + 5
            )
        assert stale.value.stale
        item.refresh_from_db()
        assert item.state == "assigned"


def test_figures_per_town(client, world):
    a, b = world.a, world.b
    staff, clerk = a.users["town_staff"], a.users["unit_clerk"]
    unit = a.objects["registry.handlingunit"]
    with scopes_disabled(), on(dt.date(2026, 3, 2)):  # test set-up: services called directly
        services.rectification_item_create(town=a.town, title="逾期未改", unit=unit, actor=staff)
        done = services.rectification_item_create(town=a.town, title="已改", unit=unit, actor=staff)
        services.rectification_report_add(item=done, kind="completion", text="已整改", actor=clerk)
        services.rectification_item_accept(item=done, actor=staff)
        services.rectification_item_recheck(item=done, confirmed=False, reason="反弹", actor=staff)
        services.rectification_report_add(item=done, kind="completion", text="再次整改", actor=clerk)
        services.rectification_item_accept(item=done, actor=staff)
    with on(dt.date(2026, 5, 7)):
        rows = get(client, world.district_x_staff, f"{API}/figures").json()
        mine = get(client, staff, f"{API}/figures").json()
    # Town A: the world's item and the late one open (the late one overdue), one closed that was reopened once.
    by_town = {r.pop("town"): r for r in rows}
    assert by_town == {
        a.town.pk: {
            "town_name": a.town.name,
            "open": 2,
            "overdue": 1,
            "closed": 1,
            "reopened": 1,
            "total": 3,
        },
        b.town.pk: {
            "town_name": b.town.name,
            "open": 1,
            "overdue": 0,
            "closed": 0,
            "reopened": 0,
            "total": 1,
        },
    }
    assert [r["town"] for r in mine] == [a.town.pk]
