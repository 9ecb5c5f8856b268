"""A voter on a phone-sized screen opens the QR link, submits an appeal, and later tracks the reply."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from factories import build_world
from portal.helpers import CN
from renda.receptions import services
from renda.receptions.models import Appeal

pytestmark = pytest.mark.browser


def test_voter_scans_submits_and_tracks_the_reply(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        token = services.place_code_for(liaison_post=world.a.objects["registry.liaisonpost"]).token
    page.set_viewport_size({"width": 390, "height": 844})

    # Scan: the QR code opens the appeal form of the liaison post.
    page.goto(f"{live_server.url}/p/appeal/?place={token}")
    assert world.a.objects["registry.liaisonpost"].name in page.content()
    page.fill("#id_content", "小区门口路灯坏了一个月，晚上出行不安全。")
    page.select_option("#id_category", "roads")
    page.fill("#id_citizen_name", "王小明")
    page.fill("#id_citizen_phone", "13912348888")
    question = page.locator("label[for=id_answer]").inner_text()
    a, b = re.search(r"([零一二三四五六七八九十]) 加 ([零一二三四五六七八九十])", question).groups()
    page.fill("#id_answer", str(CN.index(a) + CN.index(b)))
    assert not page.locator("#id_website").is_visible()
    page.screenshot(path=str(screenshot_dir / "portal-appeal-phone.png"), full_page=True)
    page.get_by_role("button", name="提交").click()
    page.wait_for_load_state("networkidle")
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{10}", code)
    page.screenshot(path=str(screenshot_dir / "portal-appeal-done-phone.png"), full_page=True)

    # The town assigns it; the clerk replies.
    with scopes_disabled():  # test set-up: the office's side of the work
        appeal = Appeal.objects.get(tracking_code=code)
        appeal = services.appeal_assign(
            appeal=appeal, handler=world.a.users["unit_clerk"], actor=world.a.users["town_staff"]
        )
        services.appeal_reply(
            appeal=appeal,
            method="phone",
            replied_on=timezone.localdate(),
            replied_by="平望镇派出所",
            text="已通知供电所，三日内更换路灯。",
            actor=world.a.users["unit_clerk"],
        )

    # Track: the code and the phone's last four digits show the status and the reply.
    page.get_by_role("link", name="查询办理情况").click()
    page.fill("#id_code", code)
    page.fill("#id_last4", "8888")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("track-state").inner_text() == "已答复"
    assert "三日内更换路灯" in page.get_by_test_id("track-reply").inner_text()
    assert "13912348888" not in page.content() and "王小明" not in page.content()
    page.get_by_label("满意", exact=True).check()
    page.screenshot(path=str(screenshot_dir / "portal-track-phone.png"), full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    assert "感谢您的评价" in page.content()
    # The page fits the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
