"""In Chromium: district staff open the dashboard, the charts are drawn (canvas, no console or CSP error, no
request elsewhere), and a click on a town's bar opens the list whose count equals the bar."""

from __future__ import annotations

import json
import os
import re

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from suggestions.helpers import make_suggestion

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.browser


@pytest.fixture
def board_world(transactional_db):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
    for i in range(3):
        make_suggestion(world.a, f"关于增设路灯的建议{i}", "村道夜间无照明")
    make_suggestion(world.b, "关于修缮村道的建议", "村道破损")
    return world


def test_district_staff_click_a_bar_and_land_on_its_list(page, live_server, board_world, screenshot_dir):
    console, elsewhere = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url))
    browser_login(page, live_server, board_world.district_x_staff.username)
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_selector("[data-chart=suggestions][data-drawn='1'] canvas", timeout=20000)
    assert page.locator(".report-chart canvas").count() == page.locator(".report-chart").count() >= 3
    page.screenshot(path=str(screenshot_dir / "reports-dashboard.png"), full_page=True)
    assert console == [] and elsewhere == []

    data = json.loads(page.locator("#report-charts").text_content())
    chart = next(c for c in data["charts"] if c["id"] == "suggestions")
    series = next(s for s in chart["series"] if s["key"] == "suggestions.proposed")
    index = chart["towns"].index(board_world.a.town.name)
    value = series["data"][index]
    assert value >= 3
    # Where ECharts drew that bar (its middle), in page coordinates.
    point = page.evaluate(
        """([series, index]) => {
            const el = document.querySelector('[data-chart=suggestions]');
            el.scrollIntoView({block: 'center'});
            const chart = echarts.getInstanceByDom(el);
            const bar = chart.getModel().getSeriesByIndex(series).getData().getItemLayout(index);
            const box = el.getBoundingClientRect();
            return [box.left + bar.x + bar.width / 2, box.top + bar.y + bar.height / 2];
        }""",
        [chart["series"].index(series), index],
    )
    page.mouse.click(point[0], point[1])
    page.wait_for_url(re.compile(r"/suggestions/\?"))
    page.wait_for_load_state("networkidle")
    assert f"town={board_world.a.town.pk}" in page.url and "state=proposed" in page.url
    rows = page.locator("table tbody tr").filter(has_not_text="没有符合条件的建议")
    assert rows.count() == value
