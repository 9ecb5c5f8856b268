"""The 工作概况 figures on the town page and the district overview: each figure links to the list behind it
(the list counts the same rows), and both pages use a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from factories import make_town
from renda.receptions import services as rec
from suggestions.helpers import drive, make_suggestion, on

DAY = dt.date(2027, 3, 1)
LATE = dt.date(2027, 7, 15)  # past the reply deadlines of everything started on DAY


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _appeal(tw, content="路灯不亮。"):
    with scopes_disabled():  # test set-up
        return rec.appeal_submit(
            town=tw.town,
            data={
                "content": content,
                "category": "roads",
                "citizen_name": "赵六",
                "citizen_phone": "13900002222",
            },
            actor=tw.users["town_staff"],
        )


def _work(tw, n: int) -> None:
    for i in range(n):
        drive(tw, make_suggestion(tw, f"关于第{i}号村道的建议", "村道破损。"), "assigned")
        _appeal(tw, f"第{i}号诉求")


def _links(html: str, testid: str) -> list[tuple[str, str]]:
    """(href, text) of the links with this data-testid."""
    found = re.findall(rf'<a[^>]*href="([^"]+)"[^>]*data-testid="{testid}"[^>]*>(.*?)</a>', html, re.S)
    return [(unescape(h), re.sub(r"<[^>]+>", "", t).strip()) for h, t in found]


def _list_count(client, href: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    return page.context["page"].paginator.count


def test_town_page_figures_link_to_the_records_behind_them(client, world):
    tw = world.a
    with on(DAY):
        _work(tw, 2)
    with on(LATE):
        client.force_login(tw.users["town_staff"])  # sessions expire: log in on the day
        html = client.get(f"/registry/towns/{tw.town.pk}/").content.decode()
        assert "工作概况" in html
        for testid in [
            "fig-suggestions-year",
            "fig-suggestions-open",
            "fig-suggestions-overdue",
            "fig-appeals-year",
            "fig-appeals-open",
            "fig-appeals-overdue",
        ]:
            [(href, text)] = _links(html, testid)
            assert int(text) == _list_count(client, href), (testid, href)
        [(_href, overdue)] = _links(html, "fig-suggestions-overdue")
        assert int(overdue) >= 2  # the two assigned on DAY are past their reply deadline
        [(_href, overdue)] = _links(html, "fig-appeals-overdue")
        assert int(overdue) >= 2


def test_town_page_figures_are_for_staff_only(client, world):
    tw = world.a
    client.force_login(tw.users["deputy"])
    page = client.get(f"/registry/towns/{tw.town.pk}/")
    assert page.status_code == 200 and "work" not in page.context
    assert 'data-testid="work-figures"' not in page.content.decode()
    client.force_login(world.district_x_staff)
    assert 'data-testid="work-figures"' in client.get(f"/registry/towns/{tw.town.pk}/").content.decode()


def test_due_soon_figure_lists_its_clocks_on_the_page(client, world):
    tw = world.a
    with on(DAY):
        appeal = _appeal(tw)
    with on(appeal.due_date - dt.timedelta(days=1)):
        client.force_login(tw.users["town_staff"])
        page = client.get(f"/registry/towns/{tw.town.pk}/")
        [(href, text)] = _links(page.content.decode(), "fig-clocks-due-soon")
        assert href == "#due-soon"
        assert int(text) == len(page.context["due_soon"]) >= 1
        assert appeal.get_absolute_url() in [c.link for c, _label in page.context["due_soon"]]


def test_town_page_uses_a_fixed_number_of_queries(client, world):
    tw = world.a
    url = f"/registry/towns/{tw.town.pk}/"
    with on(DAY):
        client.force_login(tw.users["town_staff"])
        client.get(url)  # computes and stores the figures
        few = _count(client, url)
        _work(tw, 3)  # marks the town's figures stale
        recomputing = _count(client, url)
        many = _count(client, url)
    assert many == few, few
    # A stale row costs the three counting queries (clocks, suggestions, appeals) and one UPDATE.
    assert recomputing == few + 4


def test_district_overview_shows_work_per_town_with_links(client, world):
    with on(DAY):
        _work(world.a, 1)
    with on(LATE):
        client.force_login(world.district_x_staff)
        html = client.get("/registry/district/").content.decode()
        for testid in [
            "overview-suggestions-open",
            "overview-suggestions-overdue",
            "overview-appeals-open",
            "overview-appeals-overdue",
        ]:
            links = _links(html, testid)
            assert len(links) == 2, testid  # towns A and B of district X
            for href, text in links:
                assert "town=" in href
                assert int(text) == _list_count(client, href), (testid, href)


def test_district_overview_query_count_does_not_grow_with_towns(client, world):
    url = "/registry/district/"
    with on(DAY):
        client.force_login(world.district_x_staff)
        client.get(url)  # computes and stores the figures of both towns
        two = _count(client, url)
        with scopes_disabled():  # test set-up
            extra = [make_town(world.x, f"3205092{i:02d}000", f"新镇{i}") for i in range(10)]
        client.get(url)  # the ten new towns' figures are computed once
        twelve = _count(client, url)
        page = client.get(url)
    assert len(page.context["rows"]) == 12 and extra
    assert twelve == two, two
