"""Fixed query counts of the appeals list and the appeals API list (issue #7), and their pages read by key."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from helpers import GRANTS, SESSION
from renda.receptions import services
from renda.receptions.models import Appeal


def _queries(client, url, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, data or {}).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _appeals(tw, n: int) -> None:
    with scopes_disabled():  # test set-up
        for i in range(n):
            a = services.appeal_submit(
                town=tw.town,
                data={
                    "content": f"诉求{i}",
                    "category": "other",
                    "village": tw.objects["registry.village"],
                    "citizen_name": "钱七",
                    "citizen_phone": "13600000000",
                },
                actor=tw.users["town_staff"],
            )
            services.appeal_assign(
                appeal=a,
                handler=tw.users["unit_clerk"],
                unit=tw.objects["registry.handlingunit"],
                actor=tw.users["town_staff"],
            )


def _user(world, who):
    return world.district_x_staff if who == "district" else world.a.users[who]


# session, user, grants (SESSION, GRANTS: none on Redis), the count, the page; the inbox badge comes with the grants'
# cache look-up (4 + SESSION + GRANTS before).
# Before issue #7 the page also read the user's towns for its "register" button (7 for town staff).
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("town_staff", 3 + SESSION + GRANTS),
        ("district", 3 + SESSION + GRANTS),
        ("unit_clerk", 3 + SESSION + GRANTS),
    ],
)
def test_appeals_page_uses_a_fixed_number_of_queries(client, world, who, expected):
    _appeals(world.a, 1)  # one the unit clerk handles: an empty list skips its page query
    client.force_login(_user(world, who))
    client.get("/receptions/appeals/")
    few = _queries(client, "/receptions/appeals/")
    _appeals(world.a, 4)
    _appeals(world.b, 4)
    many = _queries(client, "/receptions/appeals/")
    assert len(many) == len(few) == expected, many


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("town_staff", 3 + SESSION + GRANTS),
        ("district", 3 + SESSION + GRANTS),
        ("unit_clerk", 3 + SESSION + GRANTS),
    ],
)
def test_appeals_api_uses_a_fixed_number_of_queries(client, world, who, expected):
    _appeals(world.a, 1)  # one the unit clerk handles: an empty list skips its page query
    client.force_login(_user(world, who))
    client.get("/api/v1/receptions/appeals")
    few = _queries(client, "/api/v1/receptions/appeals")
    _appeals(world.a, 4)
    _appeals(world.b, 4)
    many = _queries(client, "/api/v1/receptions/appeals")
    assert len(many) == len(few) == expected, many


def test_pages_read_by_key_are_the_plain_pages(client, world, settings):
    """Page after page, the list holds every visible appeal once, newest first (received_on, then id)."""
    settings.RENDA = {**settings.RENDA, "PAGE_SIZE": 3}
    _appeals(world.a, 4)
    _appeals(world.b, 4)
    client.force_login(world.district_x_staff)
    with scopes_disabled():  # test inspection
        expected = list(
            Appeal.objects.filter(town__in=[world.a.town, world.b.town])
            .order_by("-received_on", "-id")
            .values_list("pk", flat=True)
        )
    seen = []
    for number in range(1, 5):
        page = client.get("/receptions/appeals/", {"page": number}).context["page"]
        seen += [a.pk for a in page.object_list]
    assert seen == expected and len(expected) == 10
    api = [
        a["id"]
        for offset in range(0, 12, 4)
        for a in client.get("/api/v1/receptions/appeals", {"limit": 4, "offset": offset}).json()["items"]
    ]
    assert api == expected


def test_the_visible_appeals_are_the_same_by_either_rule(world):
    """Town-wide staff of every town in scope get the plain town filter; it finds what the full rule finds."""
    from django.db.models import Q

    from renda.receptions.queries import TOWN_WIDE, _towns_where, appeals_visible_to

    _appeals(world.a, 2)
    users = [
        world.district_x_staff,
        world.a.users["town_staff"],
        world.a.users["petitions"],
        world.a.users["unit_clerk"],
    ]
    for user in users:
        with scopes_disabled():  # comparing the rules across towns
            unit_ids = [g.unit_id for g in user.grants.all() if g.unit_id]
            full = Appeal.objects.filter(
                Q(town__in=_towns_where(user, TOWN_WIDE)) | Q(handler=user.pk) | Q(unit__in=unit_ids)
            )
            assert set(appeals_visible_to(user=user).values_list("pk", flat=True)) == set(
                full.values_list("pk", flat=True)
            )
