"""One suggestion through every state by the API, with the right actor at each step and the due dates
checked against the working-day calendar."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from renda.core.audit import activities_for
from renda.core.deadlines.models import Clock
from renda.core.notifications.models import Notification
from renda.suggestions.models import Suggestion
from suggestions.helpers import on, pdf, second_deputy, second_unit

API = "/api/v1/suggestions"


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, content_type="application/json")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def clock(pk, kind):
    with scopes_disabled():  # reading the engine's rows in a test
        return Clock.unscoped.filter(kind=kind, object_id=str(pk)).order_by("-id").first()


def test_full_lifecycle_by_api(client, world, django_capture_on_commit_callbacks):
    tw = world.a
    staff, deputy, clerk = tw.users["town_staff"], tw.users["deputy"], tw.users["unit_clerk"]
    unit1 = tw.objects["registry.handlingunit"]
    p2, deputy2 = second_deputy(tw)
    unit2, clerk2 = second_unit(tw)
    outsider = world.b.users["deputy"]

    # Monday 2 March 2026: the deputy submits with a co-signer, who confirms.
    with on(dt.date(2026, 3, 2)):
        r = post(
            client,
            deputy,
            API,
            {
                "title": "关于增设公交站点的建议",
                "content": "一村至镇区公交站点过少，群众出行不便，建议增设站点。",
                "channel": "recess",
                "signer_ids": [p2.pk],
            },
        )
        assert r.status_code == 201, r.content
        pk = r.json()["id"]
        assert r.json()["state"] == "cosigning"
        assert get(client, outsider, f"{API}/{pk}").status_code == 404
        r = post(client, deputy2, f"{API}/{pk}/cosign")
        assert r.json()["state"] == "submitted"
        with (
            scopes_disabled()
        ):  # test reads: the world's own suggestions of 2026 (built on the session's today)
            earlier = Suggestion.objects.filter(town=tw.town, year=2026).exclude(pk=pk).count()
        assert r.json()["number"] == f"2026-{earlier + 1:03d}"
    assign = clock(pk, "suggestion.assign")
    assert assign.due_date == dt.date(2026, 3, 11)  # 7 working days

    # Review: accepted; a stale version is refused.
    with on(dt.date(2026, 3, 4)):
        version = get(client, staff, f"{API}/{pk}").json()["version"]
        assert (
            post(client, staff, f"{API}/{pk}/review", {"accept": True, "version": version - 1}).status_code
            == 409
        )
        assert post(client, deputy, f"{API}/{pk}/review", {"accept": True}).status_code == 403
        r = post(client, staff, f"{API}/{pk}/review", {"accept": True, "version": version})
        assert r.json()["state"] == "accepted"
        assert post(client, staff, f"{API}/{pk}/review", {"accept": True}).status_code == 409

    # Assigned late (Friday 13 March, after the 11th) to unit1 with co-unit unit2.
    with on(dt.date(2026, 3, 13)):
        r = post(client, staff, f"{API}/{pk}/assign", {"lead_unit_id": unit1.pk, "co_unit_ids": [unit2.pk]})
        assert r.json()["state"] == "assigned"
        assert r.json()["due_date"] == "2026-06-15"  # 3 months → Sat 13 June, rolled to Monday
        assert post(client, staff, f"{API}/{pk}/assign", {"lead_unit_id": unit1.pk}).status_code == 409
    assert clock(pk, "suggestion.assign").stopped_at is not None
    with scopes_disabled():  # reading the history in a test
        s = Suggestion.unscoped.get(pk=pk)
        assigned = [a for a in activities_for(subject=s) if a.code == "suggestion.assigned"][0]
    assert assigned.data["late"] is True

    # The lead unit returns it (outside its remit) within its window: back to town staff.
    with on(dt.date(2026, 3, 16)):
        assert post(client, clerk, f"{API}/{pk}/sign").json()["state"] == "assigned"
        assert post(client, clerk, f"{API}/{pk}/return", {"reason": ""}).status_code == 422
        with django_capture_on_commit_callbacks(execute=True):
            r = post(client, clerk, f"{API}/{pk}/return", {"reason": "不属于本单位职责"})
        assert r.json()["state"] == "accepted"
        assert get(client, clerk2, f"{API}/{pk}").status_code == 200  # unit2 was assigned before
    with scopes_disabled():
        assert Notification.objects.filter(user=staff, params__kind="退办").exists()
    assert clock(pk, "suggestion.assign").stopped_at is None  # the assignment clock runs again

    # Reassigned: unit2 leads, unit1 helps; a difficult one gets 6 months.
    with on(dt.date(2026, 3, 17)):
        r = post(
            client,
            staff,
            f"{API}/{pk}/assign",
            {"lead_unit_id": unit2.pk, "co_unit_ids": [unit1.pk], "difficult": False},
        )
        assert r.json()["due_date"] == "2026-06-17"
        assert post(client, clerk2, f"{API}/{pk}/sign").status_code == 200
        assert post(client, clerk2, f"{API}/{pk}/sign").status_code == 409

    with on(dt.date(2026, 4, 1)):
        # No reply before a contact with the deputy; the co-unit cannot reply.
        client.force_login(clerk2)
        r = client.post(f"{API}/{pk}/reply", {"outcome_class": "A", "text": "已增设", "letter": pdf()})
        assert r.status_code == 422, r.content
        client.force_login(clerk)
        assert (
            client.post(f"{API}/{pk}/reply", {"outcome_class": "A", "text": "x", "letter": pdf()}).status_code
            == 403
        )
        r = post(
            client,
            clerk2,
            f"{API}/{pk}/contacts",
            {"date": "2026-04-01", "way": "phone", "summary": "电话沟通站点选址"},
        )
        assert r.status_code == 201
        assert (
            post(client, clerk, f"{API}/{pk}/co-opinion", {"opinion": "同意在村委会门口设站"}).status_code
            == 200
        )
        assert post(client, clerk, f"{API}/{pk}/co-opinion", {"opinion": "再次"}).status_code == 409
        # Extension: requested by the lead unit, approved by town staff.
        r = post(client, clerk2, f"{API}/{pk}/extension", {"days": 10, "reason": "需协调公交公司"})
        assert r.status_code == 201
        assert post(client, clerk2, f"{API}/{pk}/extension/decide", {"approve": True}).status_code == 403
        r = post(client, staff, f"{API}/{pk}/extension/decide", {"approve": True})
        assert r.json()["due_date"] == "2026-06-29"  # 17 June + 10 days = Sat 27 June → Monday

    # Reply on 20 June: class B needs a planned date; a disguised file is refused.
    with on(dt.date(2026, 6, 20)):
        client.force_login(clerk2)
        fake = SimpleUploadedFile("答复函.pdf", b"MZ\x90\x00" + b"\x00" * 100)
        r = client.post(
            f"{API}/{pk}/reply",
            {"outcome_class": "B", "text": "列入计划", "planned_date": "2026-10-01", "letter": fake},
        )
        assert r.status_code == 422
        r = client.post(f"{API}/{pk}/reply", {"outcome_class": "B", "text": "列入计划", "letter": pdf()})
        assert r.status_code == 422
        r = client.post(
            f"{API}/{pk}/reply",
            {"outcome_class": "B", "text": "已列入年度计划", "planned_date": "2026-10-01", "letter": pdf()},
        )
        assert r.status_code == 200, r.content
        assert r.json()["state"] == "replied"
        assert r.json()["replied_on_time"] is True
        r = client.post(f"{API}/{pk}/reply", {"outcome_class": "A", "text": "x", "letter": pdf()})
        assert r.status_code == 409

    # Feedback: the first signer is satisfied, the co-signer is not → re-handling, one month.
    with on(dt.date(2026, 6, 22)):
        assert (
            post(
                client,
                outsider,
                f"{API}/{pk}/feedback",
                {"work_score": "satisfied", "result_score": "satisfied"},
            ).status_code
            == 404
        )
        assert (
            post(
                client,
                clerk2,
                f"{API}/{pk}/feedback",
                {"work_score": "satisfied", "result_score": "satisfied"},
            ).status_code
            == 403
        )
        r = post(
            client, deputy, f"{API}/{pk}/feedback", {"work_score": "satisfied", "result_score": "satisfied"}
        )
        assert r.json()["state"] == "replied"
        assert (
            post(
                client,
                deputy,
                f"{API}/{pk}/feedback",
                {"work_score": "satisfied", "result_score": "satisfied"},
            ).status_code
            == 409
        )
        r = post(
            client,
            deputy2,
            f"{API}/{pk}/feedback",
            {"work_score": "basically", "result_score": "unsatisfied"},
        )
        assert r.json()["state"] == "rehandling"
        assert r.json()["due_date"] == "2026-07-22"
    assert clock(pk, "suggestion.second_reply").due_date == dt.date(2026, 7, 22)

    # Second reply (after a new contact) and feedback close it.
    with on(dt.date(2026, 7, 10)):
        client.force_login(clerk2)
        r = client.post(f"{API}/{pk}/reply", {"outcome_class": "A", "text": "站点已建成", "letter": pdf()})
        assert r.status_code == 422  # no contact since the first reply
        post(
            client,
            clerk2,
            f"{API}/{pk}/contacts",
            {"date": "2026-07-09", "way": "visit", "summary": "现场察看"},
        )
        client.force_login(clerk2)
        r = client.post(f"{API}/{pk}/reply", {"outcome_class": "A", "text": "站点已建成", "letter": pdf()})
        assert r.json()["state"] == "replied"
        post(client, deputy, f"{API}/{pk}/feedback", {"work_score": "satisfied", "result_score": "satisfied"})
        r = post(
            client,
            deputy2,
            f"{API}/{pk}/feedback",
            {"work_score": "satisfied", "result_score": "unsatisfied"},
        )
        assert r.json()["state"] == "closed"
        assert r.json()["outcome_class"] == "A"
        assert r.json()["followup"] == ""
        r = post(client, staff, f"{API}/{pk}/publish", {"published": True})
        assert r.json()["published"] is True

    history = [h["code"] for h in get(client, staff, f"{API}/{pk}/history").json()]
    for code in [
        "suggestion.created",
        "suggestion.cosign_requested",
        "suggestion.cosigned",
        "suggestion.submitted",
        "suggestion.accepted",
        "suggestion.assigned",
        "suggestion.signed",
        "suggestion.returned",
        "suggestion.contacted",
        "suggestion.co_opinion",
        "suggestion.extension_requested",
        "suggestion.extension_approved",
        "suggestion.replied",
        "suggestion.feedback",
        "suggestion.rehandling",
        "suggestion.closed",
        "suggestion.published",
        "clock.extended",
    ]:
        assert code in history, code
    detail = get(client, staff, f"{API}/{pk}").json()
    assert [r["round"] for r in detail["replies"]] == [1, 2]
    assert len(detail["feedbacks"]) == 4
