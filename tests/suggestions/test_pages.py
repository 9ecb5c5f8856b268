from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from renda.suggestions.models import State, Suggestion
from suggestions.helpers import drive, make_suggestion, pdf


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["town_staff", "deputy", "unit_clerk"])
def test_list_page_uses_a_fixed_number_of_queries(client, world, role):
    tw = world.a
    client.force_login(tw.users[role])
    few = _count(client, "/suggestions/")
    for i in range(6):
        drive(tw, make_suggestion(tw, f"建议{i}", "内容"), "assigned")
    many = _count(client, "/suggestions/")
    assert few == many


def test_pages_walk_a_suggestion(client, world):
    tw = world.a
    staff, clerk, deputy = tw.users["town_staff"], tw.users["unit_clerk"], tw.users["deputy"]
    unit = tw.objects["registry.handlingunit"]
    person = tw.objects["registry.person"]

    client.force_login(deputy)
    # While typing: the town's similar suggestions of the year (the world has one about the river).
    r = client.get(
        "/suggestions/similar/", {"title": "关于清理河道垃圾的建议", "content": "一村河道垃圾较多需要清理"}
    )
    assert "关于整治河道环境的建议" in r.content.decode()
    r = client.get("/suggestions/similar/", {"title": "增开校车", "content": "学生上学路途远"})
    assert "关于整治河道环境的建议" not in r.content.decode()
    r = client.post(
        "/suggestions/new/",
        {
            "title": "关于修建停车场的建议",
            "kind": "suggestion",
            "channel": "activity",
            "content": "镇区停车难，建议修建公共停车场。",
            "lead": person.pk,
            "submit": "on",
            "attachment": pdf("照片.pdf"),
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    with scopes_disabled():  # reading back in a test
        s = Suggestion.unscoped.get(title="关于修建停车场的建议")
        assert s.state == State.SUBMITTED and s.attachments.count() == 1 and not s.on_behalf

    client.force_login(staff)
    page = client.get(s.get_absolute_url()).content.decode()
    assert "保存审查结果" in page
    client.post(f"/suggestions/{s.pk}/review/", {"accept": "1", "version": s.version + 1})
    r = client.get(s.get_absolute_url())
    assert "请刷新后重试" in r.content.decode()
    client.post(f"/suggestions/{s.pk}/review/", {"accept": "1"})
    client.post(f"/suggestions/{s.pk}/assign/", {"lead_unit": unit.pk})
    r = client.post(f"/suggestions/{s.pk}/assign/", {"lead_unit": unit.pk}, follow=True)
    assert "不能进行此操作" in r.content.decode()

    client.force_login(clerk)
    assert "签收" in client.get(s.get_absolute_url()).content.decode()
    client.post(f"/suggestions/{s.pk}/sign/")
    r = client.post(
        f"/suggestions/{s.pk}/reply/", {"outcome_class": "A", "text": "已修建", "letter": pdf()}, follow=True
    )
    assert "答复前须先与代表联系沟通并记录" in r.content.decode()
    client.post(
        f"/suggestions/{s.pk}/contact/", {"date": "2026-01-05", "way": "visit", "summary": "上门沟通"}
    )
    r = client.post(
        f"/suggestions/{s.pk}/reply/", {"outcome_class": "A", "text": "已修建", "letter": pdf()}, follow=True
    )
    assert "已答复" in r.content.decode()

    client.force_login(deputy)
    assert "对答复的评价" in client.get(s.get_absolute_url()).content.decode()
    client.post(f"/suggestions/{s.pk}/feedback/", {"work_score": "satisfied", "result_score": "satisfied"})
    with scopes_disabled():  # reading back in a test
        s.refresh_from_db()
    assert s.state == State.CLOSED

    # Another town's deputy: 404 on the page and on its steps.
    client.force_login(world.b.users["deputy"])
    assert client.get(s.get_absolute_url()).status_code == 404
    assert (
        client.post(
            f"/suggestions/{s.pk}/feedback/", {"work_score": "satisfied", "result_score": "satisfied"}
        ).status_code
        == 404
    )

    client.force_login(staff)
    for url in [
        "/suggestions/key/",
        "/suggestions/report/",
        "/suggestions/new/",
        f"/suggestions/?state={State.CLOSED}",
    ]:
        assert client.get(url).status_code == 200, url
