"""The campaign pages: the district's staff create (bad input shown, nothing saved) and launch; a town's staff
report on a phone-sized form; the board (each town's row for the district, a town's own row and the totals for
its staff; every figure equal to the count of the list it links to); the XLSX; fixed query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from renda.campaigns import services
from renda.campaigns.models import Campaign, TownTask
from renda.oversight import services as oversight

from .helpers import held_activity, launched, on, third_town

DAY = dt.date(2026, 7, 6)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _count(client, url) -> int:
    client.get(url)  # the shared cache warmed (grants, inbox count) after the set-up changed them
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _reported(world, tw, campaign, day, findings, items=0):
    """The town holds its activity on `day`, reports it, and the activity raises `items` rectification items."""
    staff = tw.users["town_staff"]
    activity = held_activity(tw.town, staff, tw.objects["registry.person"], day)
    with on(day, 11), scopes_disabled():
        task = TownTask.objects.get(campaign=campaign, town=tw.town)
        services.town_task_report(task=task, activity=activity, findings=findings, actor=staff)
        made = [
            oversight.rectification_item_create(
                town=tw.town,
                title=f"整改{i}",
                unit=tw.objects["registry.handlingunit"],
                activity=activity,
                actor=staff,
            )
            for i in range(items)
        ]
    return activity, made


def test_create_and_launch_by_page(client, world):
    client.force_login(world.a.users["town_staff"])
    assert client.get("/campaigns/new/").status_code == 403
    staff = world.district_x_staff
    client.force_login(staff)
    with scopes_disabled():
        before = Campaign.objects.count()
    with on(DAY):
        form = client.get("/campaigns/new/")
        assert form.status_code == 200
        assert set(form.context["form"].initial["towns"]) == {world.a.town.pk, world.b.town.pk}
        bad = client.post(
            "/campaigns/new/", {"title": "331消防", "followup_days": "0", "towns": [world.a.town.pk]}
        )
        assert bad.status_code == 200
        assert "跟进期限至少为 1 天" in bad.content.decode()
        assert bad.context["form"]["title"].value() == "331消防"
        none = client.post("/campaigns/new/", {"title": "331消防", "followup_days": "7"})
        assert none.status_code == 200 and "请至少选择一个镇（街道）" in none.content.decode()
        with scopes_disabled():
            assert Campaign.objects.count() == before
        ok = client.post(
            "/campaigns/new/",
            {
                "title": "331消防",
                "followup_days": "7",
                "towns": [world.a.town.pk, world.b.town.pk],
                "required_kinds": ["inspection"],
                "categories": "群租房、电动车室内充电",
            },
        )
        assert ok.status_code == 302, ok.content.decode()[:2000]
        with scopes_disabled():
            c = Campaign.objects.order_by("-id").first()
        assert (c.categories, c.required_kinds) == (["群租房", "电动车室内充电"], ["inspection"])
        page = client.get(c.get_absolute_url())
        assert 'data-testid="launch"' in page.content.decode()
        # A town's staff cannot see a draft.
        client.force_login(world.a.users["town_staff"])
        assert client.get(c.get_absolute_url()).status_code == 404
        client.force_login(staff)
        r = client.post(f"/campaigns/{c.pk}/launch/", {"version": c.version}, follow=True)
        assert "已部署专项督查，已通知各镇（街道）" in _messages(r)
        again = client.post(f"/campaigns/{c.pk}/launch/", {"version": c.version}, follow=True)
        assert any("请刷新后重试" in m for m in _messages(again))
    with scopes_disabled():
        assert TownTask.objects.filter(campaign=c).count() == 2
    # Town staff may see the launched campaign but not launch or close it.
    client.force_login(world.a.users["town_staff"])
    r = client.post(f"/campaigns/{c.pk}/close/", {}, follow=True)
    assert any("无权" in m for m in _messages(r))
    with scopes_disabled():
        assert Campaign.objects.get(pk=c.pk).state == "launched"


def test_town_reports_on_the_page(client, world):
    a = world.a
    staff = a.users["town_staff"]
    c = launched(world, [a.town, world.b.town], DAY)
    activity = held_activity(a.town, staff, a.objects["registry.person"], DAY + dt.timedelta(days=1))
    with scopes_disabled():
        task = TownTask.objects.get(campaign=c, town=a.town)
        task_b = TownTask.objects.get(campaign=c, town=world.b.town)
    client.force_login(staff)
    assert client.get(task_b.get_absolute_url()).status_code == 404
    assert client.post(f"/campaigns/tasks/{task_b.pk}/report/", {}).status_code == 404
    url = f"/campaigns/tasks/{task.pk}/report/"
    with on(DAY + dt.timedelta(days=2)):
        page = client.get(task.get_absolute_url())
        assert 'data-testid="report-form"' in page.content.decode()
        bad = client.post(url, {"version": task.version, "finding_0": "4", "note": "排查二村"})
        assert bad.status_code == 200
        assert bad.context["form"]["finding_0"].value() == "4"
        assert bad.context["form"].errors["activity"]
        ok = client.post(
            url, {"version": task.version, "activity": activity.pk, "finding_0": "4", "finding_1": "2"}
        )
        assert ok.status_code == 302
        assert "已报送跟进情况（按时完成）" in _messages(ok)
    with scopes_disabled():
        task.refresh_from_db()
    assert (task.state, task.findings, task.on_time) == ("done", {"群租房": 4, "电动车室内充电": 2}, True)
    with scopes_disabled():
        services.campaign_close(campaign=c, actor=world.district_x_staff)
    client.force_login(world.b.users["town_staff"])
    late = client.post(f"/campaigns/tasks/{task_b.pk}/report/", {"activity": activity.pk, "version": 1})
    assert late.status_code == 200  # the page again with the reason; nothing saved
    with scopes_disabled():
        task_b.refresh_from_db()
    assert task_b.state == "open"


def test_board_figures_equal_the_lists(client, world):
    a, b = world.a, world.b
    c = launched(world, [a.town, b.town], DAY)
    _act_a, items_a = _reported(world, a, c, DAY + dt.timedelta(days=1), {"群租房": 3}, items=3)
    _act_b, _items_b = _reported(world, b, c, DAY + dt.timedelta(days=9), {"电动车室内充电": 2}, items=2)
    with on(DAY + dt.timedelta(days=10)), scopes_disabled():
        closing = items_a[0]
        oversight.rectification_report_add(
            item=closing, kind="completion", text="已整改", actor=a.users["town_staff"]
        )
        oversight.rectification_item_accept(item=closing, actor=a.users["town_staff"])
    later = DAY + dt.timedelta(days=80)  # the two months of the others have passed
    with on(later):
        client.force_login(world.district_x_staff)
        board = client.get(c.get_absolute_url()).context["board"]
        rows = {r.task.town_id: r for r in board.rows}
        assert [(r.standing, r.raised, r.closed, r.overdue) for r in board.rows] == [
            ("on_time", 3, 1, 2),
            ("late", 2, 0, 2),
        ]
        for row in rows.values():
            for key in ("raised", "closed", "overdue"):
                listed = client.get(row.links[key])
                assert listed.status_code == 200
                assert len(listed.context["rows"]) == getattr(row, key), (row.task.town, key)
                api = client.get("/api/v1/oversight/items?" + row.links[key].split("?", 1)[1])
                assert api.json()["count"] == getattr(row, key)
        assert (board.totals["raised"], board.totals["closed"], board.totals["overdue"]) == (5, 1, 4)
        assert board.totals["findings"] == [3, 2]

        # A town's staff: their own row, the district's totals.
        client.force_login(b.users["town_staff"])
        own = client.get(c.get_absolute_url()).context["board"]
        assert [r.task.town_id for r in own.rows] == [b.town.pk]
        assert own.totals == board.totals

        # The XLSX holds the rows the reader may see and the totals.
        client.force_login(world.district_x_staff)
        x = client.get(f"/campaigns/{c.pk}/board.xlsx")
        assert x.status_code == 200
        ws = load_workbook(io.BytesIO(x.content)).active
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        assert values[1][:5] == ["镇（街道）", "完成情况", "跟进期限", "完成日期", "跟进活动"]
        assert [v[0] for v in values[2:4]] == [a.town.name, b.town.name]
        assert [v[1] for v in values[2:4]] == ["按时完成", "逾期完成"]
        assert values[2][5:] == [3, 0, 3, 1, 2]
        assert values[4][5:] == [3, 2, 5, 1, 4]


@pytest.mark.parametrize("who", ["district", "town_staff"])
def test_pages_use_a_fixed_number_of_queries(client, world, who):
    user = world.district_x_staff if who == "district" else world.a.users["town_staff"]
    small = launched(world, [world.a.town], DAY)
    _reported(world, world.a, small, DAY + dt.timedelta(days=1), {"群租房": 1}, items=1)
    client.force_login(user)
    with on(DAY + dt.timedelta(days=1)):
        few = [_count(client, u) for u in ("/campaigns/", "/campaigns/tasks/", small.get_absolute_url())]
    town_c, _staff_c = third_town(world)
    big = launched(world, [world.a.town, world.b.town, town_c], DAY)
    for _i in range(3):
        launched(world, [world.a.town, world.b.town], DAY)
    _reported(world, world.a, big, DAY + dt.timedelta(days=1), {"群租房": 1}, items=2)
    _reported(world, world.b, big, DAY + dt.timedelta(days=1), {"群租房": 1}, items=1)
    with on(DAY + dt.timedelta(days=1)):
        many = [_count(client, u) for u in ("/campaigns/", "/campaigns/tasks/", big.get_absolute_url())]
    assert few == many


def test_waiting_entry_counts_what_the_task_list_shows(client, world):
    from renda.campaigns.waiting import waiting_items

    staff = world.a.users["town_staff"]
    launched(world, [world.a.town, world.b.town], DAY)
    client.force_login(staff)
    with on(DAY + dt.timedelta(days=10)), scopes_disabled():
        entries = {w.code: w for w in waiting_items(user=staff, today=DAY + dt.timedelta(days=10))}
    with on(DAY + dt.timedelta(days=10)):
        for code in ("campaigns.tasks", "campaigns.tasks_late"):
            listed = client.get(entries[code].url)
            assert listed.status_code == 200
            assert len(listed.context["rows"]) == entries[code].count, code
    assert entries["campaigns.tasks_late"].count >= 1
    assert waiting_items(user=world.a.users["deputy"], today=DAY) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_board_xlsx_opens_in_libreoffice_with_the_rows(client, world, tmp_path):
    c = launched(world, [world.a.town, world.b.town], DAY)
    _reported(world, world.a, c, DAY + dt.timedelta(days=1), {"群租房": 7}, items=1)
    client.force_login(world.district_x_staff)
    with on(DAY + dt.timedelta(days=2)):
        data = client.get(f"/campaigns/{c.pk}/board.xlsx").content
    path = tmp_path / "board.xlsx"
    path.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         'csv:Text - txt - csv (StarCalc):44,34,76', "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    rows = list(csv.reader((tmp_path / "board.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "331消防安全隐患专项整治"
    assert [r[0] for r in rows[2:4]] == [world.a.town.name, world.b.town.name]
    assert rows[2][1] == "按时完成" and rows[3][1] == "尚未完成"
    assert rows[2][5:] == ["7", "0", "1", "0", "0"]
    assert rows[4][0].startswith("全区合计")
