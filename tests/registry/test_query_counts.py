"""Fixed query counts of the deputies list, a deputy's page and the mandates API list (issue #7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from factories import make_id_number, make_phone
from helpers import GRANTS, SESSION
from renda.core.actors import SYSTEM
from renda.registry import services as reg
from renda.registry.enums import Level


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _deputies(tw, n: int) -> None:
    with scopes_disabled():  # test set-up
        for i in range(n):
            ed = reg.electoral_district_create(
                town=tw.town,
                data={
                    "term": tw.objects["registry.term"],
                    "number": 100 + i,
                    "name": f"加选区{i}",
                    "seats": 1,
                },
                actor=SYSTEM,
            )
            p = reg.person_create(
                town=tw.town,
                data={
                    "name": f"代表{tw.town.pk}{i:02d}",
                    "id_number": make_id_number(),
                    "phone": make_phone(),
                },
                actor=SYSTEM,
            )
            reg.mandate_create(
                town=tw.town,
                data={"person": p, "level": Level.TOWN, "electoral_district": ed, "start_date": dt.date(2022, 1, 1)},
                actor=SYSTEM,
            )  # fmt: skip


def _user(world, who):
    return world.district_x_staff if who == "district" else world.a.users[who]


# session, user, grants (SESSION, GRANTS: none on Redis), the count, the page, the town filter's choices; the inbox
# badge comes with the grants' cache look-up; the town filter only for those who see two or more towns.
# Before issue #7 the page also read the towns the user may create a deputy in (8 for town staff).
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("town_staff", 3 + SESSION + GRANTS),
        ("district", 4 + SESSION + GRANTS),
        ("deputy", 3 + SESSION + GRANTS),
    ],
)
def test_deputies_list_uses_a_fixed_number_of_queries(client, world, who, expected):
    client.force_login(_user(world, who))
    url = "/registry/mandates/?level=town"
    client.get(url)
    few = _queries(client, url)
    _deputies(world.a, 6)
    _deputies(world.b, 6)
    many = _queries(client, url)
    assert len(many) == len(few) == expected, many


def test_deputies_list_links_each_name_and_offers_new_to_staff_only(client, world):
    _deputies(world.a, 2)
    client.force_login(world.a.users["town_staff"])
    response = client.get("/registry/mandates/?level=town")
    assert response.context["can_create"] is True
    obj, cells = response.context["rows"][0]
    assert cells[0] == (obj.person.name, f"/registry/mandates/{obj.pk}/")
    assert all(url == "" for _value, url in cells[1:])
    assert f'href="/registry/mandates/{obj.pk}/"' in response.content.decode()
    client.force_login(world.a.users["deputy"])
    assert client.get("/registry/mandates/").context["can_create"] is False


def test_deputy_page_uses_a_fixed_number_of_queries(client, world):
    """session, user, grants (with the inbox badge), the person, their mandates."""
    tw = world.a
    person = tw.objects["registry.person"]
    client.force_login(tw.users["town_staff"])
    url = f"/registry/persons/{person.pk}/"
    client.get(url)
    few = _queries(client, url)
    with scopes_disabled():  # test set-up
        for level in (Level.DISTRICT, Level.CITY):
            reg.mandate_create(
                town=tw.town,
                data={"person": person, "level": level, "term_label": "第十八届", "start_date": dt.date(2022, 1, 1)},
                actor=SYSTEM,
            )  # fmt: skip
    many = _queries(client, url)
    assert len(many) == len(few) == 3 + SESSION + GRANTS, many


@pytest.mark.parametrize(
    ("who", "expected"), [("town_staff", 3 + SESSION + GRANTS), ("district", 3 + SESSION + GRANTS)]
)
def test_mandates_api_uses_a_fixed_number_of_queries(client, world, who, expected):
    client.force_login(_user(world, who))
    client.get("/api/v1/registry/mandates")
    few = _queries(client, "/api/v1/registry/mandates")
    _deputies(world.a, 6)
    _deputies(world.b, 6)
    many = _queries(client, "/api/v1/registry/mandates")
    assert len(many) == len(few) == expected, many


@pytest.mark.parametrize(
    "segment", ["electoral-districts", "presidiums", "presidium-members", "deputy-groups"]
)
def test_grouped_and_unordered_lists_have_a_fixed_order(client, world, segment):
    """A list page orders its rows (with a unique tiebreak), so a row sits on exactly one page."""
    client.force_login(world.district_x_staff)
    page = client.get(f"/registry/{segment}/").context["page"]
    assert page.paginator.object_list.ordered
    assert page.paginator.object_list.query.order_by[-1] == "pk"
