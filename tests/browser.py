"""Helpers for the real-browser tests (import from here; fixtures live in conftest)."""

import re

from playwright.sync_api import expect

from conftest import browser_login  # noqa: F401


def nav_follow(page, group: str, label: str) -> None:
    """Follow the navigation link `label` under the menu `group`, on a phone (collapsed navbar) or not.

    On a loaded machine a click on the menu can land while the collapsed navbar is still animating open and the
    menu does not open; so wait for the navbar to be shown, and open the menu again (up to three times) until
    the link is visible, instead of waiting once for 30 s on a menu that stayed closed."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        if "show" not in (page.locator("#nav").get_attribute("class") or ""):
            toggler.click()
        expect(page.locator("#nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    link = page.locator("#nav").get_by_role("link", name=label, exact=True)
    menu = page.locator("#nav .dropdown-toggle").filter(has_text=group)
    for _ in range(3 if menu.count() else 0):  # a group of one link is shown as the link itself
        if not link.is_visible():
            menu.click()
        try:
            link.wait_for(state="visible", timeout=5000)
            break
        except Exception:  # the menu did not open: open it again
            continue
    link.click()
