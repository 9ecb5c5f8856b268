"""Every step of a session through the API, with the same services and rules as the pages: create and edit
the session and its agenda, ask for and decide leave, record the roll call, open and close it."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from helpers import activity_codes, at
from renda.congress.models import AgendaItem, Attendance, LeaveRequest, Session

JSON = "application/json"
API = "/api/v1/congress"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _new_session(client) -> dict:
    made = client.post(
        f"{API}/sessions",
        {
            "kind": "budget",
            "start_date": "2026-06-10",
            "end_date": "2026-06-11",
            "venue": "镇会议中心",
            "motion_deadline": "2026-06-10",
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    return made.json()


def test_session_agenda_leave_roll_call_open_and_close(client, world):
    tw = world.a
    staff, deputy, presidium = tw.users["town_staff"], tw.users["deputy"], tw.users["presidium"]
    person = tw.objects["registry.person"]
    with at(2026, 6, 1):
        client.force_login(staff)
        s = _new_session(client)
        pk = s["id"]
        assert (s["town"], s["term"], s["number"], s["state"], s["version"]) == (
            tw.town.pk,
            tw.objects["registry.term"].pk,
            3,
            "planned",
            0,
        )

        # Edit with the version read; a stale one is a conflict; the create rules hold.
        edited = client.patch(
            f"{API}/sessions/{pk}", {"venue": "镇政府三楼", "version": 0}, content_type=JSON
        )
        assert (edited.status_code, edited.json()["venue"], edited.json()["version"]) == (
            200,
            "镇政府三楼",
            1,
        )
        stale = client.patch(f"{API}/sessions/{pk}", {"venue": "别处", "version": 0}, content_type=JSON)
        assert (stale.status_code, stale.json()["detail"]) == (409, "该记录已被他人修改，请刷新后重试")
        bad = client.patch(f"{API}/sessions/{pk}", {"end_date": "2026-06-09"}, content_type=JSON)
        assert (bad.status_code, bad.json()["detail"]) == (422, ["闭幕日期不能早于开幕日期"])

        # The agenda: two items, the second moved first.
        first = client.post(
            f"{API}/sessions/{pk}/agenda",
            {"kind": "budget", "title": "2026年预算调整方案"},
            content_type=JSON,
        ).json()
        second = client.post(
            f"{API}/sessions/{pk}/agenda", {"kind": "other", "title": "人事任免"}, content_type=JSON
        ).json()
        assert (first["order"], second["order"]) == (1, 2)
        moved = client.patch(
            f"{API}/agenda-items/{second['id']}",
            {"order": 1, "title": "人事任免事项", "version": second["version"]},
            content_type=JSON,
        )
        assert moved.status_code == 200, moved.content
        stale_item = client.patch(
            f"{API}/agenda-items/{second['id']}",
            {"title": "又改", "version": second["version"]},
            content_type=JSON,
        )
        assert stale_item.status_code == 409
        agenda = client.get(f"{API}/sessions/{pk}/agenda").json()
        assert [(i["order"], i["title"]) for i in agenda] == [(1, "人事任免事项"), (2, "2026年预算调整方案")]

        # The deputy asks for leave on the first day; the presidium approves.
        client.force_login(deputy)
        asked = client.post(
            f"{API}/sessions/{pk}/leaves",
            {"first_day": "2026-06-10", "last_day": "2026-06-10", "reason": "外出培训"},
            content_type=JSON,
        )
        assert (asked.status_code, asked.json()["person"], asked.json()["state"]) == (
            201,
            person.pk,
            "requested",
        )
        leave_id = asked.json()["id"]
        refused = client.post(f"{API}/leaves/{leave_id}/decide", {"approve": True}, content_type=JSON)
        assert refused.status_code == 403
        client.force_login(presidium)
        decided = client.post(
            f"{API}/leaves/{leave_id}/decide", {"approve": True, "version": 0}, content_type=JSON
        )
        assert (decided.status_code, decided.json()["state"], decided.json()["decided_by"]) == (
            200,
            "approved",
            str(presidium),
        )

        # Roll call: on leave the first day (not enough to open), present the second.
        client.force_login(staff)
        day1 = client.post(
            f"{API}/sessions/{pk}/roll-call",
            {"day": "2026-06-10", "presence": {str(person.pk): "leave"}},
            content_type=JSON,
        )
        assert day1.status_code == 200, day1.content
        assert (day1.json()["flags"], day1.json()["roll_call"]["rows"]) == (
            [],
            [
                {
                    "person": person.pk,
                    "name": person.name,
                    "presence": "leave",
                    "recorded": True,
                    "has_leave": True,
                }
            ],
        )
        not_yet = client.post(f"{API}/sessions/{pk}/open", {"day": "2026-06-10"}, content_type=JSON)
        assert (not_yet.status_code, not_yet.json()["detail"]) == (
            422,
            ["出席代表 0 名，未达到全体代表 1 名的 2/3，不能开会"],
        )
        client.post(
            f"{API}/sessions/{pk}/roll-call",
            {"day": "2026-06-11", "presence": {str(person.pk): "present"}},
            content_type=JSON,
        )
        read = client.get(f"{API}/sessions/{pk}/roll-call?day=2026-06-11").json()
        assert (read["present"], read["serving"], read["needed"], read["recorded"]) == (1, 1, 1, 1)
        opened = client.post(f"{API}/sessions/{pk}/open", {"day": "2026-06-11"}, content_type=JSON)
        assert (opened.status_code, opened.json()["state"], opened.json()["quorum_present"]) == (
            200,
            "open",
            1,
        )
        dates = client.patch(f"{API}/sessions/{pk}", {"end_date": "2026-06-12"}, content_type=JSON)
        assert (dates.status_code, dates.json()["detail"]) == (409, "会议已开幕，不能再修改会期")
        closed = client.post(f"{API}/sessions/{pk}/close")
        assert (closed.status_code, closed.json()["state"]) == (200, "closed")
        late = client.post(
            f"{API}/sessions/{pk}/agenda", {"kind": "other", "title": "补充"}, content_type=JSON
        )
        assert (late.status_code, late.json()["detail"]) == (409, "会议已闭幕，不能再修改议程")

    with scopes_disabled():  # test inspection
        session = Session.objects.get(pk=pk)
        assert (session.venue, session.opened_on) == ("镇政府三楼", dt.date(2026, 6, 11))
        assert list(
            Attendance.objects.filter(session=session).order_by("day").values_list("presence", flat=True)
        ) == [
            "leave",
            "present",
        ]
        assert AgendaItem.objects.filter(session=session).count() == 2
        leave = LeaveRequest.objects.get(pk=leave_id)
        moved_label = str(AgendaItem.objects.get(pk=second["id"]))
    codes = [
        "session.created",
        "session.updated",
        "session.agenda_item_added",
        "session.agenda_item_added",
        "session.agenda_item_updated",
        "session.roll_call",
        "session.roll_call",
        "session.opened",
        "session.closed",
    ]
    assert activity_codes(session) == codes
    assert activity_codes(leave) == ["leave.requested", "leave.approved"]
    client.force_login(staff)
    history = client.get(f"{API}/sessions/{pk}/history").json()
    assert [h["code"] for h in history] == list(reversed(codes))
    assert history[4]["data"] == {
        "item": moved_label,
        "changes": {"order": [2, 1], "title": ["人事任免", "人事任免事项"]},
    }


def test_wrong_role_is_refused_and_another_town_is_not_found(client, world):
    a, b = world.a, world.b
    session = a.objects["congress.session"]
    with scopes_disabled():  # test inspection
        before = (Session.objects.count(), AgendaItem.objects.count(), LeaveRequest.objects.count())
    client.force_login(a.users["deputy"])
    patched = client.patch(f"{API}/sessions/{session.pk}", {"venue": "x"}, content_type=JSON)
    assert (patched.status_code, patched.json()["detail"]) == (403, "只有镇人大工作人员可以进行此操作")
    item = a.objects["congress.agendaitem"]
    assert client.patch(f"{API}/agenda-items/{item.pk}", {"title": "x"}, content_type=JSON).status_code == 403
    roll = client.post(
        f"{API}/sessions/{session.pk}/roll-call",
        {"day": "2025-03-10", "presence": {}},
        content_type=JSON,
    )
    assert roll.status_code == 403
    made = client.post(
        f"{API}/sessions",
        {"kind": "budget", "start_date": "2026-06-10", "end_date": "2026-06-10"},
        content_type=JSON,
    )
    assert (made.status_code, made.json()["detail"]) == (403, "无权进行此操作")
    # A deputy cannot ask leave for someone else.
    with scopes_disabled():  # test set-up: another deputy of the town
        from congress.helpers import add_deputies

        other = add_deputies(a, 1)[0]
        later = a.objects["congress.absenceflag"].sessions.get()
    for_other = client.post(
        f"{API}/sessions/{later.pk}/leaves",
        {"person_id": other.pk, "first_day": "2025-09-01", "last_day": "2025-09-01", "reason": "代请"},
        content_type=JSON,
    )
    assert (for_other.status_code, for_other.json()["detail"]) == (403, "只能为本人请假")
    client.force_login(a.users["unit_clerk"])
    assert client.get(f"{API}/sessions/{session.pk}/agenda").status_code == 404

    client.force_login(a.users["town_staff"])
    theirs = b.objects["congress.session"]
    assert client.get(f"{API}/sessions/{theirs.pk}/roll-call").status_code == 404
    assert client.patch(f"{API}/sessions/{theirs.pk}", {"venue": "x"}, content_type=JSON).status_code == 404
    their_item = b.objects["congress.agendaitem"]
    assert (
        client.patch(f"{API}/agenda-items/{their_item.pk}", {"title": "x"}, content_type=JSON).status_code
        == 404
    )
    their_leave = b.objects["congress.leaverequest"]
    assert (
        client.post(f"{API}/leaves/{their_leave.pk}/decide", {"approve": True}, content_type=JSON).status_code
        == 404
    )
    # Another town's deputy in my session's leave is an unknown deputy.
    foreign = client.post(
        f"{API}/sessions/{later.pk}/leaves",
        {"person_id": b.objects["registry.person"].pk, "first_day": "2025-09-01", "last_day": "2025-09-01",
         "reason": "x"},
        content_type=JSON,
    )  # fmt: skip
    assert (foreign.status_code, foreign.json()["detail"]) == (422, ["代表不存在"])
    with scopes_disabled():  # test inspection
        assert (Session.objects.count(), AgendaItem.objects.count(), LeaveRequest.objects.count()) == before
