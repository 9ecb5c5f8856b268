"""Issue 16's browser walk: district staff create and launch a campaign; a town's staff record their follow-up
on a phone; the district's board shows the town as done on time."""

from __future__ import annotations

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
    page.screenshot(path=str(screenshot_dir / "campaigns-board.png"), full_page=True)
