"""On a 390×844 phone: a deputy, a town clerk, a unit clerk, the petitions office and a citizen open their
lists and forms. In each page, computed by the browser: no sideways scrolling (the document and every
scrolling box), every visible tap target (links, buttons, radio buttons and checkboxes with their labels)
at least 44 px high, and text in lists, labels and badges at least 16 px. Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.core.actors import SYSTEM
from renda.receptions import services as rs
from renda.registry import services as reg
from renda.registry.enums import Level
from suggestions.helpers import make_suggestion, second_deputy

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
LONG_TITLE = "关于在平望镇中心小学门口增设人行横道、交通信号灯和上下学时段临时停车区以保障学生安全的建议"

# Measured in the page: what overflows sideways, which tap targets are under 44 px, which texts under 16 px.
MEASURE = """() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
    }
    return true;
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || el.value || "").trim().slice(0, 30)}"`;
  const out = { width: innerWidth, scrollWidth: document.documentElement.scrollWidth, boxes: [], taps: [], fonts: [], cards: 0 };
  document.querySelectorAll("body *").forEach((el) => {
    const x = getComputedStyle(el).overflowX;
    if ((x === "auto" || x === "scroll") && shown(el) && el.scrollWidth > el.clientWidth + 1)
      out.boxes.push(`${name(el)} ${el.scrollWidth}>${el.clientWidth}`);
  });
  const tapHeight = (el) => {
    let h = el.getBoundingClientRect().height;
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      const label = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (label && shown(label)) h = Math.max(h, label.getBoundingClientRect().height);
    }
    return h;
  };
  document.querySelectorAll("a[href], button, input[type=checkbox], input[type=radio], label[for]").forEach((el) => {
    if (el.matches("label[for]")) {
      const target = document.getElementById(el.htmlFor);
      if (!target || !target.matches("input[type=checkbox], input[type=radio]")) return;
    }
    if (!shown(el)) return;
    const h = tapHeight(el);
    if (h < 44) out.taps.push(`${name(el)} ${h.toFixed(1)}px`);
  });
  const texts = "main table *, main .list-group *, main .list-group-item, main ul li, label, legend, .form-label, .form-text, .badge, .picker *";
  document.querySelectorAll(texts).forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shown(el)) return;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) out.fonts.push(`${name(el)} ${size}px`);
  });
  document.querySelectorAll("table.table-cards tbody tr").forEach((tr) => {
    if (getComputedStyle(tr).display === "flex") out.cards += 1;
  });
  return out;
}"""


def _check(page, shot: str) -> dict:
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"phone-{shot}.png"), full_page=True)
    m = page.evaluate(MEASURE)
    where = f"{shot} ({page.url})"
    assert m["scrollWidth"] <= m["width"], f"{where}: the page scrolls sideways ({m['scrollWidth']}px)"
    assert not m["boxes"], f"{where}: boxes scroll sideways: {m['boxes']}"
    assert not m["taps"], f"{where}: tap targets under 44 px: {m['taps']}"
    assert not m["fonts"], f"{where}: text under 16 px: {m['fonts']}"
    return m


def _cards_show(page, labels: list[str]) -> None:
    """The first card of the list shows its title in full and each named cell inside the screen."""
    row = page.locator("table.table-cards tbody tr").first
    for label in labels:
        cell = row.locator(f'td[data-label="{label}"]')
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], label
        assert cell.is_visible(), label


@pytest.fixture
def phone_world(transactional_db):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        tw = world.a
        names = ["李一", "王二", "赵三", "钱四", "孙五", "周六"]
        deputies = [second_deputy(tw, name)[0] for name in names]
        for i, p in enumerate(deputies):
            if i % 3 == 0:  # three seats a district
                ed = reg.electoral_district_create(
                    town=tw.town,
                    data={
                        "term": tw.objects["registry.term"],
                        "number": 2 + i // 3,
                        "name": f"第{i}选区",
                        "seats": 3,
                    },
                    actor=SYSTEM,
                )
            reg.mandate_create(
                town=tw.town,
                data={
                    "person": p,
                    "level": Level.TOWN,
                    "electoral_district": ed,
                    "start_date": dt.date(2022, 1, 1),
                },
                actor=SYSTEM,
            )
        rs.reception_day_publish(day=tw.objects["receptions.receptionday"], actor=tw.users["town_staff"])
    make_suggestion(tw, title=LONG_TITLE, signers=[tw.objects["registry.person"], deputies[0]])
    return world


def test_lists_and_forms_fit_a_phone(page, live_server, phone_world):
    tw = phone_world.a
    page.set_viewport_size(PHONE)
    url = live_server.url

    # The deputy: the start page, their suggestions, a new one with co-signers picked by thumb, their duty.
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{url}/")
    _check(page, "deputy-home")
    assert (
        page.get_by_test_id("waiting-receptions.duty").locator("[data-testid=waiting-count]").inner_text()
        == "1"
    )
    page.goto(f"{url}/suggestions/")
    m = _check(page, "deputy-suggestions")
    assert m["cards"] >= 2
    assert page.get_by_text(LONG_TITLE).is_visible()  # the title in full, not cut off
    _cards_show(page, ["状态", "期限"])
    page.goto(f"{url}/suggestions/new/")
    picker = page.get_by_test_id("picker")
    assert page.locator("#id_co_signers").is_hidden()  # the select stays in the form, the picker shows
    picker.locator("input.picker-filter").fill("赵")
    assert picker.locator(".picker-row:visible").count() == 1
    picker.locator(".picker-row:visible").click()
    picker.locator("input.picker-filter").fill("")
    picker.locator(".picker-row", has_text="李一").click()
    assert picker.locator(".picker-chip").count() == 2
    _check(page, "deputy-suggestion-new")
    picker.locator(".picker-chip", has_text="李一").click()  # a chip removes its choice
    chosen = page.eval_on_selector("#id_co_signers", "s => Array.from(s.selectedOptions).map(o => o.text)")
    assert [t.split("（")[0] for t in chosen] == ["赵三"]  # the label adds village and level for namesakes
    page.goto(f"{url}/receptions/?mine=1")
    _check(page, "deputy-reception-days")
    page.goto(f"{url}/congress/sessions/")
    _check(page, "deputy-sessions")

    # The town clerk: suggestions, appeals, the roster, a roll call, a reception day's record.
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["town_staff"].username)
    page.goto(f"{url}/suggestions/")
    _check(page, "clerk-suggestions")
    _cards_show(page, ["状态", "期限"])
    page.goto(f"{url}/receptions/appeals/")
    _check(page, "clerk-appeals")
    page.goto(f"{url}/registry/persons/")
    _check(page, "clerk-persons")
    page.goto(f"{url}/congress/sessions/{tw.objects['congress.session'].pk}/rollcall/")
    _check(page, "clerk-rollcall")
    page.goto(f"{url}/inbox/")
    _check(page, "clerk-inbox")

    # The unit clerk (承办单位) and the petitions office (信访办): their lists.
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["unit_clerk"].username)
    page.goto(f"{url}/suggestions/?role=unit")
    _check(page, "unit-suggestions")
    page.context.clear_cookies()
    browser_login(page, live_server, tw.users["petitions"].username)
    page.goto(f"{url}/receptions/appeals/due/")
    _check(page, "petitions-due")

    # A citizen, not logged in: the portal's towns, a town's reception days, the appeal form, tracking.
    page.context.clear_cookies()
    page.goto(f"{url}/p/")
    _check(page, "portal-index")
    page.goto(f"{url}/p/town/?code={tw.town.code}")
    _check(page, "portal-town")
    page.goto(f"{url}/p/appeal/?town={tw.town.code}")
    _check(page, "portal-appeal")
    assert page.locator("#id_citizen_phone").get_attribute("type") == "tel"
    page.goto(f"{url}/p/track/")
    _check(page, "portal-track")
