"""The appeal statistics page (issue 14): district staff see the whole district, and each count links to the
appeal list that shows exactly that many, for the district and for one town."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django_scopes import scopes_disabled

from renda.receptions import services
from suggestions.helpers import on

DAY = dt.date(2027, 3, 1)
LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*data-testid="(stats-[a-z]+)"[^>]*>(?:[^<：]*：)?(\d+)</a>')


def _appeals(tw, categories) -> None:
    staff, clerk = tw.users["town_staff"], tw.users["unit_clerk"]
    data = {"citizen_name": "王五", "citizen_phone": "13900001111"}
    with scopes_disabled():  # test set-up, as the services run in a request
        for i, category in enumerate(categories):
            appeal = services.appeal_submit(
                town=tw.town, data={**data, "content": f"诉求{i}", "category": category}, actor=staff
            )
            if i == 0:
                services.appeal_assign(appeal=appeal, handler=clerk, actor=staff)
                services.appeal_reply(
                    appeal=appeal, method="phone", replied_on=DAY, replied_by="李", text="已处理", actor=clerk
                )


def test_every_count_of_the_statistics_links_to_that_many_appeals(client, world):
    with on(DAY):
        _appeals(world.a, ["roads", "roads", "environment"])
        _appeals(world.b, ["roads", "environment"])
        client.force_login(world.district_x_staff)
        checked = []
        for params in ({}, {"town": world.a.town.pk}, {"town": world.b.town.pk}):
            response = client.get("/receptions/appeals/figures/", params)
            figures = response.context["figures"]
            links = LINK.findall(response.content.decode())
            assert {tid for _h, tid, _n in links} >= {
                "stats-total",
                "stats-open",
                "stats-overdue",
                "stats-category",
            }
            for href, tid, n in links:
                listed = client.get(unescape(href))
                assert listed.status_code == 200, href
                assert listed.context["page"].paginator.count == int(n), (params, tid, href)
                checked.append(tid)
            if not params:
                whole = figures.total
            else:
                assert figures.total < whole
    assert len(checked) >= 12
