"""An appeal from a QR submission to reply and satisfaction, by the portal and the API, with the
reminders before the deadline and the escalation after it (time-machine)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_scopes import scopes_disabled

from portal.helpers import appeal_post
from renda.core.deadlines.sweep import deadlines_sweep
from renda.core.models import ActivityLog
from renda.core.notifications.models import Notification
from renda.receptions import services
from renda.receptions.models import Appeal

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=TZ), tick=False)


def _published_day(tw, date):
    staff = tw.users["town_staff"]
    with scopes_disabled():  # test set-up
        day = services.reception_day_create(
            town=tw.town, data={"date": date, "group": tw.objects["receptions.receptiongroup"]}, actor=staff
        )
        return services.reception_day_publish(day=day, actor=staff)


def _code(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.client.get(response["Location"]).context["code"]


@pytest.mark.django_db
def test_appeal_from_qr_to_reply_and_satisfaction(client, world):
    a = world.a
    staff, clerk = a.users["town_staff"], a.users["unit_clerk"]
    petitions, discipline = a.users["petitions"], a.users["discipline"]
    with at(2027, 1, 5):
        day = _published_day(a, dt.date(2027, 1, 11))
    qr_url = f"/p/appeal/?place={day.token}"

    # The voter scans the QR code on the reception day and submits; a second voter too.
    with at(2027, 1, 11):
        code1 = _code(appeal_post(client, qr_url, phone="13912341111", content="村口桥面破损"))
        code2 = _code(
            appeal_post(client, qr_url, phone="13912342222", content="河道垃圾无人清理", ip="10.0.0.2")
        )
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}", code1) and code1 != code2
    with scopes_disabled():  # test reads
        first, second = Appeal.objects.get(tracking_code=code1), Appeal.objects.get(tracking_code=code2)
    assert (first.source, first.reception_day_id, first.state) == ("online", day.pk, "submitted")
    assert first.due_date == dt.date(2027, 2, 11)

    # Town staff assign both to the unit clerk by the API.
    with at(2027, 1, 12):
        client.force_login(staff)
        for appeal in (first, second):
            r = client.post(
                f"/api/v1/receptions/appeals/{appeal.pk}/assign",
                {"handler_id": clerk.pk, "version": appeal.version},
                content_type="application/json",
            )
            assert r.status_code == 200, r.content
            assert r.json()["state"] == "assigned"
            assert r.json()["citizen_phone"] == "139****" + appeal.citizen_phone[-4:]

    # Seven days before the deadline: the responsible person and the petitions office are reminded.
    with at(2027, 2, 4):
        deadlines_sweep()
        client.force_login(petitions)
        due_page = client.get("/receptions/appeals/due/")
    with scopes_disabled():  # test reads
        reminded = set(
            Notification.unscoped.filter(
                template="reminder", params__item__in=[str(first), str(second)]
            ).values_list("user_id", "params__item")
        )
    assert reminded == {(u.pk, str(x)) for u in (clerk, petitions) for x in (first, second)}
    assert {row[0].tracking_code for row in due_page.context["rows"]} == {code1, code2}

    # The clerk replies to the first by the API; the second is left unanswered.
    with at(2027, 2, 5):
        client.force_login(clerk)
        r = client.post(
            f"/api/v1/receptions/appeals/{first.pk}/reply",
            {
                "method": "visit",
                "replied_on": "2027-02-05",
                "replied_by": "派出所李警官",
                "text": "已联系交通部门，本月内修复。",
            },
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
        assert (r.json()["state"], r.json()["replied_on_time"]) == ("replied", True)

    # The day after the deadline: the unanswered one is escalated to discipline inspection.
    with at(2027, 2, 12):
        deadlines_sweep()
        client.force_login(discipline)
        overdue = client.get("/receptions/appeals/overdue/")
    with scopes_disabled():  # test reads
        escalated = set(
            Notification.unscoped.filter(
                template="escalation", params__item__in=[str(first), str(second)]
            ).values_list("user_id", "params__item")
        )
        assert ActivityLog.unscoped.filter(code="clock.escalated", object_id=str(second.pk)).count() == 1
    assert escalated == {(discipline.pk, str(second)), (petitions.pk, str(second))}
    listed = [row[0].tracking_code for row in overdue.context["rows"]]
    assert [c for c in listed if c in (code1, code2)] == [code2]

    # The voter tracks the reply on the portal and says they are satisfied.
    client.logout()
    with at(2027, 2, 13):
        page = client.post("/p/track/", {"code": code1.lower(), "last4": "1111"})
        assert page.context["appeal"].pk == first.pk
        assert "已联系交通部门" in page.content.decode()
        r = client.post("/p/track/feedback/", {"code": code1, "last4": "1111", "satisfaction": "satisfied"})
        assert r.status_code == 200
    with scopes_disabled():  # test reads
        first.refresh_from_db()
    assert (first.state, first.satisfaction, first.satisfaction_via) == ("closed", "satisfied", "portal")


@pytest.mark.django_db
def test_unsatisfied_voter_gets_one_second_look(client, world):
    a = world.a
    staff, clerk = a.users["town_staff"], a.users["unit_clerk"]
    with at(2027, 3, 1):
        with scopes_disabled():  # test set-up: the world's appeal, dated before this test's day
            Appeal.objects.filter(pk=a.objects["receptions.appeal"].pk).update(
                received_on=dt.date(2027, 2, 26)
            )
            appeal = Appeal.objects.get(pk=a.objects["receptions.appeal"].pk)
            services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
            services.appeal_reply(
                appeal=appeal,
                method="phone",
                replied_on=dt.date(2027, 3, 1),
                replied_by="张",
                text="已处理",
                actor=clerk,
            )
        r = client.post(
            "/p/track/feedback/",
            {
                "code": appeal.tracking_code,
                "last4": "5678",
                "satisfaction": "unsatisfied",
                "second_look": "on",
            },
        )
        assert r.status_code == 200
        with scopes_disabled():  # test reads
            appeal.refresh_from_db()
            assert (appeal.state, appeal.reviews, appeal.due_date) == ("reopened", 1, dt.date(2027, 4, 1))
            services.appeal_reply(
                appeal=appeal,
                method="visit",
                replied_on=dt.date(2027, 3, 1),
                replied_by="张",
                text="再次处理",
                actor=clerk,
            )
        page = client.post("/p/track/", {"code": appeal.tracking_code, "last4": "5678"})
        assert page.context["can_review"] is False
        client.post(
            "/p/track/feedback/",
            {
                "code": appeal.tracking_code,
                "last4": "5678",
                "satisfaction": "unsatisfied",
                "second_look": "on",
            },
        )
        with scopes_disabled():  # test reads
            appeal.refresh_from_db()
        # No second review: the refusal is shown and the appeal stays replied.
        assert (appeal.state, appeal.reviews) == ("replied", 1)
        with scopes_disabled():  # test set-up
            services.appeal_feedback_record(appeal=appeal, satisfaction="unsatisfied", actor=staff)
            appeal.refresh_from_db()
        assert (appeal.state, appeal.satisfaction_via) == ("closed", "phone")
