"""The plan and activity pages: plan vs done with a link in every cell, the activity list (town column and
filter for the district's staff, cards on phones, a fixed number of queries), an activity's page with the
deputy's reply buttons and history, the deputy's start page, the opinion's DOCX."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from helpers import at
from renda.oversight.enums import InvitationReply
from renda.oversight.models import Invitation
from renda.oversight.services import activities as acts


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _activities(tw, n: int) -> None:
    with scopes_disabled():  # test set-up
        for i in range(n):
            a = acts.activity_create(
                town=tw.town,
                data={"kind": "research", "topic": f"调研{i}", "start_date": dt.date(2098, 5, 1 + i),
                      "place": "镇政府", "organiser": "镇人大", "office": tw.objects["registry.handlingunit"],
                      "plan_item": tw.objects["oversight.planitem"]},
                actor=tw.users["town_staff"],
            )  # fmt: skip
            acts.activity_invite(
                activity=a, persons=[tw.objects["registry.person"]], actor=tw.users["town_staff"]
            )


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("who", ["town_staff", "district", "deputy"])
def test_activity_list_uses_a_fixed_number_of_queries(client, world, who):
    user = world.district_x_staff if who == "district" else world.a.users[who]
    client.force_login(user)
    client.get("/oversight/activities/")
    few = _queries(client, "/oversight/activities/")
    _activities(world.a, 3)
    _activities(world.b, 3)
    many = _queries(client, "/oversight/activities/")
    assert len(many) == len(few), many


@pytest.mark.parametrize("who", ["town_staff", "district"])
def test_plan_vs_done_page_uses_a_fixed_number_of_queries(client, world, who):
    from renda.oversight.services import plans

    user = world.district_x_staff if who == "district" else world.a.users[who]
    client.force_login(user)
    client.get("/oversight/plans/?year=2099")
    few = _queries(client, "/oversight/plans/?year=2099")
    with scopes_disabled():  # test set-up: more lines, and activities carrying them
        for tw in (world.a, world.b):
            plan = tw.objects["oversight.workplan"]
            plans.plan_amend(
                plan=plan, reason="增加", actor=tw.users["town_staff"],
                items=[{"id": tw.objects["oversight.planitem"].pk}, *[{"kind": "research", "topic": f"调研{i}", "month": 6}
                       for i in range(3)]],
            )  # fmt: skip
    _activities(world.a, 2)
    many = _queries(client, "/oversight/plans/?year=2099")
    assert len(many) == len(few), many


def test_district_staff_see_the_town_column_and_filter(client, world):
    client.force_login(world.district_x_staff)
    page = client.get("/oversight/activities/").content.decode()
    assert 'class="table table-cards' in page and 'data-testid="town-filter"' in page
    assert world.a.town.name in page and world.b.town.name in page and world.c.town.name not in page
    only_b = client.get("/oversight/activities/", {"town": world.b.town.pk}).content.decode()
    assert "盛泽镇" in only_b.split("<tbody>")[1] and "平望镇" not in only_b.split("<tbody>")[1]
    client.force_login(world.a.users["town_staff"])
    assert 'data-testid="town-filter"' not in client.get("/oversight/activities/").content.decode()


def test_plan_vs_done_page_links_every_cell(client, world):
    client.force_login(world.district_x_staff)
    page = client.get("/oversight/plans/", {"year": 2099}).content.decode()
    plan = world.a.objects["oversight.workplan"]
    for status in ("held", "late", "missed", "pending"):
        assert (
            f'href="/oversight/plans/{plan.pk}/?status={status}" data-testid="cell-{world.a.town.pk}-{status}"'
            in page
        )
    assert world.b.town.name in page and world.c.town.name not in page
    detail = client.get(f"/oversight/plans/{plan.pk}/", {"status": "pending"}).content.decode()
    assert "消防安全执法检查" in detail and "尚未到期" in detail
    assert (
        "消防安全执法检查"
        not in client.get(f"/oversight/plans/{plan.pk}/", {"status": "held"})
        .content.decode()
        .split('data-testid="plan-items"')[1]
        .split("</table>")[0]
    )


def test_deputy_answers_on_the_page_and_sees_the_waiting_entry(
    client, world, django_capture_on_commit_callbacks
):
    tw = world.b
    deputy, staff, person = tw.users["deputy"], tw.users["town_staff"], tw.objects["registry.person"]
    with at(2098, 9, 1), scopes_disabled():
        activity = acts.activity_create(
            town=tw.town,
            data={"kind": "inspection", "topic": "环境整治视察", "start_date": dt.date(2098, 9, 4), "place": "太浦河",
                  "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=activity, persons=[person], actor=staff)
        acts.activity_publish(activity=activity, actor=staff)
    with at(2098, 9, 2):
        client.force_login(deputy)
        home = client.get("/").content.decode()
        assert 'data-testid="waiting-oversight.invitations"' in home
        count = home.split('data-testid="waiting-oversight.invitations"')[1].split(
            'data-testid="waiting-count">'
        )[1]
        assert count.split("<")[0] == "1"
        page = client.get(activity.get_absolute_url()).content.decode()
        assert 'data-testid="reply-attend"' in page and 'data-testid="reply-excused"' in page
        response = client.post(
            f"/oversight/activities/{activity.pk}/reply/", {"reply": "excused", "note": ""}
        )
        assert response.status_code == 200  # the page again, the reason asked for next to the note
        assert (
            'id="reply-note-error"' in response.content.decode()
            and "请假请说明原因" in response.content.decode()
        )
        with scopes_disabled():
            assert Invitation.objects.get(activity=activity, person=person).reply == InvitationReply.PENDING
        client.post(f"/oversight/activities/{activity.pk}/reply/", {"reply": "attend"})
        page = client.get(activity.get_absolute_url()).content.decode()
        home = client.get("/").content.decode()
        client.post("/feeds/issue/")  # the activities are in the user's one calendar feed (renda.feeds)
        calendar = client.get("/feeds/").content.decode()
        feed_url = calendar.split('data-testid="feed-url">')[1].split("<")[0]
        client.logout()
        feed = client.get(feed_url.split("testserver", 1)[1])
        assert client.get("/feeds/bad.ics").status_code == 404
    ics = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert (
        f"UID:activity-{activity.pk}@" in ics
        and "DTSTART;VALUE=DATE:20980904" in ics
        and "环境整治视察" in ics
    )
    with scopes_disabled():
        assert Invitation.objects.get(activity=activity, person=person).reply == InvitationReply.ATTEND
    assert (
        'data-testid="my-reply">参加' in page
        and "代表答复活动通知" in page.split('id="tab-history" role="tabpanel"')[1]
    )
    count = home.split('data-testid="waiting-oversight.invitations"')[1].split(
        'data-testid="waiting-count">'
    )[1]
    assert count.split("<")[0] == "0"


def test_staff_steps_on_the_pages_and_the_opinion_docx(client, world):
    tw = world.c
    staff = tw.users["town_staff"]
    with at(2098, 10, 1):
        client.force_login(staff)
        response = client.post(
            "/oversight/activities/new/",
            {"kind": "report", "topic": "听取食品安全工作报告", "start_date": "2098-10-01", "place": "镇政府",
             "organiser": "镇人大主席团"},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:500]
        url = response["Location"]
        pk = int(url.rstrip("/").rsplit("/", 1)[1])
        client.post(f"/oversight/activities/{pk}/invite/", {"group": tw.objects["registry.deputygroup"].pk})
        client.post(f"/oversight/activities/{pk}/publish/")
        person = tw.objects["registry.person"]
        response = client.post(
            f"/oversight/activities/{pk}/hold/",
            {
                "attended": [person.pk],
                "summary": "听取报告",
                "findings": "抽检不足",
                f"opinions_{person.pk}": "摊贩卫生差",
            },
        )
        assert response.status_code == 302
        response = client.post(f"/oversight/activities/{pk}/opinions/new/", {"body": "一、加大抽检力度。"})
        assert response.status_code == 302
        opinion_url = response["Location"]
        opinion_pk = int(opinion_url.rstrip("/").rsplit("/", 1)[1])
        client.post(f"/oversight/opinions/{opinion_pk}/issue/", {"number": "甪人主〔2098〕1号"})
        docx = client.get(f"/oversight/opinions/{opinion_pk}/docx/")
        page = client.get(url).content.decode()
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "甪人主〔2098〕1号" in xml and "一、加大抽检力度。" in xml
    assert "摊贩卫生差" in page and "抽检不足" in page and "已开展" in page
