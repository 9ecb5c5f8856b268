"""The report pages at district level (issue 14): district staff open the whole district with a row per town and
the totals; every count links to the list that shows exactly that many; the state buckets do not overlap."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from docx import Document
from openpyxl import load_workbook

from factories import make_town
from renda.suggestions import services
from suggestions.helpers import drive, make_suggestion, on

YEAR = 2026
DAY = dt.date(YEAR, 3, 2)


def _work(tw, n_closed: int) -> None:
    """Suggestions of one town in every state bucket, through the services; one key, one not accepted."""
    staff = tw.users["town_staff"]
    make_suggestion(tw, "关于增设公交站台的建议", "镇区缺少公交站台")  # submitted, waiting for review
    s = make_suggestion(tw, "关于设立农贸市场的建议", "建议设立")
    with scopes_disabled():  # test set-up
        services.suggestion_review(suggestion=s, accept=False, reason="personal", actor=staff)
    drive(tw, make_suggestion(tw, "关于修缮村级道路的建议", "村道破损"), "accepted")
    key = drive(tw, make_suggestion(tw, "关于整治河道的建议", "河道淤塞"), "assigned")
    with scopes_disabled():  # test set-up
        services.suggestion_key_set(
            suggestion=key, is_key=True, supervisors=[tw.objects["registry.person"]], actor=staff
        )
    drive(
        tw,
        make_suggestion(tw, "关于增设路灯的建议", "村道夜间无照明"),
        "replied",
        outcome="B",
        planned=dt.date(YEAR, 9, 1),
    )
    for i in range(n_closed):
        drive(tw, make_suggestion(tw, f"关于改造老旧小区的建议{i}", "小区设施陈旧"), "closed")


def _count(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page"].paginator.count


def _figures(report):
    yield from report.totals + report.replies + report.by_class + report.satisfaction + report.key
    for row in [*report.towns, *([report.district_total] if report.district_total else [])]:
        yield from [row.total, *row.buckets, *row.replies, *row.key]


def _assert_links(client, report) -> int:
    checked = 0
    for f in _figures(report):
        if f.link and isinstance(f.value, int) and "（%）" not in f.label:
            assert _count(client, f.link) == f.value, (f.label, f.link)
            checked += 1
    for u in report.units:
        assert _count(client, u.link) == u.assigned, u.name
        assert _count(client, u.replied_link) == u.replied, u.name
        checked += 2
    return checked


@pytest.fixture
def district(world):
    with on(DAY):
        _work(world.a, 2)
        _work(world.b, 1)
    return world


def test_district_staff_see_the_district_with_a_row_per_town(client, district):
    world = district
    client.force_login(world.district_x_staff)
    with on(DAY):
        response = client.get("/suggestions/report/", {"year": YEAR})
        report = response.context["report"]
        assert report.town is None
        assert {r.town.pk for r in report.towns} == {world.a.town.pk, world.b.town.pk}
        html = response.content.decode()
        assert world.a.town.name in html and world.b.town.name in html and world.x.name in html
        # The state buckets are disjoint: they add up to the total, for each town and for the district.
        for row in [*report.towns, report.district_total]:
            assert sum(f.value for f in row.buckets) == row.total.value
        assert sum(r.total.value for r in report.towns) == report.district_total.total.value
        assert report.totals[0].value == report.district_total.total.value
        assert sum(f.value for f in report.totals[1:]) == report.totals[0].value
        closed = {r.town.pk: r.buckets[-1].value for r in report.towns}
        assert closed[world.a.town.pk] - closed[world.b.town.pk] == 1
        assert _assert_links(client, report) >= 30


def test_town_staff_keep_their_town(client, district):
    world = district
    client.force_login(world.a.users["town_staff"])
    with on(DAY):
        response = client.get("/suggestions/report/", {"year": YEAR})
        report = response.context["report"]
        assert report.town == world.a.town and report.towns == []
        assert sum(f.value for f in report.totals[1:]) == report.totals[0].value
        assert _assert_links(client, report) >= 15
        assert world.b.town.name not in response.content.decode()


def test_district_staff_may_pick_one_town(client, district):
    world = district
    client.force_login(world.district_x_staff)
    with on(DAY):
        report = client.get("/suggestions/report/", {"year": YEAR, "town": world.b.town.pk}).context["report"]
        assert report.town == world.b.town and report.towns == []
        _assert_links(client, report)


def test_the_downloads_follow_the_choice(client, district):
    world = district
    client.force_login(world.district_x_staff)
    with on(DAY):
        report = client.get("/suggestions/report/", {"year": YEAR}).context["report"]
        docx = client.get("/suggestions/report.docx", {"year": YEAR})
        xlsx = client.get("/suggestions/report.xlsx", {"year": YEAR})
        one = client.get("/suggestions/report.xlsx", {"year": YEAR, "town": world.a.town.pk})
    assert world.x.name in docx["Content-Disposition"] or "filename*" in docx["Content-Disposition"]
    cells = [[c.text for c in r.cells] for t in Document(io.BytesIO(docx.getvalue())).tables for r in t.rows]
    by_town = {r[0]: r for r in cells if r and r[0] in (world.a.town.name, world.b.town.name, "合计")}
    assert set(by_town) == {world.a.town.name, world.b.town.name, "合计"}
    assert by_town["合计"][1] == str(report.district_total.total.value)
    sheet = load_workbook(io.BytesIO(xlsx.getvalue()))["各镇（街道）"]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    for row in report.towns:
        assert rows[row.town.name][1] == row.total.value
    assert rows["合计"][1] == report.district_total.total.value
    assert "各镇（街道）" not in load_workbook(io.BytesIO(one.getvalue())).sheetnames


def test_key_supervision_opens_on_the_district(client, district):
    world = district
    client.force_login(world.district_x_staff)
    with on(DAY):
        response = client.get("/suggestions/key/", {"year": YEAR})
        ctx = response.context
        assert ctx["town"] is None
        assert {s.town_id for s in ctx["items"]} == {world.a.town.pk, world.b.town.pk}
        assert ctx["n_key"] == sum(r.key[0].value for r in ctx["report"].towns)
        assert 'data-testid="notice-issue"' not in response.content.decode()
        for row in [*ctx["report"].towns, ctx["report"].district_total]:
            for f in row.key:
                if f.link and isinstance(f.value, int) and "（%）" not in f.label:
                    assert _count(client, f.link) == f.value, f.label
        one = client.get("/suggestions/key/", {"year": YEAR, "town": world.a.town.pk})
        assert one.context["town"] == world.a.town
        assert 'data-testid="notice-issue"' in one.content.decode()


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/suggestions/report/", "/suggestions/key/"])
def test_district_report_query_count_does_not_grow_with_towns_or_rows(client, world, url):
    client.force_login(world.district_x_staff)
    with on(DAY):
        _work(world.a, 1)
        _queries(client, url, {"year": YEAR})  # warm the caches (grants, figures)
        before = _queries(client, url, {"year": YEAR})
        with scopes_disabled():  # test set-up: a third town in district X, with its work
            third = make_town(world.x, "320509106000", "震泽镇")
        from factories import build_town_world

        with scopes_disabled():  # test set-up
            tw = build_town_world(third)
        _work(tw, 3)
        _work(world.b, 2)
        _queries(client, url, {"year": YEAR})
        after = _queries(client, url, {"year": YEAR})
        assert len(client.get(url, {"year": YEAR}).context["report"].towns) == 3
    assert after == before
