"""A suggestion's clocks through the API: before assignment the assignment deadline, after it the reply
due date, each with its rule and how it was computed; another town's suggestion is not found."""

from __future__ import annotations

import datetime as dt

import pytest

from suggestions.helpers import on

API = "/api/v1/suggestions"
JSON = "application/json"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def test_clocks_before_and_after_assignment(client, world):
    tw = world.a
    staff, deputy = tw.users["town_staff"], tw.users["deputy"]
    with on(dt.date(2026, 3, 2)):
        client.force_login(deputy)
        made = client.post(
            API,
            {"title": "关于修缮村道的建议", "content": "村道年久失修，雨天泥泞，建议列入年度计划修缮。"},
            content_type=JSON,
        )
        assert (made.status_code, made.json()["state"]) == (201, "submitted"), made.content
        pk = made.json()["id"]
        before = client.get(f"{API}/{pk}/clocks").json()
    assert (before["due_date"], before["assigned_on"], before["assignment_deadline"]) == (
        None,
        None,
        "2026-03-11",
    )
    [assign] = before["clocks"]
    assert {
        k: assign[k] for k in ("kind", "rule", "rule_unit", "rule_amount", "due_date", "provisional")
    } == {
        "kind": "suggestion.assign",
        "rule": "suggestion.assign",
        "rule_unit": "working_days",
        "rule_amount": 7,
        "due_date": "2026-03-11",
        "provisional": False,
    }
    assert assign["explanation"] == "提交日 2026-03-02 起 7 个工作日 → 2026-03-11"

    with on(dt.date(2026, 3, 4)):
        client.force_login(staff)
        assert client.post(f"{API}/{pk}/review", {"accept": True}, content_type=JSON).status_code == 200
        assigned = client.post(
            f"{API}/{pk}/assign", {"lead_unit_id": tw.objects["registry.handlingunit"].pk}, content_type=JSON
        )
        assert assigned.status_code == 200, assigned.content
        after = client.get(f"{API}/{pk}/clocks").json()
    assert (after["due_date"], after["assigned_on"], after["assignment_deadline"]) == (
        "2026-06-04",
        "2026-03-04",
        None,
    )
    running = [c for c in after["clocks"] if c["stopped_at"] is None]
    reply = next(c for c in running if c["kind"] == "suggestion.reply")
    assert (reply["due_date"], reply["explanation"], reply["status"]) == (
        "2026-06-04",
        "交办日 2026-03-04 起 3 个月 → 2026-06-04",
        "on_time",
    )
    stopped = [c for c in after["clocks"] if c["stopped_at"] is not None]
    assert [(c["kind"], c["status"]) for c in stopped] == [("suggestion.assign", "done")]

    client.force_login(world.b.users["town_staff"])
    assert client.get(f"{API}/{pk}/clocks").status_code == 404
    client.force_login(world.a.users["unit_clerk"])
    their = world.b.objects["suggestions.suggestion"]
    assert client.get(f"{API}/{their.pk}/clocks").status_code == 404
