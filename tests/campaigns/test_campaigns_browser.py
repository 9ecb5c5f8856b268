"""Issue 16's browser walk: district staff create and launch a campaign; a town's staff record their follow-up
on a phone; the district's board shows the town as done on time, its chart drawn (canvas, no console or CSP
error, nothing fetched from elsewhere) and a click on the town's bar opens its task; the chair answers an
invitation to a district event on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world

from .helpers import held_activity

pytestmark = pytest.mark.browser


def test_launch_follow_up_on_a_phone_and_the_board(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
    tw = world.a
    activity = held_activity(
        tw.town, tw.users["town_staff"], tw.objects["registry.person"], timezone.localdate()
    )
    page.on("dialog", lambda dialog: dialog.accept())  # the launch asks for confirmation
    console, elsewhere = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url))

    browser_login(page, live_server, world.district_x_staff.username)
    page.goto(f"{live_server.url}/campaigns/new/")
    page.fill("[name=title]", "消防安全隐患专项整治")
    page.fill("[name=categories]", "群租房、电动车室内充电")
    page.get_by_test_id("campaign-submit").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("launch").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已部署"
    board_url = page.url

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{live_server.url}/campaigns/tasks/?state=open")
    page.get_by_role("link", name="消防安全隐患专项整治", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.select_option("[name=activity]", str(activity.pk))
    page.fill("[name=finding_0]", "3")
    page.fill("[name=finding_1]", "5")
    page.get_by_test_id("report-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("standing").inner_text() == "按时完成"
    page.screenshot(path=str(screenshot_dir / "campaigns-task-report-phone.png"), full_page=True)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, live_server, world.district_x_staff.username)
    page.goto(board_url)
    row = page.get_by_test_id("board-row").filter(has_text=tw.town.name)
    assert row.get_by_test_id("standing").inner_text() == "按时完成"
    assert "3" in row.inner_text() and "5" in row.inner_text()
    other = page.get_by_test_id("board-row").filter(has_text=world.b.town.name)
    assert other.get_by_test_id("standing").inner_text() == "尚未完成"
    page.wait_for_selector("[data-campaign-chart][data-drawn='1'] canvas", timeout=20000)
    page.screenshot(path=str(screenshot_dir / "campaigns-board.png"), full_page=True)
    assert console == [] and elsewhere == []
    # A click on the town's bar (the first category, 3 findings) opens its task.
    point = page.evaluate(
        """() => {
            const el = document.querySelector('[data-campaign-chart]');
            el.scrollIntoView({block: 'center'});
            const chart = echarts.getInstanceByDom(el);
            const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
            const box = el.getBoundingClientRect();
            return [box.left + bar.x + bar.width / 2, box.top + bar.y + bar.height / 2];
        }"""
    )
    page.mouse.click(point[0], point[1])
    page.wait_for_url(re.compile(r"/campaigns/tasks/\d+/$"))
    assert page.get_by_test_id("standing").inner_text() == "按时完成"

    # The district invites the town's chair to an inspection; the chair answers on a phone.
    page.goto(f"{live_server.url}/campaigns/events/new/")
    page.select_option("[name=kind]", "inspection")
    page.fill("[name=title]", "乡村振兴重点项目视察")
    page.fill("[name=date]", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    name = tw.objects["registry.person"].name
    page.locator(".picker-row").filter(has_text=name).first.locator("input").check()
    page.get_by_test_id("event-submit").click()
    page.wait_for_load_state("networkidle")
    event_url = page.url
    assert page.get_by_test_id("invitation-row").count() == 1
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["presidium"].username)
    page.goto(event_url)
    row = page.get_by_test_id("invitation-row")
    row.locator("[name=reply]").select_option("attend")
    row.get_by_test_id("reply-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("reply").inner_text().startswith("参加")
    page.screenshot(path=str(screenshot_dir / "campaigns-invitation-phone.png"), full_page=True)
    assert console == [] and elsewhere == []
