"""A deputy sees a deadline reminder in the inbox, in a real browser."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django_scopes import scopes_disabled

from browser import browser_login
from factories import build_world
from renda.core.deadlines.models import Clock
from renda.core.deadlines.services import clock_start
from renda.core.deadlines.sweep import deadlines_sweep
from renda.core.notifications.models import Notification

# Playwright's sync API runs an event loop in the test thread; the ORM work around it (set-up, the database
# flush at teardown) is plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.browser
def test_deputy_sees_reminders_in_the_inbox(transactional_db, live_server, page, screenshot_dir):
    with scopes_disabled():
        world = build_world()
        # Only this test's messages: other modules' world builders leave clocks and notifications too.
        Clock.objects.update(next_reminder_on=None)
        Notification.objects.all().delete()
        a = world.a
        clock_start(
            subject=a.objects["registry.village"],
            kind="suggestion.reply",
            start_date=dt.date(2026, 3, 2),
            actor=a.users["town_staff"],
            unit=a.objects["registry.handlingunit"],
            person=a.objects["registry.person"],
            link="/",
        )
        clock_start(
            subject=a.objects["registry.person"],
            kind="activity.notice",
            start_date=dt.date(2026, 3, 2),
            actor=a.users["town_staff"],
            person=a.objects["registry.person"],
        )
        result = deadlines_sweep(today=dt.date(2026, 6, 3))
    assert result.reminders > 0
    browser_login(page, live_server, a.users["deputy"].username)
    assert page.locator("[data-testid=inbox-unread]").text_content().strip().startswith("2")
    page.locator("[data-testid=inbox-link]").click()
    page.wait_for_load_state("networkidle")
    items = page.locator("[data-testid=notification]")
    assert items.count() == 2
    texts = items.all_inner_texts()
    assert any("【已超期】建议答复：平望镇一村" in t for t in texts)
    assert any("【活动通知】张" in t for t in texts)
    page.screenshot(path=str(screenshot_dir / "inbox-deputy.png"), full_page=True)
    page.get_by_role("button", name="标为已读", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=inbox-unread]").text_content().strip().startswith("1")
