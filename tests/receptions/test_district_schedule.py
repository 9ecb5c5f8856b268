"""The reception schedule at district level (issue 14): district staff open on every town's proposal with the
totals, each count links to the list showing that many, and a chosen town keeps its preview and drafts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from factories import build_town_world, make_town
from renda.receptions import services
from suggestions.helpers import on

DAY = dt.date(2027, 3, 2)
START = "2027-03-01"


def _count(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page"].paginator.count


def _drafts(tw, months=1):
    with scopes_disabled():  # test set-up: the town's office creates its month's drafts
        return services.reception_days_create_from_proposal(
            town=tw.town, start=dt.date(2027, 3, 1), months=months, actor=tw.users["town_staff"]
        )


def test_district_staff_open_on_every_town_with_totals(client, world):
    with on(DAY):
        created = _drafts(world.a)
        with scopes_disabled():  # test set-up: one of them cancelled, so it no longer counts
            services.reception_day_cancel(
                day=created[0], reason="与镇人代会时间冲突", actor=world.a.users["town_staff"]
            )
        client.force_login(world.district_x_staff)
        response = client.get("/receptions/schedule/", {"start": START, "months": 1})
        ctx = response.context
        rows = {r["town"].pk: r for r in ctx["district_rows"]}
        assert set(rows) == {world.a.town.pk, world.b.town.pk}
        a, b = rows[world.a.town.pk], rows[world.b.town.pk]
        assert a["proposed"] == len(created) and a["arranged"] == len(created) - 1 and a["new"] == 1
        assert b["arranged"] == 0 and b["new"] == b["proposed"] > 0
        total = ctx["district_total"]
        for key in ("proposed", "arranged", "new", "days", "groups"):
            assert total[key] == sum(r[key if key != "groups" else "active_groups"] for r in rows.values())
        for row in rows.values():
            assert _count(client, row["days_link"]) == row["days"]
            assert _count(client, row["groups_link"]) == row["active_groups"]
        assert _count(client, total["days_link"]) == total["days"]
        assert _count(client, total["groups_link"]) == total["groups"]
        assert a["days"] == len(created) - 1
        html = response.content.decode()
        assert world.a.town.name in html and world.b.town.name in html and "合计" in html
        # Without a start the page opens on this month's proposal of every town.
        assert client.get("/receptions/schedule/").context["district_rows"]


def test_a_chosen_town_keeps_its_preview_and_drafts(client, world):
    with on(DAY):
        client.force_login(world.district_x_staff)
        one = client.get("/receptions/schedule/", {"town": world.b.town.pk, "start": START, "months": 1})
        assert one.context["town"] == world.b.town and one.context["proposal"]
        assert "district_rows" not in one.context
        client.force_login(world.a.users["town_staff"])
        own = client.get("/receptions/schedule/", {"start": START, "months": 1})
        assert own.context["town"] == world.a.town and own.context["proposal"]
        assert 'data-testid="schedule-towns"' not in own.content.decode()


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/receptions/schedule/", params).status_code == 200
    return len(ctx.captured_queries)


def test_district_schedule_query_count_does_not_grow_with_towns_or_days(client, world):
    params = {"start": START, "months": 3}
    with on(DAY):
        client.force_login(world.district_x_staff)
        _queries(client, params)
        before = _queries(client, params)
        with scopes_disabled():  # test set-up: a third town of district X, with its records
            tw = build_town_world(make_town(world.x, "320509106000", "震泽镇"))
        _drafts(world.a, months=3)
        _drafts(tw, months=3)
        _queries(client, params)
        after = _queries(client, params)
        assert len(client.get("/receptions/schedule/", params).context["district_rows"]) == 3
    assert after == before
