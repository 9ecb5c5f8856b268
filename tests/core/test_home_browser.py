"""The deputy's start page (我的待办) on a 390 px phone: one item of each kind waits — a co-sign request, a
reply to rate, an activity invitation, reception duty, a session coming — each a link; the deputy follows one
and lands on the list that holds it; the record of the year is one tap away."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from helpers import at
from renda.congress import services as cs
from renda.congress.enums import SessionKind
from renda.core.actors import SYSTEM
from renda.oversight.services import activities as acts
from renda.receptions import services as rs
from renda.suggestions import services as ss
from suggestions.helpers import drive, make_suggestion, second_deputy

pytestmark = pytest.mark.browser

KINDS = [
    "suggestions.cosign",
    "suggestions.feedback",
    "oversight.invitations",
    "receptions.duty",
    "congress.sessions",
]


@at(2026, 12, 10)
def test_a_deputy_sees_what_waits_on_a_phone_and_follows_it(page, live_server, transactional_db):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
    tw = world.a
    deputy, staff, person = tw.users["deputy"], tw.users["town_staff"], tw.objects["registry.person"]
    co_person, co_user = second_deputy(tw)
    with scopes_disabled():  # test set-up: one item of each kind for the town's deputy
        ss.suggestion_create(
            town=tw.town,
            data={"title": "关于增设路灯的建议", "content": "村道夜间无照明。", "channel": "recess"},
            signers=[co_person, person],
            actor=co_user,
        )
        cs.session_create(
            town=tw.town,
            data={"term": tw.objects["registry.term"], "kind": SessionKind.SPECIAL, "requested_by": "presidium",
                  "start_date": dt.date(2026, 12, 21), "end_date": dt.date(2026, 12, 21)},
            actor=SYSTEM,
        )  # fmt: skip
        rs.reception_day_publish(day=tw.objects["receptions.receptionday"], actor=staff)
        activity = acts.activity_create(
            town=tw.town,
            data={"kind": "inspection", "topic": "环境整治视察", "start_date": dt.date(2026, 12, 15),
                  "place": "太浦河", "organiser": "镇人大主席团"},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=activity, persons=[person], actor=staff)
        acts.activity_publish(activity=activity, actor=staff)
    drive(tw, make_suggestion(tw), "replied")

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, deputy.username)
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="我的待办").is_visible()
    for code in KINDS:
        item = page.get_by_test_id(f"waiting-{code}")
        assert item.is_visible(), code
        assert item.locator("[data-testid=waiting-count]").inner_text() == "1", code
        box = item.bounding_box()
        assert box and box["width"] <= 390 and box["height"] >= 44, code  # a finger-sized row, not cut off
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert page.get_by_test_id("my-record").is_visible()

    page.get_by_test_id("waiting-suggestions.cosign").click()
    page.wait_for_load_state("networkidle")
    assert "/suggestions/" in page.url
    assert page.get_by_role("link", name="关于增设路灯的建议").first.is_visible()

    page.goto(f"{live_server.url}/")
    page.get_by_test_id("waiting-oversight.invitations").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="环境整治视察").first.is_visible()

    page.goto(f"{live_server.url}/")
    page.get_by_test_id("my-record").click()
    page.wait_for_load_state("networkidle")
    assert "/performance/mine/" in page.url and "year=2026" in page.url
