"""A group leader on a phone files the group's yearly plan from the board, records an activity, and the
designated summariser writes its summary; the public page of the town then lists the deputy."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world, make_user
from renda.core.actors import SYSTEM
from renda.core.enums import Role
from renda.registry import services as reg

pytestmark = pytest.mark.browser


def test_a_leader_files_the_plan_and_records_an_activity_on_a_phone(
    page, live_server, transactional_db, screenshot_dir
):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        tw = world.a
        leader = tw.objects["registry.person"]
        member = reg.person_create(town=tw.town, data={"name": "李组员"}, actor=SYSTEM)
        group = reg.deputy_group_create(
            town=tw.town,
            data={"name": "平望镇第二代表小组", "leader": leader, "members": [leader, member]},
            actor=SYSTEM,
        )
        member_user = make_user("member_browser", Role.DEPUTY, person=member)
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{live_server.url}/performance/plans/?town={tw.town.pk}")
    page.get_by_test_id("plan-board").get_by_role("link", name="报备").last.click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_summariser", str(member.pk))
    page.fill("#id_items", "3 视察 视察农村道路交通安全\n9 走访 走访困难群众")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    assert "已报备年度活动计划" in page.content()
    assert page.get_by_test_id("summariser").inner_text() == "李组员"
    page.screenshot(path=str(screenshot_dir / "performance-plan-phone.png"), full_page=True)
    page.get_by_role("link", name="登记小组活动").click()
    page.wait_for_load_state("networkidle")
    assert str(group.pk) in page.url
    page.fill("#id_topic", "走访困难群众")
    # The server's today (the suite may run with the clock travelled; the browser keeps the real one).
    page.evaluate(f"document.querySelector('#id_date').value = '{timezone.localdate().isoformat()}'")
    page.select_option("#id_kind", "visit")
    picker = page.get_by_test_id("picker")
    picker.locator(".picker-row", has_text=leader.name).click()
    picker.locator(".picker-row", has_text="李组员").click()
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    assert "已登记代表小组活动" in page.content()
    assert "李组员" in page.get_by_test_id("attendees").inner_text()
    activity_url = page.url
    page.context.clear_cookies()  # the summariser signs in
    browser_login(page, live_server, member_user.username)
    page.goto(activity_url)
    page.get_by_role("link", name="填写活动总结").click()
    page.fill("#id_summary", "走访五户困难家庭，收集意见三条。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    assert "走访五户困难家庭" in page.get_by_test_id("summary").inner_text()
