"""District staff's lists have a town column and a town filter (issue 14); those who see one town get neither."""

from __future__ import annotations

import pytest

LISTS = [
    "/suggestions/",
    "/congress/sessions/",
    "/congress/motions/",
    "/congress/flags/",
    "/receptions/?when=all",
    "/receptions/appeals/",
    "/receptions/groups/",
    "/registry/persons/",
    "/registry/handling-units/",
]


@pytest.mark.parametrize("url", LISTS)
def test_district_staff_see_a_town_column_and_filter(client, world, url):
    client.force_login(world.district_x_staff)
    html = client.get(url).content.decode()
    assert 'data-testid="town-filter"' in html or 'name="town"' in html, url
    assert world.a.town.name in html and world.b.town.name in html
    assert "镇（街道）" in html


def test_the_town_filter_narrows_the_list(client, world):
    client.force_login(world.district_x_staff)
    both = client.get("/receptions/appeals/").context["page"].paginator.count
    only_a = client.get("/receptions/appeals/", {"town": world.a.town.pk}).context["page"].paginator.count
    assert both > only_a >= 1
    days = client.get("/receptions/", {"when": "all", "town": world.b.town.pk}).context["rows"]
    assert days and {d.town_id for d in days} == {world.b.town.pk}


@pytest.mark.parametrize("url", ["/suggestions/", "/receptions/appeals/", "/registry/persons/"])
def test_one_town_no_town_column(client, world, url):
    client.force_login(world.a.users["town_staff"])
    html = client.get(url).content.decode()
    assert 'data-testid="town-filter"' not in html
    assert 'data-label="镇（街道）"' not in html and '<th scope="col">镇（街道）</th>' not in html
