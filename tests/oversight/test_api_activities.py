"""Plans, activities and opinions through the API, with the same services and rules as the pages: a plan
created, lined, submitted, approved by the presidium and amended; an activity arranged, its deputies invited,
the notice, the deputy's reply, the record, an opinion issued and answered; wrong role 403, another town 404,
a stale version 409, bad input 422."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.oversight.models import Activity, WorkPlan
from renda.oversight.services import activities as acts
from renda.registry import services as reg

JSON = "application/json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(shared_world, db):
    return shared_world


def test_plan_through_the_api(client, world):
    tw = world.a
    with at(2097, 1, 5):
        client.force_login(tw.users["town_staff"])
        plan = client.post("/api/v1/oversight/plans", {"year": 2097}, content_type=JSON)
        assert plan.status_code == 201, plan.content
        pk = plan.json()["id"]
        assert client.post("/api/v1/oversight/plans", {"year": 2097}, content_type=JSON).status_code == 422
        line = {
            "kind": "inquiry",
            "topic": "食品安全专题询问",
            "month": 4,
            "responsible_id": tw.objects["registry.person"].pk,
        }
        body = client.post(f"/api/v1/oversight/plans/{pk}/items", line, content_type=JSON).json()
        assert [(i["topic"], i["responsible"], i["status"]) for i in body["items"]] == [
            ("食品安全专题询问", "张平望", "pending")
        ]
        foreign = {**line, "responsible_id": world.b.objects["registry.person"].pk}
        assert (
            client.post(f"/api/v1/oversight/plans/{pk}/items", foreign, content_type=JSON).status_code == 422
        )
        stale = client.post(
            f"/api/v1/oversight/plans/{pk}/submit", {"version": body["version"] + 3}, content_type=JSON
        )
        assert stale.status_code == 409
        assert (
            client.post(
                f"/api/v1/oversight/plans/{pk}/submit", {"version": body["version"]}, content_type=JSON
            ).status_code
            == 200
        )
        other = world.b.objects["oversight.workplan"].pk
        assert (
            client.post(f"/api/v1/oversight/plans/{other}/approve", {}, content_type=JSON).status_code == 404
        )
        client.force_login(tw.users["deputy"])
        assert client.post(f"/api/v1/oversight/plans/{pk}/approve", {}, content_type=JSON).status_code == 403
        client.force_login(tw.users["presidium"])
        approved = client.post(f"/api/v1/oversight/plans/{pk}/approve", {}, content_type=JSON).json()
        assert approved["state"] == "approved"
        client.force_login(tw.users["town_staff"])
        item_id = approved["items"][0]["id"]
        amended = client.post(
            f"/api/v1/oversight/plans/{pk}/amend",
            {"reason": "调整月份", "items": [{"id": item_id, "month": 6}, {"kind": "research", "topic": "养老调研", "month": 8}]},
            content_type=JSON,
        ).json()  # fmt: skip
        done = client.get("/api/v1/oversight/plans/done", {"year": 2097}).json()
        history = client.get(f"/api/v1/oversight/plans/{pk}/history").json()
    assert (amended["revision"], [(i["topic"], i["month"]) for i in amended["items"]]) == (
        1,
        [("食品安全专题询问", 6), ("养老调研", 8)],
    )
    assert [(r["town_id"], r["planned"], r["pending"]) for r in done] == [(tw.town.pk, 2, 2)]
    assert [h["code"] for h in history][:3] == ["workplan.amended", "workplan.approved", "workplan.submitted"]
    with scopes_disabled():
        assert activity_codes(WorkPlan.objects.get(pk=pk))[-1] == "workplan.amended"


def test_activity_and_opinion_through_the_api(client, world, django_capture_on_commit_callbacks):
    tw = world.b
    staff, deputy, person = tw.users["town_staff"], tw.users["deputy"], tw.objects["registry.person"]
    with at(2097, 7, 1):
        client.force_login(staff)
        created = client.post(
            "/api/v1/oversight/activities",
            {"kind": "enforcement", "topic": "消防隐患执法检查", "start_date": "2097-07-03", "place": "镇区群租房",
             "organiser": "镇人大主席团", "office_id": tw.objects["registry.handlingunit"].pk},
            content_type=JSON,
        )  # fmt: skip
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        bad = client.post(
            "/api/v1/oversight/activities",
            {"kind": "enforcement", "topic": "x", "start_date": "2097-07-03", "place": "p", "organiser": "o",
             "office_id": world.a.objects["registry.handlingunit"].pk},
            content_type=JSON,
        )  # fmt: skip
        assert bad.status_code == 422
        invited = client.post(
            f"/api/v1/oversight/activities/{pk}/invitations", {"person_ids": [person.pk]}, content_type=JSON
        ).json()
        assert [i["person"] for i in invited["invitations"]] == [person.name]
        with django_capture_on_commit_callbacks(execute=True):
            published = client.post(
                f"/api/v1/oversight/activities/{pk}/publish", {}, content_type=JSON
            ).json()
        assert published["state"] == "published" and published["published_at"] is not None
        upload = client.post(
            f"/api/v1/oversight/activities/{pk}/documents", {"file": SimpleUploadedFile("现场.png", PNG)}, QUERY_STRING="kind=photo"
        )  # fmt: skip
        assert upload.status_code == 201, upload.content
        assert client.get(f"/api/v1/oversight/activity-documents/{upload.json()['id']}").status_code == 200
        client.force_login(deputy)
        assert (
            client.post(f"/api/v1/oversight/activities/{pk}/publish", {}, content_type=JSON).status_code
            == 403
        )
        reply = client.post(
            f"/api/v1/oversight/activities/{pk}/reply", {"reply": "attend"}, content_type=JSON
        )
        assert reply.json()["reply"] == "attend"
        client.force_login(world.a.users["deputy"])
        assert (
            client.post(
                f"/api/v1/oversight/activities/{pk}/reply", {"reply": "attend"}, content_type=JSON
            ).status_code
            == 404
        )
    with at(2097, 7, 3):
        client.force_login(staff)
        held = client.post(
            f"/api/v1/oversight/activities/{pk}/hold",
            {"attended_ids": [person.pk], "summary": "检查群租房 30 户", "findings": "室内充电 6 处",
             "opinions": [{"person_id": person.pk, "text": "居民反映楼道堆物"}]},
            content_type=JSON,
        ).json()  # fmt: skip
        assert held["state"] == "held" and held["invitations"][0]["opinions"] == "居民反映楼道堆物"
        opinion = client.post(
            f"/api/v1/oversight/activities/{pk}/opinions", {"body": "一、整治群租房。"}, content_type=JSON
        )
        assert opinion.status_code == 201
        opk = opinion.json()["id"]
        client.force_login(tw.users["presidium"])
        issued = client.post(
            f"/api/v1/oversight/opinions/{opk}/issue", {"number": "盛人主〔2097〕5号"}, content_type=JSON
        )
        assert issued.json()["state"] == "issued"
        client.force_login(staff)
        again = client.post(
            f"/api/v1/oversight/opinions/{opk}/issue", {"number": "盛人主〔2097〕6号"}, content_type=JSON
        )
        assert again.status_code == 409
        answered = client.post(
            f"/api/v1/oversight/opinions/{opk}/respond", {"response": "已整治 30 户"}, content_type=JSON
        )
        docx = client.get(f"/api/v1/oversight/opinions/{opk}/docx")
    assert answered.json()["state"] == "answered" and answered.json()["responded_on"] == "2097-07-03"
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "盛人主〔2097〕5号" in xml and "盛泽镇人民政府：" in xml
    with scopes_disabled():
        codes = activity_codes(Activity.objects.get(pk=pk))
    assert codes == [
        "activity.created",
        "activity.updated",
        "activity.published",
        "activity.document_added",
        "invitation.replied",
        "activity.held",
    ]


def test_invitation_taken_back_through_the_api(client, world):
    tw = world.c
    activity = tw.objects["oversight.activity"]
    with scopes_disabled():  # test set-up
        other = reg.person_create(town=tw.town, data={"name": "韩代表"}, actor=tw.users["town_staff"])
        (invitation,) = acts.activity_invite(activity=activity, persons=[other], actor=tw.users["town_staff"])
    client.force_login(tw.users["deputy"])
    assert client.delete(f"/api/v1/oversight/invitations/{invitation.pk}").status_code == 403
    client.force_login(world.a.users["town_staff"])
    assert client.delete(f"/api/v1/oversight/invitations/{invitation.pk}").status_code == 404
    client.force_login(tw.users["town_staff"])
    body = client.delete(f"/api/v1/oversight/invitations/{invitation.pk}").json()
    assert [i["person"] for i in body["invitations"]] == [tw.objects["registry.person"].name]
