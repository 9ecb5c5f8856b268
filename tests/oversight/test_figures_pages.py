"""The figures per town for the district's staff (issue #15): activities held by type, rectification items open /
overdue / closed / reopened on re-check — every number a link to the list whose count equals it (two towns), in a
fixed number of queries; town staff see their own town's row only; deputies are refused."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from helpers import at
from renda.oversight import services
from renda.oversight.services import activities as acts

URL = "/oversight/figures/?year=2027"
LINK = re.compile(r'<a href="([^"]+)" data-testid="((?:held|items)-(\d+)-(\w+))">(\d+)</a>')


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _held(tw, kind: str, day: dt.date, *, hold: bool = True):
    staff, person = tw.users["town_staff"], tw.objects["registry.person"]
    with scopes_disabled(), at(day.year, day.month, day.day):  # test set-up
        a = acts.activity_create(
            town=tw.town,
            data={"kind": kind, "topic": f"{kind}{day}", "start_date": day, "place": "镇政府", "organiser": "镇人大"},
            actor=staff,
        )  # fmt: skip
        acts.activity_invite(activity=a, persons=[person], actor=staff)
        acts.activity_publish(activity=a, actor=staff)
        if hold:
            acts.activity_hold(activity=a, attended=[person], summary="已开展", actor=staff)


def _items(tw, *, late: int = 1, reopened: int = 1) -> None:
    staff, clerk, unit = tw.users["town_staff"], tw.users["unit_clerk"], tw.objects["registry.handlingunit"]
    with scopes_disabled(), at(2027, 3, 1):  # test set-up: due two months on, overdue by August
        for i in range(late):
            services.rectification_item_create(town=tw.town, title=f"逾期{i}", unit=unit, actor=staff)
        for i in range(reopened):
            item = services.rectification_item_create(town=tw.town, title=f"反弹{i}", unit=unit, actor=staff)
            services.rectification_report_add(item=item, kind="completion", text="已整改", actor=clerk)
            services.rectification_item_accept(item=item, actor=staff)
            services.rectification_item_recheck(item=item, confirmed=False, reason="反弹", actor=staff)
            services.rectification_report_add(item=item, kind="completion", text="再次整改", actor=clerk)
            services.rectification_item_accept(item=item, actor=staff)
    with scopes_disabled(), at(2027, 7, 20):
        services.rectification_item_create(
            town=tw.town, title="新交办", unit=unit, actor=staff
        )  # not yet due


def _links(page: str) -> dict[str, tuple[str, int]]:
    return {m[2]: (html.unescape(m[1]), int(m[5])) for m in LINK.finditer(page)}


def test_every_figure_is_the_count_of_the_list_it_links_to(client, world):
    a, b = world.a, world.b
    _held(a, "enforcement", dt.date(2027, 3, 10))
    _held(a, "enforcement", dt.date(2027, 5, 12))
    _held(a, "inspection", dt.date(2027, 6, 3))
    _held(a, "research", dt.date(2027, 6, 20), hold=False)  # published, not held: not counted
    _held(a, "enforcement", dt.date(2026, 11, 5))  # another year
    _held(b, "inspection", dt.date(2027, 4, 8))
    _items(a)
    _items(b, late=2, reopened=0)
    with at(2027, 8, 1):
        client.force_login(world.district_x_staff)
        r = client.get(URL)
        assert r.status_code == 200
        links = _links(r.content.decode())
        ta, tb = a.town.pk, b.town.pk
        assert {k: n for k, (_u, n) in links.items() if k.startswith(f"held-{ta}") and n} == {
            f"held-{ta}-enforcement": 2, f"held-{ta}-inspection": 1, f"held-{ta}-total": 3,
        }  # fmt: skip
        assert links[f"held-{tb}-inspection"][1] == 1 and links[f"held-{tb}-total"][1] == 1
        assert [links[f"items-{ta}-{k}"][1] for k in ("open", "overdue", "closed", "reopened")] == [
            2,
            1,
            1,
            1,
        ]
        assert [links[f"items-{tb}-{k}"][1] for k in ("open", "overdue", "closed", "reopened")] == [
            3,
            2,
            0,
            0,
        ]
        assert len(links) == 2 * (7 + 1 + 4)  # two towns of district X, every cell a link
        for key, (url, n) in links.items():
            listed = client.get(url)
            assert listed.status_code == 200, url
            assert listed.context["page"].paginator.count == n, (key, url)


def test_town_staff_see_their_town_and_deputies_are_refused(client, world):
    a = world.a
    client.force_login(a.users["town_staff"])
    page = client.get(URL).content.decode()
    towns = {int(m[3]) for m in LINK.finditer(page)}
    assert towns == {a.town.pk}
    client.force_login(a.users["deputy"])
    assert client.get(URL).status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_the_figures_page_uses_a_fixed_number_of_queries(client, world):
    with at(2027, 8, 1):
        client.force_login(world.district_x_staff)
        client.get(URL)
        few = _queries(client)
    _held(world.a, "enforcement", dt.date(2027, 3, 10))
    _held(world.b, "inspection", dt.date(2027, 4, 8))
    _items(world.a, late=2, reopened=2)
    _items(world.b)
    with at(2027, 8, 1):
        client.force_login(world.district_x_staff)
        client.get(URL)
        assert _queries(client) == few
