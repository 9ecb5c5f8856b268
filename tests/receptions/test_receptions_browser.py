"""Staff in a real browser: publish a reception day, record an appeal on a phone, unmask the voter's phone
(htmx, logged), assign and reply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.core.models import ActivityLog
from renda.receptions import services

pytestmark = pytest.mark.browser


def test_staff_publish_record_unmask_and_reply(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        tw = world.a
        day = services.reception_day_create(
            town=tw.town,
            data={
                "date": timezone.localdate() + dt.timedelta(days=5),
                "group": tw.objects["receptions.receptiongroup"],
            },
            actor=tw.users["town_staff"],
        )
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{live_server.url}/receptions/days/{day.pk}/")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="公示").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("day-state").inner_text() == "已公示"
    page.screenshot(path=str(screenshot_dir / "receptions-day-phone.png"), full_page=True)

    page.get_by_role("link", name="登记诉求").click()
    page.fill("#id_content", "村委会门前排水沟堵塞")
    page.select_option("#id_category", "water")
    page.fill("#id_citizen_name", "孙大妈")
    page.fill("#id_citizen_phone", "13655556666")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    page.locator("ul.list-group a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("pii-masked").inner_text() == "孙** · 136****6666"
    page.get_by_role("button", name="显示完整信息（将被记录）").click()
    page.get_by_test_id("pii-full").wait_for()
    assert "13655556666" in page.get_by_test_id("pii-full").inner_text()
    with scopes_disabled():  # test reads
        assert ActivityLog.unscoped.filter(code="appeal.pii_viewed").count() == 1
    page.screenshot(path=str(screenshot_dir / "receptions-appeal-phone.png"), full_page=True)

    page.get_by_role("link", name="交办责任人").click()
    page.select_option("#id_grant", index=0)
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="答复", exact=True).click()
    page.select_option("#id_method", "phone")
    page.fill("#id_text", "已安排疏通，三天内完成。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "receptions-reply-phone.png"), full_page=True)
    assert page.get_by_test_id("appeal-state").inner_text() == "已答复"
