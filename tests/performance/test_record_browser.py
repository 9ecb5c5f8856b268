"""A deputy on a phone sees their record of the year and follows a line to its record."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world

pytestmark = pytest.mark.browser


def test_deputy_follows_a_line_of_their_record_on_a_phone(
    page, live_server, transactional_db, screenshot_dir
):
    with (
        scopes_disabled()
    ):  # test set-up across towns (the world's deputy attended a session and an activity)
        world = build_world()
    tw = world.a
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{live_server.url}/performance/mine/?year=2025")
    section = page.get_by_test_id("kind-oversight.attended")
    assert "参加闭会期间活动" in section.inner_text()
    page.screenshot(path=str(screenshot_dir / "performance-record-phone.png"), full_page=True)
    section.get_by_test_id("line").first.click()
    page.wait_for_load_state("networkidle")
    assert "/oversight/activities/" in page.url
    assert "听取镇政府安全生产工作报告" in page.content()
