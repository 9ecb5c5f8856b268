"""On a 390×844 phone (Chromium): a unit clerk finds their rectification item where they answer suggestions,
opens it, sends the completion report with a photo, and the page fits the phone (no sideways scrolling, tap
targets ≥ 44 px, text ≥ 16 px, the list as cards)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.oversight.models import RectificationItem
from test_browser_phone import PHONE, _cards_show, _check

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def phone_world(transactional_db):
    with scopes_disabled():  # test set-up across towns
        return build_world()


def test_unit_clerk_answers_an_item_on_a_phone(page, live_server, phone_world, tmp_path):
    tw = phone_world.a
    item = tw.objects["oversight.rectificationitem"]
    page.set_viewport_size(PHONE)
    url = live_server.url
    browser_login(page, live_server, tw.users["unit_clerk"].username)

    # Where the unit answers its suggestions: the box of what else waits, one item in hand.
    page.goto(f"{url}/suggestions/?role=unit")
    _check(page, "unit-suggestions-waiting")
    box = page.get_by_test_id("oversight.rectification")
    assert box.locator("[data-testid=waiting-count]").inner_text() == "1"
    box.click()
    page.wait_for_load_state("networkidle")
    m = _check(page, "unit-rectification-list")
    assert m["cards"] == 1
    _cards_show(page, ["责任单位", "状态", "整改期限"])

    # The item's page: the completion report with a photo (a PDF here), sent by thumb.
    page.get_by_role("link", name=item.title).click()
    page.wait_for_load_state("networkidle")
    _check(page, "unit-rectification-item")
    page.select_option("#id_kind", "completion")
    page.fill("#id_text", "通道已清理，集中充电点已接入消防报警。")
    evidence = tmp_path / "整改照片.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_file", str(evidence))
    page.get_by_test_id("report-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已报整改完成"
    _check(page, "unit-rectification-reported")
    assert page.get_by_test_id("evidence").count() == 2  # the world's progress report and this one
    with scopes_disabled():  # test read
        assert RectificationItem.objects.get(pk=item.pk).state == "reported"
