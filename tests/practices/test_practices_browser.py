"""Issue 17's browser walk: district staff open the diffusion chart (drawn on a canvas, no console or CSP error,
nothing fetched from elsewhere) and follow a line's practice from the table; a town's staff fill in and submit the
six haves on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.core.actors import SYSTEM
from renda.core.sixhaves import SIX_HAVES
from renda.practices import services

pytestmark = pytest.mark.browser


def test_diffusion_chart_and_six_haves_on_a_phone(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        year = timezone.localdate().year
        p = services.practice_create(
            district=world.x,
            data={"name": "基层站所评议", "pilot_town": world.a.town, "pilot_year": year - 4},
            actor=SYSTEM,
        )
        services.practice_rollout(practice=p, actor=SYSTEM)
        services.adoption_record(
            practice=p, town=world.b.town, data={"adopted_on": dt.date(year - 2, 4, 1)}, actor=SYSTEM
        )
    console, elsewhere = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url))

    browser_login(page, live_server, world.district_x_staff.username)
    page.goto(f"{live_server.url}/practices/")
    page.get_by_test_id("diffusion-link").click()
    page.wait_for_selector("[data-chart=diffusion][data-drawn='1'] canvas", timeout=20000)
    assert page.locator(".practice-chart canvas").count() >= 1
    row = page.get_by_test_id("diffusion-table").locator("tr").filter(has_text="基层站所评议")
    assert row.locator("td").last.inner_text() == "2"
    page.screenshot(path=str(screenshot_dir / "practices-diffusion.png"), full_page=True)
    assert console == [] and elsewhere == []
    row.get_by_role("link", name="基层站所评议").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("town-count").inner_text() == "2"

    tw = world.b
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{live_server.url}/practices/six-haves/")
    page.get_by_test_id("sixhaves-row").first.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    page.fill("[name=budget]", "18.5")
    page.get_by_test_id("budget-submit").click()
    page.wait_for_load_state("networkidle")
    for key in SIX_HAVES:
        form = page.get_by_test_id(f"item-form-{key}")
        form.locator(f"[name={key}-confirmed]").check()
        form.locator(f"[name={key}-note]").fill("已落实")
        page.get_by_test_id(f"item-save-{key}").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_test_id(f"item-{key}").get_by_test_id("confirmed").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("sixhaves-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("state").inner_text() == "已报送"
    platform = page.get_by_test_id("item-platform")
    assert "代表联络站点" in platform.inner_text()
    page.screenshot(path=str(screenshot_dir / "practices-sixhaves-phone.png"), full_page=True)
    assert console == [] and elsewhere == []
