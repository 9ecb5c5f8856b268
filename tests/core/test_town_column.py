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


def _inbox_message(user, town, item: str) -> None:
    from django_scopes import scopes_disabled

    from renda.core.notifications.services import notification_send

    with scopes_disabled():  # test set-up: a reminder as the deadline sweep sends it
        notification_send(
            user=user,
            town=town,
            kind="appeal",
            template="reminder",
            params={"clock_kind": "appeal.reply", "item": item, "due": "2026-04-02", "days": 7},
            link="/registry/",
        )


def _inbox_queries(client, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/inbox/", params).status_code == 200
    return len(ctx.captured_queries)


def test_district_staff_inbox_names_each_message_town_and_filters_by_town(client, world):
    staff = world.district_x_staff
    _inbox_message(staff, world.a.town, "平望诉求")
    _inbox_message(staff, world.b.town, "盛泽诉求")
    client.force_login(staff)
    response = client.get("/inbox/")
    html = response.content.decode()
    assert 'data-testid="town-filter"' in html
    towns = {item["n"].town_id: item["town"] for item in response.context["items"]}
    assert towns[world.a.town.pk] == world.a.town.name and towns[world.b.town.pk] == world.b.town.name
    assert html.count('data-testid="inbox-town"') == len(response.context["items"])
    both = response.context["page"].paginator.count
    only_b = client.get("/inbox/", {"town": world.b.town.pk}).context
    assert {item["n"].town_id for item in only_b["items"]} == {world.b.town.pk}
    assert both > only_b["page"].paginator.count >= 1
    unread_b = client.get("/inbox/", {"town": world.b.town.pk, "unread": "1"}).context
    assert {item["n"].town_id for item in unread_b["items"]} == {world.b.town.pk}
    # The town column reads the names with the grants: no query more for more messages of more towns.
    _inbox_queries(client, {})  # the unread count cached, as on every later page
    before = _inbox_queries(client, {})
    for i in range(3):
        _inbox_message(staff, world.a.town, f"平望诉求{i}")
        _inbox_message(staff, world.b.town, f"盛泽诉求{i}")
    _inbox_queries(client, {})
    assert _inbox_queries(client, {}) == before


def test_town_staff_inbox_has_no_town_column(client, world):
    staff = world.a.users["town_staff"]
    _inbox_message(staff, world.a.town, "平望诉求")
    client.force_login(staff)
    html = client.get("/inbox/").content.decode()
    assert 'data-testid="town-filter"' not in html and 'data-testid="inbox-town"' not in html
