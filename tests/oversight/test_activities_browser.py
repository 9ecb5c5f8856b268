"""A deputy on a phone: the activity notice in the inbox, the activity's page, answering attend; once the
staff have recorded the activity, the deputy sees it among their activities with their attendance, and on their
record (我的履职档案, from the nav)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from browser import browser_login, nav_follow
from factories import build_world
from renda.oversight.enums import InvitationReply
from renda.oversight.models import Invitation
from renda.oversight.services import activities as acts

pytestmark = pytest.mark.browser


def test_deputy_answers_an_activity_notice_on_a_phone(page, live_server, transactional_db, screenshot_dir):
    with scopes_disabled():  # test set-up across towns
        world = build_world()
        tw = world.a
        staff, person = tw.users["town_staff"], tw.objects["registry.person"]
        activity = acts.activity_create(
            town=tw.town,
            data={"kind": "enforcement", "topic": "消防隐患执法检查", "place": "镇区群租房", "organiser": "镇人大主席团",
                  "start_date": timezone.localdate() + dt.timedelta(days=3)},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=activity, persons=[person], actor=staff)
        acts.activity_publish(activity=activity, actor=staff)  # 3 days ahead: the notice goes out now
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, tw.users["deputy"].username)
    page.goto(f"{live_server.url}/inbox/")
    notice = page.get_by_test_id("notification").filter(has_text="消防隐患执法检查")
    notice.get_by_role("button", name="查看事项").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("my-reply").inner_text() == "未答复"
    page.get_by_test_id("reply-attend").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("my-reply").inner_text() == "参加"
    page.screenshot(path=str(screenshot_dir / "oversight-activity-reply-phone.png"), full_page=True)
    with scopes_disabled():  # test reads and the staff's record of the day
        assert Invitation.objects.get(activity=activity, person=person).reply == InvitationReply.ATTEND
        acts.activity_update(activity=activity, data={"start_date": timezone.localdate(),
                                                      "end_date": timezone.localdate()}, actor=staff)  # fmt: skip
        acts.activity_hold(activity=activity, attended=[person], summary="检查群租房 30 户", actor=staff)
    page.goto(f"{live_server.url}/oversight/activities/?mine=1")
    row = page.get_by_test_id("activity-list").locator("tbody tr").filter(has_text="消防隐患执法检查")
    assert "已开展" in row.inner_text()
    row.get_by_role("link", name="消防隐患执法检查").click()
    page.wait_for_load_state("networkidle")
    assert "实际出席：是" in page.get_by_test_id("my-invitation").inner_text().replace(" ", "")
    # Later, from the nav (collapsed on the phone): their record lists the activity they attended.
    nav_follow(page, "履职与考核", "我的履职档案")
    page.wait_for_load_state("networkidle")
    record = page.get_by_test_id("kind-oversight.attended")
    assert "消防隐患执法检查" in record.inner_text() and "执法检查" in record.inner_text()
    page.screenshot(path=str(screenshot_dir / "oversight-deputy-record-phone.png"), full_page=True)
    record.get_by_role("link").filter(has_text="消防隐患执法检查").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(activity.get_absolute_url())
