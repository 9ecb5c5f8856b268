"""In a real browser (Debian's Chromium): town staff run a session's roll call, open it and record a vote."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world

from .helpers import add_deputies, make_session

pytestmark = pytest.mark.browser


def test_town_staff_run_the_roll_call_and_record_a_vote(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        tw = world.a
        deps = add_deputies(tw, 2)
        session = make_session(tw, start=dt.date(2026, 3, 2))
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{live_server.url}/congress/sessions/{session.pk}/")
    page.get_by_role("link", name="签到与开会").click()
    page.wait_for_load_state("networkidle")
    # Mark the last deputy absent, the others present (the default), save.
    page.get_by_label(f"{deps[-1].name} 缺席").check()
    page.get_by_role("button", name="保存签到").click()
    page.wait_for_load_state("networkidle")
    assert "签到已保存" in page.content()
    assert "出席 2 名，全体在任代表 3 名" in page.get_by_test_id("quorum").inner_text()
    page.screenshot(path=str(screenshot_dir / "congress-rollcall.png"), full_page=True)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="宣布开会").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("session-state").inner_text() == "已开幕"

    page.get_by_text("新建表决事项").click()
    form = page.locator("form[action$='/votes/']")
    form.locator("input[name=title]").fill("关于政府工作报告的决议")
    form.locator("input[name=day]").fill("2026-03-03")
    form.get_by_role("button", name="新建", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=yes]", "2")
    page.fill("input[name=no]", "0")
    page.fill("input[name=abstain]", "0")
    page.get_by_role("button", name="计票并公布结果").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("result").inner_text().startswith("通过")
    page.screenshot(path=str(screenshot_dir / "congress-vote.png"), full_page=True)
