"""In a real browser: a deputy submits a suggestion on a phone-sized screen, town staff accept and assign
it, the unit clerk records a contact and replies with the signed letter, and the deputy rates the reply."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.suggestions.models import State, Suggestion
from suggestions.helpers import PDF

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _handling(page):
    page.get_by_test_id("tab-handling").click()


def test_deputy_submits_clerk_replies_deputy_rates(
    page, live_server, transactional_db, tmp_path, screenshot_dir
):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
    tw = world.a
    page.set_viewport_size(PHONE)

    # The deputy, on a phone.
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{live_server.url}/suggestions/")
    page.get_by_test_id("new-suggestion").click()
    page.fill("#id_title", "关于增设镇区公共厕所的建议")
    page.fill("#id_content", "镇区人流量大，公共厕所不足，建议在农贸市场附近增设公共厕所。")
    letter = tmp_path / "现场照片.pdf"
    letter.write_bytes(PDF)
    page.set_input_files("#id_attachment", str(letter))
    page.screenshot(path=str(screenshot_dir / "suggestions-submit-phone.png"), full_page=True)
    page.get_by_test_id("submit-suggestion").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已提交待审查"
    with scopes_disabled():  # reading back in a test
        s = Suggestion.unscoped.get(title="关于增设镇区公共厕所的建议")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Town staff accept and assign.
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{live_server.url}{s.get_absolute_url()}")
    _handling(page)
    page.check("input[name=accept][value='1']")
    page.get_by_test_id("review-submit").click()
    page.wait_for_load_state("networkidle")
    _handling(page)
    page.select_option("#id_lead_unit", str(tw.objects["registry.handlingunit"].pk))
    page.get_by_test_id("assign-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "办理中"

    # The unit clerk signs, records the contact and replies.
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["unit_clerk"].username)
    page.goto(f"{live_server.url}{s.get_absolute_url()}")
    _handling(page)
    page.get_by_test_id("sign").click()
    page.wait_for_load_state("networkidle")
    _handling(page)
    page.fill("#id_summary", "电话联系代表，商定选址")
    page.get_by_test_id("contact-submit").click()
    page.wait_for_load_state("networkidle")
    _handling(page)
    page.select_option("#id_outcome_class", "A")
    page.fill("#id_text", "已在农贸市场东侧建成公共厕所一座。")
    page.set_input_files("#id_letter", str(letter))
    page.get_by_test_id("reply-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已答复待反馈", page.locator(
        ".alert"
    ).all_inner_texts()
    page.screenshot(path=str(screenshot_dir / "suggestions-replied.png"), full_page=True)

    # The deputy rates the reply on the phone.
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{live_server.url}{s.get_absolute_url()}")
    assert "已在农贸市场东侧建成公共厕所一座" in page.get_by_test_id("reply-text").inner_text()
    page.check("input[name=work_score][value=satisfied]")
    page.check("input[name=result_score][value=basically]")
    page.screenshot(path=str(screenshot_dir / "suggestions-feedback-phone.png"), full_page=True)
    page.get_by_test_id("feedback-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已办结"
    with scopes_disabled():
        s.refresh_from_db()
    assert s.state == State.CLOSED
