"""The main registry flow in a real browser (Debian's Chromium): town staff log in, open the registry
pages, import a roster file and see its rows."""

from __future__ import annotations

import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import Workbook

from browser import browser_login
from factories import build_world

pytestmark = pytest.mark.browser


def _units_file(path) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "类型", "联系人", "联系电话"])
    ws.append(["平望镇自然资源所", "基层站所", "吴所长", "0512-63000001"])
    ws.append(["区住建局", "区级部门", "陆科长", "0512-63000002"])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def test_town_staff_browse_registry_and_import_a_roster(
    page, live_server, transactional_db, tmp_path, screenshot_dir
):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
    staff = world.a.users["town_staff"]
    browser_login(page, live_server, staff.username)

    # Lands on the town page with its coverage checks.
    assert page.locator("h1").first.inner_text().startswith(world.a.town.name)
    assert page.get_by_test_id("gap-count").is_visible()

    page.goto(f"{live_server.url}/registry/mandates/")
    assert page.get_by_role("link", name=world.a.objects["registry.person"].name).is_visible()
    assert world.b.objects["registry.person"].name not in page.content()

    page.goto(f"{live_server.url}/registry/roster/import/")
    page.select_option("select[name=kind]", label="承办单位")
    page.set_input_files("input[type=file]", _units_file(tmp_path / "units.xlsx"))
    page.get_by_role("button", name="检查并导入").click()
    page.wait_for_load_state("networkidle")
    assert "导入成功" in page.content() or "已导入" in page.content()

    page.goto(f"{live_server.url}/registry/handling-units/?q=自然资源所")
    assert page.get_by_role("link", name="平望镇自然资源所").is_visible()
    page.goto(f"{live_server.url}/registry/handling-units/")
    assert page.get_by_role("link", name="区住建局").is_visible()
    page.screenshot(path=str(screenshot_dir / "registry-handling-units.png"), full_page=True)

    # A phone-sized screen still shows the list and the collapsed navigation.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/registry/mandates/")
    assert page.locator(".navbar-toggler").is_visible()
    page.screenshot(path=str(screenshot_dir / "registry-mandates-phone.png"), full_page=True)
