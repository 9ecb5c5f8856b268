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


# ------------------------------------------------------------------------------------------- API

HUGE = 2**63


def _pk(world, key):
    return world.a.objects[key].pk


QUERY_CASES = [
    ("/api/v1/congress/compliance", {"year": -1}),
    ("/api/v1/congress/compliance", {"year": 10000}),
    ("/api/v1/congress/sessions", {"year": -1}),
    ("/api/v1/congress/sessions", {"year": 10000}),
    ("/api/v1/congress/motions", {"session": HUGE}),
    ("/api/v1/suggestions", {"limit": HUGE}),
    ("/api/v1/suggestions", {"unit": HUGE}),
    ("/api/v1/suggestions", {"year": 683}),
    ("/api/v1/suggestions", {"offset": -1}),
    ("/api/v1/suggestions", {"limit": -1}),
    ("/api/v1/suggestions/report", {"year": 2026, "town_id": HUGE}),
    ("/api/v1/registry/roster/template", {"kind": "deputies", "town": HUGE}),
    ("/api/v1/receptions/appeals", {"offset": -1}),
    ("/api/v1/receptions/appeals", {"limit": -1}),
    ("/api/v1/receptions/appeals", {"offset": HUGE}),
    ("/api/v1/core/notifications", {"offset": -1}),
    ("/api/v1/core/notifications", {"limit": -1}),
    ("/api/v1/core/notifications", {"offset": HUGE}),
    ("/api/v1/registry/persons", {"offset": HUGE}),
    ("/api/v1/registry/persons", {"limit": -1}),
    ("/api/v1/registry/persons/{registry.person}", {}),
]


@pytest.mark.parametrize(("path", "params"), QUERY_CASES, ids=[f"{p} {q}" for p, q in QUERY_CASES])
def test_api_out_of_range_query_parameters_are_422(client, world, path, params):
    client.force_login(world.a.users["town_staff"])
    if "{registry.person}" in path:
        path = path.replace("{registry.person}", str(HUGE))
    response = client.get(path, params)
    assert response.status_code == 422, (path, params, response.status_code, response.content[:300])


BODY_CASES = [
    ("/api/v1/suggestions/{suggestions.suggestion}/assign", {"lead_unit_id": HUGE}),
    ("/api/v1/suggestions/{suggestions.suggestion}/assign", {"lead_unit_id": 1, "co_unit_ids": [HUGE]}),
    ("/api/v1/suggestions/{suggestions.suggestion}/key", {"is_key": True, "supervisor_ids": [HUGE]}),
    ("/api/v1/receptions/appeals/{receptions.appeal}/convert", {"signer_ids": [HUGE]}),
    ("/api/v1/registry/deputy-groups", {"name": "第九组", "members": [HUGE]}),
    ("/api/v1/registry/electoral-districts", {"number": 9, "name": "九选区", "villages": [HUGE]}),
    ("/api/v1/registry/liaison-posts", {"name": "站", "kind": "station", "electoral_districts": [HUGE]}),
    ("/api/v1/congress/votes/{congress.vote}/record", {"yes": HUGE, "no": 0, "abstain": 0}),
    ("/api/v1/core/notifications/read", {"ids": [HUGE]}),
]


@pytest.mark.parametrize(("path", "body"), BODY_CASES, ids=[p for p, _ in BODY_CASES])
def test_api_out_of_range_ids_in_bodies_are_422(client, world, path, body):
    client.force_login(world.a.users["town_staff"])
    for key in ("suggestions.suggestion", "receptions.appeal", "congress.vote"):
        path = path.replace("{" + key + "}", str(_pk(world, key)))
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 422, (path, response.status_code, response.content[:300])


def test_api_out_of_range_path_pk_is_422(client, world):
    client.force_login(world.a.users["town_staff"])
    assert client.get(f"/api/v1/suggestions/{HUGE}").status_code == 422
    assert client.get("/api/v1/suggestions/0").status_code == 422


# ------------------------------------------------------------------------------------------ auth


WRITES = [
    ("post", "/api/v1/suggestions", {"title": "标题", "content": "内容"}),
    ("post", "/api/v1/registry/persons", {"name": "张三"}),
    ("post", "/api/v1/core/notifications/read-all", {}),
    ("put", "/api/v1/core/notifications/preferences", {"preferences": {}}),
    ("patch", "/api/v1/registry/persons/{registry.person}", {"name": "李四"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_anonymous_and_wrong_token_writes_are_401(world, method, path, body):
    from django.test import Client

    path = path.replace("{registry.person}", str(_pk(world, "registry.person")))
    client = Client(enforce_csrf_checks=True)
    anonymous = getattr(client, method)(path, body, content_type="application/json")
    assert anonymous.status_code == 401, anonymous.content
    wrong = getattr(client, method)(
        path, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert wrong.status_code == 401, wrong.content


def test_session_writes_still_need_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.users["town_staff"])
    response = client.post("/api/v1/core/notifications/read-all", {}, content_type="application/json")
    assert response.status_code == 403
