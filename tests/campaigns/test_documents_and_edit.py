"""The board's DOCX summary (情况通报) opened in LibreOffice with the towns' rows; the board's chart data; a
draft changed before launch (by page and service), refused once launched or by a town's staff."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled

from helpers import activity_codes, docx_text_by_libreoffice
from renda.campaigns import services
from renda.campaigns.models import TownTask
from renda.core.errors import Conflict

from .helpers import held_activity, launched, on, third_town

DAY = dt.date(2026, 7, 6)


def _report(tw, c, day, findings):
    staff = tw.users["town_staff"]
    activity = held_activity(tw.town, staff, tw.objects["registry.person"], day)
    with on(day, 11), scopes_disabled():
        task = TownTask.objects.get(campaign=c, town=tw.town)
        services.town_task_report(task=task, activity=activity, findings=findings, actor=staff)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_board_docx_opens_in_libreoffice_with_the_rows(client, world, tmp_path):
    town_c, _staff = third_town(world)
    c = launched(world, [world.a.town, world.b.town, town_c], DAY)
    _report(world.a, c, DAY + dt.timedelta(days=2), {"群租房": 6, "电动车室内充电": 4})
    _report(world.b, c, DAY + dt.timedelta(days=9), {"群租房": 1})
    client.force_login(world.district_x_staff)
    with on(DAY + dt.timedelta(days=12)):
        page = client.get(c.get_absolute_url())
        assert 'data-testid="docx"' in page.content.decode()
        chart = page.context["chart"]
        assert chart["towns"] == [world.a.town.name, world.b.town.name, town_c.name]
        assert [s["name"] for s in chart["series"]] == ["群租房", "电动车室内充电"]
        assert chart["series"][0]["data"] == [6, 1, 0]
        with scopes_disabled():
            task_a = TownTask.objects.get(campaign=c, town=world.a.town)
        assert chart["series"][0]["urls"][0] == task_a.get_absolute_url()
        r = client.get(f"/campaigns/{c.pk}/board.docx")
    assert r.status_code == 200 and r["Content-Type"].endswith("wordprocessingml.document")
    text = docx_text_by_libreoffice(r.content, tmp_path)
    assert "吴江区人大常委会办公室" in text
    assert f"情况通报〔2026〕第{c.pk}号" in text
    assert "关于“331消防安全隐患专项整治”各镇（街道）跟进情况的通报" in text
    assert f"按时完成 1 个：{world.a.town.name}" in text
    assert f"逾期完成 1 个：{world.b.town.name}" in text
    assert f"尚未完成 1 个：{town_c.name}" in text
    assert "群租房 7 处；电动车室内充电 4 处" in text
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for town, standing in (
        (world.a.town.name, "按时完成"),
        (world.b.town.name, "逾期完成"),
        (town_c.name, "尚未完成"),
    ):
        i = lines.index(town)
        assert lines[i + 1] == standing, (town, lines[i : i + 3])
    assert "2026年7月18日" in text

    # A town's staff: their own row in the table, the district's totals in the body.
    client.force_login(world.b.users["town_staff"])
    with on(DAY + dt.timedelta(days=12)):
        own = client.get(f"/campaigns/{c.pk}/board.docx")
    text_b = docx_text_by_libreoffice(own.content, tmp_path, "b.docx")
    assert world.b.town.name in text_b and world.a.town.name not in text_b.split("合计")[-1]


def test_draft_edit_by_page_and_service(client, world):
    staff = world.district_x_staff
    with on(DAY), scopes_disabled():
        c = services.campaign_create(district=world.x, data={"title": "263环境整治"}, actor=staff)
    client.force_login(world.a.users["town_staff"])
    assert client.get(f"/campaigns/{c.pk}/edit/").status_code == 404  # a draft is the district's own
    client.force_login(staff)
    with on(DAY):
        form = client.get(f"/campaigns/{c.pk}/edit/")
        assert form.status_code == 200 and form.context["form"]["title"].value() == "263环境整治"
        bad = client.post(
            f"/campaigns/{c.pk}/edit/",
            {
                "version": c.version,
                "title": "263环境整治行动",
                "followup_days": "0",
                "towns": [world.a.town.pk],
            },
        )
        assert bad.status_code == 200 and "跟进期限至少为 1 天" in bad.content.decode()
        ok = client.post(
            f"/campaigns/{c.pk}/edit/",
            {
                "version": c.version,
                "title": "263环境整治行动",
                "followup_days": "10",
                "towns": [world.a.town.pk],
                "categories": "垃圾乱堆、河道污染",
            },
        )
        assert ok.status_code == 302
    with scopes_disabled():
        c.refresh_from_db()
        assert (c.title, c.followup_days, c.categories) == ("263环境整治行动", 10, ["垃圾乱堆", "河道污染"])
        assert list(c.towns.values_list("pk", flat=True)) == [world.a.town.pk]
        with on(DAY):
            with pytest.raises(Conflict):  # the version read before the change
                services.campaign_update(campaign=c, data={"title": "x"}, actor=staff, version=0)
            with pytest.raises(PermissionDenied):
                services.campaign_update(campaign=c, data={"title": "x"}, actor=world.a.users["town_staff"])
            with pytest.raises(ValidationError):
                services.campaign_update(campaign=c, data={"towns": []}, actor=staff)
            services.campaign_launch(campaign=c, actor=staff)
            with pytest.raises(Conflict):
                services.campaign_update(campaign=c, data={"title": "x"}, actor=staff)
        c.refresh_from_db()
        assert c.title == "263环境整治行动"
        assert activity_codes(c) == ["campaign.created", "campaign.updated", "campaign.launched"]


def test_draft_edit_through_the_api(client, world):
    staff = world.district_x_staff
    with on(DAY), scopes_disabled():
        c = services.campaign_create(district=world.x, data={"title": "263环境整治"}, actor=staff)
    url = f"/api/v1/campaigns/campaigns/{c.pk}"
    with on(DAY):
        client.force_login(world.a.users["town_staff"])
        assert client.patch(url, {"title": "x"}, content_type="application/json").status_code == 404
        client.force_login(staff)
        bad = client.patch(url, {"followup_days": 0}, content_type="application/json")
        assert bad.status_code == 422
        other = client.patch(url, {"town_ids": [world.c.town.pk]}, content_type="application/json")
        assert other.status_code == 422
        ok = client.patch(
            url,
            {"title": "263环境整治行动", "town_ids": [world.b.town.pk], "version": 0},
            content_type="application/json",
        )
        assert (
            ok.status_code == 200
            and ok.json()["title"] == "263环境整治行动"
            and ok.json()["towns"] == [world.b.town.pk]
        )
        stale = client.patch(url, {"title": "y", "version": 0}, content_type="application/json")
        assert stale.status_code == 409
        client.post(f"{url}/launch", {}, content_type="application/json")
        assert client.patch(url, {"title": "z"}, content_type="application/json").status_code == 409
